"""The course's scenarios themselves: valid, varied, written in French with French typography
and vouvoiement, and each one shown to learners (a page in the navigation) and to trainers (a map)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import load_scenarios
from coursekit.core.embeds import scan
from coursekit.scenario.graph import Graph
from coursekit.scenario.model import Scenario
from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parent.parent
DOCS, PROBLEMS = load_scenarios(ROOT / "scenarios", ROOT)
NOT_SHOWN = {"id", "next", "speaker", "outcome", "player", "points", "score"}
NBSP = "\u00a0\u202f"


def texts(node: Any, line: int = 1) -> Iterator[tuple[int, str]]:
    """(line, text) of every value a learner or a trainer reads in a scenario file."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key not in NOT_SHOWN:
                yield from texts(value, node.lc.value(key)[0] + 1)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from texts(value, node.lc.item(index)[0] + 1)
    elif isinstance(node, str):
        yield line, str(node)


def typography(text: str) -> list[str]:
    found = []
    for match in re.finditer(r"[:;!?%»]", text):
        if match.start() and text[match.start() - 1] not in NBSP + ":;!?":
            found.append(f"no non-breaking space before {match.group()!r}")
    for match in re.finditer("«", text):
        if text[match.end(): match.end() + 1] not in tuple(NBSP):
            found.append("no non-breaking space after «")
    if "'" in text or '"' in text:
        found.append("straight quote or apostrophe (use ’ and « »)")
    if re.search(r"\b(tu|toi|tes|t’)\b", text, re.I):  # not « ton »: « le ton est sec »
        found.append("tutoiement (the course says vous)")
    return found


def test_every_scenario_loads_without_problem() -> None:
    assert [str(p) for p in PROBLEMS] == []


def test_the_brief_is_covered() -> None:
    calls = [k for k in DOCS if k.startswith("appel-")]
    refusals = [k for k in DOCS if k.startswith("refus-")]
    assert len(DOCS) >= 8
    assert sorted(calls) == ["appel-1-catalogue", "appel-2-petit-dejeuner", "appel-3-stylos", "appel-4-devis"]
    assert {"refus-1-remise", "refus-2-delai", "refus-3-remboursement", "refus-4-fonctionnalite"} <= set(refusals)
    assert len(refusals) >= 6


@pytest.mark.parametrize("scenario_id", sorted(DOCS))
def test_each_scenario_has_varied_endings_with_a_debrief_naming_the_method(scenario_id: str) -> None:
    scenario: Scenario = DOCS[scenario_id].model
    graph = Graph(scenario)
    endings = [scenario.nodes[graph.index[k]].ending for k in graph.endings]
    assert len(endings) >= 3
    assert len({e.outcome for e in endings if e}) >= 2
    for ending in endings:
        assert ending and (ending.method or ending.review) and len(ending.debrief) > 80
    assert graph.best_score > 0
    assert any(reply.feedback for node in scenario.nodes for reply in node.replies)


@pytest.mark.parametrize("path", sorted((ROOT / "scenarios").glob("*.yml")), ids=lambda p: p.name)
def test_french_typography_and_vouvoiement(path: Path) -> None:
    data = YAML(typ="rt").load(path.read_text(encoding="utf-8"))
    problems = [f"{path.name}:{line}: {message}: {text[:60]!r}"
                for line, text in texts(data) for message in typography(text)]
    assert problems == []


def test_every_scenario_has_a_page_in_the_navigation_and_a_map() -> None:
    docs_dir = ROOT / "course"
    shown: dict[str, list[str]] = {}
    for page in sorted((docs_dir / "mises-en-situation").glob("*.md")):
        for embed in scan(page.read_text(encoding="utf-8"))[0]:
            if embed.kind == "scenario":
                shown.setdefault(embed.id, []).append(page.relative_to(docs_dir).as_posix())
    assert sorted(shown) == sorted(DOCS)
    nav = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    for pages in shown.values():
        assert len(pages) == 1 and f": {pages[0]}\n" in nav
    assert "- Mises en situation:\n" in nav and ": mises-en-situation/index.md\n" in nav
    maps = (docs_dir / "formateur" / "cartes.md").read_text(encoding="utf-8")
    assert [(e.kind, e.id) for e in scan(maps)[0]] == [("map", "*")]
    assert ": formateur/cartes.md\n" not in nav  # the maps: the trainer's edition only
    assert ": formateur/cartes.md\n" in (ROOT / "mkdocs-formateur.yml").read_text(encoding="utf-8")
