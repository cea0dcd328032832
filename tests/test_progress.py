"""Progress across the course, in Chromium: a small course of its own (two lessons with a quiz, a
role-play, a final quiz, « Ma progression » and « Continuer ») served with its CSP, and the
repository's course for the progress page's accessibility. Any console error fails a test
(conftest.page). The settings file's errors are checked by a real build."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT, served, shoot, watch, write_tree
from playwright.sync_api import Browser, Locator, Page, expect
from sites import course_scenario, material_config
from test_browser_quiz import SHOTS, run_axe

SITE = {
    "mkdocs.yml": material_config("Parcours d’essai", {
        "Accueil": "index.md",
        "Ma progression": "progression.md",
        "Première leçon": "un.md",
        "Deuxième leçon": "deux.md",
        "Le jeu": "jeu.md",
        "Évaluation": "finale.md",
    }),
    "course.yml": """\
        organisation:
          name: Votre entreprise
        assessments:
          finale:
            pools:
              - {quiz: finale, draw: 1}
        """,
    "course/index.md": "# Accueil\n\n[[continue]]\n",
    "course/progression.md": "# Ma progression\n\n[[progress]]\n",
    "course/un.md": "# Première leçon\n\nTexte.\n\n[[quiz: un]]\n",
    "course/deux.md": "# Deuxième leçon\n\nTexte.\n\n[[quiz: deux]]\n",
    "course/jeu.md": "# Le jeu\n\n[[scenario: jeu]]\n",
    "course/finale.md": "# Évaluation\n\n[[quiz: finale]]\n",
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
        pass_mark: 100
        questions:
          - {id: a, type: single, text: Jour ?, choices: [{text: Lundi, correct: true}, {text: Mardi}]}
        """,
}


@pytest.fixture(scope="module")
def journey_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    root = tmp_path_factory.mktemp("journey")
    # the course's stylesheet: Material's footer and links in a paragraph, made readable (axe)
    # the course's scenario, its tags' links to the course's lessons made plain text (this site has none of them)
    scenario = course_scenario("refus-1-remise")
    write_tree(root, {**SITE, "scenarios/jeu.yml": scenario,
                      "course/stylesheets/extra.css": (ROOT / "course/stylesheets/extra.css").read_text("utf-8")})
    yield from served(tmp_path_factory, root / "mkdocs.yml")


def pass_quiz(page: Page, *right: str) -> None:
    quiz = page.locator("ck-quiz.ck-ready")
    for label in right:
        quiz.get_by_role("radio", name=label).check()
    quiz.get_by_role("button", name="Valider").click()
    expect(quiz.locator(".ck-quiz__verdict")).to_contain_text("Réussi")


def states(page: Page) -> dict[str, str]:
    rows = page.locator("ck-progress table").first.locator("tbody tr")
    expect(rows.first).to_be_visible()
    return {row.locator("th").inner_text(): row.locator("td").inner_text().replace("\u00a0", " ")
            for row in rows.all()}


def import_file(page: Page, path: Path, keyboard: bool = False) -> None:
    """Import `path` through the page's own button (clicked, or pressed with Enter once focused)."""
    button = page.get_by_role("button", name="Importer une progression…", exact=True)
    # the page's words, not the browser's (« Choose File » in an English browser): a real button
    expect(button).to_have_text("Importer une progression…")
    expect(button).to_have_accessible_description("Le fichier .json que vous avez exporté depuis ce cours.")
    expect(page.locator(".ck-progress__tools").get_by_role("button")).to_have_count(3)
    with page.expect_file_chooser() as chooser:
        if keyboard:
            button.focus()
            page.keyboard.press("Enter")
        else:
            button.click()
    chooser.value.set_files(path)


FOCUSED = """(scope) => {
  const e = document.activeElement, s = getComputedStyle(e), box = e.getBoundingClientRect();
  return {name: (e.labels && e.labels[0] ? e.labels[0] : e).textContent.replace(/\\s+/g, " ").trim(),
          ring: (s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2) || s.boxShadow !== "none",
          top: box.top, bottom: box.bottom, inside: !!e.closest(scope)};
}"""


def tab_stops(page: Page, scope: str, start: Locator, key: str = "Tab") -> list[dict]:
    """Every element the keyboard reaches in `scope` with `key` from `start` (a text, clicked: the
    point the keyboard starts from), in order: its name (a control's: its label's), whether its
    focus is visible (an outline of 2 px or more, or a shadow) and where it is in the window."""
    found = []
    start.click(position={"x": 2, "y": 2})
    for _ in range(60):
        page.keyboard.press(key)
        now = page.evaluate(FOCUSED, scope)
        if not now["inside"]:
            if found:
                return found
            continue
        found.append(now)
    raise AssertionError(f"the keyboard does not leave {scope}")


