"""Accessibility fixes to the theme's own markup, made once in its templates.

- Material's search panel is a `role="dialog"` without a name (axe-core:
  aria-dialog-name); screen readers then announce an unnamed dialog. It gets one
  in `partials/search.html`.
- Material's menu button, which opens the navigation drawer below 76.25em, is a
  `<label>` of a hidden checkbox: Tab never reaches it, no key opens the drawer,
  and a label may not take a button's role (axe-core: aria-allowed-role). It
  becomes a real `<button>` in `partials/header.html`, named and with its state
  (`aria-expanded`); the site's script (assets/journey.js) opens and closes the
  drawer with it, moves the focus, and takes the closed drawer out of the tab order.

Each fix is made in the theme's template (or the site's override of it), so that
no written page has to be searched and copied again; a template whose markup is
not the expected one is left as it is.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import jinja2

from ..i18n import language

SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'
MENU = re.compile(r'<label class="md-header__button md-icon" for="__drawer">(.*?)</label>', re.S)


def _search(source: str, lang: str) -> str:
    return source.replace(SEARCH_DIALOG, SEARCH_DIALOG[:-1] + f' aria-label="{language(lang).search}">', 1)


def _menu(source: str, lang: str) -> str:
    name = language(lang).strings["menu"]
    return MENU.sub(lambda m: '<button type="button" class="md-header__button md-icon ck-menu" '
                    f'aria-label="{name}" aria-expanded="false">{m[1]}</button>', source, count=1)


FIXES: dict[str, Callable[[str, str], str]] = {"partials/search.html": _search, "partials/header.html": _menu}


def fix_templates(env: jinja2.Environment, lang: str) -> None:
    """Fix the templates that write the search dialog and the menu button, if the theme has them."""
    if env.loader is None:
        return
    fixed: dict[str, str] = {}
    for name, fix in FIXES.items():
        try:
            source, _filename, _uptodate = env.loader.get_source(env, name)
        except jinja2.TemplateNotFound:
            continue
        new = fix(source, lang)
        if new != source:
            fixed[name] = new
    if fixed:
        env.loader = jinja2.ChoiceLoader([jinja2.DictLoader(fixed), env.loader])
