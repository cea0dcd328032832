"""Benchmark: MkDocs + Material alone, with coursekit, and with mkdocs-quiz.

    python bench/run.py                     # full run (10, 100, 1000 lessons), ~15 min on 2 cores
    python bench/run.py --quick             # 5 lessons, 1 run: checks that everything still works
    python bench/run.py --sizes 100 --runs 3 --no-lighthouse

For each size, three synthetic projects with the same lessons are generated
(see generate.py) and built in turn with `mkdocs build`, each in its own
process, the three builders interleaved run after run so that a slow moment
of the machine hits all of them. Reported per builder: the median wall time
and CPU time (user + system) of the build and their ratio to plain MkDocs in
the same run, the peak resident memory of the build process (`wait4`),
whether the targets hold (first build ≤ 1.25 ×, next build ≤ 1.05 ×, in wall
and in CPU time; peak memory ≤ 1.5 ×), the
bytes of a lesson page with the CSS and JS it references, and the bytes that
a learner downloads to go through five lessons in a row with the browser
cache on. Then the time of a rebuild done the way `mkdocs serve` does it
(rebuild.py), and Lighthouse on a page of the real course (lighthouse.py).

mkdocs-quiz runs in its own virtual environment, bench/.venv, created on
first use with the same MkDocs, Material and Markdown versions as ours.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402
from downloads import Bytes, page_bytes  # noqa: E402

VENV = HERE / ".venv"
MKDOCS_QUIZ = "mkdocs-quiz==1.7.1"
# Installed in bench/.venv at the versions of the main environment, so that only the plugin differs.
SHARED = ("mkdocs", "mkdocs-material", "mkdocs-material-extensions", "markdown", "pymdown-extensions",
          "jinja2", "markupsafe", "pygments", "pyyaml", "babel", "backrefs", "paginate")
ASSET_BUDGET = 16 * 1024  # bytes, gzipped, coursekit JS + CSS: the budget of issue 13, as tests/test_build.py has it
# The targets, as ratios to plain MkDocs + Material in the same run (issue 12): (label, builder, what, limit)
TARGETS = [("first build (empty build cache)", "coursekit_cold", "time", 1.25),
           ("next build (build cache kept)", "coursekit", "time", 1.05),
           ("peak memory (the larger of the two builds)", "coursekit*", "memory", 1.5)]
DEFAULT_RUNS = {10: 5, 100: 5, 1000: 5}
REBUILDS = {10: 5, 100: 5, 1000: 2}
QUIZ_REBUILDS_UP_TO = 100  # mkdocs-quiz's rebuilds of 1000 lessons would add 5 minutes to the run
NAMES = {"plain": "MkDocs + Material", "coursekit_cold": "coursekit, first build",
         "coursekit": "coursekit, next builds", "mkdocs_quiz": "mkdocs-quiz"}
# coursekit's first build of a project (its build cache emptied before each run) and its next
# builds (the cache of the build before: lessons may have changed, quiz files have not)
CACHE_DIR = Path(".cache") / "plugin" / "coursekit"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}


# -- running one build -------------------------------------------------------------------

@dataclass
class Run:
    wall: float
    cpu: float
    rss_mb: float


def timed(cmd: list[str], cwd: Path | None = None) -> Run:
    """Run `cmd`; wall time, CPU time and peak RSS of that process alone (os.wait4)."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=ENV, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode:
            err.seek(0)
            raise SystemExit(f"failed ({proc.returncode}): {' '.join(cmd)}\n{err.read().decode(errors='replace')}")
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def python_for(builder: str) -> str:
    return str(VENV / "bin" / "python") if builder == "mkdocs_quiz" else sys.executable


