"""A test LMS for the SCORM packages: scorm-again (npm, 3.4.3) plays the LMS side in a page that this
server makes (never shipped), which creates the API before the SCO's frame loads; the server serves
the unzipped package beside it and keeps every commit that scorm-again POSTs (`/commit`)."""

from __future__ import annotations

import functools
import http.server
import json
import threading
from pathlib import Path
from typing import Any

from conftest import ROOT, Handler

SCORM_AGAIN = ROOT / "tests" / "node_modules" / "scorm-again" / "dist" / "scorm-again.min.js"
# The LMS's page: the API first (with the previous session's data, if any), then the SCO in a frame.
# Every call of the API is followed by GetLastError: a code other than "0" is kept in `errors`.
LMS_PAGE = """<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>LMS</title><link rel="icon" href="data:,">
<script src="/__lms/scorm-again.js"></script></head><body>
<script>
const v12 = new URLSearchParams(location.search).get("v") === "scorm12";
const settings = {lmsCommitUrl: "/commit", dataCommitFormat: "json", autocommit: false, logLevel: 5};
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
                lms.commits.append(json.loads(body.decode("utf-8")))  # sendBeacon's text/plain too
                self.reply(b'{"result": true, "errorCode": 0}', "application/json")

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
