"""A scenario's map for the trainer: an SVG laid out at build time, a column per step from the start
(loops set aside), endings in the last one."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .graph import Graph

OUTCOMES = ("kept", "strained", "damaged")
ICONS = {"kept": "✓", "strained": "◐", "damaged": "✗"}

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
