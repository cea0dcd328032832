"""A scenario's links to lessons (`[Le non sec](lecons/non-sec.md)` in a method tag or any text): checked
with the scenario file's line, and written, where the scenario lands, as the lesson page's address
relative to that page, with or without `use_directory_urls`."""

from __future__ import annotations

import re

import pytest
from conftest import MINIMAL_CONFIG
from coursekit.scenario.links import links_in, relative_url, resolve

SCENARIO = """\
title: Le catalogue
context: Relisez d’abord [la leçon](lecons/non-sec.md#pourquoi) puis [le site](https://example.org/a.md).
characters:
  - {id: vous, name: Camille, role: commerciale, player: true}
  - {id: rh, name: M. Roussel, role: responsable RH}
nodes:
  - id: debut
    speaker: rh
    text: « Pas le temps. »
    replies:
      - text: Insister
        next: fin-mal
        points: -2
      - text: Accepter
        next: fin-bien
        points: 2
  - id: fin-bien
    text: La porte reste ouverte.
    ending:
      outcome: kept
      title: Porte ouverte
      method: ["[L’accepter](lecons/accepter.md)"]
      debrief: Bien joué.
  - id: fin-mal
    text: Il ne rappellera pas.
    ending:
      outcome: damaged
      title: Liste noire
      review: ["[Le non sec](LESSON)", "Sans lien"]
      debrief: Relisez la leçon.
"""
LESSONS = {"course/lecons/non-sec.md": "# Le non sec\n\n## Pourquoi\n", "course/lecons/accepter.md": "# L’accepter\n"}


def site(lesson: str = "lecons/non-sec.md", **extra: str) -> dict[str, str]:
    return {"course/index.md": "# Accueil\n", **LESSONS, "course/jeux/jeu.md": "# Jeu\n\n[[scenario: catalogue]]\n",
            "scenarios/catalogue.yml": SCENARIO.replace("LESSON", lesson), **extra}


def hrefs(html: str) -> list[str]:
    """Where the endings' tags that name a lesson go (None: a tag left without its link)."""
    return [found or None for found in re.findall(r'<span class="ck-sc__tag"><a(?: href="([^"]*)")?>', html)]


@pytest.mark.parametrize(("to", "here", "found"), [
    ("lecons/non-sec/", "jeux/jeu/", "../../lecons/non-sec/"),
    ("lecons/non-sec/", "", "lecons/non-sec/"),  # from the home page
    ("", "jeux/jeu/", "../../"),  # to the home page
    ("jeux/autre/", "jeux/jeu/", "../autre/"),
    ("jeux/jeu/", "jeux/jeu/", "./"),
    ("lecons/non-sec.html", "jeux/jeu.html", "../lecons/non-sec.html"),  # without use_directory_urls
    ("index.html", "jeux/jeu.html", "../index.html"),
    ("jeux/autre.html", "jeux/jeu.html", "autre.html"),
])
def test_relative_url_as_mkdocs_writes_it(to: str, here: str, found: str) -> None:
    assert relative_url(to, here) == found


def test_only_relative_md_addresses_are_lesson_links() -> None:
    text = ('<a href="lecons/a.md">a</a> <a href="lecons/a.md#titre">b</a> <a href="https://x.org/a.md">c</a> '
            '<a href="/a.md">d</a> <a href="#a.md">e</a> <a href="lecons/a.html">f</a> <a href="inconnue.md">g</a>')
    pages = {"lecons/a.md": "../lecons/a/"}
    assert resolve(text, pages.get) == (
        '<a href="../lecons/a/">a</a> <a href="../lecons/a/#titre">b</a> <a href="https://x.org/a.md">c</a> '
        '<a href="/a.md">d</a> <a href="#a.md">e</a> <a href="lecons/a.html">f</a> <a>g</a>')


