"""The scenario format and its graph checks: every problem a trainer can make, with its
message and its line, and the best score computed over every path."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from conftest import load_scenarios
from coursekit.scenario.graph import Graph
from coursekit.scenario.map import layout_map, wrap
from coursekit.scenario.model import Scenario

HEAD = """\
title: Le test
context: Un client appelle.
characters:
  - id: vous
    name: Camille
    player: true
  - id: client
    name: M. Martin
nodes:
"""
GOOD = HEAD + """\
  - id: debut
    speaker: client
    text: Bonjour.
    replies:
      - text: Aller à la fin
        next: fin
        points: 2
      - text: Passer par le milieu
        next: milieu
  - id: milieu
    text: Une narration.
    replies:
      - text: Revenir au début
        next: debut
        points: -1
      - text: Finir
        next: fin
        points: 1
  - id: fin
    text: Au revoir.
    ending:
      outcome: kept
      title: Bien
      score: 3
      debrief: Bravo.
"""


def load(tmp_path: Path, **files: str) -> tuple[dict, list[str]]:
    folder = tmp_path / "scenarios"
    folder.mkdir(exist_ok=True)
    for name, text in files.items():
        (folder / f"{name}.yml").write_text(textwrap.dedent(text), encoding="utf-8")
    docs, found = load_scenarios(folder, tmp_path)
    return docs, [str(p) for p in found]


def problems(tmp_path: Path, text: str) -> list[str]:
    return load(tmp_path, cas=text)[1]


def one(tmp_path: Path, text: str) -> str:
    found = problems(tmp_path, text)
    assert len(found) == 1, found
    return found[0]


def ending(node_id: str, outcome: str = "kept", score: int = 0) -> str:
    return f"""\
  - id: {node_id}
    text: Fin.
    ending:
      outcome: {outcome}
      title: Une fin
      score: {score}
      debrief: Un débriefing.
"""


def test_valid_scenario_loads_with_its_best_score(tmp_path: Path) -> None:
    docs, found = load(tmp_path, cas=GOOD)
    assert found == []
    doc = docs["cas"]
    assert doc.model.player is not None and doc.model.player.name == "Camille"
    graph = Graph(doc.model)
    # debut -> fin: 2 + 3; debut -> milieu -> fin: 0 + 1 + 3; the loop only loses points
    assert graph.best_score == 5
    assert graph.best_edges() == {("debut", 0)}
    assert len(doc.version) == 12


def test_best_score_takes_the_longest_way_when_it_pays(tmp_path: Path) -> None:
    text = GOOD.replace("        next: fin\n        points: 2\n", "        next: fin\n        points: 0\n")
    docs, found = load(tmp_path, cas=text)
    assert found == []
    graph = Graph(docs["cas"].model)
    assert graph.best_score == 4
    assert graph.best_edges() == {("debut", 1), ("milieu", 1)}


def test_yaml_syntax_error_has_its_line(tmp_path: Path) -> None:
    text = GOOD.replace("    text: Une narration.", "    text: Une narration\u00a0: oups")
    assert one(tmp_path, text) == (
        "scenarios/cas.yml:20: YAML syntax error: mapping values are not allowed here "
        "(a text that contains ': ' must be put between quotes)")


def test_unknown_key_in_a_reply_suggests_the_right_one(tmp_path: Path) -> None:
    text = GOOD.replace("        next: milieu\n", "        nxt: milieu\n")
    found = problems(tmp_path, text)
    assert found == [
        "scenarios/cas.yml:17: node 1 (id 'debut') › reply 2: `next` is missing",
        "scenarios/cas.yml:18: node 1 (id 'debut') › reply 2: unknown key `nxt`; did you mean `next`? "
        "(allowed here: text, next, label, feedback, points)",
    ]


def test_unknown_key_in_an_ending(tmp_path: Path) -> None:
    text = GOOD.replace("      score: 3\n", "      scor: 3\n")
    assert one(tmp_path, text) == (
        "scenarios/cas.yml:33: node 3 (id 'fin') › ending: unknown key `scor`; did you mean `score`? "
        "(allowed here: outcome, title, score, method, review, debrief)")


def test_wrong_types(tmp_path: Path) -> None:
    text = GOOD.replace("        points: 1\n", "        points: beaucoup\n").replace(
        "    player: true\n", "    player: oui\n")
    assert problems(tmp_path, text) == [
        "scenarios/cas.yml:6: character 1 (id 'vous'): `player` must be `true` or `false` (found 'oui')",
        "scenarios/cas.yml:27: node 2 (id 'milieu') › reply 2: `points` must be a number (found 'beaucoup')",
    ]


def test_unknown_outcome(tmp_path: Path) -> None:
    text = GOOD.replace("outcome: kept", "outcome: keep")
    assert one(tmp_path, text) == (
        "scenarios/cas.yml:31: node 3 (id 'fin') › ending: 'keep' is not allowed in `outcome`; "
        "use one of 'kept', 'strained' or 'damaged'; did you mean `kept`?")


def test_empty_text_and_missing_debrief(tmp_path: Path) -> None:
    text = GOOD.replace("    text: Bonjour.\n", "    text: ' '\n").replace("      debrief: Bravo.\n", "")
    assert problems(tmp_path, text) == [
        "scenarios/cas.yml:12: node 1 (id 'debut'): `text` must not be empty",
        "scenarios/cas.yml:30: node 3 (id 'fin') › ending: `debrief` is missing",
    ]


def test_invalid_node_id(tmp_path: Path) -> None:
    text = GOOD.replace("  - id: milieu\n", "  - id: le milieu\n").replace("next: milieu", "next: le milieu")
    assert one(tmp_path, text) == (
        "scenarios/cas.yml:19: node 2 (id 'le milieu'): an id holds only letters, digits, '-' and '_' "
        "(no spaces or accents)")


def test_reply_to_an_unknown_node_suggests_a_close_id(tmp_path: Path) -> None:
    text = GOOD.replace("        next: milieu\n", "        next: milleu\n")
    assert problems(tmp_path, text) == [
        "scenarios/cas.yml:18: node 1 (id 'debut') › reply 2: there is no node 'milleu' to go to; "
        "did you mean `milieu`?",
    ]  # not also "no path reaches 'milieu'": that follows from the misspelt `next:`


CHAIN = HEAD + """\
  - id: debut
    text: Début.
    replies:
      - text: Continuer
        next: etape-1
  - id: etape-1
    text: Un.
    replies:
      - text: Continuer
        next: etape-2
  - id: etape-2
    text: Deux.
    replies:
      - text: Continuer
        next: etape-3
  - id: etape-3
    text: Trois.
    replies:
      - text: Finir
        next: fin
