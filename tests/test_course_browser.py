"""The real course, as a learner gets it: every page opens under the site's CSP
with no console error and no axe-core violation, and a quiz can be taken."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import shoot
from playwright.sync_api import Page, expect
from test_browser_quiz import AXE, SHOTS, run_axe


def pages(site: Path) -> list[str]:
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    return re.findall(r"<loc>([^<]+)</loc>", sitemap)


def test_every_page_is_clean_and_accessible(page: Page, course_site: tuple[Path, str]) -> None:
    site, url = course_site
    urls = pages(site)
    assert len(urls) >= 3
    assert AXE.exists()
    problems = {}
    for address in urls:
        assert address.startswith(url)
        response = page.goto(address)
        assert response is not None and response.ok, address
        assert response.headers.get("content-security-policy")
        for quiz in page.locator("ck-quiz").all():
            expect(quiz).to_have_class(re.compile("ck-ready"))
        found = run_axe(page)
        if found:
            problems[address] = found
    assert problems == {}


@pytest.mark.parametrize("width,height,name", [(1280, 900, "desktop"), (390, 844, "phone")])
def test_a_learner_takes_the_starter_quiz(page: Page, course_site: tuple[Path, str],
                                          width: int, height: int, name: str) -> None:
    page.set_viewport_size({"width": width, "height": height})
    page.goto(course_site[1])
    SHOTS.mkdir(exist_ok=True)
    shoot(page, page.locator("body"), SHOTS / f"course-home-{name}.png")
    page.goto(course_site[1] + "demo/quiz/")
    quiz = page.locator("ck-quiz.ck-ready").first
    expect(quiz).to_be_visible()
    page.get_by_role("radio", name="Les refus sont naturels").check()
    quiz.get_by_role("button", name="Valider").click()
    expect(quiz.locator(".ck-quiz__alert")).to_contain_text("sans réponse")
    for fieldset in quiz.locator(".ck-q").all():
        kind = fieldset.get_attribute("data-type")
        if kind in ("single", "truefalse"):
            if not fieldset.locator("input:checked").count():
                fieldset.locator("input").first.check()
        elif kind == "multiple":
            fieldset.locator("input").first.check()
        elif kind == "fill":
            fieldset.locator("input").fill("réponse")
        elif kind == "match":
            for select in fieldset.locator("select").all():
                select.select_option(index=1)
        elif kind == "rewrite":  # self-assessed: a text, « Comparer », then the boxes the learner ticks
            fieldset.locator("textarea").fill("Non, parce que l’agence est fermée ; je vous appelle lundi.")
            fieldset.get_by_role("button", name="Comparer").click()
            fieldset.locator(".ck-rw__check input").first.check()
    quiz.get_by_role("button", name="Valider").click()
    expect(quiz.locator(".ck-quiz__score")).to_contain_text(re.compile(r"Votre score\u00a0: [\d,]+ sur \d+"))
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    shoot(page, page.locator("body"), SHOTS / f"course-quiz-{name}.png")


def test_buttons_keep_their_contrast_when_hovered(page: Page, course_site: tuple[Path, str]) -> None:
    page.goto(course_site[1] + "mises-en-situation/refus-1-remise/")
    scenario = page.locator("ck-scenario").first
    for _ in range(20):  # play the first reply until an ending
        again = scenario.get_by_role("button", name="Recommencer")
        if again.is_visible():
            break
        scenario.locator(".ck-sc__choice button").first.click()
    again.hover()
    assert run_axe(page) == []
