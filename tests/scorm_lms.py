"""A test LMS for the SCORM packages: scorm-again (npm, 3.4.3) plays the LMS side in a page that this
server makes (never shipped), which creates the API before the SCO's frame loads; the server serves
the unzipped package beside it and keeps every commit that scorm-again POSTs (`/commit`).

Also what the SCORM tests share: the export (`coursekit export`, once a run for the course: the
`scorm_zips` fixture of conftest.py), the launch in the test LMS, the commits awaited and read."""

from __future__ import annotations

import functools
import http.server
import json
import os
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path
from typing import Any

from conftest import ROOT, Handler
from playwright.sync_api import Frame, Page

VERSIONS = ("scorm12", "scorm2004")

SCORM_AGAIN = ROOT / "tests" / "node_modules" / "scorm-again" / "dist" / "scorm-again.min.js"
# The LMS's page: the API first (with the previous session's data, if any), then the SCO in a frame.
# Every call of the API is followed by GetLastError: a code other than "0" is kept in `errors`.
LMS_PAGE = """<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>LMS</title><link rel="icon" href="data:,">
<script src="/__lms/scorm-again.js"></script></head><body>
<script>
const query = new URLSearchParams(location.search), v12 = query.get("v") === "scorm12";
const settings = {lmsCommitUrl: "/commit?s=" + query.get("s"), dataCommitFormat: "json", autocommit: false, logLevel: 5};
const api = v12 ? new Scorm12API(settings) : new Scorm2004API(settings);
window.errors = []; window.calls = [];
const names = v12 ? ["LMSInitialize", "LMSGetValue", "LMSSetValue", "LMSCommit", "LMSFinish"]
  : ["Initialize", "GetValue", "SetValue", "Commit", "Terminate"];
for (const n of names) {
  const f = api[n].bind(api);
  api[n] = (...a) => {
    const r = f(...a), code = String(api[v12 ? "LMSGetLastError" : "GetLastError"]());
    calls.push([n, ...a, Math.round(performance.now())]);
    if (code !== "0") errors.push([n, a, code, String(r), String(api[v12 ? "LMSGetDiagnostic" : "GetDiagnostic"](code))]);
    return r;
  };
}
fetch("/__lms/previous.json").then((r) => r.json()).then((previous) => {
  if (previous) api.loadFromJSON(previous, "");
  if (v12) window.API = api; else window.API_1484_11 = api;
  const frame = document.createElement("iframe");
  frame.title = "SCO";
  frame.style = "width:1200px;height:800px";
  frame.src = "/scorm-launch.html";
  document.body.append(frame);
});
</script></body></html>"""


class LMS:
    """The server: the package's files, the LMS's page, the commits received."""

    def __init__(self, folder: Path) -> None:
        self.commits: list[dict[str, Any]] = []
        self.previous: dict[str, Any] | None = None
        self.session = 0  # the commits kept are those of this session's LMS page (new_session)
        self.refuse = False  # answer every commit with a failure (the LMS's server down or refusing)
        lms = self

        class Served(Handler):
            def do_GET(self) -> None:  # noqa: N802
                if self.path.startswith("/lms.html"):
                    return self.reply(LMS_PAGE.encode(), "text/html; charset=utf-8")
                if self.path == "/__lms/scorm-again.js":
                    return self.reply(SCORM_AGAIN.read_bytes(), "text/javascript")
                if self.path == "/__lms/previous.json":
                    return self.reply(json.dumps(lms.previous).encode(), "application/json")
                return super().do_GET()

            def end_headers(self) -> None:
                if self.path.startswith(("/lms.html", "/__lms/")):  # the LMS's own page: not the package's policy
                    self.send_header("Cache-Control", "no-store")
                    http.server.SimpleHTTPRequestHandler.end_headers(self)
                else:
                    super().end_headers()

            def do_POST(self) -> None:  # noqa: N802
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if self.path == f"/commit?s={lms.session}":
                    lms.commits.append(json.loads(body.decode("utf-8")))  # sendBeacon's text/plain too
                self.reply(b'{"result": false, "errorCode": 101}' if lms.refuse else b'{"result": true, "errorCode": 0}',
                           "application/json")

            def reply(self, data: bytes, kind: str) -> None:
                self.send_response(200)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        policy = folder / "csp-policy.txt"
        Served.csp = policy.read_text().strip()
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Served, directory=str(folder)))
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"

    def cmi(self) -> dict[str, Any]:
        return self.commits[-1]["cmi"]

    def new_session(self, previous: dict[str, Any] | None) -> None:
        """The next LMS page starts from `previous` (the data model, or None) with no commit yet."""
        self.session += 1
        self.commits.clear()
        self.previous = previous


