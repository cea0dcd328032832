"""Lighthouse on a lesson of the real course, offline, with Debian's Chromium.

    npm install --prefix bench          # once: Lighthouse 12 in bench/node_modules
    apt-get install -y chromium         # once
    python bench/lighthouse.py [--page partie-1/accepter/] [--project .] [--ref HEAD]

Builds the project (mkdocs.yml at the root of the repository by default)
into a temporary folder with `SITE_URL` set to the local address, serves it
on 127.0.0.1 as a static host would (gzip for text, and the Content Security
Policy that the plugin computed, as a header), and runs Lighthouse on one
lesson page that holds a quiz: the first in the site's order, or `--page`.
Both Lighthouse settings are run, three times each: mobile (its default:
emulated phone, slow 4G and 4x CPU slowdown, simulated) and desktop
(`--preset=desktop`); the run of median performance is reported, as
Lighthouse advises. Reports the performance, accessibility and
best-practices scores and the audits that lose points, with the elements.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CLI = HERE / "node_modules" / "lighthouse" / "cli" / "index.js"
CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
FLAGS = ("--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run "
         "--disable-background-networking --disable-component-update --disable-sync")
CATEGORIES = ("performance", "accessibility", "best-practices")
TARGETS = {"performance": 0.98, "accessibility": 0.98, "best-practices": 1.0}
TEXT = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt")


def available() -> bool:
    return CLI.exists() and Path(CHROME).exists() and shutil.which("node") is not None


class Handler(http.server.SimpleHTTPRequestHandler):
    """Static files, gzip for text when asked, and the site's CSP."""

    csp = ""

    def log_message(self, *args: object) -> None:
        pass

    def end_headers(self) -> None:
        if self.csp:
            self.send_header("Content-Security-Policy", self.csp)
        super().end_headers()

    def do_GET(self) -> None:  # noqa: N802 (http.server's API)
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().do_GET()  # the redirect to "…/"
            path = path / "index.html"
        if not (path.is_file() and path.suffix in TEXT and "gzip" in self.headers.get("Accept-Encoding", "")):
            return super().do_GET()
        body = gzip.compress(path.read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def nav_pages(project: Path) -> list[str]:
    """Site paths of the pages of mkdocs.yml's `nav`, in its order (directory URLs)."""
    from mkdocs.config import load_config

    def walk(items: object) -> list[str]:
        out: list[str] = []
        for item in items if isinstance(items, list) else []:
            for value in item.values() if isinstance(item, dict) else [item]:
                if isinstance(value, str) and value.endswith(".md"):
                    stem = value[:-3]
                    if stem == "index" or stem.endswith("/index"):
                        out.append(stem[: -len("index")] + "index.html")
                    else:
                        out.append(stem + "/index.html")
                else:
                    out += walk(value)
        return out

    return walk(load_config(config_file=str(project / "mkdocs.yml")).nav)


def pick_page(site: Path, wanted: str | None, project: Path = ROOT) -> str:
    """`wanted`, or the first lesson with a quiz in the order of the navigation."""
    if wanted:
        return wanted.strip("/") + "/"
    pages = [p for p in nav_pages(project) if (site / p).is_file()] or sorted(
        p.relative_to(site).as_posix() for p in site.rglob("index.html"))
    with_quiz = [p for p in pages if "<ck-quiz" in (site / p).read_text(encoding="utf-8")]
    lessons = [p for p in with_quiz if not p.startswith(("demo/", "formateur/"))]
    chosen = (lessons or with_quiz or pages)[0]
    return chosen[: -len("index.html")]


def lighthouse(url: str, preset: str, out: Path) -> dict:
    cmd = ["node", str(CLI), url, "--output=json", f"--output-path={out}", "--quiet",
           f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={FLAGS}"]
    if preset == "desktop":
        cmd.append("--preset=desktop")
    subprocess.run(cmd, check=True, env={**os.environ, "CHROME_PATH": CHROME}, timeout=300)
    return json.loads(out.read_text(encoding="utf-8"))


def summary(report: dict) -> dict:
    scores, failing = {}, {}
    for cat in CATEGORIES:
        category = report["categories"][cat]
        scores[cat] = category["score"]
        lost = []
        for ref in category["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref.get("weight", 0) > 0 and audit.get("score") is not None and audit["score"] < 1:
                nodes = [item["node"].get("snippet", "") for item in
                         (audit.get("details") or {}).get("items", []) if isinstance(item.get("node"), dict)]
                lost.append({"id": ref["id"], "title": audit["title"], "score": audit["score"],
                             "value": audit.get("displayValue", ""), "nodes": nodes})
        failing[cat] = lost
    metrics = {k: report["audits"][k].get("displayValue", "") for k in
               ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time",
                "cumulative-layout-shift", "speed-index")}
    return {"scores": scores, "failing": failing, "metrics": metrics,
            "lighthouse": report.get("lighthouseVersion"),
            "chrome": report.get("environment", {}).get("hostUserAgent", "")}


def run_all(project: Path = ROOT, page: str | None = None, ref: str | None = None, runs: int = 3) -> dict:
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    tmp = Path(tempfile.mkdtemp(prefix="coursekit-lh-"))
    try:
        if ref:  # the course as committed, e.g. while the working tree is being edited
            archive = subprocess.run(["git", "-C", str(project), "archive", ref], check=True, capture_output=True)
            project = tmp / "project"
            project.mkdir()
            subprocess.run(["tar", "-x", "-C", str(project)], input=archive.stdout, check=True)
        site = tmp / "site"
        env = {**os.environ, "SITE_URL": base, "NO_MKDOCS_2_WARNING": "1"}
        if ref:  # the plugin of that commit too, not the one installed from the working tree
            env["PYTHONPATH"] = os.pathsep.join([str(project / "plugins"), env.get("PYTHONPATH", "")])
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(project / "mkdocs.yml"),
                        "-d", str(site)], check=True, env=env)
        policy = site / "csp-policy.txt"
        handler = type("H", (Handler,), {"csp": policy.read_text().strip() if policy.exists() else ""})
        server = http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(handler, directory=str(site)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            path = pick_page(site, page, project)
            results = {}
            for preset in ("mobile", "desktop"):
                reports = [summary(lighthouse(base + path, preset, tmp / f"{preset}-{n}.json")) for n in range(runs)]
                # Lighthouse's own advice: several runs, keep the one of median performance
                reports.sort(key=lambda r: r["scores"]["performance"])
                results[preset] = {**reports[len(reports) // 2],
                                   "performance_runs": [r["scores"]["performance"] for r in reports]}
        finally:
            server.shutdown()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return {"page": "/" + path, "csp_header": bool(handler.csp), "results": results,
            "markdown": markdown("/" + path, results)}


def markdown(page: str, results: dict) -> str:
    any_result = next(iter(results.values()))
    ua = re.search(r"Chrome/[\d.]+", any_result["chrome"] or "")
    out = [f"### Lighthouse {any_result['lighthouse']} on `{page}` of the course"
           f"{f' ({ua.group(0)})' if ua else ''}", "",
           "| setting | performance (median run) | performance, every run | accessibility | best practices "
           "| FCP | LCP | TBT | CLS | SI |",
           "|:---|---:|:---|---:|---:|---:|---:|---:|---:|---:|"]
    for preset, r in results.items():
        s, m = r["scores"], r["metrics"]
        every = " ".join(f"{x:.2f}" for x in r["performance_runs"])
        out.append(f"| {preset} | {s['performance']:.2f} | {every} | {s['accessibility']:.2f} "
                   f"| {s['best-practices']:.2f} "
                   f"| {m['first-contentful-paint']} | {m['largest-contentful-paint']} | {m['total-blocking-time']} "
                   f"| {m['cumulative-layout-shift']} | {m['speed-index']} |")
    misses = []
    for preset, r in results.items():
        for cat, target in TARGETS.items():
            for audit in r["failing"][cat]:
                value = f", {audit['value']}" if audit["value"] else ""
                where = f"; on {', '.join(f'`{n}`' for n in audit['nodes'][:3])}" if audit["nodes"] else ""
                misses.append(f"- {preset}, {cat} (target {target}): `{audit['id']}` ({audit['title']}) "
                              f"scores {audit['score']:.2f}{value}{where}")
    out += ["", "Audits that lose points:" if misses else "No audit loses points.", *misses]
    return "\n".join(out)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--project", type=Path, default=ROOT, help="folder of mkdocs.yml (default: the course)")
    ap.add_argument("--page", default=None, help="site path of the page, e.g. partie-1/accepter/")
    ap.add_argument("--ref", default=None, help="build the course of this git commit (e.g. HEAD), not the working tree")
    ap.add_argument("--runs", type=int, default=3, help="runs per setting; the median one is reported")
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args()
    if not available():
        print(f"needs node, {CLI.relative_to(ROOT)} (npm install --prefix bench) and {CHROME}", file=sys.stderr)
        return 2
    result = run_all(args.project.resolve(), args.page, args.ref, args.runs)
    print(result["markdown"])
    if args.json:
        args.json.write_text(json.dumps({k: v for k, v in result.items() if k != "markdown"}, indent=1))
    worst = {cat: min(r["scores"][cat] for r in result["results"].values()) for cat in CATEGORIES}
    return 0 if all(worst[c] >= t for c, t in TARGETS.items()) else 1


if __name__ == "__main__":
    sys.exit(main())
