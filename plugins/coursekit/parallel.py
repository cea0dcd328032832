"""A first build of a large course: its quiz files parsed, checked and rendered by several processes.

When the build cache lacks many quiz files (a first build, a new version of the
plugin, a cache left behind), the plugin shares them out among worker
processes before anything else: each parses and checks its share, renders the
valid quizzes, and sends back the version, the warnings and the HTML of each.
The results go into the build cache, and the build goes on as a next build
does. An invalid file is left to the build itself, which reads it again to
report every problem with its line, as ever.

Workers are forked: only on Linux (where fork is how Python starts processes),
in a process that runs no other thread (so not inside `mkdocs serve`, whose
server threads are running, and where files change one at a time anyway), and
only for enough files to repay it. The `processes` option sets how many (1:
none); by default one per CPU, at most four.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .documents import QUIZ, File, content_hash

if TYPE_CHECKING:
    from .cache import BuildCache
    from .render import Renderer

MIN_FILES = 32  # below that, forking costs more than it saves
MAX_PROCESSES = 4

Result = tuple[str, str, str, str, list[tuple[Any, ...]], str]  # display, id, hash, version, problems, HTML


def processes(option: int | None) -> int:
    """How many worker processes the `processes` option asks for (None: one per CPU, at most 4)."""
    if option is not None:
        return max(1, option)
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        cpus = os.cpu_count() or 1
    return min(cpus, MAX_PROCESSES)


def usable(tasks: int, workers: int) -> bool:
    return (workers > 1 and tasks >= MIN_FILES and sys.platform.startswith("linux")
            and "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1)


def prepare(tasks: list[File], renderer: Renderer, cache: BuildCache, workers: int) -> int:
    """Parse, check and render the quiz files `tasks` in `workers` processes; results into `cache`.

    Returns how many files came back valid (the others are left to the build).
    """
    from . import loader  # noqa: F401 - imported once here, before the fork, not in every worker

    settings = (renderer.lang, renderer.namespace, list(renderer.template_dirs))
    shares = [tasks[n::workers] for n in range(workers)]  # sorted names, files of like sizes: even shares
    # gc.freeze: a worker's collections leave alone the objects it inherited from the build
    with multiprocessing.get_context("fork").Pool(workers, initializer=gc.freeze) as pool:
        results = pool.starmap(_work, [(share, settings) for share in shares])
    done = 0
    for share in results:
        for display, doc_id, value, version, rows, html in share:
            cache.put(("doc", QUIZ.name, display, value), (version, rows))
            cache.put(("quiz", doc_id, version, renderer.context_key), html)
            done += 1
    return done


def _work(tasks: list[File], settings: tuple[str, str, list[str]]) -> list[Result]:
    """In a worker: each valid quiz file of `tasks`, checked and rendered."""
    from .render import Renderer

    renderer = Renderer(*settings)
    out: list[Result] = []
    for path, display, doc_id, value in tasks:
        with open(path, "rb") as file:  # the file the parent hashed, not one changed since
            if content_hash(file.read()) != value:
                continue
        doc, found = QUIZ.parse(Path(path), display, doc_id)
        if doc is None:
            continue
        rows = [(p.file, p.line, p.message, p.level) for p in found]
        out.append((display, doc_id, value, doc.version, rows, renderer._quiz(doc)))
    return out
