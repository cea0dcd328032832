"""The SCO's run time: the launcher page and the scripts that report to the LMS (lms/runtime/).

The launcher (scorm-launch.html) finds the LMS's API, opens the session once and shows the course
in a frame; every page of the package loads scorm-page.js first, which hands the saved results to
the launcher inside an LMS and changes nothing elsewhere. The launcher's data attributes say which
SCORM version it speaks, where the course's manifest is, the suspend data's limit, each
assessment's questions (their order numbers the suspend data) and the two sentences it may show."""

from __future__ import annotations

import json
import re
from html import escape
from pathlib import Path

from ..i18n import strings
from .files import FOLDER

PAGE_SCRIPTS = (f"{FOLDER}/scorm-page.js",)
LAUNCHER_SCRIPTS = ("state.js", "scorm-codec.js", "scorm-launch.js")
RUNTIME_SCRIPTS = (*LAUNCHER_SCRIPTS, "scorm-page.js")  # what the package carries of runtime/
# cmi.suspend_data: SCORM 1.2 allows 4,096 characters. SCORM 2004 4th edition allows 64,000, but
# 2nd-edition LMSs (and some later ones) keep 4,000 and cut the rest silently: 4,000 is safe everywhere.
LIMITS = {"scorm12": 4096, "scorm2004": 4000}
# A change of page is committed once the learner has stayed this long (ms) without another: an LMS that
# saves synchronously is not asked at every page. On the launcher (data-quiet), where a test may shorten it.
QUIET = 15000
STYLE = ("html,body,main{margin:0;height:100%;overflow:hidden}main{display:flex;flex-direction:column}"
         "iframe{display:block;border:0;width:100%;flex:1 1 auto;min-height:0}"
         ".ck-lms{margin:0;padding:.5rem 1rem;font:1rem/1.4 system-ui,sans-serif;color:#1a1a1a;"
         "background:#fff4ce;border-bottom:2px solid #8a6d00}.ck-lms[hidden]{display:none}"
         ".ck-sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}\n")
EXAM = re.compile(r'<ck-exam\b[^>]*\bdata-key="([^"]+)"')
QUESTION = re.compile(r'<fieldset class="ck-q"[^>]*\bid="(ck-exam-[^"]+)"')


def questions(built: Path) -> dict[str, list[str]]:
    """Each assessment's key -> the ids of the questions its page holds, in the page's order."""
    found: dict[str, list[str]] = {}
    for page in sorted(built.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        for key in EXAM.findall(text):
            found.setdefault(key, QUESTION.findall(text))
    return found


def course_manifest(built: Path) -> str:
    found = sorted(built.glob("assets/coursekit/course.*.json"))
    return found[0].relative_to(built).as_posix() if found else ""


def launcher(version: str, title: str, lang: str, icon: str | None, built: Path, css: str) -> str:
    """The SCO's page: the notice line (hidden until needed), the frame, the scripts; no inline script or style."""
    name = escape(title)
    said = {key: value for key, value in strings(lang).items() if key.startswith("lms_")}
    data = {"version": version, "manifest": course_manifest(built), "limit": str(LIMITS[version]), "quiet": str(QUIET),
            "questions": json.dumps(questions(built), separators=(",", ":")),
            "strings": json.dumps(said, ensure_ascii=False, separators=(",", ":"))}
    attributes = "".join(f' data-{k}="{escape(v)}"' for k, v in data.items())
    scripts = "".join(f'<script src="{FOLDER}/{n}"></script>\n' for n in LAUNCHER_SCRIPTS)
    return (f'<!doctype html>\n<html lang="{escape(lang)}">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<title>{name}</title>\n' + (f'<link rel="icon" href="{escape(icon)}">\n' if icon else "") +
            f'<link rel="stylesheet" href="{css}">\n</head>\n<body{attributes}>\n'
            f'<main>\n<h1 class="ck-sr">{name}</h1>\n<p class="ck-lms" role="status" hidden></p>\n'
            f'<iframe title="{name}"></iframe>\n</main>\n{scripts}</body>\n</html>\n')
