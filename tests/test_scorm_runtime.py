"""What the SCORM packages report at run time, against scorm-again 3.4.3 (an LMS's side of SCORM 1.2
and 2004 written by others), in Chromium: the test server keeps every commit scorm-again POSTs.

The final assessment passed, then failed once and resumed in a new session (localStorage cleared:
the LMS is the source of truth); commits only at meaningful moments; the notice when there is no
LMS. GetLastError() is "0" after every call the course makes (tests/scorm_lms.py)."""

from __future__ import annotations

import re
import time
import zipfile
from collections.abc import Iterator
from typing import Any

import pytest
from assessment import FINAL_QUIZ, ROOT
from playwright.sync_api import Browser, Frame, Page, expect
from ruamel.yaml import YAML
from scorm_lms import LMS
from test_browser_quiz import run_axe
from test_scorm_package import export

VERSIONS = ("scorm12", "scorm2004")
NB = "\u00a0"


@pytest.fixture(scope="module")
def lms(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, LMS]]:
    """Each version's package of the course, unzipped and served with its test LMS."""
    out, made = tmp_path_factory.mktemp("scorm-run"), {}
    for version in VERSIONS:
        target = out / f"{version}.zip"
        proc = export(ROOT, version, "-o", str(target))
        assert proc.returncode == 0, proc.stdout + proc.stderr
        with zipfile.ZipFile(target) as zipped:
            zipped.extractall(out / version)
        made[version] = LMS(out / version)
    yield made
    for served in made.values():
        served.server.shutdown()


LEARNER = {"scorm12": {"core": {"student_id": "42", "student_name": "Durand, Zoé"}},
           "scorm2004": {"learner_id": "42", "learner_name": "Durand, Zoé"}}


@pytest.fixture
def fresh(lms: dict[str, LMS]) -> Iterator[dict[str, LMS]]:
    """A new attempt: the LMS gives the learner's id and name, as every LMS does."""
    for version, served in lms.items():
        served.commits.clear()
        served.previous = {"cmi": LEARNER[version]}
    yield lms


def launch(page: Page, served: LMS, version: str) -> Frame:
    page.goto(served.url + f"lms.html?v={version}")
    page.wait_for_function("document.querySelector('iframe') && frames[0] && frames[0].frames[0]"
                           " && frames[0].frames[0].document.querySelector('.md-content')")
    return page.frames[2]


def course(page: Page) -> Frame:
    return page.frames[2]


def errors(page: Page) -> list[Any]:
    return page.evaluate("errors")


FILLS = {q["id"]: q["answers"][0] for q in YAML(typ="safe").load(
    (ROOT / "quizzes" / f"{FINAL_QUIZ}.yml").read_text(encoding="utf-8"))["questions"] if q["type"] == "fill"}
# Each question of the paper answered right (or wholly wrong), from the page's own grading tokens (fill-in:
# from the quiz file), then the paper handed in as a learner does.
ANSWER = """([right, fills]) => {
  const exam = document.querySelector("ck-exam");
  exam.paper.forEach((x, k) => {
    const t = x.node.dataset.type, ok = right[k];
    let r;
    if (t === "single" || t === "truefalse" || t === "multiple") {
      const flags = x.grade(t === "multiple" ? [] : 0).ok, good = flags.flatMap((f, i) => (f ? [i] : [])), bad = flags.indexOf(false);
      r = t === "multiple" ? (ok ? good : [bad]) : ok ? good[0] : bad;
    } else if (t === "order") {
      const n = x.initial.length, good = Array.from({ length: n }, (_, i) => x.valueAt(i, n));
      r = ok ? good : good.map((_, i) => good[(i + 1) % n]);
    } else if (t === "match") {
      const n = x.node.querySelector("select").options.length - 1, good = x.node.querySelectorAll("select").length;
      r = Array.from({ length: good }, (_, i) => (ok ? x.valueAt(i, n) : (x.valueAt(i, n) + 1) % n));
    } else r = ok ? fills[x.node.dataset.q] : "zzz";
    x.restore(r);
  });
  exam.querySelector("form").requestSubmit();
}"""


def take_exam(frame: Frame, right: int) -> None:
    if not frame.url.endswith("evaluation.html"):
        frame.goto(frame.url.rsplit("/", 1)[0].split("/partie")[0] + "/evaluation.html")
    frame.get_by_role("button", name=re.compile("Commencer la tentative|Nouvelle tentative")).click()
    frame.wait_for_function("document.querySelector('ck-exam').paper")
    frame.evaluate(ANSWER, [[k < right for k in range(20)], FILLS])
    expect(frame.locator(".ck-exam .ck-quiz__result")).to_be_visible()


def wait_commits(served: LMS, n: int, timeout: float = 5) -> None:
    end = time.monotonic() + timeout
    while len(served.commits) < n and time.monotonic() < end:
        time.sleep(0.05)
    assert len(served.commits) >= n, f"{len(served.commits)} commits, {n} expected"


def field(cmi: dict[str, Any], version: str, name: str) -> Any:
    """A value of the committed data model by its SCORM 2004 path, or its 1.2 equivalent."""
    v12 = {"location": "core.lesson_location", "exit": "core.exit", "score": "core.score", "session_time": "core.session_time"}
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