def nav_done(page: Page) -> list[str]:
    return [re.sub(r"\s+", " ", text).strip()
            for text in page.locator(".md-sidebar--primary a.md-nav__link:has(.ck-navdone)").all_inner_texts()]


def test_the_journey(page: Page, journey_site: tuple[Path, str]) -> None:
    url = journey_site[1]
    page.goto(url + "progression/")
    assert states(page) == {"Première leçon": "○ à faire", "Deuxième leçon": "○ à faire",
                            "Le jeu": "○ à faire", "Évaluation": "○ à faire"}
    expect(page.locator(".ck-progress__percent")).to_have_text(re.compile("^0\u00a0% du parcours"))
    expect(page.locator(".ck-progress__privacy")).to_contain_text("reste dans ce navigateur")
    # « Commencer » leads to the first lesson; its quiz passed, the next lesson is the main action
    page.goto(url)
    page.get_by_role("link", name="Commencer").click()
    expect(page).to_have_url(url + "un/")
    pass_quiz(page, "Rouge", "Rond")
    expect(page.locator(".ck-quiz__best")).to_have_text("Votre meilleur score\u00a0: 100\u00a0%")
    next_lesson = page.get_by_role("link", name="Leçon suivante\u00a0: Deuxième leçon")
    expect(next_lesson).to_have_class(re.compile("md-button--primary"))
    expect(page.get_by_role("button", name="Recommencer")).not_to_have_class(re.compile("md-button--primary"))
    expect(page.locator(".md-sidebar--primary .ck-navdone")).to_have_count(1)
    assert nav_done(page) == ["Première leçon ✓ terminé"]
    # instant navigation: the mark stays, and the home page says « Continuer »
    next_lesson.click()
    expect(page).to_have_url(url + "deux/")
    expect(page.locator(".md-sidebar--primary .ck-navdone")).to_have_count(1)
    page.get_by_role("link", name="Accueil").first.click()
    page.get_by_role("link", name="Continuer\u00a0: Deuxième leçon").click()
    expect(page).to_have_url(url + "deux/")
    # a half-answered quiz keeps its answers (draft), until it is graded
    page.goto(url + "un/")
    page.get_by_role("button", name="Recommencer").click()
    page.get_by_role("radio", name="Vert").check()
    page.goto(url + "deux/")
    page.goto(url + "un/")
    expect(page.get_by_role("radio", name="Vert")).to_be_checked()
    expect(page.get_by_role("radio", name="Rond")).not_to_be_checked()
    expect(page.locator(".ck-quiz__best")).to_contain_text("100")
    page.goto(url + "progression/")
    found = states(page)
    assert found["Première leçon"] == "✓ terminé" and found["Deuxième leçon"] == "◐ commencé"
    # the role-play played to an ending, the second lesson and the final passed
    page.goto(url + "jeu/")
    play = page.locator("ck-scenario.ck-ready")
    while play.locator(".ck-sc__end").is_hidden():
        play.locator(".ck-sc__choices button").first.click()
    got = re.search(r"Bilan de vos choix\u00a0: ([+−]?\d+)", play.locator(".ck-sc__end").inner_text())
    assert got, play.locator(".ck-sc__end").inner_text()
    page.goto(url + "deux/")
    pass_quiz(page, "Été")
    page.goto(url + "finale/")
    pass_quiz(page, "Lundi")
    expect(page.get_by_role("link", name=re.compile("^Leçon suivante"))).to_have_count(0)
    page.goto(url + "progression/")
    assert set(states(page).values()) == {"✓ terminé"}
    expect(page.locator(".ck-progress__percent")).to_have_text(re.compile("^100\u00a0% du parcours"))
    expect(page.locator(".ck-progress__final")).to_contain_text("réussie, avec un meilleur score de 100\u00a0%")
    tables = page.locator("ck-progress table")
    expect(tables.nth(1)).to_contain_text("100\u00a0%")
    expect(tables.nth(2)).to_contain_text(re.compile("Relation (préservée|fragilisée|abîmée)"))
    # the role-play's best balance, with its sign, as the role-play said it
    expect(tables.nth(2).locator("th").nth(2)).to_have_text("Meilleur bilan (points)")
    expect(tables.nth(2).locator("tbody td").nth(1)).to_have_text(got[1])
    assert len(nav_done(page)) == 4
    page.goto(url)
    expect(page.locator(".ck-continue__done")).to_have_text("Parcours terminé\u00a0!")
    expect(page.locator(".ck-continue__go")).to_be_hidden()


