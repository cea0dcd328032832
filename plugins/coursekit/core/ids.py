"""The one rule for ids: of files (a quiz's id is its file name), questions, scenario nodes and characters.

Ids go into lessons (`[[quiz: id]]`), element ids and storage keys: letters and
digits of ASCII, `-` and `_`, so that they read the same in every file system,
URL and browser.
"""

from __future__ import annotations

import re

ID = re.compile(r"[A-Za-z0-9_-]+")
RULE = "only letters, digits, '-' and '_' (no spaces or accents)"


def is_id(value: str) -> bool:
    return ID.fullmatch(value) is not None


def check_id(value: str) -> str:
    """A validator for models: the value, or a ValueError in plain words."""
    if not is_id(value):
        raise ValueError(f"an id holds {RULE}")
    return value
