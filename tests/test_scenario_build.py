"""Scenarios in a build: what the plugin writes for `[[scenario: …]]` and `[[map: …]]`, what it
refuses (with the lesson's or the file's line, no traceback), and the real course's assets."""

from __future__ import annotations

import gzip
import html as html_lib
import json
import re
from pathlib import Path

from conftest import TRAINER_CONFIG
from coursekit.scenario.check import describe_loc

SCENARIO = """\
title: Le catalogue
context: Vous appelez un *prospect* idéal.
characters:
  - {id: vous, name: Camille, role: commerciale, player: true}
  - {id: rh, name: M. Roussel, role: responsable RH}
nodes:
  - id: debut
    speaker: rh
    text: OUVERTURE-VISIBLE
    replies:
      - text: Insister
        label: Insister lourdement
        next: fin-mal
        points: -2
        feedback: FEEDBACK-CACHE
      - text: Accepter et noter
        next: noter
  - id: noter
    text: Vous notez l'appel.
    replies:
      - text: Réessayer plus tard
        next: fin-bien
        points: 3
      - text: Revenir au début
        next: debut
  - id: fin-bien
    text: La porte reste ouverte.
    ending: {outcome: kept, title: Porte ouverte, score: 3, method: [Étape 3], debrief: DEBRIEF-BIEN}
  - id: fin-mal
    speaker: rh
    text: Ne rappelez plus.
    ending: {outcome: damaged, title: Liste noire, debrief: DEBRIEF-MAL}
"""


def site(**extra: str) -> dict[str, str]:
    """A scenario and its maps: the trainer's edition (in the learners' one, a map stops the build)."""
    return {"mkdocs.yml": TRAINER_CONFIG, "course/index.md": "# Accueil\n", "course/jeu.md": "# Jeu\n\n[[scenario: catalogue]]\n",
            "course/cartes.md": "# Cartes\n\n[[map: *]]\n", "scenarios/catalogue.yml": SCENARIO, **extra}


def element(html: str, tag: str = "ck-scenario") -> str:
    return html[html.index(f"<{tag}"): html.index(f"</{tag}>") + len(tag) + 3]


def maps_of(html: str) -> str:
    return html[html.index('<div class="ck-maps">'): html.rindex("</section>")]


def outside_templates(html: str) -> str:
    return re.sub(r"<template\b.*?</template>", "", html, flags=re.S)


def test_scenario_is_rendered_with_its_nodes_in_templates(build) -> None:
    built = build(site())
    assert built.code == 0, built.log
    html = built.html("jeu/index.html")
    sc = element(html)
    assert "<p><ck-scenario" not in html  # a block, not inside a paragraph
    assert 'data-scenario="catalogue"' in sc and 'data-start="debut"' in sc
    assert 'data-best="6"' in sc  # 0 + 3 + 3, over every path
    assert 'data-ends="2"' in sc and 'data-you="Camille (vous)"' in sc
    assert re.findall(r'<template data-n="([^"]+)"', sc) == ["debut", "noter", "fin-bien", "fin-mal"]
    assert '<template data-n="fin-bien" data-end="kept" data-p="3">' in sc
    assert sc.count('class="ck-sc__reply"') == 4
    assert 'data-to="fin-mal" data-p="-2"' in sc
    # Without the script: the title, the context, the cast and the opening line are in the page.
    plain = outside_templates(sc)
    for text in ("Le catalogue", "Vous appelez un <em>prospect</em> idéal.", "Camille", "M. Roussel",
                 "OUVERTURE-VISIBLE", "Activez JavaScript"):
        assert text in plain
    for hidden in ("FEEDBACK-CACHE", "DEBRIEF-BIEN", "Réessayer plus tard"):
        assert hidden not in plain and hidden in sc


def test_no_inline_script_style_or_handler_and_no_json_data(build) -> None:
    built = build(site())
    for page in ("jeu/index.html", "cartes/index.html"):
        html = built.html(page)
        body = element(html) if page.startswith("jeu") else maps_of(html)
        assert "<script" not in body
        assert not re.search(r"\sstyle=", body)
        assert not re.search(r"\son[a-z]+=", body)
    assert "application/json" not in element(built.html("jeu/index.html"))


def test_same_scenario_twice_on_a_page_gets_distinct_ids(build) -> None:
    built = build(site(**{"course/jeu.md": "# J\n\n[[scenario: catalogue]]\n\n[[scenario: catalogue]]\n"}))
    html = built.html("jeu/index.html")
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids))
    assert 'id="ck-sc-catalogue"' in html and 'id="ck-sc-catalogue-2"' in html


