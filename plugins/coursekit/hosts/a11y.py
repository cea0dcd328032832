"""Accessibility fixes to the theme's own markup, made once in its templates.

Material's search panel is a `role="dialog"` without a name (axe-core:
aria-dialog-name); screen readers then announce an unnamed dialog. The plugin
gives it one in the theme's `partials/search.html` (or the site's override of
it), so that no written page has to be searched and copied again.
"""

from __future__ import annotations

import jinja2

from ..i18n import language

SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'
TEMPLATE = "partials/search.html"


def fix_templates(env: jinja2.Environment, lang: str) -> None:
    """Name the search dialog in the template that writes it, if the theme has that template."""
    if env.loader is None:
        return
    try:
        source, _filename, _uptodate = env.loader.get_source(env, TEMPLATE)
    except jinja2.TemplateNotFound:
        return
    if SEARCH_DIALOG not in source:
        return
    named = source.replace(SEARCH_DIALOG, SEARCH_DIALOG[:-1] + f' aria-label="{language(lang).search}">', 1)
    env.loader = jinja2.ChoiceLoader([jinja2.DictLoader({TEMPLATE: named}), env.loader])