def test_export_import_and_reset(page: Page, browser: Browser, journey_site: tuple[Path, str],
                                 tmp_path: Path) -> None:
    url = journey_site[1]
    page.goto(url + "un/")
    pass_quiz(page, "Rouge", "Rond")
    page.goto(url + "progression/")
    with page.expect_download() as waiting:
        page.get_by_role("button", name="Exporter ma progression").click()
    exported = tmp_path / "progression.json"
    waiting.value.save_as(exported)
    data = json.loads(exported.read_text(encoding="utf-8"))
    assert data["course"] and data["version"] and any(":un:" in key for key in data["data"])
    expect(page.get_by_role("status")).to_contain_text("prêt dans vos téléchargements")
    # a fresh browser: nothing, then the file imported
    other = browser.new_context(base_url=url)
    fresh = other.new_page()
    errors = watch(fresh)
    fresh.goto("progression/")
    assert states(fresh)["Première leçon"] == "○ à faire"
    wrong = tmp_path / "autre.json"
    wrong.write_text(json.dumps({**data, "course": "ffffffff", "name": "Un autre cours"}), encoding="utf-8")
    import_file(fresh, wrong)
    expect(fresh.get_by_role("status")).to_have_text(re.compile("autre cours .*Un autre cours.*rien n’a été importé"))
    stale = tmp_path / "ancienne.json"
    stale.write_text(json.dumps({**data, "version": "000000000000"}), encoding="utf-8")
    import_file(fresh, stale, keyboard=True)
    expect(fresh.get_by_role("status")).to_contain_text("autre version de ce cours")
    assert states(fresh)["Première leçon"] == "○ à faire"
    import_file(fresh, exported)
    expect(fresh.get_by_role("status")).to_have_text("Progression importée.")
    assert states(fresh)["Première leçon"] == "✓ terminé"
    # reset: a confirmation first; « Annuler » keeps everything
    fresh.get_by_role("button", name="Réinitialiser").click()
    dialog = fresh.get_by_role("dialog", name="Effacer toute votre progression\u00a0?")
    expect(dialog).to_be_visible()
    dialog.get_by_role("button", name="Annuler").click()
    expect(dialog).to_be_hidden()
    assert states(fresh)["Première leçon"] == "✓ terminé"
    fresh.get_by_role("button", name="Réinitialiser").click()
    dialog.get_by_role("button", name="Tout effacer").click()
    expect(fresh.get_by_role("status")).to_have_text("Progression effacée.")
    assert states(fresh)["Première leçon"] == "○ à faire"
    fresh.goto("un/")
    expect(fresh.locator(".ck-quiz__best")).to_have_count(0)
    other.close()
    assert errors == []


