"""Scenarios in a course: the embeds `[[scenario: id]]` and `[[map: id]]`, and their HTML.

Needs no model to run a build whose scenarios the build cache knows: the
models, the graph and the checks (`scenario.py`) are imported only to render a
scenario or a map that the cache does not hold.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .documents import SCENARIO, Loaded, Problem, load_dir, relative_path, unknown_embed, unused_docs
from .i18n import number

if TYPE_CHECKING:
    from .cache import BuildCache
    from .scenario import Ending, Graph, Scenario

OUTCOMES = ("kept", "strained", "damaged")
ICONS = {"kept": "✓", "strained": "◐", "damaged": "✗"}
UID = "__CK_UID__"


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
    without_folder: list[str] = field(default_factory=list)  # lessons that embed one, when there is no folder

    def __post_init__(self) -> None:
        self.view = ScenarioRenderer(self.renderer)

    def load(self, cache: BuildCache | None = None) -> list[Problem]:
        if self.folder is None:
            return []
        self.docs, problems = load_dir(self.folder, self.root, SCENARIO, cache)
        self.broken = {Path(p.file).stem for p in problems}
        return problems

    def scan(self, kind: str, ident: str, page: str, line: int) -> list[Problem]:
        """An embed found in a lesson: unknown ids are errors at the lesson's line."""
        if kind == "scenario":
            self.used.setdefault(ident, []).append(page)
        if ident in self.docs or ident in self.broken or (kind == "map" and ident == "*"):
            return []
        if self.folder is not None and not self.folder.is_dir():  # said once, for every lesson
            self.without_folder.append(page)
            return []
        folder = relative_path(self.folder, self.root) if self.folder else "scenarios"
        return [unknown_embed(kind, ident, page, line, "scenario", folder, list(self.docs))]

    def unused(self) -> list[Problem]:
        return unused_docs(self.docs, self.used, "scenario", "scenario")

    def render(self, kind: str, ident: str, count: int) -> Any:
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

    def _num(self, value: float) -> str:
        return number(value, self.base.lang)

    def _signed(self, value: float) -> str:
        return ("+" if value > 0 else "−" if value < 0 else "") + self._num(abs(value))

    def scenario(self, doc: Loaded[Scenario], uid: str) -> Any:
        key = ("scenario", doc.id, doc.version, self.base.context_key)
        html = self.base.cache.memo(key, lambda: self._scenario(doc))
        return self.base.widget(html, uid)

    def _scenario(self, doc: Loaded[Scenario]) -> str:
        from .scenario import Graph
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
        return self.base.html("coursekit/scenario.html",
            t=self.t, uid=UID, id=doc.id, title=self.base.inline(sc.title),
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
    def maps(self, docs: list[Loaded[Scenario]], uid: str) -> Any:
        key = ("map", tuple((d.id, d.version) for d in docs), self.base.context_key)
        html = self.base.cache.memo(key, lambda: self._maps(docs))
        return self.base.widget(html, uid)

    def _maps(self, docs: list[Loaded[Scenario]]) -> str:
        return self.base.html("coursekit/scenario-map.html",
            t=self.t, maps=[self._map(d, f"{UID}-{d.id}" if len(docs) > 1 else UID) for d in docs],
            icons=ICONS, outcomes=OUTCOMES)

    def _map(self, doc: Loaded[Scenario], uid: str) -> dict[str, Any]:
        from .scenario import Graph
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
