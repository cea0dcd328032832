"""Where the extra build time of coursekit goes, without a profiler's distortion.

    python bench/breakdown.py [--lessons 1000]

Builds the synthetic course with plain MkDocs and with coursekit, each in its
own process, and times a few functions from the inside (CPU time, nested
calls counted once): coursekit's on_config (loading and checking quizzes,
scanning lessons), the rendering of quizzes, the Markdown conversion of the
pages (quizzes included), Material's search indexing of each page and the
writing of its index, coursekit's CSP pass over the built pages, and the
garbage collector. Prints both builds side by side and the difference.
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

PHASES = [  # (label, module, attribute path)
    ("coursekit on_config: load quizzes, scan lessons", "coursekit.plugin", "CourseKitPlugin.on_config"),
    ("quizzes rendered (inside the pages' Markdown)", "coursekit.render", "Renderer.quiz"),
    ("Markdown -> HTML of the pages", "mkdocs.structure.pages", "Page.render"),
    ("search: indexing the pages (Material)", "material.plugins.search.plugin", "SearchPlugin.on_page_context"),
    ("search: writing the index (Material)", "material.plugins.search.plugin", "SearchPlugin.on_post_build"),
    ("coursekit on_post_build: CSP", "coursekit.plugin", "CourseKitPlugin.on_post_build"),
]

CHILD = r'''
import gc, importlib, json, logging, os, sys, time
os.environ["NO_MKDOCS_2_WARNING"] = "1"
from mkdocs.commands.build import build
from mkdocs.config import load_config
phases = json.loads(sys.argv[3])
spent = {label: 0.0 for label, _, _ in phases}
depth = {label: 0 for label, _, _ in phases}
def wrap(label, owner, name):
    inner = getattr(owner, name)
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


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--lessons", type=int, default=1000)
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="coursekit-breakdown-"))
    try:
        configs = generate.write_courses(work, args.lessons, ("plain", "coursekit"))
        spent = {}
        for builder, config in configs.items():
            out = subprocess.run([sys.executable, "-c", CHILD, str(config), str(work / f"site-{builder}"),
                                  json.dumps(PHASES)], capture_output=True, text=True, check=True,
                                 env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
            spent[builder] = json.loads(out.stdout)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    questions = args.lessons * generate.QUIZZES_PER_LESSON * generate.QUESTIONS_PER_QUIZ
    print(f"{args.lessons} lessons, {questions} questions; CPU seconds (nested calls counted once)\n")
    print("| phase | MkDocs + Material | coursekit | difference | ms per question |\n|:---|---:|---:|---:|---:|")
    for label in [p[0] for p in PHASES] + ["garbage collector", "whole build"]:
        a, b = spent["plain"].get(label, 0.0), spent["coursekit"].get(label, 0.0)
        print(f"| {label} | {a:.2f} | {b:.2f} | {b - a:+.2f} | {(b - a) / questions * 1000:.3f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