""" + ending("fin")


def test_a_broken_next_is_reported_once_not_with_what_it_cuts_off(tmp_path: Path) -> None:
    # One wrong `next:` cut off three nodes and the ending: one problem, the cause.
    assert problems(tmp_path, CHAIN.replace("next: etape-1", "next: etape-un")) == [
        "scenarios/cas.yml:14: node 1 (id 'debut') › reply 1: there is no node 'etape-un' to go to; "
        "did you mean `etape-3`?"]
    # nothing close to suggest: the reply may have meant any node that no reply leads to
    assert problems(tmp_path, CHAIN.replace("next: etape-1", "next: ailleurs")) == [
        "scenarios/cas.yml:14: node 1 (id 'debut') › reply 1: there is no node 'ailleurs' to go to"]


def test_a_node_cut_off_in_a_correct_part_is_still_reported(tmp_path: Path) -> None:
    text = GOOD.replace("        next: milieu\n", "        next: milleu\n") + """\
  - id: oublie
    text: Personne ne vient ici.
    replies:
      - text: Finir
        next: fin
"""
    assert problems(tmp_path, text) == [
        "scenarios/cas.yml:18: node 1 (id 'debut') › reply 2: there is no node 'milleu' to go to; "
        "did you mean `milieu`?",
        "scenarios/cas.yml:35: node 4 (id 'oublie'): no path from the first node ('debut') reaches this "
        "node: no reply leads here, or only replies of nodes that are never reached",
    ]


def test_a_loop_whose_way_out_is_misspelt_is_not_a_loop_with_no_way_out(tmp_path: Path) -> None:
    text = HEAD + """\
  - id: debut
    text: Début.
    replies:
      - text: Vers la boucle
        next: ping
  - id: ping
    text: Ping.
    replies:
      - text: Pong
        next: pong
  - id: pong
    text: Pong.
    replies:
      - text: Ping
        next: ping
      - text: Sortir
        next: fni
""" + ending("fin")
    assert problems(tmp_path, text) == [
        "scenarios/cas.yml:26: node 3 (id 'pong') › reply 2: there is no node 'fni' to go to; did you mean "
        "`fin`?"]


def test_unreachable_node_and_unreachable_ending(tmp_path: Path) -> None:
    text = GOOD + """\
  - id: oublie
    text: Personne ne vient ici.
    replies:
      - text: Finir
        next: fin-oubliee