# -- the packages -------------------------------------------------------------------------------
def export(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`coursekit export …` run as a trainer runs it, in `cwd`."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT / "plugins")}
    return subprocess.run([sys.executable, "-m", "coursekit.hosts.cli", "export", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)


def export_course(out: Path) -> dict[str, tuple[Path, str]]:
    """Each version's zip of this repository's course, written in `out`, with what the command said."""
    made = {}
    for version in VERSIONS:
        target = out / f"{version}.zip"
        proc = export(ROOT, version, "-o", str(target))
        assert proc.returncode == 0, proc.stdout + proc.stderr
        made[version] = (target, proc.stdout)
    return made


def unzip(target: Path, folder: Path) -> Path:
    """The zip unzipped into `folder` (each test module its own: the zips stay as exported)."""
    with zipfile.ZipFile(target) as zipped:
        assert zipped.testzip() is None
        zipped.extractall(folder)
    return folder


# -- in the test LMS ----------------------------------------------------------------------------
LEARNER = {"scorm12": {"core": {"student_id": "42", "student_name": "Durand, Zoé"}},
           "scorm2004": {"learner_id": "42", "learner_name": "Durand, Zoé"}}


def launch(page: Page, served: LMS, version: str) -> Frame:
    """The LMS's page opened, the SCO in its frame, the course's first page shown in the SCO's frame."""
    page.goto(served.url + f"lms.html?v={version}&s={served.session}")
    page.wait_for_function("() => document.querySelector('iframe') && frames[0] && frames[0].frames[0]"
                           " && frames[0].frames[0].document.querySelector('.md-content')")
    page.frames[2].wait_for_function(SEARCH_READY, timeout=20_000)
    return page.frames[2]


# Material's search worker is ready, its language files loaded, once the search's status line no longer
# says it is starting (« Initialisation de la recherche »); a page without the search has no such line.
# A page left before that makes the worker report a failed load (seen on a busy machine, where waiting
# for the page's requests to be over, `networkidle`, was not enough: the worker had not asked yet).
SEARCH_READY = """() => { const line = document.querySelector(".md-search-result__meta");
  return !line || line.textContent.trim() !== "Initialisation de la recherche"; }"""


def go(frame: Frame, url: str) -> None:
    """The course's frame goes to `url`, and the test waits until Material's search worker is ready there
    (`SEARCH_READY`), so that the page can be left."""
    frame.goto(url, wait_until="networkidle")
    frame.wait_for_function(SEARCH_READY, timeout=20_000)


def course(page: Page) -> Frame:
    """The course's frame, inside the SCO's (it is a new Frame after each page load)."""
    return page.frames[2]


def errors(page: Page) -> list[Any]:
    """Each call of the API after which GetLastError was not "0"."""
    return page.evaluate("errors")


def wait_commits(served: LMS, n: int, timeout: float = 5) -> None:
    end = time.monotonic() + timeout
    while len(served.commits) < n and time.monotonic() < end:
        time.sleep(0.05)
    assert len(served.commits) >= n, f"{len(served.commits)} commits, {n} expected"


def field(cmi: dict[str, Any], version: str, name: str) -> Any:
    """A value of the committed data model by its SCORM 2004 path, or its 1.2 equivalent."""
    v12 = {"location": "core.lesson_location", "exit": "core.exit", "score": "core.score", "session_time": "core.session_time",
           "entry": "core.entry"}
    path = v12.get(name, name) if version == "scorm12" else name
    for part in path.split("."):
        cmi = cmi[part]
    return cmi


def interactions(cmi: dict[str, Any]) -> list[dict[str, Any]]:
    found = cmi["interactions"]
    return found if isinstance(found, list) else [found[k] for k in sorted(found, key=int)] if found else []


def leave(page: Page) -> None:
    """The LMS closes the SCO's frame: the launcher's pagehide."""
    page.evaluate("document.querySelector('iframe').remove()")


def resume(served: LMS, version: str) -> None:
    """The next session starts from the last commit, as an LMS resumes a suspended attempt."""
    previous = served.cmi()
    if version == "scorm12":
        previous["core"]["entry"] = "resume"
    else:
        previous["entry"] = "resume"
    served.previous = {"cmi": previous}


# The suspend data read back by the SCO's own codec, with the course's manifest and questions, and how
# many lessons it says are done (the SCO's own rules, lms/runtime/state.js).
DECODE = """async (s) => {
  const d = document.body.dataset, m = await (await fetch(d.manifest)).json();
  const data = coursekitCodec.decode({m, q: JSON.parse(d.questions || "{}")}, s);
  return {data, done: data && coursekitState(m, (k) => (k in data ? data[k] : null)).done};
}"""


def decode(page: Page, suspend_data: str) -> tuple[dict[str, Any] | None, int | None]:
    """(the saved results, the number of lessons done) that `suspend_data` holds, read in the SCO's window."""
    out = page.frames[1].evaluate(DECODE, suspend_data)
    return out["data"], out["done"]


def lms_time(page: Page) -> float:
    """The LMS page's clock (performance.now(), ms): the calls it records are timed with it."""
    return float(page.evaluate("performance.now()"))


def commit_times(page: Page) -> list[float]:
    """When each LMSCommit/Commit call came, on the LMS page's clock."""
    return [float(c[-1]) for c in page.evaluate("calls") if c[0] in ("LMSCommit", "Commit")]
