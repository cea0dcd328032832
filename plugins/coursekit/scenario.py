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

from .i18n import number
from .loader import Loaded, Problem, line_of, load_dir, relative_path, suggest, unknown_embed, unused_docs
from .model import Strict, _not_blank

OUTCOMES = ("kept", "strained", "damaged")
ICONS = {"kept": "✓", "strained": "◐", "damaged": "✗"}
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
    return load_dir(folder, root, Scenario, describe=describe_loc, checks=check)


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
    for key, i in graph.index.items():
        if key not in graph.depth:
            what = "ending" if sc.nodes[i].ending else "node"
            at(("nodes", i, "id"), f"no path from the first node ('{graph.start}') reaches this "
               f"{what}: no reply leads here, or only replies of nodes that are never reached")
    comp = graph.components()
    ends = graph.can_end()
    reported: set[int] = set()
    if graph.endings:
        for key in graph.index:
            c = comp[key]
            if key in graph.depth and key not in ends and c not in reported:
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


def _where(sc: Scenario, loc: tuple[Any, ...]) -> str:
    if len(loc) < 2 or not isinstance(loc[1], int):
        return ""
    owner = "node" if loc[0] == "nodes" else "character"
    item = (sc.nodes if loc[0] == "nodes" else sc.characters)[loc[1]]
    where = f"{owner} {loc[1] + 1} (id '{item.id}')"
    if len(loc) > 3 and loc[2] == "replies":
        where += f" › reply {loc[3] + 1}"
    return where


# -- in a course: the embeds `[[scenario: id]]` and `[[map: id]]` / `[[map: *]]` ------------
KINDS = ("scenario", "map")


@dataclass
class Scenarios:
    """The scenarios of one build, what the lessons embed, and their HTML."""

    root: Path
    folder: Path | None
    renderer: Any
    docs: dict[str, Loaded[Scenario]] = field(default_factory=dict)
    used: dict[str, list[str]] = field(default_factory=dict)
    broken: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.view = ScenarioRenderer(self.renderer)

    def load(self) -> list[Problem]:
        if self.folder is None:
            return []
        self.docs, problems = load_scenarios(self.folder, self.root)
        self.broken = {Path(p.file).stem for p in problems}
        return problems

    def scan(self, kind: str, ident: str, page: str, line: int) -> list[Problem]:
        """An embed found in a lesson: unknown ids are errors at the lesson's line."""
        if kind == "scenario":
            self.used.setdefault(ident, []).append(page)
        if ident in self.docs or ident in self.broken or (kind == "map" and ident == "*"):
            return []
        folder = relative_path(self.folder, self.root) if self.folder else "scenarios"
        return [unknown_embed(kind, ident, page, line, "scenario", folder, list(self.docs))]

    def unused(self) -> list[Problem]:
        return unused_docs(self.docs, self.used, "scenario", "scenario")

    def render(self, kind: str, ident: str, count: int) -> str | None:
        """HTML of one embed, or None when there is no such scenario."""
        uid = f"ck-{'sc' if kind == 'scenario' else 'map'}-{ident if ident != '*' else 'all'}"
        uid += f"-{count}" if count > 1 else ""
        if kind == "map" and ident == "*":
            return self.view.maps(list(self.docs.values()), uid)
        if ident not in self.docs:
            return None
        if kind == "map":
            return self.view.maps([self.docs[ident]], uid)
        return self.view.scenario(self.docs[ident], uid)


