"""A scenario's ending in a real browser: its method tags are links to their lessons (reached with the
keyboard, followed with Material's instant navigation), a damaged relationship lists what to review
rather than a method, and a balance of points reads as a balance, its sign said in words when it is
negative. The course's own scenarios, served with their Content Security Policy (conftest)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from test_browser_quiz import run_axe

SC = "ck-scenario.ck-ready"
# refus-1-remise: the best path (its replies' indices in the file), and a « non sec » behind the rules
BEST = (1, 1, 1, 1, 0)
RULES = (0, 1)


def open_scenario(page: Page, site: tuple[Path, str], key: str = "refus-1-remise") -> None:
    page.goto(f"{site[1]}mises-en-situation/{key}/")
    expect(page.locator(SC)).to_have_count(1)


def choose(page: Page, *path: int) -> None:
    for index in path:
        page.locator(f'{SC} .ck-sc__reply[data-i="{index}"]').click()


def tags(page: Page, heading: str) -> list[tuple[str, str | None]]:
    """(name, address) of each tag under `heading` (« Méthode », « À revoir ») of the ending shown."""
    group = page.locator(f"{SC} .ck-sc__end .ck-sc__method", has_text=heading)
    return [(tag.inner_text(), tag.locator("a").get_attribute("href") if tag.locator("a").count() else None)
            for tag in group.locator(".ck-sc__tag").all()]



def test_the_method_tags_link_to_their_lessons(page: Page, course_site: tuple[Path, str]) -> None:
    open_scenario(page, course_site)
    choose(page, *BEST)
    end = page.locator(f"{SC} .ck-sc__end")
    expect(end).to_contain_text("Relation préservée")
    expect(page.locator(f"{SC} .ck-sc__log")).to_contain_text("J’espérais un geste")  # still disappointed
    assert tags(page, "Méthode") == [
        ("Écouter d’abord", "../../partie-2/ecouter-d-abord/"),
        ("Une vraie raison, propre à ce client", "../../partie-2/vraie-raison/"),
        ("«\u00a0Non, parce que…\u00a0»", "../../partie-2/trois-formes/"),
        ("«\u00a0Non, mais…\u00a0»", "../../partie-2/trois-formes/")]
    expect(end.locator(".ck-sc__method", has_text="À revoir")).to_have_count(0)
    # from the ending's heading, the keyboard reaches the first tag's link, and follows it
    expect(end.locator("h3")).to_be_focused()
    for _ in range(5):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.closest('.ck-sc__tag') !== null"):
            break
    assert page.evaluate("document.activeElement.textContent") == "Écouter d’abord"
    page.evaluate("window.ckMarker = 1")
    page.keyboard.press("Enter")
    expect(page.locator("article h1")).to_have_text(re.compile("Écouter d’abord"))
    assert page.url == course_site[1] + "partie-2/ecouter-d-abord/"
    assert page.evaluate("window.ckMarker") == 1  # Material's instant navigation: the page was swapped


def test_a_damaged_relationship_lists_what_to_review_not_a_method(page: Page, course_site: tuple[Path, str]) -> None:
    open_scenario(page, course_site)
    choose(page, *RULES)
    end = page.locator(f"{SC} .ck-sc__end")
    expect(end).to_contain_text("Relation abîmée")
    assert tags(page, "À revoir") == [("Le non sec", "../../partie-2/non-sec/"),
                                      ("Une vraie raison, propre à ce client", "../../partie-2/vraie-raison/")]
    expect(end.locator(".ck-sc__method", has_text="Méthode")).to_have_count(0)
    end.get_by_role("link", name="Le non sec").click()
    expect(page.locator("article h1")).to_have_text(re.compile("non sec"))


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_balance_reads_as_one(page: Page, course_site: tuple[Path, str], scheme: str) -> None:
    """A positive balance with its sign, beside the best path's; a negative one says what it means, in
    words (not a colour). axe finds nothing in either ending, in either colour scheme."""
    page.emulate_media(color_scheme=scheme)
    open_scenario(page, course_site)
    choose(page, *BEST)
    score = page.locator(f"{SC} .ck-sc__score")
    expect(score).to_have_text("Bilan de vos choix\u00a0: +14\u00a0points. Meilleur parcours possible\u00a0: +14\u00a0points.")
    assert run_axe(page) == []
    page.locator(f"{SC} .ck-sc__restart").click()
    choose(page, 0, 1)  # a « non sec », then the rules of the house: −2, −2 and an ending worth 0
    expect(score).to_have_text("Bilan de vos choix\u00a0: −4\u00a0points. Meilleur parcours possible\u00a0: +14\u00a0points. "
                               "Un bilan négatif veut dire que vos réponses ont fait plus de tort que de bien à la relation.")
    expect(page.locator(f"{SC} .ck-sc__record")).to_have_text(
        "Votre meilleur bilan\u00a0: +14\u00a0points · fins découvertes\u00a0: 2 sur 6")
    assert run_axe(page) == []
