"""Scenario files: their format, their parser, and the graph checks with file and line."""

from __future__ import annotations

from collections import deque
from pathlib import Path
from typing import Any

from ..core.documents import Loaded
from ..core.problems import Problem, line_of, suggest
from ..core.validate import Format, load_file
from .graph import Graph
from .model import Scenario

# -- loading and checks ------------------------------------------------------------------
LABELS = {"nodes": "node", "replies": "reply", "characters": "character", "method": "method entry",
          "review": "review entry"}


def describe_loc(loc: tuple[Any, ...], data: Any) -> str:
    """('nodes', 2, 'replies', 0, 'next') -> "node 3 (id 'accueil') › reply 1"."""
    parts: list[str] = []
    node: Any = data
    for index, part in enumerate(loc):
        if isinstance(part, int):
            owner = loc[index - 1] if index else None
            parts[-1:] = [f"{LABELS.get(str(owner), 'entry')} {part + 1}"]
            try:
                ident = node[part].get("id") if owner in ("nodes", "characters") else None
            except (AttributeError, IndexError, KeyError, TypeError):
                ident = None
            if isinstance(ident, str):
                parts[-1] += f" (id '{ident}')"
        else:
            parts.append(str(part))
        try:
            node = node[part]
        except (IndexError, KeyError, TypeError):
            node = None
    if parts and loc and isinstance(loc[-1], str):
        parts.pop()  # the last key is named in the message itself
    return " › ".join(parts)


def parse_scenario(path: Path, display: str, doc_id: str) -> tuple[Loaded[Scenario] | None, list[Problem]]:
    """`documents.SCENARIO`'s parser: a scenario file read and checked, graph included."""
    result = load_file(path, display, doc_id, FORMAT)
    return (None, result) if isinstance(result, list) else (result, check(result))


def check(doc: Loaded[Scenario]) -> list[Problem]:
    """Everything pydantic cannot see: references between nodes and the shape of the graph."""
    sc, lines, file = doc.model, doc.lines, doc.file
    problems: list[Problem] = []

    def at(loc: tuple[Any, ...], message: str) -> None:
        where = _where(sc, loc)
        problems.append(Problem(file, line_of(lines, loc), f"{where}: {message}" if where else message))

    # characters: ids, and exactly one played by the learner
    cast: dict[str, int] = {}
    for i, who in enumerate(sc.characters):
        if who.id in cast:
            at(("characters", i, "id"), f"duplicate character id '{who.id}' "
               f"(character {cast[who.id] + 1} has it already)")
        cast.setdefault(who.id, i)
    players = [i for i, c in enumerate(sc.characters) if c.player]
    if not players:
        at(("characters",), "mark the character the learner plays with `player: true`")
    for i in players[1:]:
        at(("characters", i, "player"), "only one character is played by the learner "
           f"(character {players[0] + 1} has `player: true` already)")

    # nodes: ids, speakers, replies
    graph = Graph(sc)
    ids = list(graph.index)
    for i, node in enumerate(sc.nodes):
        if graph.index[node.id] != i:
            at(("nodes", i, "id"), f"duplicate node id '{node.id}' "
               f"(node {graph.index[node.id] + 1} has it already)")
        if node.speaker is not None and node.speaker not in cast:
            at(("nodes", i, "speaker"), f"there is no character '{node.speaker}'"
               f"{suggest(node.speaker, list(cast))} (characters: {', '.join(cast)}; "
               "leave out `speaker` for a narration)")
        if node.ending and node.replies:
            at(("nodes", i, "ending"), "an ending has no replies: remove `replies` or `ending`")
        if not node.ending and not node.replies:
            at(("nodes", i, "id"), "this node has no replies and is not an ending: "
               "add `replies:` or `ending:`")
        texts: dict[str, int] = {}
        for j, reply in enumerate(node.replies):
            if reply.next not in graph.index:
                at(("nodes", i, "replies", j, "next"), f"there is no node '{reply.next}' to go to"
                   f"{suggest(reply.next, ids)}")
            if reply.text.strip() in texts:
                at(("nodes", i, "replies", j, "text"), "the same reply is written twice "
                   f"(reply {texts[reply.text.strip()] + 1})")
            texts.setdefault(reply.text.strip(), j)

    # the graph: what the start reaches, what reaches an ending, loops
    if not graph.endings:
        at(("nodes",), "the scenario has no ending: give at least one node an `ending:`")
    reached, ends = _despite_broken(graph)
    for key, i in graph.index.items():
        if key not in reached:
            what = "ending" if sc.nodes[i].ending else "node"
            at(("nodes", i, "id"), f"no path from the first node ('{graph.start}') reaches this "
               f"{what}: no reply leads here, or only replies of nodes that are never reached")
    comp = graph.components()
    reported: set[int] = set()
    if graph.endings:
        for key in graph.index:
            c = comp[key]
            if key in reached and key not in ends and c not in reported:
                loop = [k for k in graph.index if comp[k] == c]
                if len(loop) > 1 or key in graph.targets[key]:
                    reported.add(c)
                    names = ", ".join(f"'{k}'" for k in loop)
                    at(("nodes", graph.index[loop[0]], "id"), (
                        f"a loop with no way out: from {'node' if len(loop) == 1 else 'nodes'} "
                        f"{names}, every reply leads back into the loop and no path reaches an "
                        "ending"))
    for key, i in graph.index.items():
        for j, reply in enumerate(sc.nodes[i].replies):
            if reply.points > 0 and reply.next in comp and comp[reply.next] == comp[key]:
                at(("nodes", i, "replies", j, "points"), (
                    "a reply that goes round a loop cannot earn points: replaying the loop would "
                    "raise the score without limit (give the points to a reply that leaves it)"))
    return sorted(problems, key=lambda p: (p.line or 0, p.message))


