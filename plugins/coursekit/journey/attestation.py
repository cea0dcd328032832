"""`[[attestation]]` (or `[[attestation: id]]`): the « attestation de réussite » of an assessment.

The page holds the sheet (`coursekit/attestation.html`) with empty slots, hidden, and what the
script needs to fill it: the assessment's storage key (its record, as `assets/exam.js` saves
it), its pass mark and attempts, the key the learner's name is kept under, and the organisation's
logo as a path of the lessons' folder. The script reads the record: passed, it shows the name
field and the sheet (name, date, score as text, never markup); not yet, where the learner stands
and a link to the assessment's page. The course's title is the manifest's (the site's name); the
addresses (the assessment's page, the logo) come from the course's manifest too, which the script
resolves from the site's root: right at any depth of page, with or without `use_directory_urls`.

With one assessment in `course.yml` the id may be left out; with several it is required.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..core.assets import widget_strings
from ..core.html import UID, Widget
from ..core.problems import Problem, suggest

if TYPE_CHECKING:
    from . import Journey

TEMPLATE = "coursekit/attestation.html"


def assessment_of(journey: Journey, ident: str) -> str | None:
    """The assessment an attestation is for: its id, or the only one when none is given."""
    known = list(journey.settings.assessments) if journey.settings else []
    if not ident:
        return known[0] if len(known) == 1 else None
    return ident if ident in known else None


def scan(journey: Journey, ident: str, page: str, line: int) -> list[Problem]:
    """An `[[attestation]]` found in a lesson: the assessment it names must exist."""
    known = list(journey.settings.assessments) if journey.settings else []
    target = assessment_of(journey, ident)
    if target is not None:
        journey.attestations.setdefault(target, []).append((page, line))
        return []
    written = f"[[attestation: {ident}]]" if ident else "[[attestation]]"
    if not known:
        why = ("course.yml has no assessment; an attestation is given for passing one (add it under "
               "`assessments` in course.yml, and embed it in a lesson with [[exam: id]])")
    elif not ident:
        why = (f"course.yml has {len(known)} assessments ({', '.join(known)}); say which one, "
               f"e.g. [[attestation: {known[0]}]]")
    else:
        why = f"there is no assessment '{ident}' in course.yml (assessments){suggest(ident, known)}"
    return [Problem(page, line, f"{written}: {why}")]


def check(journey: Journey) -> list[Problem]:
    """Once every lesson is read: an attestation whose assessment no lesson embeds can never be earned."""
    problems = []
    for target, places in journey.attestations.items():
        if target not in journey.exams:
            for page, line in places:
                problems.append(Problem(page, line, (
                    f"[[attestation]]: no lesson embeds the assessment '{target}', so no one can pass it; "
                    f"put [[exam: {target}]] in a lesson")))
    return problems


def render(journey: Journey, ident: str, uid: str) -> Widget | None:
    target = assessment_of(journey, ident)
    course, settings = journey.course, journey.settings
    if target is None or course is None or settings is None:
        return None
    from .exam import pass_mark, storage_key

    html = course.html
    assessment = settings.assessments[target]
    org = settings.organisation
    manifest = journey.manifest or {}
    title = manifest.get("name", "")  # the site's name, as the manifest gives it
    go = (manifest.get("exams") or {}).get(target, {}).get("url") or ""  # the assessment's page
    data = (target, storage_key(course, target, assessment), f"{pass_mark(course, assessment):g}",
            str(assessment.attempts), f"ck:{html.namespace}:name", org.name if org else "",
            (org.logo or "") if org else "", title, go)

    def make() -> str:
        exam, key, mark, attempts, name_key, name, logo, title, go = data
        return str(html.html(TEMPLATE, t=html.t, uid=UID, strings=widget_strings(html.lang, "attestation"),
                             course=title, go=go, exam=exam, key=key, pass_mark=mark,
                             attempts=attempts, name_key=name_key, org={"name": name, "logo": logo}))

    return Widget(html.cache.memo(("attestation", *data, html.context_key), make), uid)
