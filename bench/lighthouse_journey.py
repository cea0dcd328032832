"""Lighthouse on the course's journey pages, against the same pages built by plain Material.

    npm install --prefix bench          # once: Lighthouse 12 in bench/node_modules
    python bench/lighthouse_journey.py [--runs 3] [--ref HEAD] [--json out.json]

Builds the course twice in the same run: as it is (coursekit), and by MkDocs +
Material alone (the same `mkdocs.yml` with only the search plugin: the embeds
stay as text, so each page keeps its title, text and navigation). Serves both
as `lighthouse.py` does (gzip, and the CSP header for the coursekit build) and
runs Lighthouse on each journey page of both builds, mobile and desktop
settings, the run of median performance kept. The pages: « Ma progression »,
« Revoir mes erreurs », the final assessment and the attestation (those that
exist in the course), and a lesson with a quiz for reference.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import lighthouse as lh  # noqa: E402

PAGES = ("progression/", "revoir/", "evaluation/", "attestation/", "partie-1/quatre-appels/")
# MkDocs' INHERIT merges the parent's settings; a list (plugins) is replaced as a whole.
PLAIN = "INHERIT: mkdocs.yml\nplugins:\n  - search:\n      lang: fr\n"


def median(url: str, preset: str, runs: int, tmp: Path) -> dict:
    reports = [lh.summary(lh.lighthouse(url, preset, tmp / f"{preset}-{n}.json")) for n in range(runs)]
    reports.sort(key=lambda r: r["scores"]["performance"])
    return {**reports[len(reports) // 2], "performance_runs": [r["scores"]["performance"] for r in reports]}


def run(project: Path, runs: int, ref: str | None) -> dict:
    tmp = Path(tempfile.mkdtemp(prefix="coursekit-lhj-"))
    try:
        if ref:
            archive = subprocess.run(["git", "-C", str(project), "archive", ref], check=True, capture_output=True)
            project = tmp / "project"
            project.mkdir()
            subprocess.run(["tar", "-x", "-C", str(project)], input=archive.stdout, check=True)
        (project / "mkdocs.plain.yml").write_text(PLAIN, encoding="utf-8")
        sites: dict[str, Path] = {"coursekit": tmp / "ck", "Material": tmp / "plain"}
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        if ref:
            env["PYTHONPATH"] = os.pathsep.join([str(project / "plugins"), env.get("PYTHONPATH", "")])
        results: dict[str, dict] = {}
        for builder, config in (("coursekit", "mkdocs.yml"), ("Material", "mkdocs.plain.yml")):
            site = sites[builder]
            # the address is known once the port is: build after choosing it
            port = lh.free_port()
            base = f"http://127.0.0.1:{port}/"
            subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(project / config),
                            "-d", str(site)], check=True, env={**env, "SITE_URL": base})
            policy = site / "csp-policy.txt"
            csp = policy.read_text().strip() if policy.exists() and builder == "coursekit" else ""
            handler = type("H", (lh.Handler,), {"csp": csp})
            server = http.server.ThreadingHTTPServer(("127.0.0.1", port),
                                                     functools.partial(handler, directory=str(site)))
            threading.Thread(target=server.serve_forever, daemon=True).start()
            try:
                for page in PAGES:
                    if not (sites["coursekit"] / page / "index.html").is_file() and builder == "Material":
                        continue
                    if not (site / page / "index.html").is_file():
                        continue
                    results.setdefault(page, {})[builder] = {
                        preset: median(base + page, preset, runs, tmp) for preset in ("mobile", "desktop")}
            finally:
                server.shutdown()
        (project / "mkdocs.plain.yml").unlink(missing_ok=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return {"pages": results, "markdown": markdown(results)}


def markdown(results: dict) -> str:
    first = next(iter(next(iter(results.values())).values()))["mobile"]
    out = [f"### Lighthouse {first['lighthouse']}: the journey pages, coursekit against plain Material", "",
           "| page | setting | builder | performance (median) | every run | accessibility | best practices "
           "| LCP | TBT | CLS |",
           "|:---|:---|:---|---:|:---|---:|---:|---:|---:|---:|"]
    for page, builders in results.items():
        for preset in ("mobile", "desktop"):
            for builder, by_preset in builders.items():
                r = by_preset[preset]
                s, m = r["scores"], r["metrics"]
                every = " ".join(f"{x:.2f}" for x in r["performance_runs"])
                out.append(f"| `/{page}` | {preset} | {builder} | {s['performance']:.2f} | {every} "
                           f"| {s['accessibility']:.2f} | {s['best-practices']:.2f} "
                           f"| {m['largest-contentful-paint']} | {m['total-blocking-time']} "
                           f"| {m['cumulative-layout-shift']} |")
    misses = []
    for page, builders in results.items():
        r = builders.get("coursekit")
        for preset, rep in (r or {}).items():
            for cat in lh.CATEGORIES:
                for audit in rep["failing"][cat]:
                    value = f", {audit['value']}" if audit["value"] else ""
                    misses.append(f"- `/{page}` {preset}, {cat}: `{audit['id']}` ({audit['title']}) "
                                  f"{audit['score']:.2f}{value}")
    out += ["", "coursekit's audits that lose points:" if misses else "No audit of coursekit's pages loses points.",
            *misses]
    return "\n".join(out)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--project", type=Path, default=lh.ROOT)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--ref", default=None, help="the course of this git commit (e.g. HEAD)")
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args()
    if not lh.available():
        print("needs node, bench/node_modules/lighthouse (npm install --prefix bench) and chromium",
              file=sys.stderr)
        return 2
    result = run(args.project.resolve(), args.runs, args.ref)
    print(result["markdown"])
    if args.json:
        args.json.write_text(json.dumps(result["pages"], indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
