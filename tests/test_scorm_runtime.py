"""What the SCORM packages report at run time, against scorm-again 3.4.3 (an LMS's side of SCORM 1.2
and 2004 written by others), in Chromium: the test server keeps every commit scorm-again POSTs.

The final assessment passed, then failed once and resumed in a new session (localStorage cleared:
the LMS is the source of truth); commits only at meaningful moments; the notice when there is no
LMS. GetLastError() is "0" after every call the course makes (tests/scorm_lms.py)."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from assessment import FINAL_QUIZ, ROOT
from playwright.sync_api import Browser, Frame, Page, expect
from ruamel.yaml import YAML
from scorm_lms import (
    LEARNER,
    LMS,
    VERSIONS,
    commit_times,
    course,
    decode,
    errors,
    field,
    go,
    interactions,
    launch,
    leave,
    lms_time,
    resume,
    unzip,
    wait_commits,
)
from test_browser_quiz import run_axe
from test_scenario_browser import routes

NB = "\u00a0"


@pytest.fixture
def fresh(lms: dict[str, LMS]) -> Iterator[dict[str, LMS]]:
    """A new attempt: the LMS gives the learner's id and name, as every LMS does."""
    for version, served in lms.items():
        served.new_session({"cmi": LEARNER[version]})
    yield lms


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
        go(frame, frame.url.rsplit("/", 1)[0].split("/partie")[0] + "/evaluation.html")
    frame.get_by_role("button", name=re.compile("Commencer la tentative|Nouvelle tentative")).click()
    frame.wait_for_function("() => document.querySelector('ck-exam').paper")
    frame.evaluate(ANSWER, [[k < right for k in range(20)], FILLS])
    expect(frame.locator(".ck-exam .ck-quiz__result")).to_be_visible()


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
    go(frame, served.url + "partie-1/quatre-appels.html")
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
    previous = served.cmi()
    # the LMS opens a new session with what it kept
    resume(served, version)
    again = browser.new_page()
    frame = launch(again, served, version)
    assert frame.url == served.url + "evaluation.html"
    # nothing of the course in the browser's storage: what the pages show comes from the LMS
    assert frame.evaluate("Object.keys(localStorage).filter((k) => k.startsWith('ck:'))") == []
    expect(frame.locator(".ck-exam__used")).to_have_text(re.compile(f"Tentatives utilisées{NB}: 1 sur 3"))
    expect(frame.get_by_role("button", name="Nouvelle tentative (2 sur 3)")).to_be_visible()
    # « Ma progression »: the lesson opened in the first session is begun, one never opened still to do
    go(frame, served.url + "progression.html")
    rows = course(again).locator("[data-rows=lesson] tr")
    expect(rows.filter(has_text="Quatre appels").locator("td").first).to_have_text("◐ commencé")
    expect(rows.filter(has_text="Les refus sont naturels").locator("td").first).to_have_text("○ à faire")
    expect(course(again).locator(".ck-progress__verdict")).to_contain_text(f"pas encore réussie (meilleur score{NB}: 50{NB}%)")
    # a second paper: its 20 questions follow the first paper's 20, which the LMS kept
    take_exam(course(again), right=18)
    wait_commits(served, 3)
    found = interactions(served.cmi())
    assert len(found) == 40
    assert found[:20] == interactions(previous)
    results = [i["result"] for i in found[20:]]
    assert results.count("correct") == 18 and all(i["id"].startswith("evaluation-finale-") for i in found[20:])
    assert (served.cmi()["core"]["lesson_status"] if version == "scorm12" else served.cmi()["success_status"]) == "passed"
    assert errors(again) == []
    again.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_without_an_lms_the_notice_once_and_the_browser_keeps_the_results(page: Page, fresh: dict[str, LMS],
                                                                           scheme: str) -> None:
    served = fresh["scorm12"]
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


# -- when the SCO commits --------------------------------------------------------------------------
QUIZ_PAGE, QUIZ = "partie-1/savoir-pourquoi.html", "p1-savoir-pourquoi"
ROLE_PLAY_PAGE, ROLE_PLAY = "mises-en-situation/appel-1-catalogue.html", "appel-1-catalogue"


