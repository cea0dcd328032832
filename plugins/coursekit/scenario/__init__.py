"""The scenario kind: `[[scenario: id]]` plays a role-play, `[[map: id]]` (or `*`) draws its map.

Imports nothing heavy: the model, the graph, the checks and the renderer come
when a file must be parsed or a scenario rendered that the build cache does not
hold. A scenario's links to lessons (`links.py`) are checked once the lessons
are scanned, and resolved for the page that shows the scenario.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.documents import FileType, Loaded
from ..core.kinds import FileKind
from ..core.problems import Problem, relative_path, suggest

if TYPE_CHECKING:
    from ..core.course import Course
    from ..core.html import Html, Widget
    from .links import Resolve
    from .render import ScenarioRenderer


class Scenarios(FileKind):
    name = "scenario"
    embeds = ("scenario", "map")
    option = "scenarios_dir"
    default_folder = "scenarios"
    files = FileType("scenario", "coursekit.scenario.check:parse_scenario")
    every = "map"
    templates = ("coursekit/scenario.html",)
    trainer_embeds = {"map": "a scenario map (its best path and its points)"}

    @cached_property
    def view(self) -> ScenarioRenderer:
        from .render import ScenarioRenderer
        return ScenarioRenderer(self.html)

    def render(self, embed: str, ident: str, count: int) -> Widget | str | None:
        uid = f"ck-{'sc' if embed == 'scenario' else 'map'}-{ident if ident != '*' else 'all'}"
        uid += f"-{count}" if count > 1 else ""
        links = self._resolver(embed, ident)
        if embed == "map" and ident == "*":
            return self.view.maps(list(self.docs.values()), uid, links)
        if ident not in self.docs:
            return None
        if embed == "map":
            return self.view.maps([self.docs[ident]], uid, links)
        return self.view.scenario(self.docs[ident], uid, links)

    # -- links to lessons ----------------------------------------------------------------
    def __init__(self, root: Path, folder: Path | None, html: Html) -> None:
        super().__init__(root, folder, html)
        self.course: Course | None = None
        self.shown: dict[tuple[str, str], list[str]] = {}  # the pages that show each embed

    def attach(self, course: Course) -> None:
        self.course = course

    def scan(self, embed: str, ident: str, page: str, line: int) -> list[Problem]:
        self.shown.setdefault((embed, ident), []).append(page)
        return super().scan(embed, ident, page, line)

    def finish_scan(self) -> list[Problem]:
        """Besides what every kind checks: each link to a lesson names a lesson of the lessons' folder."""
        problems = super().finish_scan()
        if self.course is None:
            return problems
        lessons, known = self.course.docs_dir, None
        shown = relative_path(lessons, self.root)
        for doc in self.docs.values():
            for lesson, line, where in self._links(doc):
                path = lessons / lesson  # a path in the folder, as the navigation names it: no `..`, no `./`
                if {".", "..", ""} & set(lesson.split("/")) or not (
                        path.is_file() and path.resolve().is_relative_to(lessons.resolve())):
                    known = known or sorted(p.relative_to(lessons).as_posix() for p in lessons.rglob("*.md"))
                    problems.append(Problem(doc.file, line, (
                        f"{where}: there is no lesson '{lesson}' in {shown}/ (a link to a lesson names its path "
                        f"in that folder, such as partie-2/lecon.md){suggest(lesson, known)}")))
        return problems

    def _links(self, doc: Loaded[Any]) -> list[tuple[str, int | None, str]]:
        """(lesson, line, where) of each link to a lesson in a scenario file, kept in the build cache with
        the file's version, so that a file the cache vouches for is not parsed again to check them."""
        def compute() -> list[tuple[str, int | None, str]]:
            from ..core.problems import line_of
            from .check import describe_loc
            from .links import links_in
            data = doc.model.model_dump()
            return [(lesson, line_of(doc.lines, loc), describe_loc(loc, data) or str(loc[0]))
                    for lesson, loc in links_in(doc.model)]
        found = self.html.cache.memo(("scenario-links", doc.id, doc.version), compute)
        return [(str(lesson), line, str(where)) for lesson, line, where in found]

    def _rendered(self, doc: Loaded[Any]) -> None:
        self._links(doc)  # now, while the just-parsed model and its lines are at hand
        super()._rendered(doc)

    def _resolver(self, embed: str, ident: str) -> Resolve:
        """Each lesson's address from the pages that show this embed, once the host's navigation is known
        (the journey's `pages`); None where they are not all in one folder, or a lesson is not a page."""
        pages = getattr(self.course.kind("course"), "pages", {}) if self.course else {}
        prefix = relative_path(self.course.docs_dir, self.root) + "/" if self.course else ""
        urls = [pages[src].url for page in self.shown.get((embed, ident), [])
                if (src := page.removeprefix(prefix)) in pages]
        if len({url.rsplit("/", 1)[0] if "/" in url else "" for url in urls}) != 1:
            return lambda lesson: None
        from .links import relative_url
        here = urls[0]
        return lambda lesson: relative_url(pages[lesson].url, here) if lesson in pages else None
