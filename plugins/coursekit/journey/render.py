"""`[[progress]]` and `[[continue]]` as HTML: what the page holds before the script fills it in.

The lessons and results are the learner's, in the learner's browser: the page holds the
frame (headings, the privacy sentence, the export, import and reset controls, the
confirmation dialog), and the script writes the rest from the manifest and the saved results.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..core.html import UID, Widget

if TYPE_CHECKING:
    from ..core.html import Html

TEMPLATES = {"progress": "coursekit/progress.html", "continue": "coursekit/continue.html"}


def render(html: Html, embed: str, uid: str) -> Widget:
    key = ("journey", embed, html.context_key)
    return Widget(html.cache.memo(key, lambda: str(html.html(TEMPLATES[embed], t=html.t, uid=UID))), uid)
