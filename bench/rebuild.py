"""Time the rebuilds of `mkdocs serve` after an edit, without a browser or a watcher.

    python bench/rebuild.py path/to/mkdocs.yml path/to/edited/file [--times 3]

Does what mkdocs/commands/serve.py (MkDocs 1.6) does, in one process: load the
config into a temporary site folder, run `on_startup(command="serve")`, build
once, run `on_serve` (with a stand-in for the server), then for each rebuild
edit the file (a real change of its first line:
a lesson's title, a quiz's `title:`), load a fresh config as the serve
`builder()` does (new plugin instances; module-level caches survive, as they
do in serve), and time `build(config, serve_url=…, dirty=False)` with the config loading. The
edit is outside the timing, and so are the watcher's debounce and the
browser reload. Prints JSON: the initial build time and
each rebuild's wall and CPU time, in seconds.

Runs with only MkDocs installed, so that it works in mkdocs-quiz's virtual
environment too.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

from mkdocs.commands.build import build  # noqa: E402
from mkdocs.config import load_config  # noqa: E402
from mkdocs.livereload import _serve_url  # noqa: E402


def edit(path: Path, n: int) -> None:
    """Change the first line (`# title` of a lesson, `title:` of a quiz), keeping the file valid.

    The new title is one no earlier run wrote (a clock reading), so that no cache
    can already hold what it renders.
    """
    lines = path.read_text(encoding="utf-8").split("\n")
    first = lines[0].split(" ~ ")[0].rstrip('"')
    quote = '"' if lines[0].rstrip().endswith('"') else ""
    lines[0] = f"{first} ~ {n}.{time.time_ns()}{quote}"
    path.write_text("\n".join(lines), encoding="utf-8")


class Watcher:
    """What `on_serve` gets for a server: the folders plugins ask it to watch."""

    def __init__(self) -> None:
        self.watched: list[str] = []

    def watch(self, path: str, *args: object, **kwargs: object) -> None:
        self.watched.append(path)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("config", type=Path)
    ap.add_argument("edited", type=Path)
    ap.add_argument("--times", type=int, default=3)
    args = ap.parse_args()
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    site_dir = tempfile.mkdtemp(prefix="mkdocs_")
    original = args.edited.read_text(encoding="utf-8")
    try:
        def get_config():  # as serve.get_config()
            return load_config(config_file=str(args.config), site_dir=site_dir)

        config = get_config()
        config.plugins.on_startup(command="serve", dirty=False)
        host, port = config.dev_addr
        serve_url = _serve_url(host, port, urlsplit(config.site_url or "/").path)
        config.site_url = serve_url
        start = time.perf_counter()
        build(config, serve_url=serve_url, dirty=False)
        initial = time.perf_counter() - start
        config.plugins.on_serve(Watcher(), config=config, builder=None)  # as serve, before it serves
        times, cpu = [], []
        for n in range(1, args.times + 1):
            edit(args.edited, n)
            os.sync()  # the pages of the build before written back to disk, as between two edits
            start, start_cpu = time.perf_counter(), time.process_time()
            config = get_config()
            config.site_url = serve_url
            build(config, serve_url=serve_url, dirty=False)
            times.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
        config.plugins.on_shutdown()
    finally:
        args.edited.write_text(original, encoding="utf-8")
        shutil.rmtree(site_dir, ignore_errors=True)
    print(json.dumps({"initial": initial, "rebuilds": times, "rebuilds_cpu": cpu}))


if __name__ == "__main__":
    main()
