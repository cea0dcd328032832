"""Scenario replies shuffled (`shuffle: true` on a scenario) and question tags (`tags: [final]`).

The format: both accepted, both refused in plain words at file:line when wrong, and neither
changing the version (so the saved results) of a file that does not use them. The build: tags
reach no page, and a shuffled scenario's HTML keeps the file's order (the map and the answer key
read it). Chromium: the replies come in a new order at each showing, Tab follows the order shown,
each reply still leads where the file says, and a saved path is replayed after a reload."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT, load_quizzes, load_scenarios, served, watch, write_tree
from playwright.sync_api import Browser, Page, expect

SCENARIO = """\
title: Le devis refusé
context: Un client veut une remise que vous ne pouvez pas accorder.
shuffle: true
characters:
  - {id: vous, name: Camille, player: true}
  - {id: client, name: M. Durand}
nodes:
  - id: debut
    speaker: client
    text: « Il me faut 20 % de remise. »
    replies:
      - {text: Réponse Alpha, next: fin-a, points: 1}
      - {text: Réponse Bravo, next: suite}
      - {text: Réponse Charlie, next: fin-c}
      - {text: Réponse Delta, next: fin-d, points: -1}
  - id: suite
    speaker: client
    text: « Et alors ? »
    replies:
      - {text: Suite Un, next: fin-a}
      - {text: Suite Deux, next: fin-c}
      - {text: Suite Trois, next: fin-d}
  - id: fin-a
    text: Il accepte.
    ending: {outcome: kept, title: Fin Alpha, score: 2, debrief: Bien.}
  - id: fin-c
    text: Il hésite.
    ending: {outcome: strained, title: Fin Charlie, debrief: Moyen.}
  - id: fin-d
    text: Il raccroche.
    ending: {outcome: damaged, title: Fin Delta, debrief: Dommage.}
"""
# where each reply leads, by its text: the file's answer
LEADS = {"Réponse Alpha": "Fin Alpha", "Réponse Charlie": "Fin Charlie", "Réponse Delta": "Fin Delta",
         "Suite Un": "Fin Alpha", "Suite Deux": "Fin Charlie", "Suite Trois": "Fin Delta"}
FIRST = ["Réponse Alpha", "Réponse Bravo", "Réponse Charlie", "Réponse Delta"]
SECOND = ["Suite Un", "Suite Deux", "Suite Trois"]

QUIZ = """\
title: Étiquettes
questions:
  - type: single
    id: ecoute
    text: Que faire d’abord ?
    tags: [zzfinal, zz-ecoute_2]
    choices:
      - {text: Écouter, correct: true}
      - {text: Couper}
  - type: truefalse
    text: Une question sans étiquette.
    answer: true
