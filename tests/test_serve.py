"""`mkdocs serve`: saving a quiz file rebuilds the site and reloads the open page."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from conftest import ROOT
from playwright.sync_api import Page, expect
from test_cache import probe


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_editing_a_quiz_reloads_the_page(page: Page, tmp_path: Path) -> None:
    shutil.copytree(ROOT / "tests" / "site", tmp_path / "site", ignore=shutil.ignore_patterns("site", ".cache"))
    root = tmp_path / "site"
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    env = {**os.environ, "SITE_URL": url, "NO_MKDOCS_2_WARNING": "1"}
    # The server's output goes to a file: a pipe that nobody reads could fill up and stop it.
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        # Ctrl+C is the way to stop it: a process started in the background by a shell (as a CI job may
        # be) ignores SIGINT, and its children inherit that, so the server gets the default back.
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"], cwd=root, env=env,
            stdout=out, stderr=subprocess.STDOUT, text=True,
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline and server.poll() is None, "mkdocs serve did not start"
                time.sleep(0.2)
        page.goto(url + "quiz/")
        expect(page.locator(".ck-quiz__title")).to_contain_text("Tous les types")
        quiz = root / "quizzes" / "complet.yml"
        quiz.write_text(quiz.read_text(encoding="utf-8").replace("Tous les types", "Titre modifié"), encoding="utf-8")
        expect(page.locator(".ck-quiz__title")).to_contain_text("Titre modifié", timeout=30_000)
    finally:
        server.send_signal(signal.SIGINT)  # as Ctrl+C: MkDocs stops the server and runs on_shutdown
        try:
            server.wait(timeout=90)  # a rebuild under way finishes first
        except subprocess.TimeoutExpired:
            server.kill()
            raise AssertionError("mkdocs serve did not stop:\n" + log.read_text()) from None
    # the build cache, written when the server stopped, holds the edited quiz: a build after the
    # session parses nothing
    assert probe(root, SITE_URL=url) == ""
    assert "Titre modifié" in (root / "site" / "quiz" / "index.html").read_text(encoding="utf-8")
