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

from rjsmin import jsmin

from ..i18n import strings as interface_strings

HERE = Path(__file__).parent.parent / "assets"
FOLDER = "assets/coursekit"
PRELUDE = "prelude.js"
STRINGS = '"__CK_STRINGS__"'
# Comments and spaces are for the reader of the sources, not for every learner's download: the
# script is minified (rjsmin: a tokenizer that keeps strings, template literals and regular
# expressions as they are), the stylesheet loses its comments and the spaces that carry nothing.
CSS_COMMENT = re.compile(r"/\*.*?\*/[ \t]*\n?", re.DOTALL)
INDENT = re.compile(r"^[ \t]+", re.MULTILINE)
# In the stylesheet, the spaces around `{ } ; ,` and after a declaration's `:` carry nothing
# (no rule of ours has a string or a `url()` with those signs in it).
CSS_SPACE = re.compile(r"\s*([{};,])\s*|(?<=:)\s+(?=[^{]*[;}])")
# A prefix in `T["pg_" + state]`: the strings read by a name made at run time.
DYNAMIC = re.compile(r'T\["(\w+_)"\s*\+')


@lru_cache(maxsize=4)
def build(lang: str) -> dict[str, str]:
    """`{site path: content}` for the script and the stylesheet."""
    script = bundle(json.dumps({"lang": lang, **used_strings(interface_strings(lang))}, ensure_ascii=False))
    style = CSS_COMMENT.sub("", "\n".join(_read(p) for p in _styles()))
    style = CSS_SPACE.sub(lambda m: m.group(1) or "", INDENT.sub("", style))
    return {_named("coursekit", "js", script): script, _named("coursekit", "css", style): style}


def used_strings(strings: dict[str, str]) -> dict[str, str]:
    """The strings the script reads: the templates' own (headings, help texts) stay out of it.

    A string is read by its name (`T.score`), or by a prefix and a word of the code
    (`T["pg_" + state]`, with `"done"` among the code's strings).
    """
    code = "\n".join(_read(p) for p in [HERE / PRELUDE, *_scripts()])
    names = set(re.findall(r"\w+", code))
    words = set(re.findall(r'"(\w+)"', code))
    prefixes = DYNAMIC.findall(code)
    return {key: text for key, text in strings.items()
            if key in names or any(key.startswith(p) and key[len(p):] in words for p in prefixes)}


def bundle(strings: str) -> str:
    """The whole script, with `strings` (a JSON object) as the prelude's `ck.t`."""
    prelude = _read(HERE / PRELUDE)
    if prelude.count(STRINGS) != 1:
        raise ValueError(f"assets/{PRELUDE} must hold {STRINGS} once: the interface strings go there")
    blocks = [f"{{\n{_read(p)}}}" for p in _scripts()]
    code = "\n".join(['(() => {\n"use strict";', "\n".join([prelude, *blocks]), "ck.start();\n})();\n"])
    return str(jsmin(code)).replace(STRINGS, strings) + "\n"


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
