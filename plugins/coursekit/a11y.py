"""Accessibility fixes to the theme's own markup, applied to each written page.

Material's search panel is a `role="dialog"` without a name (axe-core:
aria-dialog-name); screen readers then announce an unnamed dialog.
"""

from __future__ import annotations

SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'
LABELS = {"fr": "Recherche", "en": "Search"}


def fix_page(html: str, lang: str) -> str:
    if SEARCH_DIALOG in html:
        named = SEARCH_DIALOG[:-1] + f' aria-label="{LABELS[lang]}">'
        html = html.replace(SEARCH_DIALOG, named, 1)
    return html
