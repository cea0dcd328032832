"""The journey's own pages in Chromium: « Ma progression » links to « Revoir mes erreurs » (with the
number of questions to review) and, once the final assessment is passed, to the attestation; its
export, import and reset take the questions to review and the attestation's name with the rest;
and no page of the journey moves as its script fills it (layout shift, as Lighthouse measures it).
A small course of its own, served with its CSP; any console error fails a test. And the widgets,
in a host that runs Python-Markdown alone, are blocks: never inside a paragraph."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from pathlib import Path

import markdown
import pytest
from conftest import ROOT, served, shoot, watch, write_tree
from playwright.sync_api import Browser, BrowserContext, Page, expect
from sites import material_config
from test_browser_quiz import SHOTS

NAME = "Camille Martin-Dupont"
SITE = {
    "mkdocs.yml": material_config("Parcours des pages", {
        "Accueil": "index.md",
        "Ma progression": "progression.md",
        "Revoir mes erreurs": "revoir.md",
        "Première leçon": "un.md",
        "Deuxième leçon": "deux.md",
        "Évaluation finale": "examen.md",
        "Attestation": "attestation.md",
    }, palettes=False),
    "course.yml": """\
        organisation:
          name: Votre entreprise
          logo: logo.svg
        counts: [un.md, deux.md, examen.md]
        assessments:
          finale:
            pools:
              - {quiz: finale, draw: 1}
            attempts: 2
        """,
    "course/index.md": "# Accueil\n\n[[continue]]\n",
    "course/progression.md": "# Ma progression\n\n[[progress]]\n",
    "course/revoir.md": "# Revoir mes erreurs\n\n[[practice]]\n",
    "course/un.md": "# Première leçon\n\nTexte.\n\n[[quiz: un]]\n",
    "course/deux.md": "# Deuxième leçon\n\nTexte.\n\n[[quiz: deux]]\n",
    "course/examen.md": "# Évaluation finale\n\n[[exam: finale]]\n",
    "course/attestation.md": "# Attestation\n\n[[attestation]]\n",
    "course/logo.svg": '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8" width="64" height="64">'
                       '<rect width="8" height="8" fill="#24335e"/></svg>\n',
    "quizzes/un.yml": """\
        title: Un
        questions:
          - {id: a, type: single, text: Couleur ?, choices: [{text: Rouge, correct: true}, {text: Vert}]}
          - {id: b, type: single, text: Forme ?, choices: [{text: Rond, correct: true}, {text: Carré}]}
        """,
    "quizzes/deux.yml": """\
        title: Deux
        questions:
          - {id: a, type: single, text: Saison ?, choices: [{text: Été, correct: true}, {text: Hiver}]}
        """,
    "quizzes/finale.yml": """\
        title: Finale
        questions:
          - {id: a, type: single, text: Jour ?, choices: [{text: Lundi, correct: true}, {text: Mardi}]}
        """,
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    root = tmp_path_factory.mktemp("pages")
    write_tree(root, {**SITE, "course/stylesheets/extra.css": (ROOT / "course/stylesheets/extra.css").read_text("utf-8")})
    yield from served(tmp_path_factory, root / "mkdocs.yml")


def answer(page: Page, *labels: str) -> None:
    """The lesson's quiz answered with `labels`, then graded."""
    quiz = page.locator("ck-quiz.ck-ready")
    for label in labels:
        quiz.get_by_role("radio", name=label).check()
    quiz.get_by_role("button", name="Valider").click()
    expect(quiz.locator(".ck-quiz__score")).to_be_visible()


def take_exam(page: Page, right: bool) -> None:
    page.goto("examen/")
    exam = page.locator("ck-exam.ck-ready")
    exam.get_by_role("button", name=re.compile("^(Commencer la tentative|Nouvelle tentative)")).click()
    exam.get_by_role("radio", name="Lundi" if right else "Mardi").check()
    exam.get_by_role("button", name="Rendre ma copie").click()
    expect(exam.locator(".ck-quiz__verdict")).to_contain_text("Réussie" if right else "Pas encore")


def sign(page: Page) -> None:
    """The attestation made out to NAME."""
    page.goto("attestation/")
    page.get_by_label("Prénom et nom").fill(NAME)
    page.get_by_role("button", name="Valider").click()
    expect(page.locator("[data-slot=name]")).to_have_text(NAME)


def learner(browser: Browser, url: str, width: int = 1280, height: int = 900) -> tuple[BrowserContext, Page, list[str]]:
    context = browser.new_context(base_url=url, viewport={"width": width, "height": height})
    page = context.new_page()
    return context, page, watch(page)


