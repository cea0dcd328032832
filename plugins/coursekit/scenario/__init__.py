"""The scenario kind: `[[scenario: id]]` plays a role-play, `[[map: id]]` (or `*`) draws its map.

Imports nothing heavy: the model, the graph, the checks and the renderer come
when a file must be parsed or a scenario rendered that the build cache does not
hold.
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from ..core.documents import FileType
from ..core.kinds import FileKind

if TYPE_CHECKING:
    from ..core.html import Widget
    from .render import ScenarioRenderer


class Scenarios(FileKind):
    name = "scenario"
    embeds = ("scenario", "map")
    option = "scenarios_dir"
    default_folder = "scenarios"
    files = FileType("scenario", "coursekit.scenario.check:parse_scenario")
    every = "map"
    templates = ("coursekit/scenario.html",)
    trainer_embeds = {"map": "a scenario map (its best path and its points)"}

    @cached_property
    def view(self) -> ScenarioRenderer:
        from .render import ScenarioRenderer
        return ScenarioRenderer(self.html)

    def render(self, embed: str, ident: str, count: int) -> Widget | str | None:
        uid = f"ck-{'sc' if embed == 'scenario' else 'map'}-{ident if ident != '*' else 'all'}"
        uid += f"-{count}" if count > 1 else ""
        if embed == "map" and ident == "*":
            return self.view.maps(list(self.docs.values()), uid)
        if ident not in self.docs:
            return None
        if embed == "map":
            return self.view.maps([self.docs[ident]], uid)
        return self.view.scenario(self.docs[ident], uid)
