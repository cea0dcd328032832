"""Where the memory of a build goes: what is held at each step, and by whom.

    python bench/memory.py [--lessons 1000] [--builder coursekit|plain] [--first] [--top 12]

Builds the synthetic course once in this process (a next build unless
`--first`: another process built it before, so the build cache is filled),
with tracemalloc on, and prints at each step of the build (plugin loaded,
course checked, pages converted, pages written, build done) the memory that
Python objects hold then, the peak so far, and the resident size of the
process; then the lines of code that allocated what was held at the peak
step. Memory that Python does not allocate itself (libraries' own) is not
counted. tracemalloc slows the build down about three times: read the sizes,
not the times. `run.py` gives the real peak (the resident size that `wait4`
reports).
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import tracemalloc
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

import generate  # noqa: E402

MiB = 1024 * 1024


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--lessons", type=int, default=1000)
    ap.add_argument("--builder", default="coursekit", choices=("coursekit", "plain"))
    ap.add_argument("--first", action="store_true", help="an empty build cache (a first build)")
    ap.add_argument("--top", type=int, default=12)
    args = ap.parse_args()

    work = Path(tempfile.mkdtemp(prefix="coursekit-memory-"))
    config_file = generate.write_courses(work, args.lessons, (args.builder,))[args.builder]
    if not args.first:
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config_file), "-d",
                        str(work / "site")], check=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})

    from mkdocs.commands import build as mkdocs_build
    from mkdocs.config import load_config

    steps: list[tuple[str, float, float]] = []
    snapshots: dict[str, tracemalloc.Snapshot] = {}

    def mark(label: str) -> None:
        current, peak = tracemalloc.get_traced_memory()
        steps.append((label, current / MiB, peak / MiB))
        snapshots[label] = tracemalloc.take_snapshot()

    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    tracemalloc.start(8)
    mark("start (MkDocs imported)")
    config = load_config(config_file=str(config_file), site_dir=str(work / "site"))
    run_event = config.plugins.run_event
    after = {"config": "on_config: plugins ready (coursekit: files checked, lessons scanned)",
             "env": "on_env: every page converted (Markdown -> HTML)"}
    before = {"post_build": "on_post_build: every page written"}

    def marked(name: str, *a: Any, **k: Any) -> Any:
        if name in before:
            mark(before[name])
        out = run_event(name, *a, **k)
        if name in after:
            mark(after[name])
        return out

    config.plugins.run_event = marked  # type: ignore[method-assign]
    mkdocs_build.build(config)
    mark("build done")
    tracemalloc.stop()
    shutil.rmtree(work, ignore_errors=True)

    what = "first build" if args.first else "next build"
    print(f"## {args.builder}, {args.lessons} lessons, {what}\n")
    print("| step | held (MiB) | peak so far (MiB) |\n|:---|---:|---:|")
    for label, current, peak in steps:
        print(f"| {label} | {current:.1f} | {peak:.1f} |")
    worst = max(steps, key=lambda s: s[1])[0]
    print(f"\n### What is held at the step holding the most: {worst}\n")
    print("| allocated at | MiB | blocks |\n|:---|---:|---:|")
    stats = snapshots[worst].filter_traces([tracemalloc.Filter(False, tracemalloc.__file__)]).statistics("lineno")
    for stat in stats[: args.top]:
        frame = stat.traceback[0]
        short = "/".join(Path(frame.filename).parts[-3:])
        print(f"| `{short}:{frame.lineno}` | {stat.size / MiB:.1f} | {stat.count} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
