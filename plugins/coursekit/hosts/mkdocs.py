"""The MkDocs (and ProperDocs) plugin: MkDocs events, wired to the course core. No logic of its own.

It adds what only a plugin can: the widgets kept out of the search index, the
build cache, the Content Security Policy files, the assets added to every
page, and two details of every page (hosts/pages.py): the headings' no-break
spaces kept in the table of contents, and a page's duration under its title.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pathspec.gitignore
from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from ..core import assets, csp
from ..core.course import Course, Part
from ..core.html import Html
from ..core.problems import CourseError, Problem, relative_path
from ..i18n import pick_language
from ..journey import Journey, manifest
from . import a11y, pages
from .config import CourseKitConfig
from .markdown import EmbedExtension

log = get_plugin_logger(__name__)
POLICY = "the site's Content Security Policy blocks it (it allows the theme's own inline scripts only)"
MOVE_IT = (f"{POLICY}. Move its code to a .js file in the lessons' folder and list that file under "
           "`extra_javascript` in mkdocs.yml.")


class CourseKitPlugin(BasePlugin[CourseKitConfig]):
    supports_multiple_instances = False
    serving = False

    # With on_startup, MkDocs keeps this instance for every build of a `mkdocs serve` session
    # (on_config starts each build afresh).
    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"

    def on_shutdown(self) -> None:
        if self.serving and hasattr(self, "course"):  # the build cache of the last rebuild, kept
            self.course.html.cache.save()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = Path(config.config_file_path or ".").resolve().parent
        lang = pick_language(self.config.language, config.theme.get("language"))
        namespace = self.config.storage_namespace or hashlib.sha256(
            f"{config.site_url or ''}|{config.site_name}".encode()).hexdigest()[:8]
        self.lang = lang
        self.root = root
        html = Html(lang, namespace, list(config.theme.dirs), cache_key=str(root),
                    cache_dir=root / self.config.cache_dir if self.config.cache else None)
        folders = {"quizzes_dir": root / self.config.quizzes_dir, "scenarios_dir": root / self.config.scenarios_dir,
                   "course_file": root / self.config.course_file}
        # The pages MkDocs leaves out of the site (a dotfile, templates/, `exclude_docs`) are not read: the
        # learners' configuration leaves out the trainer's pages that way.
        excluded = pathspec.gitignore.GitIgnoreSpec.from_lines([".*", "/templates/"])
        if config.exclude_docs:
            excluded += config.exclude_docs
        self.course = Course(root, Path(config.docs_dir), folders, html, keep_models=self.serving,
                             edition=self.config.edition, excluded=excluded.match_file)
        self.page = ""
        self.slots: dict[str, Any] = {}  # a widget (html.Widget) or HTML
        self.bare: tuple[Page, str] | None = None  # the page being written, and its content without widgets
        self.numbers = itertools.count()
        self.hashes = csp.Hashes()
        self.copied: dict[str, File] = {}  # HTML files copied from the lessons' folder, by where they go
        self.kept: set[str] = set()  # pages that `--dirty` does not write again
        self.page_problems: list[Problem] = []  # the pages' wrong durations, all said at once (on_env)
        # Every problem at once, and before the site folder is touched.
        with plain_errors():
            problems = self.course.check()
            self.journey = next(kind for kind in self.course.kinds if isinstance(kind, Journey))
            report(problems + self.journey.link(self.course))
        # the trainer's edition: the stylesheet has the answer key's and the maps' rules too
        self.assets = assets.build(lang, trainer=self.config.edition == "trainer")
        for item in self.assets:
            (config.extra_css if item.endswith(".css") else config.extra_javascript).append(item)
        config.markdown_extensions.append(EmbedExtension(self._render))  # type: ignore[arg-type]
        if self.config.csp and not self.serving and config.theme.name == "material" \
                and config.theme.get("font") is not False:
            log.warning(
                "mkdocs.yml: the theme loads its fonts from Google Fonts, with an inline style: the site's "
                "Content Security Policy blocks both (two errors on every page, in the browser's console) "
                "and the site would need the Internet. Add to mkdocs.yml:\n\ntheme:\n  font: false\n\n"
                "(the pages then use the system's fonts).")
        return config

    def _render(self, kind: str, ident: str, count: int) -> str | list[Part]:
        """A comment holds the place of the widget until Material's search has indexed the page.

        So the search does not index quiz and scenario markup (indexing it was
        most of the time a large course added, see BENCHMARKS.md, and an answer
        key would be searchable), and the Markdown of the page stays light.
        """
        with plain_errors():
            html = self.course.render(kind, ident, count, self.page)
        if isinstance(html, list):  # parts under headings of the page: the headings are indexed, not the parts
            return [Part(part.title, self._slot(part.html)) for part in html]
        return self._slot(html) if html else ""

    def _slot(self, html: Any) -> str:
        slot = str(next(self.numbers))
        self.slots[slot] = html
        return f"<!--coursekit:{slot}-->"

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        for path, content in self.assets.items():
            files.append(File.generated(config, path, content=content))
        if self.config.csp and not self.serving:
            docs = os.path.normpath(config.docs_dir)
            for file in files:
                if file.is_documentation_page():
                    self.kept.add(os.path.normpath(file.abs_dest_path))  # until the page is written
                elif (file.dest_uri.endswith(".html") and file.abs_src_path
                      and os.path.normpath(file.src_dir or "") == docs):
                    self.copied[os.path.normpath(file.abs_dest_path)] = file
        return files

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        """The course's manifest, in the navigation's order, written once beside the script.

        The pages name it in a `<script type="application/json" src=…>`, which the browser
        neither fetches nor runs: the script reads its address there (no inline script, and
        the address stays right under any page's depth and instant navigation).
        """
        pages = [manifest.NavPage(p.file.src_uri, p.url, p.title or p.file.name) for p in nav.pages]
        listed = {page.src for page in pages}
        pages += [manifest.NavPage(f.src_uri, f.url, f.name) for f in files.documentation_pages()
                  if f.src_uri not in listed]
        self.course.follow([page.src for page in pages])  # the answer key's quizzes in this order
        data = manifest.build(self.journey, self.course, pages, config.site_name)
        text = manifest.to_json(data)
        path = f"{assets.FOLDER}/course.{hashlib.sha256(text.encode()).hexdigest()[:8]}.json"
        files.append(File.generated(config, path, content=text))
        script = ExtraScriptValue(path)
        script.type = "application/json"
        config.extra_javascript.append(script)
        return nav

    def on_page_markdown(self, markdown: str, *, page: Page, **kwargs: Any) -> str:
        self.page = page.file.src_uri
        return markdown

    def on_page_content(self, html: str, *, page: Page, **kwargs: Any) -> str:
        if self.config.toc_nbsp:
            pages.restore_spaces(page.toc, pages.heading_texts(html))
        if not self.config.durations:
            return html
        minutes, problem = pages.duration(page, self.root)
        if problem:
            self.page_problems.append(problem)
        return pages.with_duration(html, minutes, self.lang) if minutes else html

    # After every page is converted and before any is written (see mkdocs/commands/build.py).
    @event_priority(-100)
    def on_env(self, env: Any, **kwargs: Any) -> Any:
        report(self.page_problems + self.course.late_problems)
        a11y.fix_templates(env, self.lang)
        return env

    # After Material's search has indexed the page (priority 0), before the theme writes it: the
    # widgets join the page's HTML here, so the template writes the whole page once.
    @event_priority(-100)
    def on_page_context(self, context: Any, *, page: Page, **kwargs: Any) -> Any:
        content = page.content or ""
        if "<!--coursekit:" in content:
            parts = content.split("<!--coursekit:")
            for n in range(1, len(parts)):
                slot, _, rest = parts[n].partition("-->")
                parts[n] = str(self.slots.pop(slot, "")) + rest
            page.content = "".join(parts)
            self.bare = (page, content)
        return context

    # Last, to hash the inline scripts of the page as it is written, without reading it again.
    @event_priority(-100)
    def on_post_page(self, output: str, *, page: Page, **kwargs: Any) -> str:
        if self.config.csp and not self.serving:  # `mkdocs serve` sends no CSP: its site is no one's
            content = page.content or ""
            self.kept.discard(os.path.normpath(page.file.abs_dest_path))
            found = self.hashes.page(page.file.abs_dest_path, output, content)
            if found:
                self._inline_scripts(page, [code for _offset, code in found])
        # Once written, the page keeps its content without the widgets, as the other plugins saw
        # it (on_page_content): MkDocs keeps every page's content until the build ends, and the
        # widgets would make them several times bigger.
        if self.bare and self.bare[0] is page:
            page.content, self.bare = self.bare[1], None
        return output

    def _inline_scripts(self, page: Page, codes: list[str]) -> None:
        """Warn of each inline script of the content of `page`, at its line in the lesson if it is there."""
        src = page.file.abs_src_path
        lesson = relative_path(Path(src), self.root) if src else page.file.src_uri
        for line in csp.lines_in_file(src, codes):
            if line:
                log.warning(str(Problem(lesson, line, f"an inline <script> in the lesson: {MOVE_IT}", "warning")))
            else:
                log.warning(str(Problem(lesson, None, "an inline <script> in the page, not written as such in the "
                                        f"lesson (something the lesson includes or embeds wrote it): {MOVE_IT}",
                                        "warning")))

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        # While serving, the cache stays in memory and is written once, when the server stops.
        self.course.html.cache.save(disk=not self.serving)
        if self.config.csp and not self.serving:
            for path, file in self.copied.items():
                if not os.path.isfile(path):
                    continue
                text = Path(path).read_text(encoding="utf-8", errors="replace")
                shown = relative_path(Path(file.abs_src_path or path), self.root)
                for offset, _code in self.hashes.add_content(text):
                    log.warning(str(Problem(shown, text.count("\n", 0, offset) + 1,
                                            f"an inline <script> in an HTML file of the lessons' folder: {POLICY}. "
                                            "Move its code to a .js file beside it, loaded with <script src=\"…\">.",
                                            "warning")))
            csp.write(config.site_dir, self.hashes.site_policy(
                config.site_dir, self.config.frame_ancestors, kept=self.kept))

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        # The first build may have found every file in the build cache; the first edit will need
        # the parser and the templates: ready them now, as the server starts, not when the
        # trainer waits.
        for kind in self.course.kinds:
            kind.ready()
            if kind.folder is not None and (kind.folder.is_dir() or kind.folder.is_file()):
                server.watch(str(kind.folder))
        return server


@contextlib.contextmanager
def plain_errors() -> Iterator[None]:
    """The core's own error, as MkDocs shows a plugin's: its message, no traceback."""
    try:
        yield
    except CourseError as exc:
        raise PluginError(str(exc)) from None


def report(problems: list[Problem]) -> None:
    """Log each problem on its own line; stop the build if any is an error."""
    for problem in problems:
        (log.error if problem.level == "error" else log.warning)(str(problem))
    errors = sum(p.level == "error" for p in problems)
    if errors:
        plural = "s" if errors > 1 else ""
        raise PluginError(f"{errors} problem{plural} in the course files (listed above); nothing was built.")
