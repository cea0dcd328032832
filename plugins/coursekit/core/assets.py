"""The two files every page shares: written once into the site, cached by the browser.

Their names carry a hash of their content, so a host may cache them forever.
The interface strings are baked into the script for the site's language.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path

from ..i18n import strings as interface_strings

HERE = Path(__file__).parent.parent / "assets"
FOLDER = "assets/coursekit"


@lru_cache(maxsize=4)
def build(lang: str) -> dict[str, str]:
    """`{site path: content}` for the script and the stylesheet."""
    strings = json.dumps({"lang": lang, **interface_strings(lang)}, ensure_ascii=False)
    # Every widget's script and styles (quiz.*, then the others by name) go into one file each.
    script = "\n".join(_read(p).replace('"__CK_STRINGS__"', strings) for p in _sources("js"))
    style = "\n".join(_read(p) for p in _sources("css"))
    return {_named("coursekit", "js", script): script, _named("coursekit", "css", style): style}


def _sources(ext: str) -> list[Path]:
    return sorted(HERE.glob(f"*.{ext}"), key=lambda p: (p.stem != "quiz", p.name))


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _named(stem: str, ext: str, content: str) -> str:
    digest = hashlib.sha256(content.encode("utf-8")).hexdigest()[:8]
    return f"{FOLDER}/{stem}.{digest}.{ext}"
