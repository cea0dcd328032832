"""Scenarios and their maps as HTML.

Needs no model to run a build whose scenarios the build cache knows: the
models, the graph and the checks are imported only to render a scenario or a
map that the cache does not hold.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..core.assets import widget_strings
from ..core.html import UID, Html, Widget
from ..i18n import number
from .links import LinkedWidget
from .map import ICONS, OUTCOMES, layout_map

if TYPE_CHECKING:
    from ..core.documents import Loaded
    from .links import Resolve
    from .model import Ending, Scenario



# -- HTML --------------------------------------------------------------------------------
@dataclass
class ScenarioRenderer:
    """Renders scenarios and their maps."""

    base: Html

    def __post_init__(self) -> None:
        self.t: dict[str, str] = self.base.t

    def _num(self, value: float) -> str:
        return number(value, self.base.lang)

    def _signed(self, value: float) -> str:
        return ("+" if value > 0 else "−" if value < 0 else "") + self._num(abs(value))

    def scenario(self, doc: Loaded[Scenario], uid: str, links: Resolve = lambda lesson: None) -> Widget:
        """`links`: each lesson's address from the page that shows the scenario (links.py)."""
        key = ("scenario", doc.id, doc.version, self.base.context_key)
        return LinkedWidget(None, uid, self.base.cache.text(key, lambda: self._scenario(doc)), links)

    def _scenario(self, doc: Loaded[Scenario]) -> str:
        from .graph import Graph
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
            start=nodes[0], nodes=nodes, shuffle=sc.shuffle, best=f"{graph.best_score:g}", ends=len(graph.endings),
            strings=widget_strings(self.base.lang, "scenario"))

    def _ending(self, end: Ending) -> dict[str, Any]:
        return {"outcome": end.outcome, "icon": ICONS[end.outcome], "label": self.t[f"sc_{end.outcome}"],
                "title": self.base.inline(end.title), "score": f"{end.score:g}",
                "shown_score": self._signed(end.score) if end.score else "0",
                "method": [self.base.inline(m) for m in end.method],
                "review": [self.base.inline(m) for m in end.review],
                "debrief": self.base.block(end.debrief)}

    # -- the trainer's map ------------------------------------------------------------
    def maps(self, docs: list[Loaded[Scenario]], uid: str, links: Resolve = lambda lesson: None) -> Widget:
        key = ("map", tuple((d.id, d.version) for d in docs), self.base.context_key)
        return LinkedWidget(None, uid, self.base.cache.text(key, lambda: self._maps(docs)), links)

    def _maps(self, docs: list[Loaded[Scenario]]) -> str:
        return self.base.html("coursekit/scenario-map.html",
            t=self.t, maps=[self._map(d, f"{UID}-{d.id}" if len(docs) > 1 else UID) for d in docs],
            icons=ICONS, outcomes=OUTCOMES)

    def _map(self, doc: Loaded[Scenario], uid: str) -> dict[str, Any]:
        from .graph import Graph
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