@pytest.mark.parametrize("version", VERSIONS)
def test_passing_the_final_assessment(page: Page, fresh: dict[str, LMS], version: str) -> None:
    served = fresh[version]
    frame = launch(page, served, version)
    take_exam(frame, right=18)
    wait_commits(served, 1)
    time.sleep(1)  # one commit for the paper, however many values it set
    assert len(served.commits) == 1
    cmi = served.cmi()
    found = interactions(cmi)
    assert len(found) == 20
    results = [i["result"] for i in found]
    assert results.count("correct") == 18 and results.count("wrong" if version == "scorm12" else "incorrect") == 2
    assert {i["type"] for i in found} <= {"choice", "true-false", "fill-in", "sequencing", "matching"}
    assert all(i["id"].startswith("evaluation-finale-") and float(i["weighting"]) == 1 for i in found)
    if version == "scorm12":
        assert cmi["core"]["lesson_status"] == "passed"
        assert all(i["student_response"] for i in found)
    else:
        assert cmi["success_status"] == "passed" and cmi["completion_status"] == "completed"
        assert float(cmi["score"]["scaled"]) == 0.9 and float(cmi["progress_measure"]) == 1
        assert all(i["learner_response"] and 0 < len(i["description"]) <= 250 for i in found)
    score = field(cmi, version, "score")
    assert (float(score["raw"]), float(score["min"]), float(score["max"])) == (90, 0, 100)
    assert field(cmi, version, "location") == "evaluation.html"
    assert cmi["suspend_data"].startswith("K1.") and len(cmi["suspend_data"]) <= 4096
    assert field(cmi, version, "exit") == ("" if version == "scorm12" else "normal")  # settled: a normal exit
    leave(page)
    wait_commits(served, 2)  # the finish's, sent as a beacon
    final = served.cmi()
    assert re.fullmatch(r"00:00:\d\d" if version == "scorm12" else r"PT0H0M\d+S", field(final, version, "session_time"))
    assert (final["core"]["lesson_status"] if version == "scorm12" else final["success_status"]) == "passed"
    assert errors(page) == [], page.evaluate("JSON.stringify(errors)")


@pytest.mark.parametrize("version", VERSIONS)
def test_failing_once_then_resuming_in_a_new_session(browser: Browser, fresh: dict[str, LMS], version: str) -> None:
    served = fresh[version]
    first = browser.new_page()
    frame = launch(first, served, version)
    frame.goto(served.url + "partie-1/quatre-appels.html")
    expect(course(first).locator("h1")).to_contain_text("Quatre appels")
    take_exam(course(first), right=10)
    wait_commits(served, 1)
    cmi = served.cmi()
    assert len(interactions(cmi)) == 20
    if version == "scorm12":
        assert cmi["core"]["lesson_status"] == "incomplete"  # two attempts left: not failed yet
        assert cmi["core"]["score"]["raw"] == ""
    else:
        assert (cmi["completion_status"], cmi["success_status"]) == ("incomplete", "unknown")
        assert cmi["score"]["raw"] == "" and float(cmi["progress_measure"]) == 0  # a lesson opened is not done
    assert field(cmi, version, "exit") == "suspend"
    leave(first)
    wait_commits(served, 2)
    assert errors(first) == []
    assert first.evaluate("Object.keys(localStorage).filter((k) => k.startsWith('ck:'))") == []
    first.evaluate("localStorage.clear()")
    first.close()
    # the LMS opens a new session with what it kept
    previous = served.cmi()
    if version == "scorm12":
        previous["core"]["entry"] = "resume"
    else:
        previous["entry"] = "resume"
    served.previous = {"cmi": previous}
    again = browser.new_page()
    frame = launch(again, served, version)
    assert frame.url == served.url + "evaluation.html"
    # nothing of the course in the browser's storage: what the pages show comes from the LMS
    assert frame.evaluate("Object.keys(localStorage).filter((k) => k.startsWith('ck:'))") == []
    expect(frame.locator(".ck-exam__used")).to_have_text(re.compile(f"Tentatives utilisées{NB}: 1 sur 3"))
    expect(frame.get_by_role("button", name="Nouvelle tentative (2 sur 3)")).to_be_visible()
    frame.goto(served.url + "progression.html")
    expect(frame.locator("body")).to_contain_text("Quatre appels")
    assert errors(again) == []
    again.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_without_an_lms_the_notice_once_and_the_browser_keeps_the_results(page: Page, lms: dict[str, LMS],
                                                                           scheme: str) -> None:
    served = lms["scorm12"]
    page.emulate_media(color_scheme=scheme)
    page.goto(served.url + "scorm-launch.html")
    notice = page.locator(".ck-lms")
    expect(notice).to_have_text(f"Ce module n’est pas relié à une plateforme de formation{NB}: vos résultats "
                                "sont enregistrés dans ce navigateur seulement.")
    expect(notice).to_have_attribute("role", "status")
    assert page.locator(".ck-lms:visible").count() == 1
    frame = page.frame_locator("iframe")
    expect(frame.locator("h1")).to_contain_text("Répondre non")
    assert run_axe(page) == []
    # the course works on the browser's storage: a page opened is kept there
    inner = page.frames[1]
    inner.goto(served.url + "partie-1/quatre-appels.html")
    # polled from here: under the package's policy the page may not evaluate a string (no 'unsafe-eval')
    end = time.monotonic() + 10
    while not page.evaluate("Object.keys(frames[0].localStorage).some((k) => k.endsWith(':journey'))"):
        assert time.monotonic() < end, "the page opened was not kept in localStorage"
        time.sleep(0.1)
    assert served.commits == []
