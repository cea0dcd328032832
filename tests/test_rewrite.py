"""The self-assessed rewriting (`type: rewrite`) in Chromium, on the test site's page « Réécrire »:
the learner writes, « Comparer » shows the model answer (sealed in the page until then) and the
checklist, the ticks make the grade; by mouse and by keyboard alone, saved and restored, with axe
in both palettes. An assessment may not draw such a question (a build error with file:line)."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from conftest import ROOT, shoot
from playwright.sync_api import Page, expect
from test_browser_quiz import press_until, run_axe

SHOTS = ROOT / "screenshots"
Q = "#ck-reecrire-remise"
MODEL = "tarif de partenaire"  # in the model answer only
ITEMS = ["Le non est dit clairement.", "La raison tient à la situation de ce client.", "Une suite est proposée."]
MINE = "Je ne peux pas descendre à 15 %, parce que votre contrat a déjà notre meilleur tarif. Je vous propose d’étaler les paiements."


def open_page(page: Page) -> None:
    page.goto("reecrire/")
    expect(page.locator("ck-quiz.ck-ready")).to_have_count(1)


def compare(page: Page) -> None:
    page.locator(Q).get_by_role("button", name="Comparer").click()


def tick(page: Page, items: list[str]) -> None:
    for item in items:
        page.get_by_role("checkbox", name=item).check()


def submit(page: Page) -> None:
    page.get_by_role("button", name="Valider").click()


def test_the_model_answer_is_sealed_until_the_learner_compares(page: Page, demo_site: tuple[Path, str]) -> None:
    html = (demo_site[0] / "reecrire" / "index.html").read_text(encoding="utf-8")
    assert MODEL not in html and "EXPLICATION-REECRITURE" not in html
    open_page(page)
    panel = page.locator(f"{Q} .ck-rw__cmp")
    expect(panel).to_be_hidden()
    # nothing written: « Comparer » says so and sends the learner back to the text box
    compare(page)
    expect(page.locator(f"{Q} .ck-rw__say")).to_have_text("Écrivez d’abord votre version\u00a0: la réponse modèle vient ensuite.")
    assert page.evaluate("document.activeElement.id") == "ck-reecrire-remise-in"
    expect(panel).to_be_hidden()
    page.get_by_role("textbox", name="Votre version").fill(MINE)
    compare(page)
    expect(panel).to_be_visible()
    expect(page.locator(f"{Q} .ck-rw__model")).to_contain_text(MODEL)
    expect(page.locator(f"{Q} .ck-rw__say")).to_have_text("")
    # the focus on the model answer's title, then the checklist
    assert page.evaluate("document.activeElement.textContent") == "Une réponse modèle"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "ck-reecrire-remise-0"


def test_right_only_when_every_box_is_ticked(page: Page) -> None:
    open_page(page)
    page.get_by_role("textbox", name="Votre version").fill(MINE)
    compare(page)
    tick(page, ITEMS[:2])
    page.get_by_role("radio", name="Non, parce que").check()
    submit(page)
    result = page.locator("#ck-reecrire .ck-quiz__result")
    expect(result).to_contain_text("Votre score\u00a0: 1 sur 2 (50\u00a0%)")
    verdict = page.locator(f"{Q} .ck-q__verdict")
    expect(verdict).to_contain_text("Réponse incorrecte")
    expect(page.locator(f"{Q} .ck-q__explanation")).to_have_text("EXPLICATION-REECRITURE")
    # graded: the text, the button and the boxes are locked
    for control in (page.get_by_role("textbox", name="Votre version"), page.get_by_role("checkbox", name=ITEMS[2]),
                    page.locator(Q).get_by_role("button", name="Comparer")):
        expect(control).to_be_disabled()
    # kept after a reload: the text, the model answer, the ticks and the verdict
    open_page(page)
    expect(page.get_by_role("textbox", name="Votre version")).to_have_value(MINE)
    expect(page.locator(f"{Q} .ck-rw__model")).to_contain_text(MODEL)
    assert [page.get_by_role("checkbox", name=item).is_checked() for item in ITEMS] == [True, True, False]
    expect(verdict).to_contain_text("Réponse incorrecte")
    # « Recommencer »: an empty box, the model answer hidden again, nothing ticked
    page.get_by_role("button", name="Recommencer").click()
    expect(page.get_by_role("textbox", name="Votre version")).to_have_value("")
    expect(page.locator(f"{Q} .ck-rw__cmp")).to_be_hidden()
    expect(page.locator(f"{Q} .ck-rw__model")).to_be_empty()
    page.get_by_role("textbox", name="Votre version").fill(MINE)
    compare(page)
    assert not any(page.get_by_role("checkbox", name=item).is_checked() for item in ITEMS)
    tick(page, ITEMS)
    page.get_by_role("radio", name="Non, parce que").check()
    submit(page)
    expect(result).to_contain_text("Votre score\u00a0: 2 sur 2 (100\u00a0%)")
    expect(verdict).to_contain_text("Bonne réponse")


def test_not_compared_is_not_answered(page: Page) -> None:
    open_page(page)
    page.get_by_role("textbox", name="Votre version").fill(MINE)
    page.get_by_role("radio", name="Non, parce que").check()
    submit(page)
    expect(page.locator("#ck-reecrire .ck-quiz__alert")).to_have_text(re.compile(r"Il reste 1\u00a0question sans réponse\u00a0: 1\."))
    assert page.evaluate("document.activeElement.id") == "ck-reecrire-remise-in"
    expect(page.locator("#ck-reecrire .ck-quiz__result")).to_be_hidden()


def test_the_draft_keeps_the_text_and_the_ticks(page: Page) -> None:
    open_page(page)
    page.get_by_role("textbox", name="Votre version").fill(MINE)
    compare(page)
    tick(page, ITEMS[1:2])
    open_page(page)
    expect(page.get_by_role("textbox", name="Votre version")).to_have_value(MINE)
    expect(page.locator(f"{Q} .ck-rw__cmp")).to_be_visible()
    assert [page.get_by_role("checkbox", name=item).is_checked() for item in ITEMS] == [False, True, False]


def test_with_the_keyboard_alone(page: Page) -> None:
    open_page(page)
    press_until(page, "Tab", "#ck-reecrire-remise-in")
    page.keyboard.type("Non, parce que votre contrat a déjà notre meilleur tarif.")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Comparer"
    page.keyboard.press("Enter")
    expect(page.locator(f"{Q} .ck-rw__model")).to_contain_text(MODEL)
    for k in range(3):
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.id") == f"ck-reecrire-remise-{k}"
        page.keyboard.press("Space")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "ck-reecrire-forme-0"
    page.keyboard.press("Space")
    press_until(page, "Tab", ".ck-quiz__actions button")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.classList.contains('ck-quiz__result')")
    expect(page.locator("#ck-reecrire .ck-quiz__result")).to_contain_text("2 sur 2")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_and_screenshots(page: Page, scheme: str) -> None:
    page.emulate_media(color_scheme=scheme)
    page.set_viewport_size({"width": 1280, "height": 900})
    open_page(page)
    assert run_axe(page) == []
    page.get_by_role("textbox", name="Votre version").fill(MINE)
    compare(page)
    tick(page, ITEMS[:2])
    assert run_axe(page) == []
    page.get_by_role("textbox", name="Votre version").focus()
    page.keyboard.press("Tab")  # to « Comparer »: its focus ring, seen
    assert page.evaluate("document.activeElement.textContent") == "Comparer"
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") == "solid"
    SHOTS.mkdir(exist_ok=True)
    shoot(page, page.locator("#ck-reecrire"), SHOTS / f"rewrite-{scheme}-compared.png")
    page.get_by_role("radio", name="Non, parce que").check()
    submit(page)
    assert run_axe(page) == []
    shoot(page, page.locator("#ck-reecrire"), SHOTS / f"rewrite-{scheme}-graded.png")


REWRITE = """\
    title: Réécrire
    questions:
      - id: reecrire
        type: rewrite
        tags: [finale]
        text: Réécrivez ce refus.
        original: « Non. »
        answer: « Non, parce que… »
        checklist: [Une raison]
      - id: choix
        type: single
        tags: [finale]
        text: Quelle forme ?
        choices:
          - {text: "Non, parce que", correct: true}
          - {text: Non sec}
    """


def test_an_assessment_may_not_draw_a_self_assessed_question(build) -> None:
    built = build({
        "course/index.md": "# Essai\n\n[[quiz: reecrire]]\n\n[[exam: finale]]\n",
        "quizzes/reecrire.yml": REWRITE,
        "course.yml": "assessments:\n  finale:\n    pools:\n      - {tag: finale, draw: 1}\n",
    })
    assert built.code == 1 and "Traceback" not in built.log
    assert ("course.yml:3: assessments › finale: reecrire › reecrire (type: rewrite): the learner grades such a "
            "question (self-assessed), so an assessment may not draw it") in built.log, built.log


def test_the_checklist_and_the_model_answer_are_checked_with_file_and_line(build) -> None:
    broken = REWRITE.replace("checklist: [Une raison]", "checklist: []").replace("answer: « Non, parce que… »", "answer: ' '")
    built = build({"course/index.md": "# Essai\n\n[[quiz: reecrire]]\n", "quizzes/reecrire.yml": broken})
    assert built.code == 1 and "Traceback" not in built.log
    assert "quizzes/reecrire.yml:8: question 1 (id 'reecrire'): `answer` must not be empty" in built.log, built.log
    assert ("quizzes/reecrire.yml:9: question 1 (id 'reecrire'): `checklist` needs at least 1 entry (found 0)"
            in built.log), built.log


def test_the_course_uses_it_sealed_and_the_answer_key_shows_it(course_site: tuple[Path, str],
                                                               trainer_site: tuple[Path, str]) -> None:
    lesson = html_of(course_site[0], "partie-2/vraie-raison")
    assert lesson.count('data-type="rewrite"') == 2
    # the model answers, sealed: not in the page in clear
    assert "qui couvre la saisie des bulletins" not in lesson and "aux mesures exactes de votre comptoir" not in lesson
    assert 'data-type="rewrite"' in html_of(course_site[0], "demo/quiz")
    key = html_of(trainer_site[0], "formateur/corrige")
    assert key.count("(réécriture auto-évaluée, 1\u00a0pt)") == 3
    assert "Réponse modèle\u00a0: «\u00a0J’entends bien\u00a0: avec ce retard" in key
    assert "À cocher\u00a0: Ma raison tient à sa commande, pas à un délai général." in key


def html_of(site: Path, page: str) -> str:
    return html.unescape((site / page / "index.html").read_text(encoding="utf-8"))
