"""Branching role-play scenarios (« mises en situation »): format, graph checks, HTML.

One YAML file per scenario in `scenarios/` (plugin option `scenarios_dir`):

    title: Le catalogue de voyages
    context: Vous appelez la responsable RH d’une entreprise…
    shuffle: true                    # optional: replies in a new order each time a node is shown
    characters:
      - {id: vous, name: Camille, role: commerciale, player: true}
      - {id: rh, name: Mme Roussel, role: responsable RH}
    nodes:
      - id: debut                    # the first node is where the conversation starts
        speaker: rh                  # a character id; no speaker: a narration
        text: « Pas le temps, pas intéressée. »
        replies:                     # shown in this order, or shuffled each time with `shuffle: true`
          - text: « Je vous rappelle dans une heure, alors ! »
            label: Insister              # short text for the trainer's map (optional)
            next: agacee
            feedback: Elle a dit non…    # shown after the choice (optional)
            points: -1                   # optional, default 0
      - id: agacee
        text: …
        ending: {outcome: damaged, title: …, score: 0, review: […], debrief: …}

A path scores the points of its replies plus the score of its ending; the best
possible score is computed here, once, over every path. The graph checks report
what a trainer can get wrong in a branching story (a reply to nowhere, a node or
an ending no path reaches, a loop with no way out…) with the file and line.
Independent of MkDocs, and apart from the quiz code: only the generic loader,
`Problem` and the renderer's Markdown helpers and templates are shared.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator

from ..core.fields import Strict, not_blank
from ..core.ids import check_id


# -- the format ----------------------------------------------------------------------
class Character(Strict):
    id: str
    name: str
    role: str | None = None
    player: bool = False

    _id = field_validator("id")(check_id)
    _blank = field_validator("name")(not_blank)


class Reply(Strict):
    text: str
    next: str
    label: str | None = None
    feedback: str | None = None
    points: float = Field(default=0, ge=-1000, le=1000)

    _blank = field_validator("text", "next")(not_blank)


class Ending(Strict):
    outcome: Literal["kept", "strained", "damaged"]
    title: str
    score: float = Field(default=0, ge=-1000, le=1000)
    # What the learner did right (« Méthode »), and what to read again (« À revoir »): a tag may be a
    # Markdown link to its lesson, a path in the lessons' folder (`[Le non sec](partie-2/non-sec.md)`).
    method: list[str] = Field(default_factory=list)
    # Left out of the version while empty, as `shuffle`: a scenario without it keeps its saved paths.
    review: list[str] = Field(default_factory=list, exclude_if=lambda value: not value)
    debrief: str

    _blank = field_validator("title", "debrief")(not_blank)


class Node(Strict):
    id: str
    speaker: str | None = None
    text: str
    replies: list[Reply] = Field(default_factory=list)
    ending: Ending | None = None

    _id = field_validator("id")(check_id)
    _blank = field_validator("text")(not_blank)


class Scenario(Strict):
    title: str
    context: str
    characters: list[Character] = Field(min_length=1)
    nodes: list[Node] = Field(min_length=1)
    # Replies in a new order at each showing of a node, so that a learner who plays again
    # chooses by reading, not by position. Left out of the version while false: a scenario
    # without it keeps its version, hence its learners' saved paths.
    shuffle: bool = Field(default=False, exclude_if=lambda value: not value)

    _blank = field_validator("title", "context")(not_blank)

    @property
    def player(self) -> Character | None:
        return next((c for c in self.characters if c.player), None)