def test_unknown_scenario_fails_with_the_lesson_line_and_writes_nothing(build, tmp_path: Path) -> None:
    built = build(site(**{"course/jeu.md": "# J\n\nTexte.\n\n[[scenario: catalogeu]]\n\n[[map: rien]]\n"}))
    assert built.code == 1
    assert ("course/jeu.md:5: [[scenario: catalogeu]]: there is no scenario 'catalogeu' in scenarios/; "
            "did you mean `catalogue`?") in built.log
    assert "course/jeu.md:7: [[map: rien]]: there is no scenario 'rien' in scenarios/" in built.log
    assert "Traceback" not in built.log
    assert not (tmp_path / "site").exists()


def test_every_problem_at_once_with_file_and_line(build) -> None:
    broken = SCENARIO.replace("next: noter", "next: notre").replace("    speaker: rh\n    text: Ne", "    speaker: rhh\n    text: Ne")
    built = build(site(**{
        "scenarios/catalogue.yml": broken,
        "scenarios/syntaxe.yml": "title: [x\n",
        "scenarios/cles.yml": SCENARIO.replace("points: 3", "pionts: 3"),
        "course/autre.md": "# A\n\n[[scenario: syntaxe]]\n\n[[scenario: cles]]\n\n[[scenario: absent]]\n",
    }))
    assert built.code == 1
    for expected in (
        "ERROR   -  coursekit: scenarios/catalogue.yml:17: node 1 (id 'debut') › reply 2: there is no "
        "node 'notre' to go to; did you mean `noter`?",
        "ERROR   -  coursekit: scenarios/catalogue.yml:30: node 4 (id 'fin-mal'): there is no character 'rhh'",
        "ERROR   -  coursekit: scenarios/cles.yml:23: node 2 (id 'noter') › reply 1: unknown key `pionts`; "
        "did you mean `points`?",
        "ERROR   -  coursekit: scenarios/syntaxe.yml:2: YAML syntax error",
        "ERROR   -  coursekit: course/autre.md:7: [[scenario: absent]]: there is no scenario 'absent'",
        "5 problems in the course files (listed above); nothing was built.",
    ):
        assert expected in built.log
    assert "no path from the first node" not in built.log  # what the misspelt `next:` cut off: no echo
    assert "Traceback" not in built.log


def test_unused_scenario_is_a_warning_and_fails_strict(build) -> None:
    files = site(**{"scenarios/orphelin.yml": SCENARIO})
    built = build(files)
    assert built.code == 0, built.log
    assert ("WARNING -  coursekit: scenarios/orphelin.yml:1: the scenario 'orphelin' is not used by any "
            "lesson; embed it with [[scenario: orphelin]] or delete the file") in built.log
    assert build(files, "--strict").code == 1


def test_a_map_alone_does_not_count_as_a_use(build) -> None:
    built = build(site(**{"course/jeu.md": "# J\n\n[[map: catalogue]]\n"}), "--strict")
    assert built.code == 1
    assert "the scenario 'catalogue' is not used by any lesson" in built.log


def test_maps_are_drawn_at_build_time_with_a_text_version(build) -> None:
    second = SCENARIO.replace("title: Le catalogue", "title: Le second")
    built = build(site(**{"scenarios/second.yml": second,
                          "course/jeu.md": "# J\n\n[[scenario: catalogue]]\n\n[[scenario: second]]\n",
                          "course/une.md": "# Une\n\n[[map: second]]\n"}), "--strict")
    assert built.code == 0, built.log
    maps = maps_of(built.text("cartes/index.html"))
    assert maps.count("<svg") == 2 and maps.count('class="ck-map__textual"') == 2
    # legend: each outcome in words, with a symbol
    for words in ("✓</span> Relation préservée", "◐</span> Relation fragilisée", "✗</span> Relation abîmée",
                  "Meilleur parcours", "Retour en arrière"):
        assert words in maps
    svg = maps[maps.index("<svg"): maps.index("</svg>")]
    assert 'aria-hidden="true"' in svg
    assert svg.count('class="ck-map__node') == 4
    assert "ck-o--kept" in svg and "ck-o--damaged" in svg
    assert "Insister lourdement (−2)" in svg  # the reply's short label and its points
    assert svg.count("ck-map__edge--best") == 2  # debut -> noter -> fin-bien
    assert svg.count("ck-map__edge--back") == 1  # noter -> debut
    assert "marker-end=\"url(#ck-map-all-catalogue-arrow" in svg
    # the text version: every node, every reply and where it leads
    text = maps[maps.index('class="ck-map__textual"'):]
    assert '<li id="ck-map-all-catalogue-n-noter">' in text
    assert 'Revenir au début → <a href="#ck-map-all-catalogue-n-debut">debut</a>' in text
    assert "Relation abîmée, Liste noire" in text
    one = maps_of(built.html("une/index.html"))
    assert one.count("<svg") == 1 and 'id="ck-map-second"' in one


