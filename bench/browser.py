"""What the quiz script costs in the browser, on pages with and without a quiz.

    python bench/browser.py [--lessons 5] [--runs 3]

Builds the synthetic course (generate.py) with plain MkDocs, coursekit and,
if bench/.venv exists, mkdocs-quiz; serves each site on 127.0.0.1 and opens,
in Debian's Chromium driven by Playwright, the home page (no quiz) and the
first lesson (5 quizzes, 25 questions), each in a fresh context (empty
cache). After the load event and 500 ms of quiet, reads Chromium's own
counters (DevTools `Performance.getMetrics`): script time, layouts and
style recalculations with their durations, and the JS heap; and, from the
sampling profiler (0.1 ms), the time spent in the quiz script itself
(coursekit's file; for mkdocs-quiz, the page's inline scripts). A script that
worked on pages without a quiz, or forced layouts while setting a quiz up
(layout thrashing), would show here as more script time or more layouts
than plain MkDocs on the same page. Medians of `--runs` loads.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402

CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
VENV_PYTHON = HERE / ".venv" / "bin" / "python"
METRICS = ("QuizScript", "ScriptDuration", "LayoutCount", "LayoutDuration", "RecalcStyleCount", "RecalcStyleDuration",
           "TaskDuration", "JSHeapUsedSize")
NAMES = {"plain": "MkDocs + Material", "coursekit": "coursekit", "mkdocs_quiz": "mkdocs-quiz"}


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def quiz_script_time(profile: dict, url: str) -> float:
    """Seconds the sampling profiler spent in coursekit's script, or in the page's inline
    scripts (where mkdocs-quiz puts its code; Material's own inline scripts are tiny)."""
    ours = {node["id"] for node in profile["nodes"]
            if "/assets/coursekit/" in node["callFrame"]["url"] or node["callFrame"]["url"] == url}
    return sum(delta for sample, delta in zip(profile["samples"], profile["timeDeltas"], strict=True)
               if sample in ours) / 1e6


def measure(url: str, runs: int) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    samples: dict[str, list[float]] = {m: [] for m in METRICS}
    errors: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROME, args=["--no-sandbox", "--disable-gpu"])
        try:
            for _ in range(runs):
                context = browser.new_context()
                page = context.new_page()
                page.on("pageerror", lambda exc: errors.append(str(exc)))
                cdp = context.new_cdp_session(page)
                cdp.send("Performance.enable")
                cdp.send("Profiler.enable")
                cdp.send("Profiler.setSamplingInterval", {"interval": 100})
                cdp.send("Profiler.start")
                page.goto(url, wait_until="load")
                page.wait_for_timeout(500)
                values = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
                values["QuizScript"] = quiz_script_time(cdp.send("Profiler.stop")["profile"], url)
                for name in METRICS:
                    samples[name].append(values.get(name, 0.0))
                context.close()
        finally:
            browser.close()
    if errors:
        raise SystemExit(f"script errors on {url}: {errors[:3]}")
    return {name: statistics.median(values) for name, values in samples.items()}


def run(lessons: int, runs: int) -> tuple[list[dict], str]:
    builders = ["plain", "coursekit"] + (["mkdocs_quiz"] if VENV_PYTHON.exists() else [])
    work = Path(tempfile.mkdtemp(prefix="coursekit-browser-"))
    rows = []
    try:
        configs = generate.write_courses(work, lessons, tuple(builders))
        lesson = generate.lesson_pages(1)[0][: -len("index.html")]
        for builder in builders:
            python = str(VENV_PYTHON) if builder == "mkdocs_quiz" else sys.executable
            site = work / f"site-{builder}"
            subprocess.run([python, "-m", "mkdocs", "build", "-q", "-f", str(configs[builder]), "-d", str(site)],
                           check=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
            server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
            threading.Thread(target=server.serve_forever, daemon=True).start()
            base = f"http://127.0.0.1:{server.server_address[1]}/"
            try:
                for label, path in (("home page, no quiz", ""), ("lesson, 25 questions", lesson)):
                    rows.append({"builder": builder, "page": label, **measure(base + path, runs)})
            finally:
                server.shutdown()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    out = ["| builder | page | quiz script (ms) | all scripts (ms) | layouts | layout (ms) | style recalcs "
           "| style (ms) | tasks (ms) | JS heap (MB) |", "|:---|:---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        out.append(f"| {NAMES[r['builder']]} | {r['page']} | {r['QuizScript'] * 1000:.1f} "
                   f"| {r['ScriptDuration'] * 1000:.1f} | {r['LayoutCount']:.0f} "
                   f"| {r['LayoutDuration'] * 1000:.1f} | {r['RecalcStyleCount']:.0f} "
                   f"| {r['RecalcStyleDuration'] * 1000:.1f} | {r['TaskDuration'] * 1000:.0f} "
                   f"| {r['JSHeapUsedSize'] / 1e6:.1f} |")
    return rows, "\n".join(out)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--lessons", type=int, default=5)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    if not Path(CHROME).exists():
        print(f"needs Chromium at {CHROME} (apt-get install chromium)", file=sys.stderr)
        return 2
    print(run(args.lessons, args.runs)[1])
    return 0


if __name__ == "__main__":
    sys.exit(main())
