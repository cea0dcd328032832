"""The course's manifest: the lessons that count, in the navigation's order, and what each embeds.

The learner's browser reads it once (a hashed JSON file under `assets/coursekit/`) to mark the
lessons done in the navigation, fill « Ma progression » and find where « Continuer » leads. It
holds the storage keys of the quizzes and scenarios (`ck:<namespace>:<quiz>:<version>`, as the
renderers write them), so that progress is read from the saved results themselves, through
`ck.storage`, and an export names exactly what it carries. It also gives, for each assessment a
lesson embeds, the page of its `[[exam]]` and of its `[[attestation]]`: the attestation links to
the one, the exam's result to the other.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..core.problems import relative_path

if TYPE_CHECKING:
    from ..core.course import Course
    from . import Journey


@dataclass(frozen=True)
class NavPage:
    """A page as the host's navigation gives it."""

    src: str  # its path in the lessons' folder, with `/`
    url: str  # from the site's root, as the host writes it (`partie-1/lecon/`)
    title: str


def lesson_src(course: Course, page: str) -> str:
    """A lesson's path in the lessons' folder (`partie-1/lecon.md`), from its path as the scan gives it."""
    shown = relative_path(course.docs_dir, course.root) + "/"
    return page[len(shown):] if page.startswith(shown) else page


def widgets_by_page(course: Course) -> dict[str, list[dict[str, str]]]:
    """Each lesson that embeds a quiz or a scenario -> their ids, kinds and storage keys."""
    shown = relative_path(course.docs_dir, course.root) + "/"
    found: dict[str, list[dict[str, str]]] = {}
    namespace = course.html.namespace
    for name, prefix in (("quiz", ""), ("scenario", "sc:")):
        kind = course.kind(name)
        for ident, pages in kind.used.items():
            doc = kind.docs.get(ident)
            if doc is None:
                continue
            for page in dict.fromkeys(pages):
                src = page[len(shown):] if page.startswith(shown) else page
                found.setdefault(src, []).append(
                    {"kind": name, "id": ident, "key": f"ck:{namespace}:{prefix}{ident}:{doc.version}"})
    journey = course.kind("course")
    settings = getattr(journey, "settings", None)
    if settings is not None:
        from .exam import storage_key
        for ident, pages in getattr(journey, "exams", {}).items():
            key = storage_key(course, ident, settings.assessments[ident])
            for page in dict.fromkeys(pages):
                src = page[len(shown):] if page.startswith(shown) else page
                found.setdefault(src, []).append({"kind": "exam", "id": ident, "key": key})
    return found


def build(journey: Journey, course: Course, pages: list[NavPage], name: str) -> dict[str, Any]:
    """The manifest, for `pages` in the navigation's order."""
    widgets = widgets_by_page(course)
    settings = journey.settings
    counted = list(settings.counts) if settings and settings.counts is not None else list(widgets)
    order = {page.src: n for n, page in enumerate(pages)}
    by_src = {page.src: page for page in pages}
    lessons: list[dict[str, Any]] = []
    for src in sorted(dict.fromkeys(counted), key=lambda s: (order.get(s, len(order)), s)):
        page = by_src.get(src)
        url = page.url if page else src[:-3] + "/"
        lessons.append({"url": url, "title": page.title if page else src, "items": widgets.get(src, [])})
    final = None
    for ident, assessment in (settings.assessments if settings else {}).items():
        found = next(((lesson, item) for kind in ("exam", "quiz") for lesson in lessons
                      for item in lesson["items"] if item["kind"] == kind and item["id"] == ident), None)
        if found is not None:  # its exam, or a quiz of the same id
            where, item = found
            final = {"id": ident, "url": where["url"], "title": where["title"], "kind": item["kind"],
                     "key": item["key"], "attempts": assessment.attempts}
            break
    progress = next((page.url for page in pages for src in journey.used.get("progress", [])
                     if src.endswith("/" + page.src)), None)
    # each assessment a lesson embeds: its page, and its attestation's page (or None)
    shown = relative_path(course.docs_dir, course.root) + "/"
    at = {shown + page.src: (n, page.url) for n, page in enumerate(pages)}

    def first(lessons: list[str]) -> str | None:  # in the navigation's order
        return min((at[src] for src in lessons if src in at), default=(0, None))[1]

    exams = {ident: {"url": first(where), "att": first([src for src, _ in journey.attestations.get(ident, [])])}
             for ident, where in journey.exams.items()}
    body = {"lessons": lessons, "final": final, "progress": progress}
    version = hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()[:12]
    # « Revoir mes erreurs » renders its lessons' links and titles from the navigation, known from now on
    journey.pages = by_src
    # its address is not in the version: a saved progress fits the course with or without that page
    practice = next((page.url for page in pages for src in journey.used.get("practice", [])
                     if src.endswith("/" + page.src)), None)
    # the pages of the assessments are not in the version: the saved results are the same without them
    manifest = {"v": 1, "ns": course.html.namespace, "name": name, "version": version, **body, "exams": exams,
                "practice": practice}
    journey.manifest = manifest  # « Ma progression » is built from it (render.py)
    return manifest


def to_json(manifest: dict[str, Any]) -> str:
    return json.dumps(manifest, ensure_ascii=False, separators=(",", ":"))