# -- HTML --------------------------------------------------------------------------------
@dataclass
class ScenarioRenderer:
    """Renders scenarios and their maps with the quiz renderer's templates and Markdown."""

    base: Any  # render.Renderer (not imported: it would tie this module to the quiz code)

    def __post_init__(self) -> None:
        self.t: dict[str, str] = self.base.t
        self._cache: dict[tuple[str, str], str] = {}

    def _num(self, value: float) -> str:
        return number(value, self.base.lang)

    def _signed(self, value: float) -> str:
        return ("+" if value > 0 else "−" if value < 0 else "") + self._num(abs(value))

    def scenario(self, doc: Loaded[Scenario], uid: str) -> str:
        key = (doc.id, doc.version)
        if key not in self._cache:
            self._cache[key] = self._scenario(doc)
        return self._cache[key].replace("__CK_UID__", uid)

    def _scenario(self, doc: Loaded[Scenario]) -> str:
        sc, graph = doc.model, Graph(doc.model)
        player = sc.player or sc.characters[0]
        cast = {c.id: c for c in sc.characters}
        nodes = []
        for node in sc.nodes:
            who = cast.get(node.speaker or "")
            nodes.append({
                "id": node.id, "who": who.name if who else None, "text": self.base.inline(node.text),
                "replies": [{"text": self.base.inline(r.text), "next": r.next, "points": f"{r.points:g}",
                             "feedback": self.base.inline(r.feedback)} for r in node.replies],
                "end": self._ending(node.ending) if node.ending else None,
            })
        return self.base.env.get_template("coursekit/scenario.html").render(
            t=self.t, uid="__CK_UID__", id=doc.id, title=self.base.inline(sc.title),
            key=f"ck:{self.base.namespace}:sc:{doc.id}:{doc.version}",
            context=self.base.block(sc.context), you=self.t["sc_you"].format(name=player.name),
            player={"name": player.name, "role": self.base.inline(player.role)},
            others=[{"name": c.name, "role": self.base.inline(c.role)}
                    for c in sc.characters if c is not player],
            start=nodes[0], nodes=nodes, best=f"{graph.best_score:g}", ends=len(graph.endings))

    def _ending(self, end: Ending) -> dict[str, Any]:
        return {"outcome": end.outcome, "icon": ICONS[end.outcome], "label": self.t[f"sc_{end.outcome}"],
                "title": self.base.inline(end.title), "score": f"{end.score:g}",
                "shown_score": self._signed(end.score) if end.score else "0",
                "method": [self.base.inline(m) for m in end.method],
                "debrief": self.base.block(end.debrief)}

    # -- the trainer's map ------------------------------------------------------------
    def maps(self, docs: list[Loaded[Scenario]], uid: str) -> str:
        return self.base.env.get_template("coursekit/scenario-map.html").render(
            t=self.t, maps=[self._map(d, f"{uid}-{d.id}" if len(docs) > 1 else uid) for d in docs],
            icons=ICONS, outcomes=OUTCOMES)

    def _map(self, doc: Loaded[Scenario], uid: str) -> dict[str, Any]:
        sc, graph = doc.model, Graph(doc.model)
        cast = {c.id: c.name for c in sc.characters}
        layout = layout_map(graph, lambda n: cast.get(n.speaker or "", self.t["sc_narration"]),
                            self.base.plain, self.t, self._signed)
        rows = []
        for node in sc.nodes:
            end = node.ending
            rows.append({
                "id": node.id, "anchor": f"{uid}-n-{node.id}",
                "who": cast.get(node.speaker or "", self.t["sc_narration"]),
                "text": self.base.inline(node.text), "start": node.id == graph.start,
                "end": self._ending(end) if end else None,
                "replies": [{"text": self.base.inline(r.text), "next": r.next,
                             "anchor": f"{uid}-n-{r.next}" if r.next in graph.index else None,
                             "points": self._signed(r.points) if r.points else None}
                            for r in node.replies]})
        meta = self.t["sc_map_meta"].format(
            nodes=len(graph.nodes), ends=len(graph.endings), best=self._num(graph.best_score))
        return {"id": doc.id, "uid": uid, "file": doc.file, "title": self.base.inline(sc.title),
                "plain_title": self.base.plain(sc.title), "meta": meta, "rows": rows, **layout}


# -- map layout: a column per step from the start (loops set aside), endings in the last one ----
CARD_W, END_W, GAP_X, GAP_Y, MARGIN = 200, 168, 52, 20, 12
SLOT, SLOT_GAP = 4, 6
HEAD, LINE, PAD, REPLY_LINE = 17, 14, 7, 13
FONT, SMALL = 12.0, 11.0


