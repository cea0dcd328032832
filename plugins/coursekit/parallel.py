"""A first build of a large course: its quiz files checked and rendered beside the build.

When the build cache lacks many quiz files (a first build, a new version of the
plugin, a cache left behind), the plugin forks worker processes as the build
starts and goes on without them: while MkDocs reads and converts the lessons,
each worker imports the parser, parses and checks its share of the files and
renders the valid quizzes. The lessons only need each quiz's id (its file
name) until their pages are written: the Markdown holds a placeholder, and
the widgets join the pages later. Once every lesson is read (`on_env`, before
any page is written) the build takes the workers' checks (the version and the
warnings of each file), and each page takes its quizzes' HTML as it is
written; all of it goes into the build cache. An invalid file is left to the build itself, which reads it
again to report every problem with its line, as ever; the build then stops
there, with nothing written (MkDocs has emptied the site folder by then, as it
does before any error of its own).

The build keeps one CPU; the workers take the others (`processes` counts them
all: by default one per CPU, at most four; 1: no worker). Workers are forked:
only on Linux (where fork is how Python starts processes), in a process that
runs no other thread (so not inside `mkdocs serve`, whose server threads are
running, and where files change one at a time anyway), and only for enough
files to repay it. A new interpreter (as the CSP helper is) would spare the
build the copying of the memory pages it shares with a forked child (30 to 50
ms), but takes 0.3 s to import the parser and the templates: the build would
wait for it (10 lessons, 50 quiz files: 1.38 x plain MkDocs that way, 1.14 x
forked; 100 lessons: 1.11 x and 1.12 x).
"""

from __future__ import annotations

import contextlib
import gc
import marshal
import multiprocessing
import os
import signal
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .documents import QUIZ, File, content_hash, doc_key

if TYPE_CHECKING:
    from .render import Renderer

MIN_FILES = 32  # below that, forking costs more than it saves
MAX_PROCESSES = 4
PIPE_SIZE = 1 << 20  # Linux lets any process give a pipe 1 MB


def processes(option: int | None) -> int:
    """How many processes the `processes` option asks for, the build's own included (None: one per CPU,
    at most 4)."""
    if option is not None:
        return max(1, option)
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        cpus = os.cpu_count() or 1
    return min(cpus, MAX_PROCESSES)


def widen_pipe(fd: int) -> None:
    """Give a pipe 1 MB, where the system allows it (Linux), so that its writer seldom waits."""
    with contextlib.suppress(OSError, AttributeError, ImportError):
        import fcntl
        fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, PIPE_SIZE)  # type: ignore[attr-defined]


def usable(tasks: int, workers: int) -> bool:
    return workers >= 1 and tasks >= MIN_FILES and can_fork()


def can_fork() -> bool:
    """Whether this process may fork helpers: on Linux, and with no other thread running."""
    return (sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()
            and threading.active_count() == 1)


class Workers:
    """Worker processes checking and rendering quiz files while the build goes on.

    Each worker sends, through a pipe, the check of its whole share first (`checked`), then the
    HTML of each valid quiz in the order of its share. The build reads what has come whenever it
    can (`poll`) so that a worker never waits on a full pipe, and waits only for what it needs
    now: every check before any page is written (`checked`), a quiz's HTML when its page is.
    """

    def __init__(self, tasks: list[File], renderer: Renderer, workers: int) -> None:
        self.tasks = tasks
        self.count = workers
        self.children: list[_Child] = []
        self.cache, self.key = renderer.cache, renderer.quiz_key  # where the results go, as they come
        self.versions: dict[str, str] = {}  # id -> version, of the files found valid
        self.rendered: set[str] = set()  # ids whose HTML is in the cache
        settings = (renderer.lang, renderer.namespace, list(renderer.template_dirs))
        gc.freeze()  # until the workers end, the build's collections leave the objects they share alone
        for n in range(workers):  # sorted names, files of like sizes: even shares
            share = tasks[n::workers]
            read, write = os.pipe()
            widen_pipe(write)  # room for a few pages of quizzes
            pid = os.fork()
            if pid == 0:  # pragma: no cover - in the worker (coverage does not follow forks)
                os.close(read)
                _child(share, settings, write)
            os.close(write)
            os.set_blocking(read, False)
            self.children.append(_Child(pid, read, {task[2] for task in share}))

    def poll(self) -> None:
        """Take in whatever the workers have sent, without waiting."""
        for child in self.children:
            self._take(child, child.read(block=False))

    def checked(self) -> int:
        """Wait for every worker's check (the valid files then in the cache). Returns how many are valid."""
        for child in self.children:
            while not child.checked and not child.ended:
                self._take(child, child.read(block=True))
        return len(self.versions)

    def take(self, doc_id: str) -> None:
        """Wait for the HTML of a quiz (into the cache), unless its worker ended without it."""
        for child in self.children:
            if doc_id in child.ids:
                while doc_id not in self.rendered and not child.ended:
                    self._take(child, child.read(block=True))

    def close(self) -> None:
        """After the build: the rest of the HTML (quizzes no page used) into the cache; the workers reaped."""
        for child in self.children:
            while not child.ended:
                self._take(child, child.read(block=True))
            child.reap()
        self.children = []
        gc.unfreeze()

    def stop(self) -> None:
        """The build failed: end the workers."""
        for child in self.children:
            with contextlib.suppress(OSError):
                os.kill(child.pid, signal.SIGTERM)
            child.reap()
        self.children = []
        gc.unfreeze()

    def _take(self, child: _Child, frames: list[Any]) -> None:
        for frame in frames:
            if frame[0] == "checked":
                child.checked = True
                for display, doc_id, value, version, rows in frame[1]:
                    self.cache.put(doc_key(QUIZ, display, value), (version, rows))
                    self.versions[doc_id] = version
            else:
                _kind, doc_id, html = frame
                self.cache.put(self.key(doc_id, self.versions[doc_id]), html)
                self.rendered.add(doc_id)


