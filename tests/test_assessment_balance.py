"""The final assessment and the balance of every quiz, checked on the course's files.

What is checked, and why, is said in tests/assessment.py. Each test prints the course's figures
in its assertion message; the last one plants each defect in a copy of the files and checks that
it is reported, so that a check that cannot fail does not pass unnoticed.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from assessment import (
    ASSESSMENT,
    FINAL_QUIZ,
    NEW_CASE,
    ROOT,
    Files,
    Question,
    balance,
    case_figures,
    coverage,
    figures,
    final_questions,
    lesson_questions,
    load,
    non_sec,
    page_agrees,
    pools,
    reuse,
)


# -- the course -------------------------------------------------------------------------
@pytest.fixture(scope="module")
def files() -> Files:
    return load(ROOT)


def report(problems: list[str], files: Files) -> str:
    return f"{figures(files)}\n" + "\n".join(problems)


def test_balance(files: Files) -> None:
    problems = balance(files)
    assert not problems, report(problems, files)


def test_pools(files: Files) -> None:
    problems = pools(files)
    assert not problems, report(problems, files)


def test_objectives_covered(files: Files) -> None:
    problems = coverage(files)
    assert not problems, report(problems, files)


def test_no_lesson_question_reused(files: Files) -> None:
    problems = reuse(files)
    assert not problems, report(problems, files)


def test_non_sec_as_the_lessons_say(files: Files) -> None:
    problems = non_sec(files)
    assert not problems, report(problems, files)


def test_the_page_says_what_the_pools_hold(files: Files) -> None:
    problems = page_agrees(files)
    assert not problems, report(problems, files)


def test_figures_of_the_new_cases(files: Files) -> None:
    problems = case_figures(files)
    assert not problems, report(problems, files)


# -- each check fails on a planted defect ---------------------------------------------------
def questions_of(files: Files, quiz: str) -> Iterator[Question]:
    return (q for q in files.questions if q.quiz == quiz)


def test_checks_fail_on_planted_defects() -> None:
    base = load(ROOT)
    assert not balance(base) and not pools(base) and not coverage(base) and not reuse(base) \
        and not case_figures(base) and not page_agrees(base)

    f = load(ROOT)  # every single-choice question: the right answer made the longest
    for q in f.questions:
        if q.data.get("type") == "single":
            for c in q.data["choices"]:
                if c.get("correct"):
                    c["text"] = str(c["text"]) + " " + "x" * 200
    assert any("longest choice" in p for p in balance(f))

    f = load(ROOT)  # every single-choice question: the right answer made the shortest, and put first
    for q in f.questions:
        if q.data.get("type") == "single":
            for c in q.data["choices"]:
                c["text"] = "R" if c.get("correct") else str(c["text"]) + " et plus"
            q.data["choices"].sort(key=lambda c: not c.get("correct"))
    found = balance(f)
    assert any("shortest choice" in p for p in found) and any("the first choice" in p for p in found)

    f = load(ROOT)  # a response rate that no longer makes 3 %, a thought experiment that miscounts
    for q in questions_of(f, FINAL_QUIZ):
        if q.data.get("id") == "recul-salon":
            q.data["text"] = str(q.data["text"]).replace("invite 500", "invite 200")
        if q.data.get("id") == "recul-menuisier":
            q.data["text"] = str(q.data["text"]).replace("démarche 200", "démarche 300")
    assert len(case_figures(f)) == 2

    f = load(ROOT)  # every true/false of the final made « faux »
    for q in questions_of(f, FINAL_QUIZ):
        if q.data.get("type") == "truefalse":
            q.data["answer"] = False
    assert any("final pools are « vrai »" in p for p in balance(f))

    f = load(ROOT)  # a multiple-answer question that does not say so, another with a wrong count
    multiples = [q for q in f.questions if q.data.get("type") == "multiple"]
    multiples[0].data["text"] = "Lesquelles ?"
    right = sum(1 for c in multiples[1].data["choices"] if c.get("correct"))
    multiples[1].data["text"] = f"Lesquelles ? ({right + 1} réponses)"
    found = balance(f)
    assert any("does not say so" in p for p in found) and any("announces" in p for p in found)

    f = load(ROOT)  # fewer questions drawn, no time limit, the answers shown
    a = f.settings["assessments"][ASSESSMENT]
    a["pools"][0]["draw"] = 1
    a["time_limit"] = None
    a["review"] = "full"
    f.revealed.add(FINAL_QUIZ)
    found = pools(f)
    assert any("are drawn" in p for p in found) and any("time limit" in p for p in found) \
        and any("shows the answers" in p for p in found) and any("reveal: false" in p for p in found)
    assert any("at least 2 expected" in p for p in coverage(f))
    assert any("the questions drawn" in p for p in page_agrees(f)) and any("time limit" in p for p in page_agrees(f))

    f = load(ROOT)  # an objective without questions, a question without an objective
    first = next(iter(f.objectives))
    finals = final_questions(f)
    for q in finals:
        if first in q.tags:
            q.data["tags"] = [NEW_CASE]
    found = coverage(f)
    assert any(f"the objective '{first}' has 0 questions" in p for p in found)
    assert any("exactly one objective" in p for p in found)

    f = load(ROOT)  # new cases no longer the most, and one told in a lesson's words
    for q in final_questions(f):
        q.data["tags"] = [t for t in q.tags if t != NEW_CASE]
    case = final_questions(f)[0]
    case.data["tags"] = [*case.tags, NEW_CASE]
    case.data["text"] = "Le prospect a mis fin à l’échange, et les vraies raisons restent inconnues."
    found = coverage(f)
    assert any("most of them expected" in p for p in found) and any("lesson’s words" in p or "lesson's words" in p
                                                                     for p in found)

    f = load(ROOT)  # a lesson question copied into the final, its text barely changed
    lesson = next(q for q in lesson_questions(f) if q.data.get("type") == "order")
    final = final_questions(f)[0]
    final.data = dict(lesson.data, text=str(lesson.data["text"]).replace("dans", "selon"), tags=final.tags)
    assert any("too close to" in p for p in reuse(f))

    f = load(ROOT)  # the home page calls the « non sec » one of the worst manners
    ident, (line, _) = next(iter(f.objectives.items()))
    f.objectives[ident] = (line, "d’expliquer pourquoi le « non sec » est l’une des pires manières de refuser")
    assert non_sec(f)
