"""MkDocs events, wired to the course core. No logic of its own."""

from __future__ import annotations

import hashlib
import itertools
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from . import a11y, assets, csp, parallel
from .config import CourseKitConfig
from .core import Course
from .documents import Problem
from .i18n import pick_language
from .markdown import EmbedExtension
from .render import Renderer

log = get_plugin_logger(__name__)
CSP_HELPER_PAGES = 200  # from this many pages, a helper process hashes their scripts (csp.py); it saves
# 0.44 s at 1000 lessons and costs about what it saves at 100


class CourseKitPlugin(BasePlugin[CourseKitConfig]):
    supports_multiple_instances = False
    serving = False

    # With on_startup, MkDocs keeps this instance for every build of a `mkdocs serve` session
    # (on_config starts each build afresh).
    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"

    def on_shutdown(self) -> None:
        if self.serving and hasattr(self, "course"):  # the build cache of the last rebuild, kept
            self.course.renderer.cache.save()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = Path(config.config_file_path or ".").resolve().parent
        lang = pick_language(self.config.language, config.theme.get("language"))
        namespace = self.config.storage_namespace or hashlib.sha256(
            f"{config.site_url or ''}|{config.site_name}".encode()).hexdigest()[:8]
        self.lang = lang
        renderer = Renderer(lang, namespace, list(config.theme.dirs), cache_key=str(root),
                            cache_dir=root / self.config.cache_dir if self.config.cache else None)
        self.course = Course(root, Path(config.docs_dir), root / self.config.quizzes_dir, renderer,
                             scenarios_dir=root / self.config.scenarios_dir,
                             processes=self.config.processes)
        self.page = ""
        self.slots: dict[str, Any] = {}  # a widget (render.Widget) or HTML
        self.numbers = itertools.count()
        self.hashes = csp.Hashes()
        # Every problem at once, and before the site folder is touched.
        problems = self.course.check()
        self._shared()
        report(problems)
        self.assets = assets.build(lang)
        for item in self.assets:
            (config.extra_css if item.endswith(".css") else config.extra_javascript).append(item)
        config.markdown_extensions.append(EmbedExtension(self._render))  # type: ignore[arg-type]
        return config

    def _render(self, kind: str, ident: str, count: int) -> str:
        """A comment holds the place of the widget until Material's search has indexed the page.

        So the search does not index quiz and scenario markup (half the build
        time of a large course went there, and an answer key would be
        searchable), and the Markdown of the page stays light.
        """
        html = self.course.render(kind, ident, count, self.page)
        if not html:
            return ""
        slot = str(next(self.numbers))
        self.slots[slot] = html
        return f"<!--coursekit:{slot}-->"

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        for path, content in self.assets.items():
            files.append(File.generated(config, path, content=content))
        if (self.config.csp and not self.serving and parallel.processes(self.config.processes) > 1
                and len(files.documentation_pages()) >= CSP_HELPER_PAGES and csp.can_start_helper()):
            self.hashes.start_helper()
            log.debug("the inline scripts of the pages are hashed by a helper process")
        return files

    def on_page_markdown(self, markdown: str, *, page: Page, **kwargs: Any) -> str:
        self.page = page.file.src_uri
        self.course.poll()  # what worker processes have sent so far, if any (so they never wait)
        return markdown

    # After every page is converted and before any is written (see mkdocs/commands/build.py).
    @event_priority(-100)
    def on_env(self, env: Any, **kwargs: Any) -> Any:
        # Quiz files checked by worker processes while the lessons were read (see parallel.py)
        problems = self.course.settle()
        self._shared()
        report(problems + self.course.late_problems)
        a11y.fix_templates(env, self.lang)
        return env

    # After Material's search has indexed the page (priority 0), before the theme writes it: the
    # widgets join the page's HTML here, so the template writes the whole page once.
    @event_priority(-100)
    def on_page_context(self, context: Any, *, page: Page, **kwargs: Any) -> Any:
        self.course.poll()
        content = page.content or ""
        if "<!--coursekit:" in content:
            parts = content.split("<!--coursekit:")
            for n in range(1, len(parts)):
                slot, _, rest = parts[n].partition("-->")
                parts[n] = str(self.slots.pop(slot, "")) + rest
            page.content = "".join(parts)
        return context

    # Last, to hash the inline scripts of the page as it is written, without reading it again.
    @event_priority(-100)
    def on_post_page(self, output: str, *, page: Page, **kwargs: Any) -> str:
        if self.config.csp and not self.serving:  # `mkdocs serve` sends no CSP: its site is no one's
            self.hashes.page(page.file.abs_dest_path, output)
        return output

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self.course.close()
        # While serving, the cache stays in memory and is written once, when the server stops.
        self.course.renderer.cache.save(disk=not self.serving)
        if self.config.csp and not self.serving:
            csp.write(config.site_dir, self.hashes.site_policy(config.site_dir))

    def on_build_error(self, *, error: Exception) -> None:
        if hasattr(self, "course"):
            self.course.stop()
            self.hashes.stop()

    def _shared(self) -> None:
        if self.course.shared:
            log.debug(self.course.shared)
            self.course.shared = ""

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        # The first build may have found every file in the build cache; the first edit will need
        # the parser and the templates: ready them now, as the server starts, not when the
        # trainer waits.
        from . import loader, scenario  # noqa: F401
        for template in ("quiz.html", "scenario.html"):
            self.course.renderer.env.get_template(f"coursekit/{template}")
        server.watch(str(self.course.quizzes_dir))
        if self.course.scenarios_dir and self.course.scenarios_dir.is_dir():
            server.watch(str(self.course.scenarios_dir))
        return server


def report(problems: list[Problem]) -> None:
    """Log each problem on its own line; stop the build if any is an error."""
    for problem in problems:
        (log.error if problem.level == "error" else log.warning)(str(problem))
    errors = sum(p.level == "error" for p in problems)
    if errors:
        plural = "s" if errors > 1 else ""
        raise PluginError(f"{errors} problem{plural} in the course files (listed above); nothing was built.")