def right_answers(quiz: str) -> list[str]:
    """The ids of the controls a learner ticks to answer every question of `quiz` right (its file)."""
    ids = []
    for q in YAML(typ="safe").load((ROOT / "quizzes" / f"{quiz}.yml").read_text(encoding="utf-8"))["questions"]:
        if q["type"] == "truefalse":
            ids.append(f"ck-{quiz}-{q['id']}-{0 if q['answer'] else 1}")
        else:
            assert q["type"] in ("single", "multiple"), q["type"]
            ids += [f"ck-{quiz}-{q['id']}-{i}" for i, c in enumerate(q["choices"]) if c.get("correct")]
    return ids


def raw(page: Page, key: str) -> str | None:
    """A value as the SCO's store holds it (JSON text), where the pages write inside an LMS."""
    return page.frames[1].evaluate("(k) => coursekitLMS.raw(k)", key)


def visit(page: Page, served: LMS, target: str) -> Frame:
    """`target` opened in the course's frame, and noted as opened in the SCO's store (journey.js)."""
    go(course(page), served.url + target)
    ns = page.frames[1].evaluate("async () => (await (await fetch(document.body.dataset.manifest)).json()).ns")
    page.frames[1].wait_for_function("([k, url]) => (JSON.parse(coursekitLMS.raw(k) || '{}').read || []).includes(url)",
                                     arg=[f"ck:{ns}:journey", target])
    return course(page)


def settle(served: LMS, n: int, quiet: float = 1.5) -> None:
    """`n` commits arrived, and no other comes in the next `quiet` seconds."""
    wait_commits(served, n)
    time.sleep(quiet)
    assert len(served.commits) == n, f"{len(served.commits)} commits, {n} expected"


def test_a_commit_for_a_result_none_for_a_click(page: Page, fresh: dict[str, LMS]) -> None:
    """Each answer clicked saves a draft in the SCO's store, and nothing goes to the LMS; « Valider »
    sends one commit, 800 ms later, however many values the result changed. A role-play played click
    by click: one commit at its ending, and the lesson it completes in that same commit."""
    served = fresh["scorm12"]
    frame = launch(page, served, "scorm12")
    go(frame, served.url + QUIZ_PAGE)
    frame = course(page)
    key = frame.locator("ck-quiz").get_attribute("data-key")
    assert key
    drafts = [raw(page, key + ":draft")]
    for control in right_answers(QUIZ):
        frame.locator(f"#{control}").check()
        drafts.append(raw(page, key + ":draft"))
        assert drafts[-1] != drafts[-2]  # the click is saved in the store…
        assert served.commits == []  # …and not sent to the LMS
    clicked = lms_time(page)
    frame.get_by_role("button", name="Valider").click()
    expect(frame.locator(".ck-quiz__result")).to_contain_text("Réussi")
    settle(served, 1)
    (sent,) = commit_times(page)
    assert 750 <= sent - clicked <= 2500, sent - clicked  # debounced, and soon
    cmi = served.cmi()
    assert cmi["core"]["lesson_location"] == QUIZ_PAGE
    data, done = decode(page, cmi["suspend_data"])
    assert data is not None and data[key]["passed"] and data[key]["pct"] == 100 and key + ":draft" not in data
    assert done == 1  # the lesson is done: its quiz passed, in the same commit
    # the role-play, click by click, on the shortest way to an ending
    go(frame, served.url + ROLE_PLAY_PAGE)
    frame = course(page)
    scenario = frame.locator("ck-scenario.ck-ready")
    sc_key = scenario.get_attribute("data-key")
    assert sc_key
    ending, path, _score = routes(ROLE_PLAY)[0]
    for step, index in enumerate(path):
        if step == len(path) - 1:
            clicked = lms_time(page)
        scenario.locator(f'.ck-sc__reply[data-i="{index}"]').click()
        if step < len(path) - 1:
            expect(scenario.locator(".ck-sc__line--me")).to_have_count(step + 1)
            assert len(served.commits) == 1  # a reply is saved in the store, not committed
    expect(scenario.locator(".ck-sc__ending")).to_be_visible()
    settle(served, 2)
    assert 750 <= commit_times(page)[1] - clicked <= 2500
    cmi = served.cmi()
    assert cmi["core"]["lesson_location"] == ROLE_PLAY_PAGE
    data, done = decode(page, cmi["suspend_data"])
    assert data is not None and data[sc_key]["f"] == [ending]
    assert sc_key in data[f"ck:{key.split(':')[1]}:journey"]["ends"]
    assert done == 2  # the ending completes the lesson: one commit for both
    assert errors(page) == []