def test_scenarios_dir_option(build) -> None:
    config = ("site_name: T\nsite_url: http://127.0.0.1:8000/\ndocs_dir: course\ntheme:\n  name: material\n"
              "  language: fr\n  font: false\nplugins:\n  - coursekit:\n      scenarios_dir: jeux/de-role\n      edition: trainer\n")
    files = site(**{"mkdocs.yml": config, "jeux/de-role/catalogue.yml": SCENARIO})
    del files["scenarios/catalogue.yml"]
    built = build(files, "--strict")
    assert built.code == 0, built.log
    assert "<ck-scenario" in built.html("jeu/index.html")
    broken = build({**files, "jeux/de-role/catalogue.yml": "title: [x\n"})
    assert "jeux/de-role/catalogue.yml:2: YAML syntax error" in broken.log


def test_interface_follows_the_theme_language(build) -> None:
    config = ("site_name: T\nsite_url: http://127.0.0.1:8000/\ndocs_dir: course\ntheme:\n  name: material\n"
              "  language: en\n  font: false\nplugins:\n  - coursekit:\n      edition: trainer\n")
    built = build(site(**{"mkdocs.yml": config}))
    assert built.code == 0, built.log
    html = built.html("jeu/index.html")
    assert "Role-play" in html and "What do you do?" in html and "Start again" in html
    assert "Relationship kept" in built.html("cartes/index.html")
    # the strings only the scenario's script reads are in its page (data-strings), not in the shared script
    strings = json.loads(html_lib.unescape(re.search(r"<ck-scenario [^>]*data-strings='([^']*)'", html).group(1)))
    assert strings["sc_score"] == "Balance of your choices: {got}. Best possible path: {best}."
    assert strings["sc_low"] == "A negative balance means your replies hurt the relationship more than they helped it."
    script = next((built.site / "assets" / "coursekit").glob("*.js")).read_text(encoding="utf-8")
    assert "Balance of your choices" not in script


def test_storage_key_has_a_namespace_and_a_content_hash(build, tmp_path: Path) -> None:
    def key() -> str:
        html = (tmp_path / "site" / "jeu" / "index.html").read_text(encoding="utf-8")
        return re.search(r'<ck-scenario [^>]*data-key="([^"]+)"', html).group(1)

    build(site())
    first = key()
    assert re.fullmatch(r"ck:[0-9a-f]{8}:sc:catalogue:[0-9a-f]{12}", first)
    build(site(**{"scenarios/catalogue.yml": SCENARIO.replace("Insister", "Insister encore")}))
    second = key()
    assert second.split(":")[:4] == first.split(":")[:4] and second != first
    config = ("site_name: T\nsite_url: http://127.0.0.1:8000/\ndocs_dir: course\ntheme:\n  name: material\n"
              "  font: false\nplugins:\n  - coursekit:\n      storage_namespace: maformation\n      edition: trainer\n")
    build(site(**{"mkdocs.yml": config}))
    assert key().startswith("ck:maformation:sc:catalogue:")


def test_describe_names_nodes_replies_and_characters() -> None:
    data = {"nodes": [{"id": "a"}, {"id": "b", "replies": [{}, {}]}], "characters": [{"id": "x"}]}
    assert describe_loc(("nodes", 1, "replies", 1, "next"), data) == "node 2 (id 'b') › reply 2"
    assert describe_loc(("characters", 0, "name"), data) == "character 1 (id 'x')"
    assert describe_loc(("nodes", 0, "ending", "method", 2), data) == "node 1 (id 'a') › ending › method entry 3"
    assert describe_loc(("title",), data) == ""


# -- the real course ---------------------------------------------------------------------
def test_the_whole_site_script_and_styles_stay_within_16_kb_gzipped(course_site: tuple[Path, str]) -> None:
    folder = course_site[0] / "assets" / "coursekit"
    files = sorted((p for p in folder.iterdir() if p.suffix != ".json"), key=lambda p: p.suffix)  # .json: the course's manifest
    assert [p.suffix for p in files] == [".css", ".js"]  # one stylesheet and one script, quiz and scenario
    script = files[1].read_text(encoding="utf-8")
    assert "ck-quiz" in script and "ck-scenario" in script
    size = sum(len(gzip.compress(p.read_bytes(), 6)) for p in files)  # as `gzip -c` does
    assert size <= 16 * 1024, f"{size} bytes gzipped"


def test_the_course_shows_every_scenario_and_every_map(course_site: tuple[Path, str],
                                                       trainer_site: tuple[Path, str]) -> None:
    root = Path(__file__).resolve().parent.parent
    ids = sorted(p.stem for p in (root / "scenarios").glob("*.yml"))
    assert len(ids) >= 8
    shown = []
    for page in sorted((course_site[0] / "mises-en-situation").glob("*/index.html")):
        shown += re.findall(r'<ck-scenario [^>]*data-scenario="([^"]+)"', page.read_text(encoding="utf-8"))
    assert sorted(shown) == ids
    maps = (trainer_site[0] / "formateur" / "cartes" / "index.html").read_text(encoding="utf-8")
    assert maps.count('<svg class="ck-map__svg"') == len(ids)
