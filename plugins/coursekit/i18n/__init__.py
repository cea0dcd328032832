"""The interface languages: one module per language in this folder (`fr.py`, `en.py`…).

A language is one file defining `LANGUAGE`, so that adding one (German, say) is
adding `de.py` and nothing else: the `language` option's choices, the numbers,
the templates' words, the browser's strings and the theme's labels all read it
through the functions below. `{name}` fields in the strings are filled in by the
templates (server side) or by the browser script (client side).
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

# The language whose keys every other one must have; also the one a theme language with no
# file of its own falls back to.
REFERENCE = "en"


@dataclass(frozen=True)
class Language:
    """Everything the course builder says or writes in one language."""

    code: str
    name: str  # in the language itself, for the option's message
    strings: Mapping[str, str]  # the interface: templates and browser script alike
    question_types: Mapping[str, str]  # a question type's name in the answer key
    search: str  # the name given to the theme's search dialog (hosts/a11y.py)
    decimal: str
    group: str  # between thousands

    def number(self, value: float) -> str:
        """A number as written by the trainer (no float noise, no exponent), with this language's signs."""
        text = f"{Decimal(repr(value)):,f}"
        if "." in text:
            text = text.rstrip("0").rstrip(".")
        return text.translate({ord(","): self.group, ord("."): self.decimal})


@cache
def _registry() -> dict[str, Language]:
    found: dict[str, Language] = {}
    for module in pkgutil.iter_modules(__path__):
        language = getattr(importlib.import_module(f"{__name__}.{module.name}"), "LANGUAGE", None)
        if isinstance(language, Language):
            if language.code != module.name:
                raise ValueError(f"i18n/{module.name}.py: its LANGUAGE has the code {language.code!r}; "
                                 f"a language's file is named after its code ({language.code}.py)")
            found[language.code] = language
    reference = found[REFERENCE]
    for language in found.values():
        for what in ("strings", "question_types"):
            want, have = set(getattr(reference, what)), set(getattr(language, what))
            if want != have:
                raise ValueError(
                    f"i18n/{language.code}.py: {what} must have the same keys as {REFERENCE}.py; "
                    f"missing: {', '.join(sorted(want - have)) or 'none'}; "
                    f"unknown: {', '.join(sorted(have - want)) or 'none'}")
    return dict(sorted(found.items()))


def languages() -> tuple[str, ...]:
    """The codes of the languages that have a file, in alphabetical order."""
    return tuple(_registry())


def language(lang: str) -> Language:
    return _registry()[lang]


def strings(lang: str) -> dict[str, str]:
    """The interface strings, a copy the caller may keep."""
    return dict(_registry()[lang].strings)


def question_types(lang: str) -> dict[str, str]:
    return dict(_registry()[lang].question_types)


def number(value: float, lang: str) -> str:
    """1.5 -> '1,5' in French; whole numbers without decimals."""
    return _registry()[lang].number(value)


def pick_language(configured: str | None, theme_language: str | None) -> str:
    """The configured language, else the theme's (`fr_CA` reads as `fr`), else English."""
    if configured:
        return configured
    wanted = (theme_language or REFERENCE).lower().replace("-", "_")
    known = _registry()
    return next((code for code in (wanted, wanted.split("_")[0]) if code in known), REFERENCE)
