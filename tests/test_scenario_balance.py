"""The course's scenarios teach the method, not a pattern: figures computed from the YAML files.

A learner who plays again must choose by reading, not by the shape of the replies: the replies are
shuffled, the best one is not the longest one most of the time, and no reply is a monologue. The
method itself shows in them: « non, sauf si » used well, the positive messages said before the no,
a reason tied to this client rather than a rule, and endings honest enough to leave a client
disappointed after a good « non, parce que ». Each figure is printed on failure.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import load_scenarios
from coursekit.scenario.graph import Graph
from coursekit.scenario.model import Ending, Node, Reply, Scenario

ROOT = Path(__file__).resolve().parent.parent
LESSONS = ROOT / "course"
DOCS, PROBLEMS = load_scenarios(ROOT / "scenarios", ROOT)
PART_2 = sorted(k for k in DOCS if k.startswith("refus-"))

WORD = re.compile(r"\w+(?:[’'-]\w+)*")
LINK = re.compile(r"^\[(?P<name>[^\]]+)\]\((?P<lesson>[^)\s]+)\)$")
# A reason that could be given to any client: the lesson « Une vraie raison » condemns it.
GENERIC = re.compile(r"c’est la règle|les règles|(même|mêmes) pour (tous|tout le monde)|tous nos clients|"
                     r"politique de l’entreprise|nos conditions générales|c’est la procédure|c’est comme ça|"
                     r"le système ne", re.I)
# The method's positive messages (écouter-d-abord.md), in the scenarios' own words.
MESSAGES = {
    "compris": re.compile(r"j’ai bien compris|si je comprends bien|si je (vous )?résume|si je vous suis bien", re.I),
    "étudié": re.compile(r"j’ai (étudié|regardé|examiné|vérifié)", re.I),
    "pourquoi": re.compile(r"(expliquer|dire) (précisément |exactement )?pourquoi", re.I),
}
DISAPPOINTED = re.compile(r"\bdéçue?s?\b|déception", re.I)
# What not to do: a tag that names it is something to read again, never a method (« Dire non clairement »,
# from the lesson on silence, is one).
PITFALLS = {"partie-2/non-sec.md"}
PITFALL_NAMES = re.compile(r"non sec|ne pas répondre|mode autruche", re.I)


def words(text: str) -> int:
    return len(WORD.findall(text))


def value(graph: Graph, reply: Reply) -> float:
    """What a reply is worth: its points and the best that can follow."""
    return reply.points + graph.best[reply.next]


def decision_points() -> Iterator[tuple[str, Node, Graph]]:
    for key in sorted(DOCS):
        scenario: Scenario = DOCS[key].model
        graph = Graph(scenario)
        for node in scenario.nodes:
            if len(node.replies) > 1:
                yield key, node, graph


def best_reply(node: Node, graph: Graph) -> int:
    values = [value(graph, r) for r in node.replies]
    return values.index(max(values))


def best_path(key: str) -> tuple[list[Reply], Ending]:
    """The replies of the best path from the start, and its ending."""
    scenario: Scenario = DOCS[key].model
    graph = Graph(scenario)
    here, replies = graph.nodes[graph.start], []
    while here.ending is None:
        reply = here.replies[best_reply(here, graph)]
        replies.append(reply)
        here = graph.nodes[reply.next]
    return replies, here.ending


def endings(key: str) -> list[Node]:
    return [node for node in DOCS[key].model.nodes if node.ending]


def share(found: list[Any], of: list[Any]) -> str:
    return f"{len(found)} of {len(of)} ({len(found) / len(of):.0%})"


def test_the_scenarios_load() -> None:
    assert [str(p) for p in PROBLEMS] == []
    assert len(DOCS) == 10


def test_every_scenario_shuffles_its_replies() -> None:
    assert [key for key, doc in sorted(DOCS.items()) if not doc.model.shuffle] == []


def test_no_reply_runs_over_45_words() -> None:
    long = [(key, node.id, words(r.text)) for key, doc in sorted(DOCS.items()) for node in doc.model.nodes
            for r in node.replies if words(r.text) > 45]
    assert long == []


def test_each_decision_point_has_one_best_reply() -> None:
    ties = [(key, node.id) for key, node, graph in decision_points()
            if [value(graph, r) for r in node.replies].count(max(value(graph, r) for r in node.replies)) > 1]
    assert ties == []


def test_the_best_reply_is_not_the_longest_one_most_of_the_time() -> None:
    points = list(decision_points())
    assert len(points) >= 37
    by_chars, by_words, last = [], [], []
    for key, node, graph in points:
        best = best_reply(node, graph)
        chars = [len(r.text.strip()) for r in node.replies]
        counts = [words(r.text) for r in node.replies]
        if chars[best] == max(chars):
            by_chars.append((key, node.id))
        if counts[best] == max(counts):
            by_words.append((key, node.id))
        if best == len(node.replies) - 1:
            last.append((key, node.id))
    print("best reply the longest in characters:", share(by_chars, points), by_chars)
    print("best reply the longest in words:", share(by_words, points), by_words)
    print("best reply the last in its file:", share(last, points))
    assert len(by_chars) <= 0.40 * len(points)
    assert len(by_words) <= 0.40 * len(points)
    assert len(last) <= 0.5 * len(points)  # the map and the answer key keep the file's order


def test_no_generic_reason_is_rewarded() -> None:
    """« C’est la règle », « le même pour tous nos clients »: a reply that says it never earns points,
    and never lies on a best path."""
    rewarded = [(key, node.id, r.text) for key, doc in sorted(DOCS.items()) for node in doc.model.nodes
                for r in node.replies if r.points > 0 and GENERIC.search(r.text)]
    assert rewarded == []
    on_best = [(key, r.text) for key in sorted(DOCS) for r in best_path(key)[0] if GENERIC.search(r.text)]
    assert on_best == []


def test_the_discount_is_refused_with_a_reason_from_this_clients_file() -> None:
    """refus-1-remise: the reason on the best path comes from M. Garnier's own file (his loyalty rate, his
    team's use of the support), which the study of his file brought out; the generic one costs points."""
    scenario: Scenario = DOCS["refus-1-remise"].model
    replies, ending = best_path("refus-1-remise")
    reasons = [r for r in replies if re.search(r"tarif fidélité", r.text) and re.search(r"support", r.text)]
    assert reasons and all(r.points > 0 for r in reasons)
    study = next(n for n in scenario.nodes if n.id == "etude")
    assert "tarif fidélité" in study.text and "support" in study.text
    generic = [r for n in scenario.nodes for r in n.replies if GENERIC.search(r.text)]
    assert len(generic) >= 3 and all(r.points < 0 for r in generic)
    # what the debrief says the reason was tied to is what the reply said
    assert "tarif fidélité" in ending.debrief and "support" in ending.debrief


