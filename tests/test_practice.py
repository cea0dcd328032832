"""« Revoir mes erreurs » (`[[practice]]`), in Chromium: a small course of its own (two lessons with a
quiz, an exam drawn from a quiz no lesson embeds, « Ma progression » and the practice page) served
with its CSP, and the repository's course for the screenshots and its accessibility. Any console
error fails a test (conftest.page). The embed's check is run on a real build."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT, served, shoot, watch, write_tree
from playwright.sync_api import Browser, Page, expect
from sites import material_config
from test_browser_quiz import run_axe

SHOTS = ROOT / "screenshots"
SITE = {
    "mkdocs.yml": material_config("Révisions d’essai", {
        "Accueil": "index.md",
        "Ma progression": "progression.md",
        "Revoir mes erreurs": "revoir.md",
        "Première leçon": "un.md",
        "Deuxième leçon": "deux.md",
        "Examen": "examen.md",
    }),
    "course.yml": "assessments:\n  finale:\n    pools:\n      - {quiz: trois, draw: 1}\n    review: full\n",
    "course/index.md": "# Accueil\n\nBienvenue.\n",
    "course/progression.md": "# Ma progression\n\n[[progress]]\n",
    "course/revoir.md": "# Revoir mes erreurs\n\n[[practice]]\n",
    "course/un.md": "# Première leçon\n\nTexte.\n\n[[quiz: un]]\n",
    "course/deux.md": "# Deuxième leçon\n\nTexte.\n\n[[quiz: deux]]\n",
    "course/examen.md": "# Examen\n\n[[exam: finale]]\n",
    # the three quizzes share their questions' ids: each question is known by its quiz and its id
    "quizzes/un.yml": """\
        title: Un
        questions:
          - {id: a, type: single, text: Couleur ?, explanation: EXPLICATION-un-a,
             choices: [{text: Rouge, correct: true}, {text: Vert}]}
          - {id: b, type: truefalse, text: Le ciel est bleu., answer: true, explanation: EXPLICATION-un-b}
          - {id: c, type: single, text: Forme ?, choices: [{text: Rond, correct: true}, {text: Carré}]}
        """,
    "quizzes/deux.yml": """\
        title: Deux
        shuffle: true
        questions:
          - {id: a, type: single, text: Saison ?, choices: [{text: Été, correct: true}, {text: Hiver}]}
          - {id: b, type: fill, text: "Capitale de la France : ___", answers: [Paris]}
        """,
    "quizzes/trois.yml": """\
        title: Trois
        questions:
          - {id: a, type: single, text: Jour ?, choices: [{text: Lundi, correct: true}, {text: Mardi}]}
        """,
}


@pytest.fixture(scope="module")
def practice_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    root = tmp_path_factory.mktemp("practice")
    # the course's stylesheet: Material's footer and links in a paragraph, made readable (axe)
    write_tree(root, {**SITE, "course/stylesheets/extra.css": (ROOT / "course/stylesheets/extra.css").read_text("utf-8")})
    yield from served(tmp_path_factory, root / "mkdocs.yml")


def answer_quiz(page: Page, *labels: str, fill: str | None = None) -> None:
    """Check the radios named `labels` (and type `fill` in the blank), then « Valider »."""
    quiz = page.locator("ck-quiz.ck-ready")
    for label in labels:
        quiz.get_by_role("radio", name=label, exact=True).check()
    if fill is not None:
        quiz.get_by_role("textbox").fill(fill)
    quiz.get_by_role("button", name="Valider").click()
    expect(quiz.locator(".ck-quiz__result")).to_be_visible()


def shown(page: Page) -> list[str]:
    """The questions the practice page shows, as `quiz/id`, in their order."""
    return [q.evaluate("n => n.closest('.ck-practice__group').dataset.quiz + '/' + n.dataset.q")
            for q in page.locator("ck-practice .ck-q:visible").all()]


def practice(page: Page, url: str) -> None:
    page.goto(url + "revoir/")
    expect(page.locator("ck-practice.ck-ready")).to_have_count(1)


def test_wrong_answers_gather_then_leave(page: Page, practice_site: tuple[Path, str]) -> None:
    url = practice_site[1]
    practice(page, url)
    summary = page.locator(".ck-practice__summary")
    expect(summary).to_contain_text("Aucune erreur à revoir pour l’instant")
    # two wrong answers in the first lesson's quiz, one right
    page.goto(url + "un/")
    answer_quiz(page, "Vert", "Faux", "Rond")
    page.get_by_role("link", name="Revoir mes erreurs").first.click()  # instant navigation
    expect(page).to_have_url(url + "revoir/")
    expect(page.locator("ck-practice.ck-ready")).to_have_count(1)
    assert shown(page) == ["un/a", "un/b"]
    expect(summary.locator("p:visible")).to_have_text("2\u00a0questions à revoir, dans 1\u00a0leçon\u00a0:")
    expect(summary.locator("li")).to_have_text("Première leçon (2\u00a0questions)")
    expect(summary.get_by_role("link", name="Première leçon")).to_have_attribute("href", url + "un/")
    group = page.locator(".ck-practice__group:visible")
    expect(group).to_have_count(1)
    expect(group.get_by_role("heading")).to_have_text("Quiz Un")
    expect(group.locator(".ck-practice__lesson")).to_have_text("Leçon\u00a0: Première leçon")
    expect(group.get_by_role("link", name="Première leçon")).to_have_attribute("href", url + "un/")
    expect(page.locator("ck-practice .ck-q:visible .ck-q__num")).to_have_text(["Question\u00a01", "Question\u00a02"])
    assert "EXPLICATION" not in page.locator("ck-practice").inner_text()
    # a missing answer is said, as in a quiz
    practice_form = page.locator("ck-practice")
    practice_form.get_by_role("radio", name="Rouge").check()
    practice_form.get_by_role("button", name="Vérifier").click()
    expect(practice_form.get_by_role("alert")).to_have_text("Il reste 1\u00a0question sans réponse\u00a0: 2.")
    expect(practice_form.get_by_role("radio", name="Vrai")).to_be_focused()
    # one right, one wrong again: the quiz's feedback and explanations, then the right one leaves
    practice_form.get_by_role("radio", name="Faux").check()
    practice_form.get_by_role("button", name="Vérifier").click()
    result = practice_form.locator(".ck-quiz__result")
    expect(result).to_be_focused()
    expect(result.locator(".ck-quiz__score")).to_have_text("Questions réussies\u00a0: 1 sur 2.")
    expect(practice_form.locator(".ck-q__verdict")).to_have_text([re.compile("^✓ Bonne réponse"), re.compile("^✗ Réponse incorrecte")])
    expect(practice_form.locator(".ck-q__explanation")).to_have_text(["EXPLICATION-un-a", "EXPLICATION-un-b"])
    expect(practice_form.get_by_role("button", name="Vérifier")).to_be_hidden()
    result.get_by_role("button", name="Continuer").click()
    expect(page.locator("ck-practice .ck-sr")).to_have_text("1\u00a0question réussie quitte la liste\u00a0; il en reste 1.")
    expect(summary).to_be_focused()
    assert shown(page) == ["un/b"]
    expect(summary.locator("p:visible")).to_have_text("1\u00a0question à revoir, dans 1\u00a0leçon\u00a0:")
    expect(practice_form.get_by_role("radio", name="Faux")).not_to_be_checked()
    expect(practice_form.get_by_role("radio", name="Faux")).to_be_enabled()
    expect(practice_form.locator(".ck-q__feedback:visible")).to_have_count(0)
    expect(practice_form.locator(".ck-q__num:visible")).to_have_text(["Question\u00a01"])
    page.reload()
    expect(page.locator("ck-practice.ck-ready")).to_have_count(1)
    assert shown(page) == ["un/b"]
    # answered right in its own quiz: the list is empty
    page.goto(url + "un/")
    page.get_by_role("button", name="Recommencer").click()
    answer_quiz(page, "Rouge", "Vrai", "Rond")
    practice(page, url)
    assert shown(page) == []
    expect(summary.locator("p:visible").first).to_have_text(
        "Aucune erreur à revoir pour l’instant\u00a0: les questions que vous manquerez dans les quiz des leçons "
        "viendront s’ajouter ici, le temps de les retravailler.")
    expect(summary.get_by_role("link", name="Ma progression")).to_have_attribute("href", url + "progression/")
    expect(page.get_by_role("button", name="Vérifier")).to_be_hidden()


def test_two_quizzes_and_the_exam(page: Page, practice_site: tuple[Path, str]) -> None:
    url = practice_site[1]
    page.goto(url + "deux/")
    answer_quiz(page, "Hiver", fill="Lyon")
    page.goto(url + "un/")
    answer_quiz(page, "Vert", "Vrai", "Rond")
    # the exam records nothing, whatever its review shows
    page.goto(url + "examen/")
    exam = page.locator("ck-exam.ck-ready")
    exam.get_by_role("button", name="Commencer la tentative").click()
    exam.get_by_role("radio", name="Mardi").check()
    exam.get_by_role("button", name="Rendre ma copie").click()
    expect(exam.locator(".ck-quiz__result")).to_contain_text("Pas encore réussie")
    practice(page, url)
    # grouped by quiz, in the navigation's order; the quiz only the exam draws from is not in the page
    assert shown(page) == ["un/a", "deux/a", "deux/b"]
    assert page.locator("ck-practice .ck-practice__group").evaluate_all("gs => gs.map(g => g.dataset.quiz)") == ["un", "deux"]
    expect(page.locator(".ck-practice__group:visible h2")).to_have_text(["Quiz Un", "Quiz Deux"])
    # a quiz that shuffles its choices has them shuffled here too (both orders come in at most 30 draws)
    orders = set()
    for _ in range(30):
        page.reload()
        expect(page.locator("ck-practice.ck-ready")).to_have_count(1)
        orders.add(tuple(page.locator(".ck-practice__group[data-quiz=deux] .ck-choice__label:visible").all_inner_texts()))
        if len(orders) == 2:
            break
    assert orders == {("Été", "Hiver"), ("Hiver", "Été")}
    summary = page.locator(".ck-practice__summary")
    expect(summary.locator("p:visible")).to_have_text("3\u00a0questions à revoir, dans 2\u00a0leçons\u00a0:")
    expect(summary.locator("li")).to_have_text(["Première leçon (1\u00a0question)", "Deuxième leçon (2\u00a0questions)"])
    form = page.locator("ck-practice")
    form.get_by_role("radio", name="Vert").check()
    form.get_by_role("radio", name="Été").check()
    form.get_by_role("textbox").fill("Paris")
    form.get_by_role("button", name="Vérifier").click()
    expect(form.locator(".ck-quiz__score")).to_have_text("Questions réussies\u00a0: 2 sur 3.")
    form.get_by_role("button", name="Continuer").click()
    expect(page.locator("ck-practice .ck-sr")).to_have_text("2\u00a0questions réussies quittent la liste\u00a0; il en reste 1.")
    assert shown(page) == ["un/a"]
    form.get_by_role("radio", name="Vert").check()
    form.get_by_role("button", name="Vérifier").click()
    form.get_by_role("button", name="Continuer").click()
    expect(page.locator("ck-practice .ck-sr")).to_have_text("Aucune question réussie cette fois\u00a0; il en reste 1.")
    form.get_by_role("radio", name="Rouge").check()
    form.get_by_role("button", name="Vérifier").click()
    form.get_by_role("button", name="Continuer").click()
    expect(page.locator("ck-practice .ck-sr")).to_have_text("Tout est réussi\u00a0: plus aucune erreur à revoir\u00a0!")
    assert shown(page) == []
    expect(summary).to_contain_text("Aucune erreur à revoir pour l’instant")
    expect(summary).to_be_focused()
    # the quiz itself keeps its own result: its saved answers are not the practice page's
    page.goto(url + "un/")
    expect(page.locator("ck-quiz .ck-quiz__score")).to_contain_text("2 sur 3")


@pytest.mark.parametrize("width,height", [(1280, 800), (390, 844)])
def test_by_keyboard(browser: Browser, practice_site: tuple[Path, str], width: int, height: int) -> None:
    context = browser.new_context(base_url=practice_site[1], viewport={"width": width, "height": height})
    page = context.new_page()
    errors = watch(page)
    page.goto("un/")
    answer_quiz(page, "Vert", "Faux", "Rond")
    page.goto("revoir/")
    expect(page.locator("ck-practice.ck-ready")).to_have_count(1)
    page.locator("ck-practice .ck-q:visible input").first.focus()
    page.keyboard.press("Space")  # « Rouge », the first choice: right
    page.keyboard.press("Tab")
    expect(page.get_by_role("radio", name="Vrai")).to_be_focused()
    page.keyboard.press("ArrowDown")  # « Faux »: wrong again
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Vérifier")).to_be_focused()
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    page.keyboard.press("Enter")
    result = page.locator("ck-practice .ck-quiz__result")
    expect(result).to_be_focused()
    expect(result).to_contain_text("Questions réussies\u00a0: 1 sur 2.")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Continuer")).to_be_focused()
    page.keyboard.press("Enter")
    summary = page.locator(".ck-practice__summary")
    expect(summary).to_be_focused()
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    expect(summary.locator("p:visible")).to_have_text("1\u00a0question à revoir, dans 1\u00a0leçon\u00a0:")
    page.keyboard.press("Tab")  # the lesson's link, in the summary
    expect(summary.get_by_role("link", name="Première leçon")).to_be_focused()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    context.close()
    assert errors == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_empty_with_questions_and_checked(page: Page, practice_site: tuple[Path, str], scheme: str) -> None:
    url = practice_site[1]
    page.emulate_media(color_scheme=scheme)
    practice(page, url)
    expect(page.locator(".ck-practice__summary")).to_contain_text("Aucune erreur")
    assert run_axe(page) == []
    page.goto(url + "deux/")
    answer_quiz(page, "Hiver", fill="Lyon")
    practice(page, url)
    assert len(shown(page)) == 2
    assert run_axe(page) == []
    page.locator("ck-practice").get_by_role("radio", name="Été").check()
    page.locator("ck-practice").get_by_role("textbox").fill("Marseille")
    page.get_by_role("button", name="Vérifier").click()
    expect(page.locator("ck-practice .ck-quiz__result")).to_be_focused()
    assert run_axe(page) == []


def test_the_course_page_screenshots_and_axe(browser: Browser, course_site: tuple[Path, str]) -> None:
    """The repository's course, with a few questions of several types to review: screenshots in
    screenshots/ (desktop and phone, light; desktop dark once checked) and no axe violation."""
    for width, height, scheme, name in ((1280, 800, "light", "desktop"), (390, 844, "light", "phone"),
                                        (1280, 800, "dark", "desktop-dark")):
        context = browser.new_context(base_url=course_site[1], viewport={"width": width, "height": height},
                                      color_scheme=scheme)  # type: ignore[arg-type]
        page = context.new_page()
        errors = watch(page)
        page.goto("revoir/")
        widget = page.locator("ck-practice.ck-ready")
        expect(widget).to_have_count(1)
        # a learner's mistakes: two questions of the first quiz, one of the first ordering and matching ones
        record = widget.evaluate("""w => {
          const pick = {}, add = (n) => { const q = n.closest('.ck-practice__group').dataset.quiz;
            (pick[q] = pick[q] || []).includes(n.dataset.q) || pick[q].push(n.dataset.q); };
          const groups = [...w.querySelectorAll('.ck-practice__group')];
          [...groups[1].querySelectorAll('.ck-q')].slice(0, 2).forEach(add);
          add(w.querySelector('.ck-q[data-type=order]'));
          add(w.querySelector('.ck-q[data-type=match]'));
          localStorage.setItem(w.dataset.key, JSON.stringify({v: 1, w: pick}));
          return pick; }""")
        assert sum(len(ids) for ids in record.values()) == 4
        page.reload()
        expect(widget.locator(".ck-q:visible")).to_have_count(4)
        assert run_axe(page) == []
        if scheme == "dark":
            for q in widget.locator(".ck-q:visible").all():  # the first choice of each, whatever it is worth
                for select in q.locator("select").all():
                    select.select_option(index=1)
                for box in q.locator("input[type=radio], input[type=checkbox]").all()[:1]:
                    box.check()
                for text in q.locator("input[type=text]").all():
                    text.fill("réponse")
            widget.get_by_role("button", name="Vérifier").click()
            expect(widget.locator(".ck-quiz__result")).to_be_visible()
            assert run_axe(page) == []
        shoot(page, page.locator("article"), SHOTS / f"practice-{name}.png")
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        context.close()
        assert errors == []


# -- the build ------------------------------------------------------------------------
def test_the_embed_takes_no_id_and_the_manifest_names_the_page(build) -> None:  # type: ignore[no-untyped-def]
    files = {"course/lecon.md": "# Leçon\n\n[[quiz: essai]]\n",
             "course/revoir.md": "# Revoir\n\nTexte.\n\n[[practice: essai]]\n",
             "quizzes/essai.yml": "title: Essai\nquestions:\n  - {id: q1, type: single, text: Oui ?, choices: "
                                  "[{text: Oui, correct: true}, {text: Non}]}\n"}
    done = build(files)
    assert done.code == 1
    assert "course/revoir.md:5: [[practice: essai]]: this embed takes no id; write [[practice]]" in done.log
    assert "Traceback" not in done.log
    done = build({"course/revoir.md": "# Revoir\n\nTexte.\n\n[[practice]]\n"})
    assert done.code == 0, done.log
    manifest = json.loads(next((done.site / "assets" / "coursekit").glob("course.*.json")).read_text("utf-8"))
    assert manifest["practice"] == "revoir/"
    page = done.html("revoir/index.html")
    widget = page[page.index("<ck-practice"): page.index("</ck-practice>")]
    assert 'data-key="ck:' in widget and widget.count('class="ck-q"') == 1
    assert '<a data-url="lecon/">' in widget  # the lesson's address from the site's root, for the script
    assert not re.search(r"<script|\sstyle=|\son[a-z]+=", widget)