def _despite_broken(graph: Graph) -> tuple[set[str], set[str]]:
    """The nodes that the start reaches and those that reach an ending, giving a reply to a node that
    does not exist the benefit of the doubt: it is reported, and what follows only from it is not.

    Such a reply is taken to lead to a node that no reply leads to: the one whose id is closest to
    what it names or, if none is close, every one; and the node it leaves from is taken to reach an
    ending (so a loop is not said to have no way out because its way out is misspelt)."""
    broken = {key: [r.next for r in node.replies if r.next not in graph.index]
              for key, node in graph.nodes.items()}
    broken = {key: names for key, names in broken.items() if names}
    if not broken:
        return set(graph.depth), graph.can_end()
    import difflib

    targets = {key: list(theres) for key, theres in graph.targets.items()}
    led_to = {there for theres in graph.targets.values() for there in theres}
    orphans = [key for key in graph.nodes if key not in led_to and key != graph.start]
    for key, names in broken.items():
        for name in names:
            close = difflib.get_close_matches(name, orphans, n=1, cutoff=0.6)
            targets[key] += close or orphans
    reached = {graph.start}
    queue = deque([graph.start])
    while queue:
        for there in targets[queue.popleft()]:
            if there not in reached:
                reached.add(there)
                queue.append(there)
    back: dict[str, list[str]] = {key: [] for key in graph.nodes}
    for here, theres in graph.targets.items():
        for there in theres:
            back[there].append(here)
    ends = set(graph.endings) | set(broken)
    queue = deque(ends)
    while queue:
        for before in back[queue.popleft()]:
            if before not in ends:
                ends.add(before)
                queue.append(before)
    return reached, ends


def _where(sc: Scenario, loc: tuple[Any, ...]) -> str:
    if len(loc) < 2 or not isinstance(loc[1], int):
        return ""
    owner = "node" if loc[0] == "nodes" else "character"
    item = (sc.nodes if loc[0] == "nodes" else sc.characters)[loc[1]]
    where = f"{owner} {loc[1] + 1} (id '{item.id}')"
    if len(loc) > 3 and loc[2] == "replies":
        where += f" › reply {loc[3] + 1}"
    return where


FORMAT = Format(Scenario, describe_loc)
