"""The two files every page shares: written once into the site, cached by the browser.

Their names carry a hash of their content, so a host may cache them forever.
The script is one function: `assets/prelude.js` first (the helpers, the storage
interface, and the interface strings of the site's language, baked in once),
then the quiz, its question types (`assets/questions/*.js`) and the other
widgets, each in a block of its own, so that they share the prelude's `ck` and
nothing else, and nothing lands on `window`. The last line starts the widgets,
once every question type is known.
"""

from __future__ import annotations

import hashlib
import json
import re
from functools import lru_cache
from pathlib import Path

from ..i18n import strings as interface_strings

HERE = Path(__file__).parent.parent / "assets"
FOLDER = "assets/coursekit"
PRELUDE = "prelude.js"
STRINGS = '"__CK_STRINGS__"'
# Comments are for the reader of the sources, not for every learner's download: a comment on
# lines of its own goes (one at the end of a line of code stays, to leave strings and regular
# expressions alone). The code keeps its lines and indentation, readable in a browser's tools.
JS_COMMENT = re.compile(r"^[ \t]*(?:/\*(?:(?!\*/).)*\*/|//[^\n]*)[ \t]*\n", re.MULTILINE | re.DOTALL)
CSS_COMMENT = re.compile(r"/\*.*?\*/[ \t]*\n?", re.DOTALL)


@lru_cache(maxsize=4)
def build(lang: str) -> dict[str, str]:
    """`{site path: content}` for the script and the stylesheet."""
    script = bundle(json.dumps({"lang": lang, **interface_strings(lang)}, ensure_ascii=False))
    style = CSS_COMMENT.sub("", "\n".join(_read(p) for p in _styles()))
    return {_named("coursekit", "js", script): script, _named("coursekit", "css", style): style}


def bundle(strings: str) -> str:
    """The whole script, with `strings` (a JSON object) as the prelude's `ck.t`."""
    prelude = _read(HERE / PRELUDE)
    if prelude.count(STRINGS) != 1:
        raise ValueError(f"assets/{PRELUDE} must hold {STRINGS} once: the interface strings go there")
    blocks = [f"{{\n{_read(p)}}}" for p in _scripts()]
    code = JS_COMMENT.sub("", "\n".join([prelude, *blocks]))
    return "\n".join(['(() => {\n"use strict";', code.replace(STRINGS, strings), "ck.start();\n})();\n"])


def _scripts() -> list[Path]:
    """After the prelude: the quiz, which the question types build on, then each type, then the rest."""
    others = sorted(p for p in HERE.glob("*.js") if p.name not in (PRELUDE, "quiz.js"))
    return [HERE / "quiz.js", *sorted(HERE.glob("questions/*.js")), *others]


def _styles() -> list[Path]:
    return sorted(HERE.glob("*.css"), key=lambda p: (p.stem != "quiz", p.name))


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _named(stem: str, ext: str, content: str) -> str:
    digest = hashlib.sha256(content.encode("utf-8")).hexdigest()[:8]
    return f"{FOLDER}/{stem}.{digest}.{ext}"