def test_progress_links_to_the_review_and_to_the_attestation(browser: Browser, site: tuple[Path, str]) -> None:
    url = site[1]
    context, page, errors = learner(browser, url)
    page.goto("progression/")
    review = page.get_by_role("link", name="Revoir mes erreurs", exact=True).and_(page.locator("ck-progress a"))
    expect(review).to_have_attribute("href", url + "revoir/")
    expect(page.locator(".ck-progress__review")).to_have_text("aucune question à revoir pour l’instant")
    attestation = page.locator(".ck-progress__att")
    expect(attestation).to_have_text("L’attestation de réussite s’obtient une fois l’évaluation finale réussie.",
                                     use_inner_text=True)  # what shows: the link is hidden
    expect(attestation.get_by_role("link")).to_have_count(0)
    # two questions missed in one quiz, one in another: three to review, as the review page says
    page.goto("un/")
    answer(page, "Vert", "Carré")
    page.goto("deux/")
    answer(page, "Hiver")
    page.goto("progression/")
    expect(page.locator(".ck-progress__review")).to_have_text("3\u00a0questions à revoir")
    review.click()
    expect(page).to_have_url(url + "revoir/")
    expect(page.locator(".ck-practice__found p")).to_have_text("3\u00a0questions à revoir, dans 2\u00a0leçons\u00a0:")
    # one of them answered right: two left
    page.goto("deux/")
    page.get_by_role("button", name="Recommencer").click()
    answer(page, "Été")
    page.goto("progression/")
    expect(page.locator(".ck-progress__review")).to_have_text("2\u00a0questions à revoir")
    # the final assessment failed: still no link; passed: the link, which leads to the attestation
    take_exam(page, right=False)
    page.goto("progression/")
    expect(page.locator(".ck-progress__verdict")).to_contain_text("pas encore réussie")
    expect(attestation.get_by_role("link")).to_have_count(0)
    take_exam(page, right=True)
    page.goto("progression/")
    expect(page.locator(".ck-progress__verdict")).to_contain_text("réussie, avec un meilleur score de 100\u00a0%")
    link = attestation.get_by_role("link", name="Obtenir mon attestation de réussite")
    expect(link).to_have_attribute("href", url + "attestation/")
    expect(attestation).to_have_text("Obtenir mon attestation de réussite", use_inner_text=True)  # the line of before is gone
    link.click()
    expect(page).to_have_url(url + "attestation/")
    expect(page.get_by_label("Prénom et nom")).to_be_visible()
    context.close()
    assert errors == []


def storage(page: Page) -> dict[str, object]:
    return page.evaluate("() => Object.fromEntries(Object.keys(localStorage).map((k) => [k, localStorage.getItem(k)]))")


def test_export_import_and_reset_take_the_review_and_the_name(browser: Browser, site: tuple[Path, str],
                                                             tmp_path: Path) -> None:
    context, page, errors = learner(browser, site[1])
    page.goto("un/")
    answer(page, "Vert", "Rond")
    take_exam(page, right=True)
    sign(page)
    page.goto("progression/")
    with page.expect_download() as waiting:
        page.get_by_role("button", name="Exporter ma progression").click()
    exported = tmp_path / "progression.json"
    waiting.value.save_as(exported)
    data = json.loads(exported.read_text(encoding="utf-8"))["data"]
    mistakes = next(k for k in data if k.endswith(":mistakes"))
    name = next(k for k in data if k.endswith(":name"))
    assert data[mistakes] == {"v": 1, "w": {"un": ["a"]}} and data[name] == NAME
    # reset: nothing of this course left in the browser, the review list and the name included
    page.get_by_role("button", name="Réinitialiser").click()
    page.get_by_role("dialog").get_by_role("button", name="Tout effacer").click()
    expect(page.get_by_role("status")).to_have_text("Progression effacée.")
    assert mistakes not in storage(page) and name not in storage(page)
    expect(page.locator(".ck-progress__review")).to_have_text("aucune question à revoir pour l’instant")
    page.goto("attestation/")
    expect(page.get_by_label("Prénom et nom")).to_be_hidden()  # the assessment's record is gone too
    # import: all of it back
    page.goto("progression/")
    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name="Importer une progression…").click()
    chooser.value.set_files(exported)
    expect(page.get_by_role("status")).to_have_text("Progression importée.")
    expect(page.locator(".ck-progress__review")).to_have_text("1\u00a0question à revoir")
    assert json.loads(str(storage(page)[mistakes])) == data[mistakes]
    page.goto("attestation/")
    expect(page.get_by_label("Prénom et nom")).to_have_value(NAME)
    expect(page.locator("[data-slot=name]")).to_have_text(NAME)
    context.close()
    assert errors == []