def test_non_sauf_si_is_used_well_in_at_least_two_scenarios() -> None:
    """The best reply of a decision point says « sauf si », earns points, and leads to an ending where the
    relationship is kept: a condition the client could meet."""
    well = []
    for key, node, graph in decision_points():
        reply = node.replies[best_reply(node, graph)]
        if re.search(r"\bsauf si\b", reply.text, re.I) and reply.points > 0:
            _replies, ending = best_path(key)
            if ending.outcome == "kept":
                well.append((key, node.id))
    print("« sauf si » used well:", well)
    assert len({key for key, _ in well}) >= 2


def test_the_positive_messages_are_said_in_at_least_two_scenarios() -> None:
    """On the best path, the learner says all three: understood, studied, and why it is no."""
    said = {key: {name for name, found in MESSAGES.items() for r in best_path(key)[0] if found.search(r.text)}
            for key in PART_2}
    print("positive messages on the best path:", said)
    assert len([key for key, found in said.items() if found == set(MESSAGES)]) >= 2


def test_at_least_three_scenarios_end_with_a_client_still_disappointed() -> None:
    """The best path of at least three scenarios ends with the relationship kept and the client still
    disappointed, after a « non, parce que » that earned points (its label names the form, as the map
    shows it): the method keeps the relationship, it
    does not promise a yes."""
    honest = []
    for key in PART_2:
        replies, ending = best_path(key)
        node = next(n for n in DOCS[key].model.nodes if n.ending is ending)
        because = [r for r in replies if r.points > 0 and "parce que" in (r.label or "").lower()]
        if ending.outcome == "kept" and because and DISAPPOINTED.search(f"{node.text} {ending.debrief}"):
            honest.append(key)
    print("honest endings:", honest)
    assert len(honest) >= 3


def test_every_tag_links_to_its_lesson_and_a_method_is_what_was_done_right() -> None:
    problems = []
    for key in sorted(DOCS):
        for node in endings(key):
            ending = node.ending
            assert ending is not None
            if not (ending.method or ending.review):
                problems.append(f"{key} › {node.id}: no tag")
            for field, tags in (("method", ending.method), ("review", ending.review)):
                for tag in tags:
                    link = LINK.match(tag)
                    if link is None:
                        problems.append(f"{key} › {node.id} › {field}: {tag!r} is not a link to its lesson")
                        continue
                    if not (LESSONS / link["lesson"]).is_file():
                        problems.append(f"{key} › {node.id} › {field}: no lesson {link['lesson']}")
                    if field == "method" and (link["lesson"] in PITFALLS or PITFALL_NAMES.search(link["name"])):
                        problems.append(f"{key} › {node.id}: {link['name']!r} is no method, it is a pitfall")
            if ending.outcome == "damaged" and ending.method:
                problems.append(f"{key} › {node.id}: a damaged relationship lists no method, only what to review")
    assert problems == []


@pytest.mark.parametrize(("key", "present", "absent"), [
    ("appel-3-stylos", "stylos jetables", "trente centimes"),  # as in savoir-pourquoi.md
    ("appel-1-catalogue", "Au bout de vingt secondes", "première phrase"),  # as in quatre-appels.md
    ("appel-4-devis", "vingt-quatre heures", "c’était le lendemain"),
])
def test_the_calls_say_what_the_lessons_say(key: str, present: str, absent: str) -> None:
    text = (ROOT / "scenarios" / f"{key}.yml").read_text(encoding="utf-8")
    assert present in text and absent not in text


FRENCH = ["Dites-moi ce que", "celui qui la reçoit", "trente jours après la livraison", "Non, vous avez raison",
          "délivrer", "moutarde", "compress", "service clients", "mail", "courriel"]


@pytest.mark.parametrize("path", sorted((ROOT / "scenarios").glob("*.yml")), ids=lambda p: p.name)
def test_french_errors_of_the_review_are_gone(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert [wrong for wrong in FRENCH if wrong.lower() in text.lower()] == []