def test_the_links_of_a_model_with_where_they_are() -> None:
    from coursekit.scenario.model import Scenario
    from ruamel.yaml import YAML
    model = Scenario.model_validate(YAML(typ="safe").load(SCENARIO.replace("LESSON", "lecons/non-sec.md")))
    assert list(links_in(model)) == [
        ("lecons/non-sec.md", ("context",)),
        ("lecons/accepter.md", ("nodes", 1, "ending", "method", 0)),
        ("lecons/non-sec.md", ("nodes", 2, "ending", "review", 0))]


def test_tags_link_to_their_lessons_from_the_page_that_shows_them(build) -> None:
    built = build(site(), "--strict")
    assert built.code == 0, built.log
    html = built.html("jeux/jeu/index.html")
    assert hrefs(html) == ["../../lecons/accepter/", "../../lecons/non-sec/"]
    assert '<span class="ck-sc__tag">Sans lien</span>' in html
    assert '<a href="../../lecons/non-sec/#pourquoi">la leçon</a>' in html  # any text of the scenario
    assert '<a href="https://example.org/a.md">le site</a>' in html
    assert ".md\"" not in html.replace("https://example.org/a.md", "")
    assert "À revoir\u00a0:" in html and "Méthode\u00a0:" in html


def test_without_directory_urls(build) -> None:
    built = build(site(**{"mkdocs.yml": MINIMAL_CONFIG + "use_directory_urls: false\n"}), "--strict")
    assert built.code == 0, built.log
    assert hrefs(built.html("jeux/jeu.html")) == ["../lecons/accepter.html", "../lecons/non-sec.html"]


def test_a_scenario_shown_at_two_depths_keeps_its_tags_without_links(build) -> None:
    """Its HTML is the same on both pages, so an address relative to one would be wrong on the other."""
    built = build(site(**{"course/ailleurs.md": "# Ailleurs\n\n[[scenario: catalogue]]\n"}), "--strict")
    assert built.code == 0, built.log
    for page in ("jeux/jeu/index.html", "ailleurs/index.html"):
        assert hrefs(built.html(page)) == [None, None]


def test_a_link_to_no_lesson_is_an_error_at_its_line(build) -> None:
    built = build(site("lecons/non-sek.md"))
    assert built.code != 0
    assert ("ERROR   -  coursekit: scenarios/catalogue.yml:29: node 3 (id 'fin-mal') › ending › review entry 1: "
            "there is no lesson 'lecons/non-sek.md' in course/ (a link to a lesson names its path in that folder, "
            "such as partie-2/lecon.md); did you mean `lecons/non-sec.md`?") in built.log, built.log
    assert "Traceback" not in built.log
    # a path from the scenario file rather than from the lessons' folder, or out of that folder
    for wrong in ("../course/lecons/non-sec.md", "../mkdocs.md"):
        built = build(site(wrong, **{"mkdocs.md": "x\n"}))
        assert f"there is no lesson '{wrong}' in course/" in built.log, built.log


def test_the_trainers_map_links_the_tags_too(tmp_path) -> None:
    from conftest import load_scenarios
    from coursekit.core.html import Html
    from coursekit.scenario.render import ScenarioRenderer
    (tmp_path / "scenarios").mkdir()
    (tmp_path / "scenarios" / "catalogue.yml").write_text(SCENARIO.replace("LESSON", "lecons/non-sec.md"), "utf-8")
    docs, problems = load_scenarios(tmp_path / "scenarios", tmp_path)
    assert problems == []
    view = ScenarioRenderer(Html("fr", "test", []))
    pages = {"lecons/accepter.md": "../lecons/accepter/", "lecons/non-sec.md": "../lecons/non-sec/"}
    text = str(view.maps([docs["catalogue"]], "carte", pages.get))
    assert '<a href="../lecons/accepter/">L&#8217;accepter</a>' in text
    assert '<a href="../lecons/non-sec/">Le non sec</a>' in text and "À revoir" in text
    assert ".md\"" not in text
