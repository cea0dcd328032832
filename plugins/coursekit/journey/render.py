"""`[[progress]]` and `[[continue]]` as HTML: what the page holds before the script fills it in.

The lessons and results are the learner's, in the learner's browser; the course is the build's. So
« Ma progression » is built from the course's manifest (`manifest.build`): the headings, one row a
lesson, a quiz, a role-play, the final assessment, the links to « Revoir mes erreurs » and to the
attestation, each cell as it reads for a learner who has not begun; the script fills the cells
from the saved results. The page then takes its full height from the start, and nothing moves
below it as it fills (no layout shift). A host that writes no manifest gets the frame alone,
hidden: the script, which finds no manifest either, leaves it so.
"""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING, Any

from ..core.assets import widget_strings
from ..core.html import UID, Widget

if TYPE_CHECKING:
    from ..core.html import Html
    from .manifest import NavPage

TEMPLATES = {"progress": "coursekit/progress.html", "continue": "coursekit/continue.html"}


def render(html: Html, embed: str, uid: str, manifest: dict[str, Any] | None = None,
           pages: dict[str, NavPage] | None = None) -> Widget:
    if embed != "progress":
        key = ("journey", embed, html.context_key)
        return Widget(html.cache.memo(key, lambda: str(html.html(TEMPLATES[embed], t=html.t, uid=UID))), uid)
    context = progress_context(html, manifest or {}, pages or {})
    digest = hashlib.sha256(json.dumps(context, sort_keys=True).encode()).hexdigest()[:16]

    def make() -> str:
        return str(html.html(TEMPLATES[embed], t=html.t, uid=UID, strings=widget_strings(html.lang, "progress"),
                             manifest=bool(manifest), **context))

    return Widget(html.cache.memo(("journey", embed, digest, html.context_key), make), uid)


def progress_context(html: Html, manifest: dict[str, Any], pages: dict[str, NavPage]) -> dict[str, Any]:
    """The rows and links of « Ma progression », from the manifest, in its order (the script's)."""
    lessons = manifest.get("lessons", [])

    def rows(kind: str) -> list[dict[str, str]]:
        return [{"url": lesson["url"], "title": lesson["title"]}
                for lesson in lessons for item in lesson["items"] if item["kind"] == kind]

    final = manifest.get("final")
    titles = {page.url: page.title for page in pages.values()}
    review = manifest.get("practice")
    att = (manifest.get("exams") or {}).get(final["id"], {}).get("att") if final else None
    percent = html.t["pg_percent"].format(pct=0, n=0, s="", of=len(lessons))
    return {"lessons": [{"url": lesson["url"], "title": lesson["title"]} for lesson in lessons],
            "quizzes": rows("quiz"), "scenarios": rows("scenario"),
            "final": {"url": final["url"], "title": final["title"]} if final else None,
            "review": {"url": review, "title": titles.get(review, review)} if review else None,
            "att": att, "percent": percent}
