"""A scenario as a graph: where each path leads, its best score, what cannot be reached."""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass, field

from .model import Reply, Scenario


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