def build(builder: str, config: Path, site: Path) -> Run:
    shutil.rmtree(site, ignore_errors=True)  # outside the timing: every build starts empty
    if builder == "coursekit_cold":
        shutil.rmtree(config.parent / CACHE_DIR, ignore_errors=True)
    # The pages of the build before (half a gigabyte at 1000 lessons) still being written back to
    # disk would slow down this build's writing: let the kernel finish first, outside the timing.
    os.sync()
    return timed([python_for(builder), "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(site)])


def ensure_mkdocs_quiz(create: bool) -> bool:
    """bench/.venv with mkdocs-quiz and our versions of everything else; create it if asked."""
    python = VENV / "bin" / "python"
    if python.exists() and subprocess.run([python, "-c", "import mkdocs_quiz"], env=ENV,
                                          capture_output=True).returncode == 0:
        return True
    if not create:
        return False
    print(f"creating {VENV.relative_to(ROOT)} with {MKDOCS_QUIZ} …", file=sys.stderr)
    subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    pins = [f"{name}=={metadata.version(name)}" for name in SHARED]
    subprocess.run([python, "-m", "pip", "install", "-q", MKDOCS_QUIZ, *pins], check=True)
    return True


# -- one size ------------------------------------------------------------------------------

@dataclass
class Result:
    lessons: int
    builder: str
    questions: int
    runs: list[Run] = field(default_factory=list)
    bytes: Bytes = field(default_factory=Bytes)
    rebuild: list[float] = field(default_factory=list)
    rebuild_cpu: list[float] = field(default_factory=list)
    rebuild_what: str = ""

    @property
    def wall(self) -> float:
        return statistics.median(r.wall for r in self.runs)

    @property
    def cpu(self) -> float:
        return statistics.median(r.cpu for r in self.runs)

    @property
    def rss(self) -> float:
        return max(r.rss_mb for r in self.runs)


def bench_size(lessons: int, runs: int, builders: list[str], rebuilds: int, work: Path,
               quizzes: int = generate.QUIZZES_PER_LESSON) -> dict[str, Result]:
    root = work / f"course-{lessons}"
    shutil.rmtree(root, ignore_errors=True)
    configs = generate.write_courses(root, lessons, tuple(b for b in builders if b != "coursekit_cold"), quizzes)
    if "coursekit_cold" in builders:
        configs["coursekit_cold"] = configs["coursekit"]
    questions = lessons * quizzes * generate.QUESTIONS_PER_QUIZ
    results = {b: Result(lessons, b, 0 if b == "plain" else questions) for b in builders}
    sites = {b: work / f"site-{lessons}-{b}" for b in builders}
    for builder in builders:  # untimed: the project as a trainer has it after a first build
        build(builder, configs[builder], sites[builder])
    for n in range(runs):
        order = builders[n % len(builders):] + builders[: n % len(builders)]  # rotate who goes first
        for builder in order:
            run = build(builder, configs[builder], sites[builder])
            results[builder].runs.append(run)
            print(f"  {lessons:>5} lessons  run {n + 1}/{runs}  {NAMES[builder]:<18} {run.wall:7.2f} s"
                  f"  cpu {run.cpu:7.2f} s  {run.rss_mb:6.0f} MB", file=sys.stderr, flush=True)
    pages = generate.lesson_pages(min(5, lessons))
    for builder in builders:
        results[builder].bytes = page_bytes(sites[builder], sites["plain"], builder.removesuffix("_cold"), pages)
    if rebuilds:
        edits = {"plain": generate.first_lesson_file(root, "plain"),
                 "coursekit": generate.first_quiz_file(root),
                 "mkdocs_quiz": generate.first_lesson_file(root, "mkdocs_quiz")}
        rebuilt = [b for b in builders if b != "coursekit_cold"
                   and not (b == "mkdocs_quiz" and lessons > QUIZ_REBUILDS_UP_TO)]
        # One rebuild per process (after its untimed first build), the builders taking turns, so
        # that a slow moment of the machine falls on all of them, as for the builds above.
        for n in range(rebuilds):
            for builder in rebuilt[n % len(rebuilt):] + rebuilt[: n % len(rebuilt)]:
                out = subprocess.run(
                    [python_for(builder), str(HERE / "rebuild.py"), str(configs[builder]), str(edits[builder]),
                     "--times", "1"], env=ENV, capture_output=True, text=True, check=False)
                if out.returncode:
                    raise SystemExit(f"rebuild failed for {builder}:\n{out.stderr}")
                data = json.loads(out.stdout)
                results[builder].rebuild += data["rebuilds"]
                results[builder].rebuild_cpu += data["rebuilds_cpu"]
                results[builder].rebuild_what = "a quiz file" if builder == "coursekit" else "a lesson"
                print(f"  {lessons:>5} lessons  serve rebuild {n + 1}/{rebuilds} {NAMES[builder]:<18} "
                      f"{data['rebuilds'][0]:.2f} s", file=sys.stderr, flush=True)
    return results


# -- report --------------------------------------------------------------------------------

def kb(n: int) -> str:
    return f"{n / 1000:.1f}"


def targets(all_results: dict[int, dict[str, Result]]) -> tuple[str, bool]:
    """The targets table, and whether every target holds (time: in wall and in CPU time)."""
    out = ["### Targets (ratios to MkDocs + Material in the same run; medians of the runs)", "",
           "| lessons | build | target | × plain, wall | × plain, CPU | × plain, peak RSS | holds |",
           "|---:|:---|---:|---:|---:|---:|:---|"]
    every = True
    for lessons, results in all_results.items():
        plain = results["plain"]
        for label, builder, what, limit in TARGETS:
            if what == "memory":
                ours = [r for b, r in results.items() if b.startswith("coursekit")]
                ratio = max(r.rss for r in ours) / plain.rss
                holds = ratio <= limit
                row = f"| — | — | {ratio:.2f} | {'yes' if holds else 'no'} |"
            else:
                r = results[builder]
                wall, cpu = r.wall / plain.wall, r.cpu / plain.cpu
                holds = wall <= limit and cpu <= limit
                verdict = "yes" if holds else "wall time only" if wall <= limit else \
                    "CPU time only" if cpu <= limit else "no"
                row = f"| {wall:.2f} | {cpu:.2f} | {r.rss / plain.rss:.2f} | {verdict} |"
            every &= holds
            out.append(f"| {lessons} | {label} | ≤ {limit:.2f} {row}")
    return "\n".join(out), every


def tables(all_results: dict[int, dict[str, Result]]) -> str:
    out = ["### Build", "",
           "| lessons | questions | builder | build (s, median) | × plain | CPU (s) | × plain CPU "
           "| peak RSS (MB) | runs | extra CPU ms per question |",
           "|---:|---:|:---|---:|---:|---:|---:|---:|---:|---:|"]
    for lessons, results in all_results.items():
        plain = results["plain"]
        for builder, r in results.items():
            extra = "" if builder == "plain" else f"{(r.cpu - plain.cpu) / r.questions * 1000:.2f}"
            out.append(f"| {lessons} | {r.questions} | {NAMES[builder]} | {r.wall:.2f} | {r.wall / plain.wall:.2f} "
                       f"| {r.cpu:.2f} | {r.cpu / plain.cpu:.2f} | {r.rss:.0f} | {len(r.runs)} | {extra} |")
    out += ["", "### Bytes (KB = 1000 bytes; gz = gzip -6)", "",
            "| lessons | builder | lesson HTML | HTML gz | quiz JS+CSS | quiz JS+CSS gz | page + its CSS/JS "
            "| page + CSS/JS gz | 5 lessons, cache on | 5 lessons gz | search index |",
            "|---:|:---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for lessons, results in all_results.items():
        for builder, r in results.items():
            if builder == "coursekit_cold":
                continue  # the same site
            b = r.bytes
            quiz = ("—", "—") if builder == "plain" else (kb(b.quiz_assets), kb(b.quiz_assets_gz))
            name = NAMES[builder].split(",")[0]
            out.append(f"| {lessons} | {name} | {kb(b.html)} | {kb(b.html_gz)} | {quiz[0]} | {quiz[1]} "
                       f"| {kb(b.page_total)} | {kb(b.page_total_gz)} | {kb(b.five_pages)} | {kb(b.five_pages_gz)} "
                       f"| {kb(b.search_index)} |")
    rebuilt = {n: {b: r for b, r in rs.items() if r.rebuild} for n, rs in all_results.items()
               if rs["plain"].rebuild}
    if rebuilt:
        out += ["", "### Rebuild as `mkdocs serve` does it (fresh config, full build, same process)", "",
                "| lessons | builder | file edited | rebuild (s, median) | × plain | CPU (s) | × plain CPU "
                "| rebuilds |",
                "|---:|:---|:---|---:|---:|---:|---:|---:|"]
        for lessons, results in rebuilt.items():
            plain = statistics.median(results["plain"].rebuild)
            plain_cpu = statistics.median(results["plain"].rebuild_cpu)
            for builder, r in results.items():
                t, c = statistics.median(r.rebuild), statistics.median(r.rebuild_cpu)
                name = NAMES[builder].split(",")[0]
                out.append(f"| {lessons} | {name} | {r.rebuild_what} | {t:.2f} | {t / plain:.2f} "
                           f"| {c:.2f} | {c / plain_cpu:.2f} | {len(r.rebuild)} |")
    return "\n".join(out)


def machine(with_quiz: bool) -> str:
    def run(cmd: list[str]) -> str:
        try:
            return subprocess.run(cmd, capture_output=True, text=True, check=False).stdout.strip()
        except OSError:
            return "?"
    mem = run(["free", "-h"]).splitlines()
    quiz = "not run"
    if with_quiz:
        quiz = run([str(VENV / "bin" / "python"), "-c",
                    "from importlib.metadata import version; print(version('mkdocs-quiz'))"])
    cpu = ""
    with contextlib.suppress(OSError):
        cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                    if line.startswith("model name")), "")
    return "\n".join([
        f"- CPU: `nproc` = {os.cpu_count() and run(['nproc'])}{f' ({cpu})' if cpu else ''}",
        f"- Memory (`free -h`): {' '.join(mem[1].split()[1:2]) if len(mem) > 1 else '?'} total",
        f"- {platform.system()} {platform.release()}, Python {platform.python_version()}",
        f"- MkDocs {metadata.version('mkdocs')}, Material {metadata.version('mkdocs-material')}, "
        f"Markdown {metadata.version('markdown')}, coursekit {metadata.version('mkdocs-coursekit')}, "
        f"mkdocs-quiz {quiz}",
    ])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true",
                    help="5 lessons, 1 run, 1 rebuild; mkdocs-quiz only if bench/.venv exists; no Lighthouse")
    ap.add_argument("--sizes", default=None, help="lesson counts, comma-separated (default 10,100,1000)")
    ap.add_argument("--runs", type=int, default=None, help="builds per builder and size (default 5, 5, 3)")
    ap.add_argument("--rebuilds", type=int, default=None, help="serve-style rebuilds per builder (0: none)")
    ap.add_argument("--quizzes", type=int, default=generate.QUIZZES_PER_LESSON,
                    help="quizzes of 5 questions per lesson (default 5; the lesson text stays the same)")
    ap.add_argument("--no-mkdocs-quiz", action="store_true", help="leave mkdocs-quiz out")
    ap.add_argument("--no-lighthouse", action="store_true", help="leave Lighthouse out")
    ap.add_argument("--lighthouse-ref", default=None,
                    help="Lighthouse on the course of this git commit (e.g. HEAD) instead of the working tree")
    ap.add_argument("--workdir", type=Path, default=None, help="where to generate (default: a temp dir)")
    ap.add_argument("--json", type=Path, default=None, help="also write every figure to this file")
    ap.add_argument("--markdown", type=Path, default=None, help="also write the tables to this file")
    args = ap.parse_args(argv)

    sizes = [int(s) for s in (args.sizes or ("5" if args.quick else "10,100,1000")).split(",")]
    builders = ["plain", "coursekit_cold", "coursekit"]
    with_quiz = not args.no_mkdocs_quiz and ensure_mkdocs_quiz(create=not args.quick)
    if with_quiz:
        builders.append("mkdocs_quiz")
    # The plugin's bytecode, as pip writes it when it installs a package (MkDocs' and Material's
    # are there already); without it, each build would compile the plugin's modules again.
    # (Where the builds import it from: PYTHONPATH may name a copy of the package, to measure a
    # snapshot of the code while the working tree changes.)
    package = subprocess.run([sys.executable, "-c", "import coursekit; print(coursekit.__path__[0])"],
                             env=ENV, capture_output=True, text=True, check=True).stdout.strip()
    subprocess.run([sys.executable, "-m", "compileall", "-q", package],
                   env={k: v for k, v in ENV.items() if k != "PYTHONDONTWRITEBYTECODE"}, check=True)
    work = args.workdir or Path(tempfile.mkdtemp(prefix="coursekit-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    all_results: dict[int, dict[str, Result]] = {}
    try:
        for lessons in sizes:
            runs = args.runs or (1 if args.quick else DEFAULT_RUNS.get(lessons, 3))
            rebuilds = args.rebuilds if args.rebuilds is not None else (1 if args.quick else REBUILDS.get(lessons, 2))
            all_results[lessons] = bench_size(lessons, runs, builders, rebuilds, work, args.quizzes)
    finally:
        if args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)

    lighthouse = None
    if not args.quick and not args.no_lighthouse:
        import lighthouse as lh
        if lh.available():
            try:
                lighthouse = lh.run_all(ref=args.lighthouse_ref)
            except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError, KeyError) as exc:
                print(f"Lighthouse failed: {exc}", file=sys.stderr)
        else:
            print("Lighthouse skipped: run `npm install --prefix bench` and install chromium", file=sys.stderr)

    goals, every = targets(all_results)
    text = goals + "\n\n" + tables(all_results)
    if lighthouse:
        text += "\n\n" + lighthouse["markdown"]
    text += f"\n\n### Machine\n\n{machine(with_quiz)}\n\nTotal benchmark time: {time.perf_counter() - started:.0f} s\n"
    print(text)
    budget = {n: rs["coursekit"].bytes.quiz_assets_gz for n, rs in all_results.items()}
    if args.markdown:
        args.markdown.write_text(text, encoding="utf-8")
    if args.json:
        args.json.write_text(json.dumps({
            "results": {str(n): {b: {**asdict(r), "wall": r.wall, "cpu": r.cpu, "rss": r.rss}
                                 for b, r in rs.items()} for n, rs in all_results.items()},
            "lighthouse": lighthouse and {k: v for k, v in lighthouse.items() if k != "markdown"},
            "asset_budget": ASSET_BUDGET,
            "targets_hold": every,
        }, indent=1), encoding="utf-8")
    over = {n: v for n, v in budget.items() if v > ASSET_BUDGET}
    if over:
        print(f"coursekit JS + CSS over budget ({ASSET_BUDGET} bytes gzipped): {over}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