# Layout shifts, as Lighthouse's CLS counts them (every shift not caused by an input, from the start),
# of what is in the page's content: the widgets and the text around them. Two kinds are listed, not
# counted, because they happen with or without coursekit: shifts of Material's own frame (header,
# container), and those in which the content changes width. On a busy machine, Material's script
# (bundle.*.js) sometimes has the page drawn for a frame or two without its stylesheets, which moves
# everything sideways and back (measured: 9 loads in 40 under load, none in 40 with that script
# blocked). A widget filling in never changes a width: it only adds and shows content.
SHIFTS = """() => new Promise((done) => {
  let sum = 0;
  const seen = [], outside = [];
  const content = document.querySelector(".md-content");
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      if (e.hadRecentInput) continue;
      const names = e.sources.map((s) => (s.node && s.node.className) || "?").join(" ");
      const inside = e.sources.some((s) => s.node && content && content.contains(s.node));
      const restyled = e.sources.some((s) => s.previousRect.width && s.currentRect.width && s.previousRect.width !== s.currentRect.width);
      if (inside && !restyled) {
        sum += e.value;
        seen.push(names);
      } else outside.push(names);
    }
  }).observe({ type: "layout-shift", buffered: true });
  setTimeout(() => done({ sum, seen, outside }), 800);
})"""
PAGES = {"progression/": "ck-progress", "revoir/": "ck-practice", "examen/": "ck-exam", "attestation/": "ck-attestation"}


@pytest.mark.parametrize("state", ["new", "on the way", "passed"])
@pytest.mark.parametrize("width,height", [(1280, 900), (390, 844)])
def test_nothing_moves_as_the_journey_pages_fill(browser: Browser, site: tuple[Path, str], width: int, height: int,
                                                state: str) -> None:
    """A learner who has not begun, one with mistakes to review and a failed attempt, one who passed:
    each page loaded afresh, its widget ready, the shifts summed stay under 0.05 (Lighthouse: good
    under 0.1). Screenshots in screenshots/journey-*.png."""
    context, page, errors = learner(browser, site[1], width, height)
    if state != "new":
        page.goto("un/")
        answer(page, "Vert", "Rond")
        take_exam(page, right=state == "passed")
        if state == "passed":
            sign(page)
    # the course's manifest, which « Ma progression » waits for, arrives late, as on a slow network:
    # what fills the page after it is drawn moves nothing
    page.route("**/coursekit/course.*.json", lambda route: (time.sleep(0.25), route.continue_()))
    for path, tag in PAGES.items():
        page.goto(path)
        expect(page.locator(f"{tag}.ck-ready")).to_have_count(1)
        shifts = page.evaluate(SHIFTS)
        assert shifts["sum"] < 0.05, (path, shifts)
    SHOTS.mkdir(exist_ok=True)
    for path, tag in PAGES.items():  # after: a screenshot resizes the window, which moves the next page
        page.goto(path)
        expect(page.locator(f"{tag}.ck-ready")).to_have_count(1)
        shoot(page, page.locator(tag), SHOTS / f"journey-{path.strip('/')}-{width}-{state.replace(' ', '-')}.png")
    context.close()
    assert errors == []


# -- a host that runs Python-Markdown alone ------------------------------------------------------
def test_every_widget_is_a_block_not_inside_a_paragraph(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Python-Markdown puts a widget's HTML in place of its paragraph only if its first tag is a
    block's: every custom element a widget starts with is one (hosts/markdown.py, ELEMENTS)."""
    from coursekit.hosts.markdown import ELEMENTS
    write_tree(tmp_path, {name: text for name, text in SITE.items() if not name.startswith("course/")})
    write_tree(tmp_path, {"course/un.md": "# Un\n\n[[quiz: un]]\n", "course/examen.md": "# Examen\n\n[[exam: finale]]\n"})
    monkeypatch.chdir(tmp_path)
    embeds = ["[[quiz: un]]", "[[exam: finale]]", "[[attestation]]", "[[practice]]", "[[progress]]", "[[continue]]"]
    page = markdown.markdown("\n\n".join(["Un paragraphe.", *embeds]), extensions=["coursekit"])
    starts = re.findall(r"(<p>)?<(ck-[a-z]+)", page)
    assert [tag for _p, tag in starts] == ["ck-quiz", "ck-exam", "ck-attestation", "ck-practice", "ck-progress",
                                            "ck-continue"]
    assert all(not p for p, _tag in starts), starts  # none inside a <p>
    assert {tag for _p, tag in starts} <= set(ELEMENTS)
    assert page.startswith("<p>Un paragraphe.</p>")