TABLES = """() => [...document.querySelectorAll("ck-progress table")].map((t) => {
  const column = t.parentElement.getBoundingClientRect(), box = t.getBoundingClientRect();
  const cells = [...t.querySelectorAll("th, td")].map((c) => getComputedStyle(c));
  return {caption: t.caption.textContent, heading: t.previousElementSibling.textContent,
          left: box.left - column.left, width: box.width - column.width,
          aligned: cells.every((c) => ["left", "start"].includes(c.textAlign)),
          padding: Math.min(...cells.map((c) => parseFloat(c.paddingTop) + parseFloat(c.paddingBottom))),
          lines: cells.every((c) => c.borderBottomStyle !== "none")};
})"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width,height", [(1280, 900), (390, 844)])
def test_the_tables_read_well_on_a_phone_too(browser: Browser, journey_site: tuple[Path, str],
                                             width: int, height: int, scheme: str) -> None:
    """Each table fills the column from its left edge, its cells aligned on the left, spaced and
    ruled, with a caption (the heading above it); nothing scrolls sideways. Screenshots in
    screenshots/progress-*.png."""
    context = browser.new_context(base_url=journey_site[1], viewport={"width": width, "height": height},
                                  color_scheme=scheme)  # type: ignore[arg-type]
    page = context.new_page()
    errors = watch(page)
    page.goto("un/")
    pass_quiz(page, "Rouge", "Rond")
    page.goto("progression/")
    expect(page.locator("ck-progress.ck-ready table")).to_have_count(3)
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate" if scheme == "dark" else "default")
    for table in page.evaluate(TABLES):
        assert table["caption"] == table["heading"], table
        assert abs(table["left"]) < 1 and abs(table["width"]) < 1, table
        assert table["aligned"] and table["lines"] and table["padding"] >= 12, table
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert run_axe(page) == []
    SHOTS.mkdir(exist_ok=True)
    shoot(page, page.locator("ck-progress"), SHOTS / f"progress-{width}-{scheme}.png")
    context.close()
    assert errors == []


@pytest.mark.parametrize("width,height", [(1280, 900), (390, 844)])
def test_progress_page_by_keyboard(browser: Browser, journey_site: tuple[Path, str], width: int, height: int) -> None:
    context = browser.new_context(base_url=journey_site[1], viewport={"width": width, "height": height})
    page = context.new_page()
    errors = watch(page)
    page.goto("un/")
    pass_quiz(page, "Rouge", "Rond")
    page.goto("progression/")
    expect(page.locator("ck-progress.ck-ready")).to_have_count(1)
    # every link and button, in the page's order, each with its focus shown; the file picker is
    # the page's button, opened with Enter (export_import_and_reset), not the browser's own
    stops = tab_stops(page, "ck-progress", page.locator(".ck-progress__privacy"))
    assert [stop["name"] for stop in stops] == [
        "Première leçon", "Deuxième leçon", "Le jeu", "Évaluation",  # lessons
        "Première leçon", "Deuxième leçon", "Évaluation", "Le jeu",  # quizzes, the role-play
        "Évaluation", "Exporter ma progression", "Importer une progression…", "Réinitialiser"]
    assert all(stop["ring"] for stop in stops), stops
    back = tab_stops(page, "ck-progress", page.locator(".md-copyright"), "Shift+Tab")  # « Made with »
    assert [stop["name"] for stop in back] == [stop["name"] for stop in stops[::-1]]

    def tab_to(name: str) -> None:
        for _ in range(80):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.textContent.trim()") == name:
                return
        raise AssertionError(f"{name} not reached by Tab")

    tab_to("Réinitialiser")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_role("button", name="Annuler")).to_be_focused()
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(page.get_by_role("button", name="Réinitialiser")).to_be_focused()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    expect(dialog.get_by_role("button", name="Tout effacer")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_have_text("Progression effacée.")
    assert states(page)["Première leçon"] == "○ à faire"
    page.goto("progression/")
    tab_to("Première leçon")
    page.keyboard.press("Enter")
    expect(page).to_have_url(journey_site[1] + "un/")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    context.close()
    assert errors == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_course_progress_page_is_accessible(page: Page, course_site: tuple[Path, str], scheme: str) -> None:
    page.emulate_media(color_scheme=scheme)
    page.goto(course_site[1] + "progression/")
    expect(page.locator("ck-progress.ck-ready")).to_have_count(1)
    assert page.locator("ck-progress tbody tr").count() >= 20
    assert run_axe(page) == []
    page.get_by_role("button", name="Réinitialiser").click()
    assert run_axe(page) == []
    page.keyboard.press("Escape")
    page.goto(course_site[1])
    expect(page.get_by_role("link", name="Commencer", exact=True)).to_have_attribute(
        "href", re.compile("partie-1/quatre-appels/$"))


# -- the settings file -------------------------------------------------------------
def test_settings_errors_have_file_and_line(build) -> None:  # type: ignore[no-untyped-def]
    done = build({
        "course/index.md": "# Essai\n\n[[quiz: essai]]\n\n[[progress]]\n",
        "quizzes/essai.yml": "title: Essai\nquestions:\n  - {type: single, text: Oui ?, choices: "
                             "[{text: Oui, correct: true}, {text: Non}]}\n",
        "course.yml": ("organisation:\n  name: Essai\n  logos: a.svg\ncounts:\n  - index.md\n  - absente.md\n"
                       "assessments:\n  finale:\n    pools:\n      - {quiz: esai, draw: 2}\n    attempts: trois\n"),
    })
    assert done.code == 1
    assert "course.yml:3: organisation: unknown key `logos`; did you mean `logo`?" in done.log
    assert "course.yml:11: assessments › finale: `attempts` must be a number (found 'trois')" in done.log
    assert not (done.site / "index.html").exists()
    fixed = done.root / "course.yml"
    fixed.write_text(fixed.read_text().replace("logos", "logo").replace("trois", "2"))
    done = build({})
    assert done.code == 1
    assert "course.yml:6: counts: there is no lesson 'absente.md' in course/" in done.log
    assert "course.yml:3: organisation › logo: there is no file 'a.svg' in course/" in done.log
    assert "course.yml:10: assessments › finale › pool 1: there is no quiz 'esai'; did you mean `essai`?" in done.log
    assert "Traceback" not in done.log


def test_settings_are_optional(build) -> None:  # type: ignore[no-untyped-def]
    done = build({"course/index.md": "# Essai\n\n[[continue]]\n\n[[progress: x]]\n"})
    assert done.code == 1
    assert "course/index.md:5: [[progress: x]]: this embed takes no id; write [[progress]]" in done.log
    done = build({"course/index.md": "# Essai\n\n[[continue]]\n"})
    assert done.code == 0, done.log
    manifest = next((done.site / "assets" / "coursekit").glob("course.*.json"))
    assert json.loads(manifest.read_text(encoding="utf-8"))["lessons"] == []
