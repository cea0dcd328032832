"""The least CPU time coursekit's design can take, against what the time targets leave it.

    python bench/floor.py [--lessons 100] [--runs 5]

Generates the synthetic course (generate.py) and builds it, each build in its
own process and the builders taking turns: MkDocs + Material alone, coursekit's
first build (empty build cache) and its next build. The targets of `run.py`
leave coursekit 0.25 × the plain build's CPU time on a first build and 0.05 ×
on a next one: the budgets.

Then, in a fresh process, it times the work that a build with this design
cannot skip, each the best of five repetitions in a warm process (a floor, not
what a build takes): importing pydantic and the quiz models; reading the quiz
files' text; libyaml's events for them, with no Python value built; pydantic
validating the values already read; the answer protection (one token per
input of a question and its explanation sealed, the least the browser script
needs); the shipped templates rendering views already made. And, from builds
timed from the inside (`breakdown.py`'s timer), what MkDocs itself does more
on pages that hold the quizzes (their Markdown with the embeds, writing them),
the plugin module's import, and the inline scripts hashed for the CSP.

Prints each floor, their sum, and the budget, in CPU seconds.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import breakdown  # noqa: E402
import generate  # noqa: E402
import run  # noqa: E402

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}

FLOORS = r'''
import glob, json, sys, time
from pathlib import Path
cpu = time.process_time
# what a plain build imports anyway
import jinja2, markdown, markupsafe, yaml
import material.plugins.search.plugin, mkdocs.commands.build, mkdocs.config
out = {}
start = cpu(); import coursekit.hosts.mkdocs; out["plugin module imported"] = cpu() - start
start = cpu()
import pydantic
from coursekit.quiz.model import Quiz
from coursekit.quiz import types
out["pydantic and the quiz models imported"] = cpu() - start
from coursekit.core import yaml as ck_yaml
from coursekit.core.html import Html
from coursekit.quiz.check import parse_quiz
from coursekit.quiz.protect import seal, token
from coursekit.quiz.render import QuizRenderer

files = sorted(glob.glob(sys.argv[1] + "/*.yml"))
texts = [Path(f).read_text(encoding="utf-8") for f in files]

def best(label, work, times=5):
    spent = []
    for _ in range(times):
        start = cpu()
        work()
        spent.append(cpu() - start)
    out[label] = min(spent)

best("quiz files read (bytes to text)", lambda: [Path(f).read_bytes().decode("utf-8") for f in files])

def events():
    for text in texts:
        for _ in yaml.parse(text, Loader=yaml.CSafeLoader):
            pass
best("libyaml's events, no value built", events)
Mapping, Sequence, Scalar, End = (yaml.MappingStartEvent, yaml.SequenceStartEvent, yaml.ScalarEvent,
                                  (yaml.MappingEndEvent, yaml.SequenceEndEvent))

def least_values():
    # the values from the events with the least Python a value can take: every scalar as text, no
    # YAML type resolved, no line kept, nothing checked
    for text in texts:
        stack, key = [[]], [None]
        for e in yaml.parse(text, Loader=yaml.CSafeLoader):
            kind = type(e)
            if kind is Scalar or kind is Mapping or kind is Sequence:
                node = e.value if kind is Scalar else {} if kind is Mapping else []
                top = stack[-1]
                if type(top) is list:
                    top.append(node)
                elif key[-1] is None:
                    key[-1] = node
                    continue
                else:
                    top[key[-1]] = node
                    key[-1] = None
                if kind is not Scalar:
                    stack.append(node)
                    key.append(None)
            elif kind in End:
                stack.pop()
                key.pop()
best("~events and values", least_values)
out["values built from the events (the least: texts, no line, no type)"] = (
    out.pop("~events and values") - out["libyaml's events, no value built"])
values = [ck_yaml._read_fast(text)[0] for text in texts]
best("pydantic validating the values", lambda: [Quiz.model_validate(v) for v in values])
docs = [parse_quiz(Path(f), f, Path(f).stem)[0] for f in files]

def protection():
    for doc in docs:
        for q in doc.model.questions:
            for n in range(max(1, types.question_type(q.type).rows(q))):
                token("0123456789abcdef", q.id, n, 1)
            seal("0123456789abcdef", q.id, {"e": q.explanation})
best("answer protection: a token per input, the explanation sealed", protection)
renderer = QuizRenderer(Html("fr", "floor", []))
views = {doc.id: renderer.views(doc, doc.model.questions) for doc in docs}
renderer.views = lambda doc, chosen, prefix="": views[doc.id]
best("the shipped templates, views made", lambda: [renderer._quiz(doc) for doc in docs])
# below: not floors of the design, for comparison (names starting with "~")
best("~PyYAML's own loader (libyaml's events, Python values, no lines)",
     lambda: [yaml.load(text, Loader=yaml.CSafeLoader) for text in texts])
best("~coursekit's reader (libyaml's events, values and lines)", lambda: [ck_yaml._read_fast(t) for t in texts])
# every value the templates insert, escaped and joined, and nothing else: the least any
# autoescaping template engine does for the same HTML
inserted = []
escape = markupsafe.escape
def spy(value):
    inserted.append(value)
    return escape(value)
compiled = [renderer.base.env.get_template(name) for name in renderer.base.env.list_templates()
            if name.startswith("coursekit/")]
for template in compiled:
    template.root_render_func.__globals__["escape"] = spy
[renderer._quiz(doc) for doc in docs]
for template in compiled:
    template.root_render_func.__globals__["escape"] = escape
best(f"~the {len(inserted)} values the templates insert, escaped and joined",
     lambda: "".join([escape(value) for value in inserted]))
print(json.dumps(out))
'''

PHASES = [
    ("Markdown -> HTML of the pages", "mkdocs.structure.pages", "Page.render"),
    ("embed processor", "coursekit.hosts.markdown", "EmbedProcessor.run"),
    ("pages written", "mkdocs.utils", "write_file"),
    ("inline scripts hashed (CSP)", "coursekit.hosts.mkdocs", "CourseKitPlugin.on_post_page"),
]


def inside(config: Path, site: Path) -> dict[str, float]:
    """A build timed from the inside (`breakdown.py`'s timer), every page written again: CPU seconds of
    `PHASES`."""
    shutil.rmtree(site, ignore_errors=True)
    return breakdown.timed_phases(config, site, PHASES)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--lessons", type=int, default=100)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="coursekit-floor-"))
    try:
        configs = generate.write_courses(work, args.lessons, ("plain", "coursekit"))
        cpu: dict[str, list[float]] = {"plain": [], "first": [], "next": []}
        pages: dict[str, list[dict[str, float]]] = {"plain": [], "next": []}
        for _ in range(args.runs):
            cpu["plain"].append(run.build("plain", configs["plain"], work / "site-plain").cpu)
            cpu["first"].append(run.build("coursekit_cold", configs["coursekit"], work / "site-ck").cpu)
            cpu["next"].append(run.build("coursekit", configs["coursekit"], work / "site-ck").cpu)
            pages["plain"].append(inside(configs["plain"], work / "site-plain"))
            pages["next"].append(inside(configs["coursekit"], work / "site-ck"))
        done = subprocess.run([sys.executable, "-c", FLOORS, str(configs["coursekit"].parent / "quizzes")],
                              capture_output=True, text=True, check=True, env=ENV)
        floors: dict[str, float] = json.loads(done.stdout)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    def median(builder: str, label: str) -> float:
        return statistics.median(run_[label] for run_ in pages[builder])

    extra = {label: median("next", label) - median("plain", label) for label, _, _ in PHASES}
    plain, first, next_ = (statistics.median(cpu[k]) for k in ("plain", "first", "next"))
    questions = args.lessons * generate.QUIZZES_PER_LESSON * generate.QUESTIONS_PER_QUIZ
    print(f"{args.lessons} lessons, {questions} questions; CPU seconds: builds the median of {args.runs}, "
          "floors the best of 5 repetitions\n")
    print("| build | MkDocs + Material | coursekit | × plain | budget (target × plain − plain) | coursekit's extra |")
    print("|:---|---:|---:|---:|---:|---:|")
    # the time targets of bench/run.py: first build (empty build cache), next build
    limit = {builder: value for _label, builder, what, value in run.TARGETS if what == "time"}
    first_target, next_target = limit["coursekit_cold"], limit["coursekit"]
    for label, value, target in (("first build", first, first_target), ("next build", next_, next_target)):
        print(f"| {label} | {plain:.3f} | {value:.3f} | {value / plain:.2f} | {plain * (target - 1):.3f} "
              f"| {value - plain:.3f} |")
    compared = {k[1:]: v for k, v in floors.items() if k.startswith("~")}
    floors = {k: v for k, v in floors.items() if not k.startswith("~")}
    insertions = next(v for k, v in compared.items() if k.endswith("escaped and joined"))
    markdown = extra["Markdown -> HTML of the pages"] - median("next", "embed processor")
    pages_ = [("the pages' Markdown with the widgets' placeholders, more than plain (the embed processor aside)",
               markdown), ("pages written, more than plain", extra["pages written"])]
    ours = [("inline scripts hashed for the CSP (coursekit's code as it is)", extra["inline scripts hashed (CSP)"])]
    imported = [("plugin module imported", floors.pop("plugin module imported"))]
    tables = (("first build", first_target, [*imported, *floors.items(), *pages_, *ours]),
              ("next build", next_target, [*imported, *pages_, *ours]))
    for label, target, rows in tables:
        budget = plain * (target - 1)
        total = sum(v for _, v in rows)
        print(f"\n{label}: the work it cannot skip (budget {budget:.3f})\n\n| work | CPU (s) |\n|:---|---:|")
        for name, value in rows:
            print(f"| {name} | {value:.3f} |")
        print(f"| **sum** | **{total:.3f}** ({total / budget:.2f} × the budget) |")
        if label == "first build":
            templates = floors["the shipped templates, views made"]
            least = total - templates + insertions
            print(f"| sum, with the templates at their floor ({insertions:.3f} for {templates:.3f}) | "
                  f"{least:.3f} ({least / budget:.2f} × the budget) |")
    print("\nfor comparison (first build)\n\n| work | CPU (s) |\n|:---|---:|")
    for name, value in compared.items():
        print(f"| {name} | {value:.3f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