""" + ending("fin-oubliee")
    assert problems(tmp_path, text) == [
        "scenarios/cas.yml:35: node 4 (id 'oublie'): no path from the first node ('debut') reaches this "
        "node: no reply leads here, or only replies of nodes that are never reached",
        "scenarios/cas.yml:40: node 5 (id 'fin-oubliee'): no path from the first node ('debut') reaches "
        "this ending: no reply leads here, or only replies of nodes that are never reached",
    ]


def test_loop_with_no_way_out(tmp_path: Path) -> None:
    text = HEAD + """\
  - id: debut
    text: Début.
    replies:
      - text: Vers la fin
        next: fin
      - text: Vers la boucle
        next: ping
  - id: ping
    text: Ping.
    replies:
      - text: Pong
        next: pong
  - id: pong
    text: Pong.
    replies:
      - text: Ping
        next: ping
      - text: Encore pong
        next: pong
""" + ending("fin")
    assert one(tmp_path, text) == (
        "scenarios/cas.yml:17: node 2 (id 'ping'): a loop with no way out: from nodes 'ping', 'pong', "
        "every reply leads back into the loop and no path reaches an ending")


def test_a_node_that_loops_on_itself_with_no_way_out(tmp_path: Path) -> None:
    text = HEAD + """\
  - id: debut
    text: Début.
    replies:
      - text: Vers la fin
        next: fin
      - text: Tourner
        next: manege
  - id: manege
    text: On tourne.
    replies:
      - text: Encore un tour
        next: manege
""" + ending("fin")
    assert one(tmp_path, text) == (
        "scenarios/cas.yml:17: node 2 (id 'manege'): a loop with no way out: from node 'manege', "
        "every reply leads back into the loop and no path reaches an ending")


def test_node_without_reply_that_is_not_an_ending(tmp_path: Path) -> None:
    text = GOOD + """\
  - id: impasse
    text: Et maintenant ?
"""
    text = text.replace("        next: fin\n        points: 1\n", "        next: impasse\n        points: 1\n")
    assert one(tmp_path, text) == (
        "scenarios/cas.yml:35: node 4 (id 'impasse'): this node has no replies and is not an ending: "
        "add `replies:` or `ending:`")


def test_ending_with_replies(tmp_path: Path) -> None:
    text = GOOD + """\
    replies:
      - text: Encore
        next: fin
"""
    assert one(tmp_path, text) == (
        "scenarios/cas.yml:30: node 3 (id 'fin'): an ending has no replies: remove `replies` or `ending`")


def test_duplicate_ids(tmp_path: Path) -> None:
    text = GOOD.replace("  - id: client\n", "  - id: vous\n").replace("    speaker: client\n", "") \
        + ending("milieu")
    assert problems(tmp_path, text) == [
        "scenarios/cas.yml:7: character 2 (id 'vous'): duplicate character id 'vous' "
        "(character 1 has it already)",
        "scenarios/cas.yml:34: node 4 (id 'milieu'): duplicate node id 'milieu' (node 2 has it already)",
    ]


def test_unknown_speaker(tmp_path: Path) -> None:
    text = GOOD.replace("    speaker: client\n", "    speaker: clinet\n")
    assert one(tmp_path, text) == (
        "scenarios/cas.yml:11: node 1 (id 'debut'): there is no character 'clinet'; did you mean "
        "`client`? (characters: vous, client; leave out `speaker` for a narration)")


def test_the_learner_plays_exactly_one_character(tmp_path: Path) -> None:
    none = GOOD.replace("    player: true\n", "")
    assert one(tmp_path, none) == (
        "scenarios/cas.yml:3: mark the character the learner plays with `player: true`")
    two = GOOD.replace("    name: M. Martin\n", "    name: M. Martin\n    player: true\n")
    assert one(tmp_path, two) == (
        "scenarios/cas.yml:9: character 2 (id 'client'): only one character is played by the learner "
        "(character 1 has `player: true` already)")


def test_points_inside_a_loop(tmp_path: Path) -> None:
    text = GOOD.replace("        next: debut\n        points: -1\n", "        next: debut\n        points: 1\n")
    assert one(tmp_path, text) == (
        "scenarios/cas.yml:24: node 2 (id 'milieu') › reply 1: a reply that goes round a loop cannot earn "
        "points: replaying the loop would raise the score without limit (give the points to a reply "
        "that leaves it)")


def test_scenario_without_ending(tmp_path: Path) -> None:
    text = HEAD + """\
  - id: debut
    text: Début.
    replies:
      - text: Encore
        next: debut
