"""`coursekit export xapi`: the learners' site as an xAPI package (the TinCan package convention).

The zip holds the site built for an LMS's file server (as the SCORM packages: links to files, no
absolute address), `tincan.xml` at its root (the course's activity id, its name, the page to
launch) and two scripts in every page, before the site's own: `runtime/state.js` (how far the
learner is) and `runtime/xapi.js` (the statements), which does nothing unless the page is opened
with a « tincan » launch (`?endpoint=…&auth=…&actor=…&registration=…`). The credentials come from
that launch only: nothing in the package holds any. The package's policy lets the pages reach the
LRS (`connect-src`, `--lrs`) and lets the LMS frame them (`frame-ancestors`).
"""

from __future__ import annotations

import json
import re
import tempfile
from collections.abc import Sequence
from html import escape
from pathlib import Path

from ..core import csp
from ..core.site_config import read_config
from .files import FOLDER, RUNTIME, ExportError, add_scripts, write_zip
from .package import build_site, slug

SCRIPTS = (f"{FOLDER}/state.js", f"{FOLDER}/xapi.js")
PLACEHOLDER = '"__ACTIVITY__"'
COURSE_TYPE = "http://adlnet.gov/expapi/activities/course"
# the LRS's address is seldom known when the package is made: any https one by default
LRS = ("https:",)
IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]+")


def activity_problem(value: str) -> str | None:
    """What is wrong with an activity id (an absolute IRI, e.g. https://formation.example.com/cours/)."""
    if not IRI.fullmatch(value):
        return (f"{value!r} is not an absolute IRI: write the course's address, e.g. "
                "https://formation.example.com/repondre-non/ (no space, no quote)")
    return None


def lrs_problems(sources: Sequence[str]) -> list[str]:
    """What is wrong with the `--lrs` sources (connect-src): sites such as https://lrs.example.com."""
    problems = []
    for item in sources:
        if item == "'self'":
            continue
        if not (csp.SCHEME_SOURCE.fullmatch(item) or csp.HOST_SOURCE.fullmatch(item)):
            problems.append(f"{item!r} is not a web address a browser understands here: write the LRS's site, "
                            "e.g. https://lrs.example.com (or https:), with no space, comma, semicolon or quote")
    return problems


def activity_id(given: str | None, site_url: str) -> str:
    """--activity-id, else the site's site_url; neither: an ExportError."""
    if given:
        return given
    if site_url and IRI.fullmatch(site_url) and "://" in site_url:
        return site_url
    raise ExportError("no activity id for the course: give one with --activity-id IRI (e.g. "
                      "https://formation.example.com/repondre-non/), or set site_url in mkdocs.yml")


def tincan(ident: str, title: str, lang: str) -> str:
    """The package's tincan.xml: one activity, the course, launched at index.html."""
    return ('<?xml version="1.0" encoding="utf-8"?>\n<tincan xmlns="http://projecttincan.com/tincan.xsd">\n'
            f'  <activities>\n    <activity id="{escape(ident)}" type="{COURSE_TYPE}">\n'
            f'      <name lang="{escape(lang)}">{escape(title)}</name>\n'
            f'      <launch lang="{escape(lang)}">index.html</launch>\n    </activity>\n  </activities>\n</tincan>\n')


def with_connect_src(site: Path, sources: Sequence[str]) -> None:
    """The built site's policy files, the LRS allowed for fetch (`connect-src`, else `default-src 'self'`)."""
    policy = site / csp.FILES[0]
    if not policy.is_file():
        raise ExportError("the build wrote no csp-policy.txt: is the coursekit plugin's option csp off?")
    value = policy.read_text(encoding="utf-8").strip()
    value = re.sub(r";\s*connect-src [^;]*", "", value)
    allowed = f"default-src 'self'; connect-src 'self' {' '.join(sources)}"
    csp.write(str(site), value.replace("default-src 'self'", allowed, 1))


def export(config_file: Path, output: Path | None, frame_ancestors: list[str], given: str | None,
           lrs: Sequence[str] = LRS) -> tuple[Path, str]:
    """Write the xAPI package of the site of `config_file`; return its path and the course's activity id."""
    site = read_config(config_file)
    ident = activity_id(given, site.site_url)
    title = site.site_name or "Course"
    with tempfile.TemporaryDirectory(prefix="coursekit-xapi-") as tmp:
        built = Path(tmp) / "site"
        build_site(config_file, built, frame_ancestors, scripts=SCRIPTS)
        (built / "404.html").unlink(missing_ok=True)  # a web server's error page: an LMS never shows it
        script = (RUNTIME / "xapi.js").read_text(encoding="utf-8")
        add_scripts(built, ("state.js", "xapi.js"), {"xapi.js": script.replace(PLACEHOLDER, json.dumps(ident), 1)})
        with_connect_src(built, lrs)
        lang = site.theme_language or "en"
        files = sorted(p.relative_to(built).as_posix() for p in built.rglob("*") if p.is_file())
        target = output or Path(f"{slug(title)}-xapi.zip")
        write_zip(target, {"tincan.xml": tincan(ident, title, lang)}, ((n, built / n) for n in files))
    return target, ident
