"""The two files every page shares: written once into the site, cached by the browser.

Their names carry a hash of their content, so a host may cache them forever.
The interface strings are baked into the script for the site's language.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path

from .i18n import STRINGS

HERE = Path(__file__).parent / "assets"
FOLDER = "assets/coursekit"


@lru_cache(maxsize=4)
def build(lang: str) -> dict[str, str]:
    """`{site path: content}` for the script and the stylesheet."""
    strings = {"lang": lang, **STRINGS[lang]}
    script = (HERE / "quiz.js").read_text(encoding="utf-8").replace(
        '"__CK_STRINGS__"', json.dumps(strings, ensure_ascii=False))
    style = (HERE / "quiz.css").read_text(encoding="utf-8")
    return {_named("quiz", "js", script): script, _named("quiz", "css", style): style}


def _named(stem: str, ext: str, content: str) -> str:
    digest = hashlib.sha256(content.encode("utf-8")).hexdigest()[:8]
    return f"{FOLDER}/{stem}.{digest}.{ext}"
