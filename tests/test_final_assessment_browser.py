"""The course's final assessment, taken in Chromium as a learner takes it (the real course, its CSP).

A paper holds 20 questions, two or three of each objective of the home page (the pools of
course.yml, one per objective); no correction before it is handed in, then only which questions
were missed; the next attempt draws other questions; axe finds nothing in light or dark.
The figures themselves (pool sizes, balance, coverage) are checked by tests/test_assessment_balance.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from assessment import ASSESSMENT, FINAL_QUIZ, ROOT
from playwright.sync_api import Locator, Page, expect
from ruamel.yaml import YAML
from test_browser_quiz import SHOTS, run_axe

NB = "\u00a0"


def pools() -> tuple[list[str], list[int], dict[str, str]]:
    """Each pool's tag and draw, in course.yml's order, and each final question's objective."""
    yaml = YAML(typ="safe")
    settings = yaml.load((ROOT / "course.yml").read_text(encoding="utf-8"))["assessments"][ASSESSMENT]
    quiz = yaml.load((ROOT / "quizzes" / f"{FINAL_QUIZ}.yml").read_text(encoding="utf-8"))
    objective = {q["id"]: next(t for t in q.get("tags", []) if t.startswith("obj-")) for q in quiz["questions"]}
    return [p["tag"] for p in settings["pools"]], [p["draw"] for p in settings["pools"]], objective


def shown(exam: Locator) -> list[Locator]:
    return exam.locator(".ck-q:visible").all()


def answer_all(exam: Locator) -> None:
    """Some answer to every question but the orderings (the first choice, the first option of each list…)."""
    for q in shown(exam):
        kind = q.get_attribute("data-type")
        if kind in ("single", "truefalse", "multiple"):
            q.locator("input").first.check()
        elif kind == "fill":
            q.locator("input").fill("réponse")
        elif kind == "match":
            for select in q.locator("select").all():
                select.select_option(index=1)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_final_assessment(page: Page, course_site: tuple[Path, str], scheme: str) -> None:
    tags, draws, objective = pools()
    page.emulate_media(color_scheme=scheme)
    page.goto(course_site[1] + "evaluation/")
    exam = page.locator("ck-exam.ck-ready")
    expect(exam.locator(".ck-exam__meta")).to_have_text(re.compile(
        f"{sum(draws)}{NB}questions tirées au sort · seuil de réussite{NB}: 80{NB}%\\s*3{NB}tentatives au plus"
        f"\\s*Temps limité{NB}: 30{NB}min"))
    expect(exam.locator(".ck-exam__status")).to_have_text("Tentative 1 sur 3")
    exam.get_by_role("button", name="Commencer la tentative").click()
    first = shown(exam)
    assert len(first) == sum(draws) == 20
    # two or three questions of each objective, each drawn from its objective's pool
    per_pool = [0] * len(tags)
    for q in first:
        pool = int(q.get_attribute("data-pool") or -1)
        per_pool[pool] += 1
        assert objective[q.get_attribute("data-q") or ""] == tags[pool]
    assert per_pool == draws and min(draws) >= 2
    expect(exam.locator(".ck-exam__clock")).to_have_text(re.compile(f"^Temps restant{NB}: (30:00|29:5\\d)$"))
    expect(exam.locator(".ck-q__num:visible").first).to_have_text("Question 1")
    # nothing says which answer is right before the paper is handed in
    expect(exam.locator(".ck-q__feedback:visible, .ck-q__explanation, .ck-mark, .ck-q__verdict")).to_have_count(0)
    assert run_axe(page) == []
    answer_all(exam)
    exam.get_by_role("button", name="Rendre ma copie").click()
    result = exam.locator(".ck-quiz__result")
    if not result.is_visible():  # an ordering left as shown is said once: hand in all the same
        expect(exam.locator(".ck-quiz__alert")).to_contain_text("sans réponse")
        exam.get_by_role("button", name="Rendre ma copie").click()
    expect(result).to_be_focused()
    expect(result).to_contain_text(re.compile(f"Votre score{NB}: [\\d,]+ sur 20"))
    expect(result).to_contain_text(f"Tentatives utilisées{NB}: 1 sur 3")
    # review: wrong — which questions were missed, never the right answers nor the explanations
    missed = exam.locator(".ck-q__verdict--wrong").count()
    assert missed >= 1
    expect(exam.locator(".ck-mark, .ck-q__explanation")).to_have_count(0)
    assert run_axe(page) == []
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SHOTS / f"final-assessment-review-{scheme}.png", full_page=True)
    # the next attempt: another paper, none of the questions of the first (each pool holds twice its draw)
    ids = {q.get_attribute("data-q") for q in first}
    exam.get_by_role("button", name="Nouvelle tentative (2 sur 3)").click()
    second = shown(exam)
    assert len(second) == 20 and not ids & {q.get_attribute("data-q") for q in second}