class _Child:
    """One worker: its pipe, and the frames (4-byte length, then marshal data) read from it so far."""

    def __init__(self, pid: int, fd: int, ids: set[str]) -> None:
        self.pid, self.fd, self.ids = pid, fd, ids
        self.buffer = bytearray()
        self.checked = False  # whether its check of every file of its share has come
        self.ended = False

    def read(self, block: bool) -> list[Any]:
        """The frames that have come; with `block`, at least one, or the end of the pipe."""
        frames: list[Any] = []
        while not self.ended:
            os.set_blocking(self.fd, block and not frames)
            try:
                chunk = os.read(self.fd, PIPE_SIZE)
            except BlockingIOError:
                break
            if not chunk:  # the worker is done (or failed: what it did not send, the build does)
                self.ended = True
                os.close(self.fd)
                break
            self.buffer += chunk
            while len(self.buffer) >= 4:
                size = int.from_bytes(self.buffer[:4], "big")
                if len(self.buffer) < 4 + size:
                    break
                frames.append(marshal.loads(self.buffer[4:4 + size]))
                del self.buffer[:4 + size]
        return frames

    def reap(self) -> None:
        if not self.ended:
            self.ended = True
            with contextlib.suppress(OSError):
                os.close(self.fd)
        with contextlib.suppress(OSError):
            os.waitpid(self.pid, 0)


def _child(tasks: list[File], settings: tuple[str, str, list[str]], write: int) -> None:  # pragma: no cover
    """A worker's whole life: its results written to the pipe, then out, without running the parent's
    exit handlers or flushing its buffers."""
    code = 1
    try:
        signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl+C stops the worker with the build
        gc.freeze()  # its collections leave alone the objects it inherited from the build
        from .render import Renderer

        renderer = Renderer(*settings)
        checked, docs = _check(tasks)
        html = [renderer._quiz(docs[0])] if docs else []  # a broken template fails here, before the check
        _send(write, ("checked", checked))
        for n, doc in enumerate(docs):
            _send(write, ("html", doc.id, html[0] if n == 0 else renderer._quiz(doc)))
        code = 0
    finally:
        os._exit(code)


def _send(fd: int, frame: Any) -> None:  # pragma: no cover - in the worker
    data = marshal.dumps(frame)
    view = memoryview(len(data).to_bytes(4, "big") + data)
    while view:
        view = view[os.write(fd, view):]


def _check(tasks: list[File]) -> tuple[list[tuple[Any, ...]], list[Any]]:  # pragma: no cover - in the worker
    """Each valid quiz file of `tasks`: its check (display, id, hash, version, warnings) and its document."""
    checked, docs = [], []
    for path, display, doc_id, value in tasks:
        with open(path, "rb") as file:  # the file the parent hashed, not one changed since
            if content_hash(file.read()) != value:
                continue
        doc, found = QUIZ.parse(Path(path), display, doc_id)
        if doc is None or doc.version is None:
            continue
        checked.append((display, doc_id, value, doc.version, [(p.file, p.line, p.message, p.level) for p in found]))
        docs.append(doc)
    return checked, docs