"""


# -- the format -------------------------------------------------------------------------
def scenario_problems(tmp_path: Path, text: str) -> tuple[dict, list[str]]:  # type: ignore[type-arg]
    write_tree(tmp_path, {"scenarios/cas.yml": text})
    docs, found = load_scenarios(tmp_path / "scenarios", tmp_path)
    return docs, [str(p) for p in found]


def quiz_problems(tmp_path: Path, text: str) -> tuple[dict, list[str]]:  # type: ignore[type-arg]
    write_tree(tmp_path, {"quizzes/tags.yml": text})
    docs, found = load_quizzes(tmp_path / "quizzes", tmp_path)
    return docs, [str(p) for p in found]


def test_a_scenario_may_shuffle_its_replies(tmp_path: Path) -> None:
    docs, found = scenario_problems(tmp_path, SCENARIO)
    assert found == []
    assert docs["cas"].model.shuffle is True
    off, found = scenario_problems(tmp_path / "off", SCENARIO.replace("shuffle: true\n", "shuffle: false\n"))
    none, _ = scenario_problems(tmp_path / "none", SCENARIO.replace("shuffle: true\n", ""))
    assert found == [] and off["cas"].model.shuffle is False and none["cas"].model.shuffle is False
    # a scenario without it keeps its version (its learners' saved paths); with it, a new one
    assert off["cas"].version == none["cas"].version != docs["cas"].version


@pytest.mark.parametrize(("value", "found"), [
    ("peut-être", "`shuffle` must be `true` or `false` (found 'peut-être')"),
    ("[true]", "`shuffle` must be `true` or `false` (found a list)"),
])
def test_a_wrong_shuffle_is_named_at_its_line(tmp_path: Path, value: str, found: str) -> None:
    _, problems = scenario_problems(tmp_path, SCENARIO.replace("shuffle: true", f"shuffle: {value}"))
    assert problems == [f"scenarios/cas.yml:3: {found}"]


def test_a_question_may_have_tags(tmp_path: Path) -> None:
    docs, found = quiz_problems(tmp_path, QUIZ)
    assert found == []
    first, second = docs["tags"].model.questions
    assert first.tags == ["zzfinal", "zz-ecoute_2"] and second.tags == []
    # untagged questions keep the quiz's version (its salt, its learners' saved results)
    bare, _ = quiz_problems(tmp_path / "bare", QUIZ.replace("    tags: [zzfinal, zz-ecoute_2]\n", ""))
    empty, _ = quiz_problems(tmp_path / "empty", QUIZ.replace("[zzfinal, zz-ecoute_2]", "[]"))
    assert bare["tags"].version == empty["tags"].version != docs["tags"].version


@pytest.mark.parametrize(("tags", "found"), [
    ("zzfinal", "tags.yml:6: question 1 (id 'ecoute'): `tags` must be a list (lines starting with `- `), "
                "found 'zzfinal'"),
    ("[final, écoute]", "tags.yml:6: question 1 (id 'ecoute'): the tag 'écoute' is not an id: a tag holds "
                        "only letters, digits, '-' and '_' (no spaces or accents)"),
    ("[final, final]", "tags.yml:6: question 1 (id 'ecoute'): the tag 'final' appears twice"),
    ("[final, [x]]", "tags.yml:6: question 1 (id 'ecoute') › tag 2: this entry must be text (found a list)"),
])
def test_wrong_tags_are_named_at_their_line(tmp_path: Path, tags: str, found: str) -> None:
    _, problems = quiz_problems(tmp_path, QUIZ.replace("[zzfinal, zz-ecoute_2]", tags))
    assert problems == [f"quizzes/{found}"]


# -- the build and the browser -------------------------------------------------------------
CONFIG = """\
site_name: Essai
site_url: !ENV [SITE_URL, "http://127.0.0.1:8000/"]
docs_dir: course
theme: {name: material, language: fr, font: false}
plugins:
  - coursekit:
      edition: trainer  # the map and the answer key are a trainer's pages
nav:
  - Accueil: index.md
  - Cas: cas.md
  - Carte: carte.md
  - Quiz: quiz.md
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    root = tmp_path_factory.mktemp("shuffle")
    write_tree(root, {
        "mkdocs.yml": CONFIG, "scenarios/cas.yml": SCENARIO, "quizzes/tags.yml": QUIZ,
        "course/index.md": "# Accueil\n", "course/cas.md": "# Cas\n\n[[scenario: cas]]\n",
        "course/carte.md": "# Carte\n\n[[map: cas]]\n",
        "course/quiz.md": "# Quiz\n\n[[quiz: tags]]\n\n[[answers: tags]]\n"})
    yield from served(tmp_path_factory, root / "mkdocs.yml")


