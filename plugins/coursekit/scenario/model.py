"""Branching role-play scenarios (« mises en situation »): format, graph checks, HTML.

One YAML file per scenario in `scenarios/` (plugin option `scenarios_dir`):

    title: Le catalogue de voyages
    context: Vous appelez la responsable RH d’une entreprise…
    characters:
      - {id: vous, name: Camille, role: commerciale, player: true}
      - {id: rh, name: Mme Roussel, role: responsable RH}
    nodes:
      - id: debut                    # the first node is where the conversation starts
        speaker: rh                  # a character id; no speaker: a narration
        text: « Pas le temps, pas intéressée. »
        replies:
          - text: « Je vous rappelle dans une heure, alors ! »
            label: Insister              # short text for the trainer's map (optional)
            next: agacee
            feedback: Elle a dit non…    # shown after the choice (optional)
            points: -1                   # optional, default 0
      - id: agacee
        text: …
        ending: {outcome: damaged, title: …, score: 0, method: […], debrief: …}

A path scores the points of its replies plus the score of its ending; the best
possible score is computed here, once, over every path. The graph checks report
what a trainer can get wrong in a branching story (a reply to nowhere, a node or
an ending no path reaches, a loop with no way out…) with the file and line.
Independent of MkDocs, and apart from the quiz code: only the generic loader,
`Problem` and the renderer's Markdown helpers and templates are shared.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, field_validator

from .documents import SCENARIO, Loaded, Problem, line_of, load_dir, suggest
from .model import Strict, _not_blank

ID_CHARS = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_")


def _ident(value: str) -> str:
    if not value or not set(value) <= ID_CHARS:
        raise ValueError("an id holds only letters, digits, '-' and '_' (no spaces or accents)")
    return value


# -- the format ----------------------------------------------------------------------
class Character(Strict):
    id: str
    name: str
    role: str | None = None
    player: bool = False

    _id = field_validator("id")(_ident)
    _blank = field_validator("name")(_not_blank)


class Reply(Strict):
    text: str
    next: str
    label: str | None = None
    feedback: str | None = None
    points: float = Field(default=0, ge=-1000, le=1000)

    _blank = field_validator("text", "next")(_not_blank)


class Ending(Strict):
    outcome: Literal["kept", "strained", "damaged"]
    title: str
    score: float = Field(default=0, ge=-1000, le=1000)
    method: list[str] = Field(default_factory=list)
    debrief: str

    _blank = field_validator("title", "debrief")(_not_blank)


class Node(Strict):
    id: str
    speaker: str | None = None
    text: str
    replies: list[Reply] = Field(default_factory=list)
    ending: Ending | None = None

    _id = field_validator("id")(_ident)
    _blank = field_validator("text")(_not_blank)


class Scenario(Strict):
    title: str
    context: str
    characters: list[Character] = Field(min_length=1)
    nodes: list[Node] = Field(min_length=1)

    _blank = field_validator("title", "context")(_not_blank)

    @property
    def player(self) -> Character | None:
        return next((c for c in self.characters if c.player), None)


# -- the graph -------------------------------------------------------------------------
@dataclass
class Graph:
    """Nodes by id (the first of each id), their known targets, and what follows from them."""

    scenario: Scenario
    index: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for i, node in enumerate(self.scenario.nodes):
            self.index.setdefault(node.id, i)
        self.start = self.scenario.nodes[0].id
        self.nodes = {k: self.scenario.nodes[i] for k, i in self.index.items()}
        self.targets = {k: [r.next for r in n.replies if r.next in self.index]
                        for k, n in self.nodes.items()}
        self.endings = [k for k, n in self.nodes.items() if n.ending]
        self.depth = self._bfs()
        self.best = self._best()

    def _bfs(self) -> dict[str, int]:
        depth = {self.start: 0}
        queue = deque([self.start])
        while queue:
            here = queue.popleft()
            for there in self.targets[here]:
                if there not in depth:
                    depth[there] = depth[here] + 1
                    queue.append(there)
        return depth

    def layers(self) -> dict[str, int]:
        """Column of each node in a map: the longest path from the start once the replies that
        go back up a loop are set aside, so that every other arrow points to the right."""
        seen, on_path, done, back = {self.start}, {self.start}, [], set()
        work = [(self.start, iter(self.targets[self.start]))]
        while work:  # depth-first, without recursion: a long story must not hit Python's limit
            v, todo = work[-1]
            for w in todo:
                if w in on_path:
                    back.add((v, w))
                elif w not in seen:
                    seen.add(w)
                    on_path.add(w)
                    work.append((w, iter(self.targets[w])))
                    break
            else:
                work.pop()
                on_path.discard(v)
                done.append(v)
        column = {k: 0 for k in self.nodes}
        for v in reversed(done):
            for w in self.targets[v]:
                if (v, w) not in back:
                    column[w] = max(column[w], column[v] + 1)
        return column

    def can_end(self) -> set[str]:
        """Nodes from which some path reaches an ending."""
        back: dict[str, list[str]] = {k: [] for k in self.nodes}
        for here, theres in self.targets.items():
            for there in theres:
                back[there].append(here)
        seen = set(self.endings)
        queue = deque(self.endings)
        while queue:
            for before in back[queue.popleft()]:
                if before not in seen:
                    seen.add(before)
                    queue.append(before)
        return seen

    def components(self) -> dict[str, int]:
        """Strongly connected components (Tarjan, iterative): nodes of one loop share a number."""
        order: dict[str, int] = {}
        low: dict[str, int] = {}
        comp: dict[str, int] = {}
        stack: list[str] = []
        for root in self.nodes:
            if root in order:
                continue
            order[root] = low[root] = len(order)
            stack.append(root)
            work = [(root, iter(self.targets[root]))]
            while work:
                v, todo = work[-1]
                for w in todo:
                    if w not in order:
                        order[w] = low[w] = len(order)
                        stack.append(w)
                        work.append((w, iter(self.targets[w])))
                        break
                    if w not in comp:
                        low[v] = min(low[v], order[w])
                else:
                    work.pop()
                    if work:
                        low[work[-1][0]] = min(low[work[-1][0]], low[v])
                    if low[v] == order[v]:
                        number_ = len(set(comp.values()))
                        while True:
                            w = stack.pop()
                            comp[w] = number_
                            if w == v:
                                break
        return comp

    def _best(self) -> dict[str, float]:
        """Best score from each node to an ending (longest path; loops never pay, see checks)."""
        best = {k: (n.ending.score if n.ending else -math.inf) for k, n in self.nodes.items()}
        for _ in range(len(self.nodes)):
            changed = False
            for k, n in self.nodes.items():
                if n.ending:
                    continue
                for r in n.replies:
                    if r.next in best and best[r.next] + r.points > best[k]:
                        best[k] = best[r.next] + r.points
                        changed = True
            if not changed:
                break
        return best

    @property
    def best_score(self) -> float:
        score = self.best[self.start]
        return score if math.isfinite(score) else 0

    def best_edges(self) -> set[tuple[str, int]]:
        """(node, reply index) of the replies on a best path from the start (never a step back
        up a loop, which changes nothing to the score but is no part of a best path)."""
        def pays(here: str, reply: Reply) -> bool:
            return reply.next in self.nodes and math.isfinite(self.best[here]) \
                and abs(reply.points + self.best[reply.next] - self.best[here]) < 1e-9

        depth = {self.start: 0}
        queue = deque([self.start])
        while queue:
            here = queue.popleft()
            for reply in self.nodes[here].replies:
                if pays(here, reply) and reply.next not in depth:
                    depth[reply.next] = depth[here] + 1
                    queue.append(reply.next)
        return {(here, j) for here in depth for j, reply in enumerate(self.nodes[here].replies)
                if pays(here, reply) and depth[reply.next] > depth[here]}


# -- loading and checks ------------------------------------------------------------------
LABELS = {"nodes": "node", "replies": "reply", "characters": "character", "method": "method entry"}


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


def load_scenarios(folder: Path, root: Path) -> tuple[dict[str, Loaded[Scenario]], list[Problem]]:
    return load_dir(folder, root, SCENARIO)


def parse_scenario(path: Path, display: str, doc_id: str) -> tuple[Loaded[Scenario] | None, list[Problem]]:
    """`documents.SCENARIO`'s parser: a scenario file read and checked, graph included."""
    from .loader import load_file
    result = load_file(path, display, doc_id, Scenario, describe_loc)
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


# the part of a course that needs no model (kept apart so that a build with nothing new to
# parse does not import pydantic); imported here too, where it used to be
from .scenario_html import ICONS, KINDS, OUTCOMES, ScenarioRenderer, Scenarios, layout_map, wrap  # noqa: E402,F401