@pytest.fixture(scope="module")
def quick(scorm_zips: dict[str, tuple[Path, str]], tmp_path_factory: pytest.TempPathFactory) -> Iterator[LMS]:
    """The SCORM 1.2 package with a quiet period of 5 s instead of 15 (the launcher's data-quiet), so
    that a test of it does not wait 15 s."""
    folder = unzip(scorm_zips["scorm12"][0], tmp_path_factory.mktemp("scorm-quick") / "scorm12")
    launcher = folder / "scorm-launch.html"
    text = launcher.read_text(encoding="utf-8")
    assert 'data-quiet="15000"' in text
    launcher.write_text(text.replace('data-quiet="15000"', 'data-quiet="5000"'), encoding="utf-8")
    served = LMS(folder)
    served.new_session({"cmi": LEARNER["scorm12"]})
    yield served
    served.server.shutdown()


def test_a_change_of_page_is_committed_after_a_quiet_while(page: Page, quick: LMS) -> None:
    """Pages opened one after another: no commit while the learner moves on, then one, a quiet period
    (15 s in the package, 5 s here) after the last change of page, with the page reached."""
    served = quick
    frame = launch(page, served, "scorm12")
    for target in ("partie-1/quatre-appels.html", "partie-1/refus-naturels.html"):
        go(frame, served.url + target)
        frame = course(page)
    before = lms_time(page)  # the last change of page comes after this moment
    go(frame, served.url + QUIZ_PAGE)
    settle(served, 1, quiet=2)
    (sent,) = commit_times(page)  # one commit, no sooner than the quiet period after the last change
    assert 5_000 <= sent - before <= 12_000, sent - before
    assert served.cmi()["core"]["lesson_location"] == QUIZ_PAGE
    assert errors(page) == []


# The launcher's window hidden. Headless Chromium keeps every page "visible" whatever happens to it (a
# second tab brought to the front, the window minimised, Page.setWebLifecycleState: all tried), so the
# window's visibility is overridden and the event sent, as the browser does when a tab is left.
HIDE = """(state) => {
  Object.defineProperty(document, "visibilityState", {configurable: true, get: () => state});
  document.dispatchEvent(new Event("visibilitychange"));
}"""
# How often the course's pages told the SCO they were hidden (scorm-page.js calls coursekitLMS.hidden()).
COUNT_HIDDEN = """() => {
  const lms = window.coursekitLMS, hidden = lms.hidden;
  window.pagesHidden = 0;
  lms.hidden = () => { window.pagesHidden++; return hidden(); };
}"""


def test_the_window_hidden_commits_what_changed_a_page_left_does_not(page: Page, fresh: dict[str, LMS]) -> None:
    served = fresh["scorm12"]
    launch(page, served, "scorm12")
    page.frames[1].evaluate(COUNT_HIDDEN)
    # a quiz passed: the commit before
    go(course(page), served.url + QUIZ_PAGE)
    for control in right_answers(QUIZ):
        course(page).locator(f"#{control}").check()
    course(page).get_by_role("button", name="Valider").click()
    settle(served, 1, quiet=1)
    # two pages more, an answer clicked on the last: each page left is hidden, and none of that is committed
    for target in ("partie-1/accepter.html", "partie-1/refus-naturels.html"):
        frame = visit(page, served, target)
    key = frame.locator("ck-quiz").get_attribute("data-key")
    frame.locator("ck-quiz input[type=radio]").first.check()
    time.sleep(1)
    assert page.frames[1].evaluate("pagesHidden") >= 2  # the pages' own hidden event came…
    assert len(served.commits) == 1  # …and was no reason to commit
    # the learner switches to another tab
    page.frames[1].evaluate(HIDE, "hidden")
    wait_commits(served, 2, timeout=1)
    page.frames[1].evaluate(HIDE, "visible")
    before, after = served.commits[0]["cmi"], served.cmi()
    assert after["core"]["lesson_location"] == "partie-1/refus-naturels.html" != before["core"]["lesson_location"]
    (was, _), (now, _) = decode(page, before["suspend_data"]), decode(page, after["suspend_data"])
    assert was is not None and now is not None
    journey = next(k for k in now if k.endswith(":journey"))
    assert set(now[journey]["read"]) - set(was[journey]["read"]) == {"partie-1/accepter.html", "partie-1/refus-naturels.html"}
    assert key + ":draft" in now and key + ":draft" not in was
    settle(served, 2, quiet=1)  # the commit took the pending one's place: nothing after it
    assert errors(page) == []