def test_tags_reach_no_page_and_the_html_keeps_the_files_order(site: tuple[Path, str]) -> None:
    folder = site[0]
    pages = [p.read_text(encoding="utf-8") for p in folder.rglob("*") if p.suffix in (".html", ".js", ".json")]
    assert not [p for p in pages if "zzfinal" in p or "zz-ecoute" in p]
    quiz = (folder / "quiz" / "index.html").read_text(encoding="utf-8")
    assert 'class="ck-q"' in quiz  # the quiz is there, its tags are not
    page = (folder / "cas" / "index.html").read_text(encoding="utf-8")
    assert re.search(r"<ck-scenario [^>]*\bdata-shuffle\b", page)
    shown = re.findall(r'data-to="[^"]*" data-p="[^"]*">([^<]*)<', page)
    assert shown == FIRST + SECOND  # the browser shuffles; the page holds the file's order
    carte = (folder / "carte" / "index.html").read_text(encoding="utf-8")
    assert [carte.find(text) for text in FIRST] == sorted(carte.find(text) for text in FIRST)
    assert carte.find(FIRST[0]) > 0


@pytest.fixture
def page(browser: Browser, site: tuple[Path, str]) -> Iterator[Page]:
    context = browser.new_context(base_url=site[1])
    tab = context.new_page()
    errors = watch(tab)
    yield tab
    context.close()
    assert errors == [], "\n".join(errors)


def shown(page: Page) -> list[str]:
    return [" ".join(t.split()) for t in page.locator(".ck-sc__choices button").all_inner_texts()]


def choose(page: Page, text: str) -> None:
    """From the first reply, Tab down to `text` and press Enter: keyboard order is the order shown."""
    order = shown(page)
    page.locator(".ck-sc__choices button").first.focus()
    for _ in range(order.index(text)):
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == text
    page.keyboard.press("Enter")


def test_replies_come_in_a_new_order_each_time_and_lead_where_the_file_says(page: Page) -> None:
    page.goto("cas/")
    firsts: set[tuple[str, ...]] = set()
    seconds: set[tuple[str, ...]] = set()
    ends = ["Fin Alpha", "Fin Charlie", "Fin Delta"]
    # 12 plays: 4 replies in the same order 12 times running has odds of 24^-11 (2.5 in 10^16)
    for play in range(12):
        order = shown(page)
        assert sorted(order) == sorted(FIRST)
        firsts.add(tuple(order))
        if play % 2:
            choose(page, "Réponse Bravo")
            expect(page.locator(".ck-sc__line--me")).to_have_count(1)
            order = shown(page)
            assert sorted(order) == sorted(SECOND)
            seconds.add(tuple(order))
            reply = SECOND[play // 2 % 3]
        else:
            reply = [FIRST[0], FIRST[2], FIRST[3]][play // 2 % 3]
        choose(page, reply)
        expect(page.locator(".ck-sc__end .ck-sc__outcome")).to_contain_text(LEADS[reply])
        assert LEADS[reply] in ends
        page.locator(".ck-sc__restart").click()
    assert len(firsts) > 1 and len(seconds) > 1, (firsts, seconds)


def test_a_saved_path_is_replayed_after_a_reload(page: Page) -> None:
    page.goto("cas/")
    choose(page, "Réponse Bravo")
    expect(page.locator(".ck-sc__line--me")).to_have_count(1)
    page.reload()
    # the path holds the file's indices: the same reply, whatever order it was shown in
    expect(page.locator(".ck-sc__line--me")).to_contain_text("Réponse Bravo")
    assert sorted(shown(page)) == sorted(SECOND)
    choose(page, "Suite Deux")
    expect(page.locator(".ck-sc__end .ck-sc__outcome")).to_contain_text("Fin Charlie")
    page.reload()
    expect(page.locator(".ck-sc__end .ck-sc__outcome")).to_contain_text("Fin Charlie")


def test_the_course_scenarios_all_shuffle() -> None:
    """The course's scenarios shuffle their replies (tests/test_scenario_browser.py picks a reply by its
    index in the file, whatever its place on the page)."""
    docs, problems = load_scenarios(ROOT / "scenarios", ROOT)
    assert problems == [] and len(docs) == 10 and all(doc.model.shuffle for doc in docs.values())