def wrap(text: str, width: float, size: float, lines: int) -> list[str]:
    """Lines of at most `width` pixels (estimated), the last one cut with `…` if need be."""
    limit = max(4, int(width / (size * 0.56)))
    words = " ".join(text.split()).split(" ")
    out: list[str] = []
    current = ""
    for word in words:
        while len(word) > limit:
            word = word[:limit - 1] + "…"
        if current and len(current) + 1 + len(word) > limit:
            out.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    out.append(current)
    if len(out) > lines:
        out = out[:lines]
        last = out[-1]
        out[-1] = (last if len(last) < limit else last[:limit - 1].rstrip()) + "…"
    return out


def layout_map(graph: Graph, speaker: Any, plain: Any, t: dict[str, str], signed: Any) -> dict[str, Any]:
    """Boxes, reply rows and edges of one scenario's map, in SVG user units (pixels)."""
    layer = graph.layers()
    last = 1 + max((layer[k] for k in graph.nodes if k not in graph.endings), default=0)
    column = {k: (last if n.ending else layer[k]) for k, n in graph.nodes.items()}
    best = graph.best_edges()
    boxes: dict[str, dict[str, Any]] = {}
    for key, node in graph.nodes.items():
        end = node.ending
        box_w = END_W if end else CARD_W
        if end:
            head = f"{ICONS[end.outcome]} {t[f'sc_{end.outcome}']}"
            body = wrap(plain(end.title), box_w - 2 * PAD, FONT, 2)
            body.append(t["sc_map_score"].format(n=signed(end.score) if end.score else "0"))
        else:
            head = ("▶ " if key == graph.start else "") + speaker(node)
            body = wrap(plain(node.text), box_w - 2 * PAD, FONT, 2)
        rows = []
        y = PAD + HEAD + LINE * len(body) + PAD
        for j, r in enumerate(node.replies):
            suffix = f" ({signed(r.points)})" if r.points else ""
            text = wrap(plain(r.label or r.text), box_w - 2 * PAD - 6 * len(suffix), SMALL, 2)
            text[-1] += suffix
            h = PAD + REPLY_LINE * len(text)
            rows.append({"y": y, "h": h, "lines": text, "next": r.next, "best": (key, j) in best})
            y += h
        boxes[key] = {"id": key, "w": box_w, "h": y, "head": head, "body": body, "rows": rows,
                      "start": key == graph.start, "outcome": end.outcome if end else None,
                      "x": 0.0, "y": 0.0, "tip": plain(node.text)}
    # Back edges (to the same or an earlier column) run along lanes above and left of the boxes.
    back = [(s, row) for s in graph.nodes for row in boxes[s]["rows"]
            if row["next"] in boxes and column[row["next"]] <= column[s]]
    # A reply that skips columns goes through a slot in each column it crosses (as in Sugiyama's
    # layered drawings), so that no arrow runs behind a box.
    items: dict[int, list[dict[str, Any]]] = {c: [] for c in range(last + 1)}
    for key in graph.nodes:
        boxes[key]["ins"] = []
        items[column[key]].append(boxes[key])
    chains = []
    for s in graph.nodes:
        for row in boxes[s]["rows"]:
            target = row["next"]
            if target not in boxes or column[target] <= column[s]:
                continue
            before: Any = (boxes[s], row)
            slots = []
            for c in range(column[s] + 1, column[target]):
                slot = {"h": SLOT, "y": 0.0, "col": c, "ins": [before]}
                items[c].append(slot)
                slots.append(slot)
                before = slot
            boxes[target]["ins"].append(before)
            chains.append((boxes[s], row, slots, boxes[target], before))

    def y_of(item: Any) -> float:
        if isinstance(item, tuple):  # a reply's port, on the right side of its box
            return float(item[0]["y"] + item[1]["y"] + item[1]["h"] / 2)
        return float(item["y"] + item["h"] / 2)

    xs: dict[int, float] = {}
    widths: dict[int, float] = {}
    x = float(MARGIN + (16 + 4 * len(back) if back else 0))
    for c in range(last + 1):
        xs[c] = x
        widths[c] = max((b["w"] for b in items[c] if "w" in b), default=0.0)
        x += widths[c] + GAP_X
    width = x - GAP_X + MARGIN
    # Each column sits near what leads into it from the column before (barycentre), without overlaps.
    for c in range(last + 1):
        column_items = items[c]
        wish = [sum(map(y_of, it["ins"])) / len(it["ins"]) if it["ins"] else 0.0 for it in column_items]
        order = sorted(range(len(column_items)), key=lambda n: (wish[n], n))
        floor, previous = -math.inf, None
        for n in order:
            it = column_items[n]
            gap = GAP_Y if previous is not None and "w" in it and "w" in previous else SLOT_GAP
            it["y"] = max(wish[n] - it["h"] / 2, floor + gap if previous is not None else -math.inf)
            floor, previous = it["y"] + it["h"], it
        if column_items:
            lift = sum(y_of(it) - wish[n] for n, it in enumerate(column_items)) / len(column_items)
            for it in column_items:
                it["y"] -= lift
        for it in column_items:
            it["x"] = xs[c]
    every = [it for c in items for it in items[c]]
    offset = MARGIN + (12 * len(back) + 8 if back else 0) - min(it["y"] for it in every)
    for it in every:
        it["y"] += offset
    height = max(it["y"] + it["h"] for it in every) + MARGIN

    def curve(x1: float, y1: float, x2: float, y2: float) -> str:
        bend = max(16.0, (x2 - x1) / 2)
        return f" C{x1 + bend:.1f},{y1:.1f} {x2 - bend:.1f},{y2:.1f} {x2:.1f},{y2:.1f}"

    # Forward edges spread along the left side of their target, in the order they arrive.
    arriving: dict[int, list[Any]] = {}
    for chain in chains:
        arriving.setdefault(id(chain[3]), []).append(chain)
    edges = []
    for group in arriving.values():
        group.sort(key=lambda chain: y_of(chain[4]))
        tb = group[0][3]
        span = min(tb["h"] - 24, 12 * (len(group) - 1))
        for n, (sb, row, slots, _, _) in enumerate(group):
            x1, y1 = sb["x"] + sb["w"], y_of((sb, row))
            d = f"M{x1:.1f},{y1:.1f}"
            for slot in slots:
                sy = y_of(slot)
                d += curve(x1, y1, slot["x"], sy) + f" H{slot['x'] + widths[slot['col']]:.1f}"
                x1, y1 = slot["x"] + widths[slot["col"]], sy
            y2 = tb["y"] + tb["h"] / 2 - span / 2 + (span * n / (len(group) - 1) if n else 0)
            edges.append({"d": d + curve(x1, y1, tb["x"] - 2, y2), "best": row["best"], "back": False})
    for lane, (s, row) in enumerate(back):
        sb, tb = boxes[s], boxes[row["next"]]
        x1, y1 = sb["x"] + sb["w"], y_of((sb, row))
        ly = MARGIN + 12 * lane + 2
        edges.append({"d": f"M{x1:.1f},{y1:.1f} H{x1 + 12 + 4 * lane:.1f} V{ly:.1f} "
                           f"H{tb['x'] - 12 - 4 * lane:.1f} V{tb['y'] + 12:.1f} H{tb['x'] - 2:.1f}",
                      "best": row["best"], "back": True})
    for b in boxes.values():
        b["hy"] = b["y"] + PAD + HEAD - 4
        b["by"] = [b["y"] + PAD + HEAD + LINE * (i + 1) - 3 for i in range(len(b["body"]))]
        for row in b["rows"]:
            row["top"] = b["y"] + row["y"]
            row["ty"] = [row["top"] + PAD / 2 + REPLY_LINE * (i + 1) - 2 for i in range(len(row["lines"]))]
    for b in boxes.values():
        del b["ins"]
    return {"width": math.ceil(width), "height": math.ceil(height),
            "boxes": [boxes[k] for k in graph.nodes],
            "edges": sorted(edges, key=lambda e: e["best"]), "has_back": bool(back)}
