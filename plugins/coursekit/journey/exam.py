"""`[[exam: id]]`: an assessment of `course.yml` as a paper drawn in the learner's browser.

The page holds every question the pools may draw, rendered by the quiz renderer (same partials,
tokens and sealed data, under each question's own quiz's salt), all hidden: the script draws
the paper, grades it and shows the review the assessment allows. A question belongs to one pool
only (the build refuses a second), so that a paper never holds it twice.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..core.assets import widget_strings
from ..core.html import UID, Widget
from ..core.problems import Problem, line_of
from ..i18n import number
from .questions import quizzes, views

if TYPE_CHECKING:
    from ..core.course import Course
    from ..core.documents import Loaded
    from .settings import Assessment, Settings


@dataclass(frozen=True)
class Candidate:
    quiz: str  # the quiz file's id
    question: Any  # its model
    pool: int


def candidates(course: Course, assessment: Assessment) -> tuple[list[list[Candidate]], list[str]]:
    """Each pool's questions, and the duplicates left out (`quiz › question` already in a pool)."""
    quizzes: dict[str, Loaded[Any]] = course.kind("quiz").docs
    seen: dict[tuple[str, str], int] = {}
    pools: list[list[Candidate]] = []
    twice: list[str] = []
    for index, pool in enumerate(assessment.pools):
        found: list[Candidate] = []
        if pool.quiz is not None:
            docs = [quizzes[pool.quiz]] if pool.quiz in quizzes else []
        else:
            docs = [quizzes[name] for name in sorted(quizzes)]
        for doc in docs:
            for q in doc.model.questions:
                if pool.quiz is None and pool.tag not in q.tags:
                    continue
                if (doc.id, q.id) in seen:
                    twice.append(f"{doc.id} › {q.id} (pools {seen[doc.id, q.id] + 1} and {index + 1})")
                    continue
                seen[doc.id, q.id] = index
                found.append(Candidate(doc.id, q, index))
        pools.append(found)
    return pools, twice


def check(course: Course, settings: Settings, doc: Loaded[Any]) -> list[Problem]:
    """Each pool holds enough questions, none that the learner grades, and none in two pools of one assessment."""
    from ..quiz.types import question_type  # the models: only where a course has assessments

    problems = []
    quizzes = course.kind("quiz").docs
    for name, assessment in settings.assessments.items():
        pools, twice = candidates(course, assessment)
        for index, (pool, found) in enumerate(zip(assessment.pools, pools, strict=True)):
            if pool.quiz is not None and pool.quiz not in quizzes:
                continue  # said by the journey's link
            if len(found) < pool.draw:
                source = f"the quiz '{pool.quiz}'" if pool.quiz else f"the pool '{pool.tag}'"
                at = line_of(doc.lines, ("assessments", name, "pools", index))
                problems.append(Problem(doc.file, at, (
                    f"assessments › {name} › pool {index + 1}: {source} holds {len(found)} question"
                    f"{'s' if len(found) != 1 else ''}; it cannot draw {pool.draw}")))
        if graded_by_learner := [f"{c.quiz} › {c.question.id} (type: {c.question.type})" for found in pools
                                 for c in found if question_type(c.question.type).self_assessed]:
            problems.append(Problem(doc.file, line_of(doc.lines, ("assessments", name, "pools")), (
                f"assessments › {name}: {', '.join(graded_by_learner)}: the learner grades such a question "
                "(self-assessed), so an assessment may not draw it; untag it, or draw from another quiz")))
        if twice:
            problems.append(Problem(doc.file, line_of(doc.lines, ("assessments", name, "pools")), (
                f"assessments › {name}: a question is in two pools: {', '.join(twice)}; "
                "a paper must not hold it twice (untag it, or draw it from one pool only)")))
    return problems


def pass_mark(course: Course, assessment: Assessment) -> float:
    if assessment.pass_mark is not None:
        return assessment.pass_mark
    whole = next((pool.quiz for pool in assessment.pools if pool.quiz is not None), None)
    quizzes = course.kind("quiz").docs
    return float(quizzes[whole].model.pass_mark) if whole in quizzes else 70.0


def render(course: Course, ident: str, assessment: Assessment, uid: str, att: str | None = None) -> Widget:
    """`att`: the address of the assessment's attestation page (from the site's root), or None."""
    kind = quizzes(course)
    view = kind.view
    pools, _ = candidates(course, assessment)
    digest = _digest(kind.docs, assessment, pools)
    key = ("exam", ident, digest, att, view.context_key)

    def make() -> str:
        questions = []
        for pool in pools:
            for c in pool:
                (q,) = views(view, kind.docs[c.quiz], [c.question])
                q.pool = c.pool
                questions.append(q)
        whole = next((p.quiz for p in assessment.pools if p.quiz is not None), None)
        title = assessment.title or (kind.docs[whole].model.title if whole else ident)
        mark = pass_mark(course, assessment)
        count = sum(p.draw for p in assessment.pools)
        t = view.t
        meta = [t["ex_meta"].format(n=count, s="s" if count > 1 else "", **{"pass": number(mark, view.lang)}),
                t["ex_attempts"].format(n=assessment.attempts, s="s" if assessment.attempts > 1 else "")]
        if assessment.time_limit:
            meta.append(t["ex_time"].format(min=number(assessment.time_limit, view.lang)))
        return str(view.html(
            "coursekit/exam.html", t=t, uid=UID, id=ident, questions=questions, title=view.inline(title),
            key=f"ck:{view.namespace}:exam:{ident}:{digest}", meta=meta, pass_mark=f"{mark:g}",
            draws=",".join(str(p.draw) for p in assessment.pools), attempts=assessment.attempts,
            seconds=f"{assessment.time_limit * 60:g}" if assessment.time_limit else "",
            review=assessment.review, strings=widget_strings(view.lang, "exam"), att=att))

    return Widget(str(view.cache.memo(key, make)), uid)


def _digest(docs: dict[str, Any], assessment: Assessment, pools: list[list[Candidate]]) -> str:
    """Changes with the settings and the quizzes drawn from: a saved paper then names questions
    that may be gone, so it is saved under another key."""
    versions = sorted({(c.quiz, str(docs[c.quiz].version)) for pool in pools for c in pool})
    return hashlib.sha256(json.dumps([assessment.model_dump(), versions]).encode()).hexdigest()[:12]


def storage_key(course: Course, ident: str, assessment: Assessment) -> str:
    """The key the exam saves under (as `render` writes it), for the manifest."""
    kind = quizzes(course)
    pools, _ = candidates(course, assessment)
    digest = _digest(kind.docs, assessment, pools)
    return f"ck:{course.html.namespace}:exam:{ident}:{digest}"
