"""Build the learners' site for an LMS and zip it as a SCORM package.

The site is built with `use_directory_urls: false` (an LMS's file server does
not turn `page/` into `page/index.html`), without `site_url` (no absolute
address) and without Material's instant navigation (it needs `site_url`; plain
page loads work from any folder). The policy files (`csp-policy.txt`…) let the
LMS frame the course (`frame-ancestors`). Every problem is an `ExportError`:
one line, said by the command without a traceback.
"""

from __future__ import annotations

import logging
import re
import tempfile
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..core.problems import relative_path
from ..core.site_config import SiteConfig, read_config
from .files import ExportError, add_scripts, write_zip
from .manifest import LAUNCHER, manifest, schema_files
from .scorm import PAGE_SCRIPTS, RUNTIME_SCRIPTS, STYLE, launcher

# The zip is imported into an LMS whose address (often a separate content host) the exporter may not
# know; a narrower list (--frame-ancestors) is better when it is known.
FRAME_ANCESTORS = ("*",)
LAUNCHER_CSS = "scorm-launch.css"
EXAM = re.compile(r'<ck-exam\b[^>]*\bdata-exam="([^"]+)"[^>]*\bdata-pass="([0-9.]+)"')


def slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-") or "course"


def assessments(site: SiteConfig) -> list[str]:
    """course.yml's assessments, checked before the build: the final one is the first that a lesson embeds."""
    from ..journey.settings import parse_settings

    path = site.root / str(site.options.get("course_file") or "course.yml")
    shown = relative_path(path, site.root)
    if not path.is_file():
        raise ExportError(f"{shown}: no such file; a SCORM package takes its mastery score from the final "
                          "assessment's pass mark (course.yml, assessments:)")
    loaded, problems = parse_settings(path, shown, "course")
    if loaded is None:
        first = problems[0]
        where = f"{first.file}:{first.line}" if first.line else first.file
        more = f" (and {len(problems) - 1} more: run `coursekit check`)" if len(problems) > 1 else ""
        raise ExportError(f"{where}: {first.message}{more}")
    wanted = list(loaded.model.assessments)
    if not wanted:
        raise ExportError(f"{shown}: no final assessment (assessments:); a SCORM package takes its mastery score "
                          "from its pass mark")
    return wanted


def final_assessment(wanted: list[str], built: Path, shown: str) -> tuple[str, float]:
    """The final assessment and its pass mark, as built."""
    found: dict[str, float] = {}
    for page in sorted(built.rglob("*.html")):
        for ident, mark in EXAM.findall(page.read_text(encoding="utf-8")):
            found.setdefault(ident, float(mark))
    for ident in wanted:
        if ident in found:
            return ident, found[ident]
    raise ExportError(f"{shown}: no lesson embeds the final assessment ({', '.join(wanted)}); "
                      f"add [[exam: {wanted[0]}]] to a lesson of the learners' edition")


def build_site(config_file: Path, site_dir: Path, frame_ancestors: list[str],
               scripts: Sequence[str] = ()) -> str | None:
    """`mkdocs build` of `config_file` into `site_dir`, made for an LMS's file server; the theme's icon.

    `scripts` (paths in the site, e.g. `coursekit/lms/scorm-page.js`) go in every page before the
    theme's and coursekit's own scripts, so that one may replace the storage (`coursekit:init`);
    the caller writes the files."""
    try:
        from mkdocs.commands.build import build
        from mkdocs.config import load_config
        from mkdocs.exceptions import MkDocsException
    except ImportError:
        raise ExportError("MkDocs is not installed here: the package is a build of the site") from None
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    try:
        config = load_config(str(config_file), site_dir=str(site_dir), use_directory_urls=False, site_url="")
        features = config.theme.get("features") or []
        config.theme["features"] = [f for f in features if not str(f).startswith("navigation.instant")]
        plugin = config.plugins.get("coursekit")
        if plugin is None:
            raise ExportError(f"{config_file.name}: the coursekit plugin is not in `plugins`")
        plugin.config["frame_ancestors"] = list(frame_ancestors)
        plugin.config["csp"] = True
        config.extra_javascript[:0] = list(scripts)
        file_links(config)
        build(config)
        icon = config.theme.get("favicon")
        return str(icon) if icon and (site_dir / str(icon)).is_file() else None
    except MkDocsException:
        raise ExportError(f"the build of {config_file.name} stopped (see above); no package written") from None


def file_links(config: Any) -> None:
    """The theme's extra links to a page's folder (`extra.footer_links`: `accessibilite/`) made links to its
    file (`accessibilite.html`), as `use_directory_urls: false` makes the pages' own links."""
    docs = Path(config.docs_dir)
    for link in (config.extra or {}).get("footer_links") or []:
        url = link.get("url") if isinstance(link, dict) else None
        if isinstance(url, str) and url.endswith("/") and "://" not in url:
            page = url.strip("/")
            if (docs / f"{page}.md").is_file():
                link["url"] = f"{page}.html"
            elif (docs / page / "index.md").is_file() or not page:
                link["url"] = f"{page}/index.html".lstrip("/")


def export(version: str, config_file: Path, output: Path | None, frame_ancestors: list[str]) -> tuple[Path, str, float]:
    """Write the package of `version` (scorm12, scorm2004); return its path and the final assessment."""
    site = read_config(config_file)
    title = site.site_name or "Course"
    with tempfile.TemporaryDirectory(prefix="coursekit-scorm-") as tmp:
        built = Path(tmp) / "site"
        wanted = assessments(site)
        icon = build_site(config_file, built, frame_ancestors, PAGE_SCRIPTS)
        ident, mark = final_assessment(wanted, built, site.options.get("course_file") or "course.yml")
        # a web server's error page, its links from the server's root: an LMS never shows it
        (built / "404.html").unlink(missing_ok=True)
        add_scripts(built, RUNTIME_SCRIPTS)  # the run time that reports to the LMS (lms/scorm.py)
        (built / LAUNCHER).write_text(launcher(version, title, site.theme_language or "en", icon, built,
                                                     LAUNCHER_CSS), encoding="utf-8")
        (built / LAUNCHER_CSS).write_text(STYLE, encoding="utf-8")
        files = sorted(p.relative_to(built).as_posix() for p in built.rglob("*") if p.is_file())
        files.remove(LAUNCHER)
        files.insert(0, LAUNCHER)
        xml = manifest(version, f"{slug(title)}-{version}", title, mark, files)
        target = output or Path(f"{slug(title)}-{version}.zip")
        write_zip(target, {"imsmanifest.xml": xml},
                  [*((schema.name, schema) for schema in schema_files(version)), *((n, built / n) for n in files)])
    return target, ident, mark
