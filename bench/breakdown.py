"""Where the extra build time of coursekit goes, without a profiler's distortion.

    python bench/breakdown.py [--lessons 1000] [--first]

Builds the synthetic course with plain MkDocs and with coursekit, each in its
own process, and times a few functions from the inside (CPU time, nested
calls counted once): coursekit's events, the Markdown conversion of the pages
(quizzes included), Material's search, the theme's templates, the writing of
the pages, and the garbage collector. Prints both builds side by side and the
difference. coursekit's build is a next build (another process built the
course first, so the build cache is filled), or its first with `--first`.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402

PLUGIN = "coursekit.hosts.mkdocs"
PHASES = [  # (label, module, attribute path)
    ("coursekit on_config: quiz files (cache or parsing), scan of the lessons", PLUGIN, "CourseKitPlugin.on_config"),
    ("  of which the build cache read", "coursekit.core.cache", "BuildCache.__init__"),
    ("  of which quiz files parsed and checked", "coursekit.core.validate", "load_file"),
    ("  of which lessons scanned for embeds", "coursekit.core.course", "Course._scan"),
    ("quizzes into the pages' Markdown (cache or rendering)", "coursekit.quiz.render", "QuizRenderer.quiz"),
    ("  of which rendered (Markdown, Jinja, tokens)", "coursekit.quiz.render", "QuizRenderer._quiz"),
    ("Markdown -> HTML of the pages", "mkdocs.structure.pages", "Page.render"),
    ("coursekit on_env: late problems, templates", PLUGIN, "CourseKitPlugin.on_env"),
    ("search: indexing the pages (Material)", "material.plugins.search.plugin", "SearchPlugin.on_page_context"),
    ("coursekit on_page_context: widgets into the pages", PLUGIN, "CourseKitPlugin.on_page_context"),
    ("theme templates: the pages' HTML (Jinja)", "jinja2", "Template.render"),
    ("coursekit on_post_page: inline scripts hashed (CSP)", PLUGIN, "CourseKitPlugin.on_post_page"),
    ("pages written", "mkdocs.utils", "write_file"),
    ("search: writing the index (Material)", "material.plugins.search.plugin", "SearchPlugin.on_post_build"),
    ("coursekit on_post_build: build cache, CSP", PLUGIN, "CourseKitPlugin.on_post_build"),
]

CHILD = r'''
import functools, gc, importlib, json, logging, os, sys, time
os.environ["NO_MKDOCS_2_WARNING"] = "1"
from mkdocs.commands.build import build
from mkdocs.config import load_config
phases = json.loads(sys.argv[3])
spent = {label: 0.0 for label, _, _ in phases}
depth = {label: 0 for label, _, _ in phases}
def wrap(label, owner, name):
    inner = getattr(owner, name)
    @functools.wraps(inner)  # keeps a plugin event's priority (mkdocs_priority)
    def timed(*a, **k):
        depth[label] += 1
        start = time.process_time()
        try:
            return inner(*a, **k)
        finally:
            depth[label] -= 1
            if not depth[label]:
                spent[label] += time.process_time() - start
    setattr(owner, name, timed)
for label, module, path in phases:
    try:
        owner = importlib.import_module(module)
    except ImportError:
        continue
    *parents, name = path.split(".")
    for p in parents:
        owner = getattr(owner, p)
    wrap(label, owner, name)
gc_time = [0.0, 0.0]
def on_gc(phase, info):
    if phase == "start":
        gc_time[1] = time.process_time()
    else:
        gc_time[0] += time.process_time() - gc_time[1]
gc.callbacks.append(on_gc)
logging.getLogger("mkdocs").setLevel(logging.ERROR)
config = load_config(config_file=sys.argv[1], site_dir=sys.argv[2])
start = time.process_time()
build(config)
spent["garbage collector"] = gc_time[0]
spent["whole build"] = time.process_time() - start
print(json.dumps(spent))
'''


def timed_phases(config: Path, site: Path, phases: list[tuple[str, str, str]]) -> dict[str, float]:
    """One build of `config` into `site`, in a process of its own: CPU seconds of each of `phases`
    (label, module, attribute path), of the garbage collector and of the whole build."""
    os.sync()  # the pages of the build before written back to disk, outside the timing
    out = subprocess.run([sys.executable, "-c", CHILD, str(config), str(site), json.dumps(phases)],
                         capture_output=True, text=True, check=True,
                         env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    spent: dict[str, float] = json.loads(out.stdout)
    return spent


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--lessons", type=int, default=1000)
    ap.add_argument("--first", action="store_true",
                    help="time coursekit's first build (empty build cache) rather than a next build")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="coursekit-breakdown-"))
    try:
        configs = generate.write_courses(work, args.lessons, ("plain", "coursekit"))
        spent = {}
        for builder, config in configs.items():
            if builder == "coursekit" and not args.first:  # untimed: the build cache of a build before
                subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d",
                                str(work / "site-first")], check=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
            spent[builder] = timed_phases(config, work / f"site-{builder}", PHASES)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    questions = args.lessons * generate.QUIZZES_PER_LESSON * generate.QUESTIONS_PER_QUIZ
    which = "first build (empty build cache)" if args.first else "next build (build cache of the build before)"
    print(f"{args.lessons} lessons, {questions} questions, coursekit's {which}; "
          "CPU seconds of the build process, nested calls counted once\n")
    print("| phase | MkDocs + Material | coursekit | difference | ms per question |\n|:---|---:|---:|---:|---:|")
    for label in [p[0] for p in PHASES] + ["garbage collector", "whole build"]:
        a, b = spent["plain"].get(label, 0.0), spent["coursekit"].get(label, 0.0)
        print(f"| {label} | {a:.2f} | {b:.2f} | {b - a:+.2f} | {(b - a) / questions * 1000:.3f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
