"""The plugin's options, as written under `plugins: - coursekit:` in mkdocs.yml."""

from __future__ import annotations

from typing import Any

from mkdocs.config import config_options as c
from mkdocs.config.base import Config, ValidationError

from ..core.course import edition_problem
from ..core.csp import FRAME_ANCESTORS, frame_source_problems
from ..i18n import language, languages


class FrameSources(c.BaseConfigOption[list[str]]):
    """A list of `frame-ancestors` sources, each checked, every problem said at once."""

    def __init__(self) -> None:
        super().__init__()
        self.default = list(FRAME_ANCESTORS)

    def run_validation(self, value: Any) -> list[str]:
        if problems := frame_source_problems(value):
            raise ValidationError("; ".join(problems))
        return list(value)


class InterfaceLanguage(c.BaseConfigOption[str]):
    """A language code that has its file in `i18n/`: the message lists those that do."""

    def run_validation(self, value: Any) -> str:
        if not isinstance(value, str) or value not in languages():
            choices = ", ".join(f"{code} ({language(code).name})" for code in languages())
            raise ValidationError(
                f"no interface language {value!r}: the choices are {choices}. A language is one file "
                "in coursekit's i18n/ folder (see the README to add one).")
        return value


class Edition(c.BaseConfigOption[str]):
    """`learner` or `trainer`, said in plain words if it is neither."""

    def __init__(self) -> None:
        super().__init__()
        self.default = "learner"

    def run_validation(self, value: Any) -> str:
        if problem := edition_problem(value):
            raise ValidationError(problem)
        return str(value)


class CourseKitConfig(Config):
    quizzes_dir = c.Type(str, default="quizzes")
    """Folder of the quiz files (`*.yml`), relative to mkdocs.yml."""

    scenarios_dir = c.Type(str, default="scenarios")
    """Folder of the scenario files (`*.yml`, one role-play each), relative to mkdocs.yml."""

    course_file = c.Type(str, default="course.yml")
    """The course settings file (organisation, lessons that count, assessments), relative to
    mkdocs.yml, checked as a quiz file is; without it, every default."""

    edition = Edition()
    """The site's edition: `learner` (the default), where a page that embeds an answer key (`[[answers: …]]`)
    or a scenario map (`[[map: …]]`) stops the build with its file and line, or `trainer`, the trainer's
    site, built from a second configuration that inherits the first (`INHERIT`)."""

    language = c.Optional(InterfaceLanguage())
    """Language of the quiz interface (one of `i18n/`'s files: `fr`, `en`…); by default the theme's
    `language` if it has a file, else English."""

    storage_namespace = c.Optional(c.Type(str))
    """Prefix of saved results in the browser; by default a hash of `site_url` and `site_name`."""

    csp = c.Type(bool, default=True)
    """Compute the Content Security Policy of the built site and write it beside the pages."""

    frame_ancestors = FrameSources()
    """The sites that may show the course's pages in a frame (the policy's `frame-ancestors`), for
    instance `["'self'", "https://lms.example.com"]`; by default the site itself only."""

    toc_nbsp = c.Type(bool, default=True)
    """Keep the headings' no-break spaces (« 70 % », « Pour qui ? ») in the table of contents, which
    Python-Markdown's toc extension turns into ordinary spaces, where a line could break."""

    durations = c.Type(bool, default=True)
    """Show a page's duration under its title, from its front matter (`duree: 12` or `duration: 12`,
    in minutes): « Durée : environ 12 minutes »; a value that is not a whole number of minutes stops
    the build at its line."""

    cache = c.Type(bool, default=True)
    """Keep, between builds, what checking and rendering each quiz and scenario file gave."""

    cache_dir = c.Type(str, default=".cache/plugin/coursekit")
    """Where that cache is written, relative to mkdocs.yml."""
