"""The two files every page shares: written once into the site, cached by the browser.

Their names carry a hash of their content, so a host may cache them forever.
The script is one function: `assets/prelude.js` first (the helpers, the storage
interface, and the interface strings of the site's language that more than one
widget reads, baked in once; a widget's own strings are in its HTML),
then the quiz, its question types (`assets/questions/*.js`) and the other
widgets, each in a block of its own, so that they share the prelude's `ck` and
nothing else, and nothing lands on `window`. The last line starts the widgets,
once every question type is known.

The stylesheet of the learners' edition leaves out the rules of the widgets
only the trainer's edition shows (`assets/trainer/*.css`: the answer key, the
scenarios' maps), which every learner would otherwise download for nothing.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from rcssmin import cssmin
from rjsmin import jsmin

from ..i18n import strings as interface_strings

HERE = Path(__file__).parent.parent / "assets"
FOLDER = "assets/coursekit"
PRELUDE = "prelude.js"
STRINGS = '"__CK_STRINGS__"'
# Comments, spaces and long local names are for the reader of the sources, not for every
# learner's download. The script is minified by tdewolff/minify (a parser: local names shortened,
# strings, template literals and regular expressions kept); where it has no wheel (macOS), by
# rjsmin (comments and spaces only: the same script, about 0.9 KB bigger gzipped). The stylesheet
# by rcssmin (a tokenizer: strings and `url()` kept as they are).
# Which strings a script file reads: `T.name` or `ck.t.name` (T is `ck.t` in every file), or a
# prefix and a word of the same file (`T["mark_" + kind]`, with `"wrong"` among its strings).
READ = re.compile(r"\b(?:T|ck\.t)\.(\w+)")
DYNAMIC = re.compile(r'\bT\["(\w+_)"\s*\+')
WORD = re.compile(r'"(\w+)"')
# The widgets that have a script file of their own (assets/<name>.js) and a page of their own (one
# page each, for scenarios). The strings that only one of these files reads are not in the shared
# script, which every page loads, but in that widget's HTML: its template (coursekit/<name>.html)
# writes them in the element's `data-strings`, and the widget adds them to ck.t when it connects
# (ck.strings, prelude.js). A string that two files read (a widget's and the quiz's, or two
# widgets') stays in the script.
WIDGETS = ("attestation", "exam", "practice", "progress", "scenario")


@lru_cache(maxsize=4)
def build(lang: str, trainer: bool = False) -> dict[str, str]:
    """`{site path: content}` for the script and the stylesheet; `trainer`: for the trainer's edition."""
    strings = {"lang": lang, **used_strings(interface_strings(lang))}
    script = bundle(json.dumps(strings, ensure_ascii=False, separators=(",", ":")))
    style = cssmin("\n".join(_read(p) for p in _styles(trainer))) + "\n"
    return {_named("coursekit", "js", script): script, _named("coursekit", "css", style): style}


def reads(code: str, keys: Iterable[str]) -> set[str]:
    """The keys among `keys` that the script `code` reads."""
    names, words, prefixes = set(READ.findall(code)), set(WORD.findall(code)), DYNAMIC.findall(code)
    return {key for key in keys
            if key in names or any(key.startswith(p) and key[len(p):] in words for p in prefixes)}


def owners(sources: dict[str, str], keys: Iterable[str]) -> dict[str, str | None]:
    """Each key that a source reads -> the widget (of WIDGETS) that alone reads it, else None (the script's).

    `sources`: {file name without `.js`: code}.
    """
    readers: dict[str, list[str]] = {}
    for name, code in sources.items():
        for key in reads(code, keys):
            readers.setdefault(key, []).append(name)
    return {key: names[0] if len(names) == 1 and names[0] in WIDGETS else None for key, names in readers.items()}


@lru_cache(maxsize=1)
def _owners(keys: frozenset[str]) -> dict[str, str | None]:
    return owners({p.stem: _read(p) for p in [HERE / PRELUDE, *_scripts()]}, keys)


def used_strings(strings: dict[str, str]) -> dict[str, str]:
    """The strings the shared script carries: those its files read, but for a widget's own.

    The templates' own strings (headings, help texts) stay out of it, and so do the strings only
    one widget of WIDGETS reads (`widget_strings`).
    """
    found = _owners(frozenset(strings))
    return {key: text for key, text in strings.items() if key in found and found[key] is None}


def widget_strings(lang: str, widget: str) -> dict[str, str]:
    """The strings that the script of `widget` (one of WIDGETS) alone reads: its HTML carries them."""
    strings = interface_strings(lang)
    found = _owners(frozenset(strings))
    return {key: text for key, text in strings.items() if found.get(key) == widget}


def bundle(strings: str) -> str:
    """The whole script, with `strings` (a JSON object) as the prelude's `ck.t`."""
    prelude = _read(HERE / PRELUDE)
    if prelude.count(STRINGS) != 1:
        raise ValueError(f"assets/{PRELUDE} must hold {STRINGS} once: the interface strings go there")
    blocks = [f"{{\n{_read(p)}}}" for p in _scripts()]
    code = "\n".join(['(() => {\n"use strict";', "\n".join([prelude, *blocks]), "ck.start();\n})();\n"])
    small = minify_js(code)
    if small.count(STRINGS) != 1:
        raise ValueError(f"the minified script must hold {STRINGS} once, as assets/{PRELUDE} does")
    return small.replace(STRINGS, strings) + "\n"


def minify_js(code: str) -> str:
    """`code` minified; the Go library is loaded at the first build, not when the plugin is."""
    try:
        from minify import string as minify_string  # tdewolff-minify
    except (ImportError, OSError):  # no wheel for this system, or a library built for another
        return str(jsmin(code))
    return str(minify_string("text/javascript", code))


def _scripts() -> list[Path]:
    """After the prelude: the quiz, which the question types build on, then each type, then the rest."""
    others = sorted(p for p in HERE.glob("*.js") if p.name not in (PRELUDE, "quiz.js"))
    return [HERE / "quiz.js", *sorted(HERE.glob("questions/*.js")), *others]


def _styles(trainer: bool = False) -> list[Path]:
    """The quiz's first (the others build on its colours), then the others; then the trainer's, if asked."""
    found = sorted(HERE.glob("*.css"), key=lambda p: (p.stem != "quiz", p.name))
    return found + sorted(HERE.glob("trainer/*.css")) if trainer else found


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _named(stem: str, ext: str, content: str) -> str:
    digest = hashlib.sha256(content.encode("utf-8")).hexdigest()[:8]
    return f"{FOLDER}/{stem}.{digest}.{ext}"