"""
    assert one(tmp_path, text) == (
        "scenarios/cas.yml:9: the scenario has no ending: give at least one node an `ending:`")


def test_same_reply_twice(tmp_path: Path) -> None:
    text = GOOD.replace("      - text: Passer par le milieu\n", "      - text: Aller à la fin\n")
    assert one(tmp_path, text) == (
        "scenarios/cas.yml:17: node 1 (id 'debut') › reply 2: the same reply is written twice (reply 1)")


def test_every_problem_of_every_file_at_once(tmp_path: Path) -> None:
    broken = GOOD.replace("        next: milieu\n", "        next: nulle-part\n").replace(
        "    speaker: client\n", "    speaker: personne\n").replace("outcome: kept", "outcome: bof")
    docs, found = load(tmp_path, a=broken, b=GOOD.replace("title: Le test", "titre: Le test"),
                       c=GOOD, **{"d e": GOOD})
    assert set(docs) == {"c"}
    assert [p.split(": ", 1)[0] for p in found] == [
        "scenarios/a.yml:31", "scenarios/b.yml:1", "scenarios/b.yml:1", "scenarios/d e.yml"]
    assert "'bof' is not allowed in `outcome`" in found[0]
    assert "unknown key `titre`; did you mean `title`?" in " ".join(found[1:3])
    assert "the file name 'd e.yml' is used as an id" in found[3]
    # graph checks run once the file is valid: all of them together, in line order
    _, found = load(tmp_path, a=broken.replace("outcome: bof", "outcome: kept"))
    assert [p.split(": ", 1)[0] for p in found if p.startswith("scenarios/a.yml")] == [
        "scenarios/a.yml:11", "scenarios/a.yml:18"]  # 'milieu', cut off by line 18, is not reported


def test_missing_folder_is_no_problem(tmp_path: Path) -> None:
    assert load_scenarios(tmp_path / "nothing", tmp_path) == ({}, [])


# -- the map's layout -------------------------------------------------------------------
def model(text: str) -> Scenario:
    from ruamel.yaml import YAML
    return Scenario.model_validate(YAML(typ="safe").load(textwrap.dedent(text)))


def test_layers_put_every_forward_reply_to_the_right_and_endings_last(tmp_path: Path) -> None:
    graph = Graph(model(GOOD))
    assert graph.layers() == {"debut": 0, "milieu": 1, "fin": 2}
    layout = layout_map(graph, lambda n: "Client", lambda s: s, {"sc_kept": "Préservée", "sc_strained": "",
                        "sc_damaged": "", "sc_map_score": "Score : {n}"}, lambda v: f"{v:+g}")
    boxes = {b["id"]: b for b in layout["boxes"]}
    assert boxes["debut"]["x"] < boxes["milieu"]["x"] < boxes["fin"]["x"]
    assert [e["back"] for e in layout["edges"]].count(True) == 1  # milieu -> debut
    assert sum(e["best"] for e in layout["edges"]) == 1  # debut -> fin
    for b in layout["boxes"]:  # every box inside the drawing
        assert b["x"] >= 0 and b["x"] + b["w"] <= layout["width"]
        assert b["y"] >= 0 and b["y"] + b["h"] <= layout["height"]


def test_boxes_of_a_column_never_overlap(tmp_path: Path) -> None:
    replies = "".join(f"      - text: Réponse {i}\n        next: fin{i}\n" for i in range(6))
    text = HEAD + f"  - id: debut\n    text: Début.\n    replies:\n{replies}" + "".join(
        ending(f"fin{i}") for i in range(6))
    layout = layout_map(Graph(model(text)), lambda n: "", lambda s: s,
                        {"sc_kept": "", "sc_strained": "", "sc_damaged": "", "sc_map_score": "{n}"}, str)
    ends = sorted((b for b in layout["boxes"] if b["outcome"]), key=lambda b: b["y"])
    for above, below in zip(ends, ends[1:], strict=False):
        assert above["y"] + above["h"] <= below["y"]


@pytest.mark.parametrize(("text", "lines", "expected"), [
    ("Court", 2, ["Court"]),
    ("un deux trois quatre cinq six sept huit neuf dix onze douze", 2,
     ["un deux trois", "quatre cinq six…"]),
    ("Anticonstitutionnellement", 1, ["Anticonstitution…"]),
])
def test_wrap_cuts_long_texts_with_an_ellipsis(text: str, lines: int, expected: list[str]) -> None:
    assert wrap(text, 120, 12, lines) == expected
