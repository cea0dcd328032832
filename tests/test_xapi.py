"""`coursekit export xapi` against a real, independent LRS: Ralph (PyPI ralph-malph 5.1.0, its own
environment .venv-ralph made by tests/run.sh, patched by tests/ralph_lrs.py) on 127.0.0.1.

Chromium opens the exported course (served with the package's own policy) with a « tincan » launch
URL; the learner reads a lesson, answers a quiz wrong then right, plays a role-play to an ending and
passes the final assessment; the statements are read back from Ralph (GET /xAPI/statements) and
checked: verbs, objects, results, registration. Then: the network cut (statements queued, sent when
it is back), a statement the LRS refuses (dropped, the next ones sent), no launch (no request to the
LRS at all), the credentials nowhere (address bar, storage, any file of the zip), and the trainer's
mistakes on the command line."""

from __future__ import annotations

import base64
import json
import os
import re
import socket
import subprocess
import time
import uuid
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode
from urllib.request import Request, urlopen

import pytest
from conftest import MINIMAL_CONFIG, ROOT, serve, write_tree
from lxml import etree
from playwright.sync_api import Browser, Locator, Page, expect
from ruamel.yaml import YAML
from test_scorm_package import export, one_line_error

RALPH = ROOT / ".venv-ralph" / "bin"
ACT = "https://formation.example.com/repondre-non"
ADL = "http://adlnet.gov/expapi/"
USER, PASSWORD = "lms", "s3cret-" + uuid.uuid4().hex[:8]
AUTH = "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
ACTOR = {"objectType": "Agent", "name": "Camille Martin", "mbox": "mailto:camille.martin@example.com"}
QUIZ_PAGE, QUIZ = "partie-1/refus-naturels.html", "p1-refus-naturels"
SCENARIO_PAGE, SCENARIO = "mises-en-situation/appel-1-catalogue.html", "appel-1-catalogue"
FINAL_PAGE, FINAL = "evaluation.html", "evaluation-finale"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Lrs:
    def __init__(self, url: str, folder: Path) -> None:
        self.url, self.folder = url, folder

    def statements(self, **query: str) -> list[dict[str, Any]]:
        request = Request(f"{self.url}statements?{urlencode({**query, 'limit': '500'})}",
                          headers={"Authorization": AUTH, "X-Experience-API-Version": "1.0.3"})
        with urlopen(request, timeout=10) as answer:
            found = json.load(answer)["statements"]
        return sorted(found, key=lambda s: (s["timestamp"], s["stored"]))

    def wait(self, registration: str, ready: Any, timeout: float = 15) -> list[dict[str, Any]]:
        """The registration's statements once `ready(statements)` holds (they arrive a moment later)."""
        end = time.monotonic() + timeout
        while True:
            found = self.statements(registration=registration)
            if ready(found) or time.monotonic() > end:
                return found
            time.sleep(0.2)


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str, Lrs]]:
    """The course's xAPI zip, unzipped and served with its policy, and Ralph allowing that origin."""
    if not (RALPH / "python").exists():
        pytest.fail("Ralph's environment .venv-ralph is missing: run tests/run.sh (it makes it)")
    out = tmp_path_factory.mktemp("xapi")
    port = free_port()
    target = out / "course-xapi.zip"
    proc = export(ROOT, "xapi", "-o", str(target), "--activity-id", ACT + "/", "--lrs", f"http://127.0.0.1:{port}")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout == (f"Wrote {target.as_posix()} (xapi; activity id {ACT}/; statements to "
                           f"http://127.0.0.1:{port}; frame-ancestors *).\n")
    folder = out / "site"
    with zipfile.ZipFile(target) as zipped:
        zipped.extractall(folder)
    server, site = serve(folder)
    server.arm()  # type: ignore[attr-defined]  # the package's own policy, sent as a header
    data = out / "lrs"
    data.mkdir()
    env = {**os.environ, "RALPH_RUNSERVER_BACKEND": "fs", "RALPH_AUTH_FILE": str(out / "auth.json"),
           "RALPH_HISTORY_FILE": str(out / "history.json"), "RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH": str(data),
           "RALPH_RUNSERVER_AUTH_BACKENDS": "basic", "RALPH_RUNSERVER_CORS_ALLOW_ORIGINS": json.dumps([site.rstrip("/")])}
    subprocess.run([str(RALPH / "ralph"), "auth", "-u", USER, "-p", PASSWORD, "-s", "all", "-M", "mailto:lms@example.com",
                    "-w"], env=env, check=True, capture_output=True, timeout=60)
    lrs = subprocess.Popen([str(RALPH / "python"), str(ROOT / "tests" / "ralph_lrs.py"), str(port)], env=env,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}/xAPI/"
    for _ in range(100):
        try:
            with urlopen(f"http://127.0.0.1:{port}/__heartbeat__", timeout=1):
                break
        except OSError:
            assert lrs.poll() is None, lrs.stderr.read().decode() if lrs.stderr else ""
            time.sleep(0.1)
    yield target, site, Lrs(url, data)
    lrs.terminate()
    lrs.wait(10)
    server.shutdown()


def launch_to(site: str, lrs: Lrs, registration: str, page: str = "index.html") -> str:
    """The address an LMS opens: the « tincan » launch convention."""
    return site + page + "?" + urlencode({"endpoint": lrs.url, "auth": AUTH, "actor": json.dumps(ACTOR),
                                          "registration": registration, "activity_id": ACT + "/"})


# -- answering as the learner, from the quiz files ------------------------------------------
def plain(text: Any) -> str:
    return " ".join(str(text).replace("*", "").split())


def questions(quiz: str) -> dict[str, dict[str, Any]]:
    data = YAML(typ="safe").load((ROOT / "quizzes" / f"{quiz}.yml").read_text(encoding="utf-8"))
    return {q["id"]: q for q in data["questions"]}


def answer(q: Locator, data: dict[str, Any], right: bool) -> None:
    kind = data["type"]
    if kind in ("single", "multiple"):
        correct = [i for i, c in enumerate(data["choices"]) if c.get("correct")]
        for i in correct if right else [i for i in range(len(data["choices"])) if i not in correct][:1]:
            q.locator(f'input[value="{i}"]').check()
    elif kind == "truefalse":
        q.locator(f'input[value="{0 if data["answer"] == right else 1}"]').check()
    elif kind == "fill":
        q.locator("input").fill(str(data["answers"][0]) if right else "zzz")
    elif kind == "match":
        pairs = data["pairs"]
        for row in q.locator(".ck-match__row").all():
            k = [plain(p["left"]) for p in pairs].index(plain(row.locator("label").inner_text()))
            row.locator("select").select_option(label=plain(pairs[k if right else (k + 1) % len(pairs)]["right"]))
    elif kind == "order":
        wanted = [plain(i) for i in (data["items"] if right else reversed(data["items"]))]
        for k, text in enumerate(wanted):
            while [plain(t) for t in q.locator(".ck-order__text").all_inner_texts()].index(text) > k:
                q.locator(".ck-order__item").filter(has_text=text[:30]).get_by_role(
                    "button", name=re.compile("^Monter")).click()


def take_quiz(page: Page, right: bool) -> None:
    quiz = page.locator("ck-quiz.ck-ready")
    data = questions(QUIZ)
    for q in quiz.locator(".ck-q").all():
        answer(q, data[q.get_attribute("data-q") or ""], right)
    quiz.get_by_role("button", name="Valider").click()
    expect(quiz.locator(".ck-quiz__result")).to_be_visible()


def play_to_an_ending(page: Page) -> None:
    scenario = page.locator("ck-scenario")
    while not scenario.locator(".ck-sc__end").is_visible():
        scenario.locator(".ck-sc__reply").first.click()


SEED = """() => {  // every lesson read and every quiz and role-play done but the final assessment
  const tag = document.querySelector('script[type="application/json"][src*="/coursekit/course."]');
  return fetch(tag.src).then((r) => r.json()).then((m) => {
    const key = `ck:${m.ns}:journey`, rec = JSON.parse(localStorage.getItem(key)) || {v: 1, read: [], won: {}, ends: {}};
    rec.read = m.lessons.map((l) => l.url).filter((u) => u !== "evaluation.html");
    for (const l of m.lessons) for (const i of l.items) {
      if (i.kind === "quiz") rec.won[i.key] = 1;
      if (i.kind === "scenario" && !localStorage.getItem(i.key)) localStorage.setItem(i.key, JSON.stringify({v: 1, p: [], b: 0, f: ["x"]}));
    }
    localStorage.setItem(key, JSON.stringify(rec));
  });
}"""


def pass_final(page: Page) -> None:
    exam = page.locator("ck-exam.ck-ready")
    exam.get_by_role("button", name="Commencer la tentative").click()
    data = questions(FINAL)
    for q in exam.locator(".ck-q:visible").all():
        answer(q, data[q.get_attribute("data-q") or ""], True)
    exam.get_by_role("button", name="Rendre ma copie").click()
    expect(exam.locator(".ck-quiz__result")).to_contain_text("100")


# -- the learner's journey, read back from Ralph ---------------------------------------------
def test_a_learner_s_statements_reach_the_lrs(page: Page, package: tuple[Path, str, Lrs]) -> None:
    target, site, lrs = package
    reg = str(uuid.uuid4())
    page.goto(launch_to(site, lrs, reg))
    expect(page.locator("h1")).to_be_visible()
    # the launch leaves the address bar; the credentials stay in this tab's sessionStorage only
    assert page.url == site + "index.html"
    stored = page.evaluate("[JSON.stringify(localStorage), JSON.stringify(sessionStorage)]")
    assert PASSWORD not in stored[0] and AUTH not in stored[0] and AUTH in stored[1]
    with zipfile.ZipFile(target) as zipped:
        for name in zipped.namelist():
            body = zipped.read(name)
            assert [w for w in (PASSWORD, AUTH[6:], lrs.url) if w.encode() in body] == [], name

    page.goto(site + QUIZ_PAGE)  # a lesson that counts: « experienced »; its quiz wrong, then right
    take_quiz(page, right=False)
    page.locator("ck-quiz").get_by_role("button", name="Recommencer").click()
    take_quiz(page, right=True)
    page.goto(site + SCENARIO_PAGE)
    play_to_an_ending(page)
    page.goto(site + FINAL_PAGE)
    page.evaluate(SEED)
    pass_final(page)

    def course_done(found: list[dict[str, Any]]) -> bool:
        return any(s["verb"]["id"].endswith("/completed") and s["object"]["id"] == ACT + "/" for s in found)

    found = lrs.wait(reg, course_done)
    assert course_done(found), [s["verb"]["id"] for s in found]
    for s in found:  # well-formed, every one
        assert uuid.UUID(s["id"]) and s["actor"] == ACTOR and s["context"]["registration"] == reg
        assert s["verb"]["id"].startswith(ADL + "verbs/") and s["verb"]["display"]["en-US"] == s["verb"]["id"][len(ADL) + 6:]
        assert s["object"]["objectType"] == "Activity" and s["object"]["id"].startswith(ACT + "/")
        assert s["context"]["contextActivities"]["parent"][0]["id"] == ACT + "/"
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z?(\+00:00)?", s["timestamp"])
    by = {(s["verb"]["id"].rsplit("/", 1)[1], s["object"]["id"][len(ACT) + 1:]): s for s in found}
    verbs = [(v, o) for v, o in ((s["verb"]["id"].rsplit("/", 1)[1], s["object"]["id"][len(ACT) + 1:]) for s in found)]
    # the lessons read: those that count, named and typed
    lesson = by[("experienced", "lesson/partie-1/refus-naturels")]["object"]["definition"]
    assert lesson == {"type": ADL + "activities/lesson", "name": {"fr": "Les refus sont naturels"}}
    assert ("experienced", "lesson/mises-en-situation/appel-1-catalogue") in verbs
    assert ("experienced", "lesson/evaluation") in verbs and not any(o.startswith("lesson/index") for _v, o in verbs)
    # the quiz: failed, then passed, each with its score; every question answered twice
    quiz = [s for s in found if s["object"]["id"] == f"{ACT}/quiz/{QUIZ}"]
    assert [s["verb"]["id"] for s in quiz] == [ADL + "verbs/failed", ADL + "verbs/passed"]
    assert quiz[0]["result"]["success"] is False and quiz[1]["result"]["success"] is True
    assert quiz[1]["result"]["score"]["scaled"] == 1 and quiz[1]["result"]["score"]["raw"] == quiz[1]["result"]["score"]["max"]
    assert quiz[0]["result"]["score"]["scaled"] < 0.8 and quiz[0]["result"]["score"]["min"] == 0
    assert quiz[0]["object"]["definition"]["type"] == ADL + "activities/assessment"
    answered = [s for s in found if s["object"]["id"].startswith(f"{ACT}/quiz/{QUIZ}/")]
    data = questions(QUIZ)
    assert len(answered) == 2 * len(data)
    first, second = answered[:len(data)], answered[len(data):]
    assert not any(s["result"]["success"] for s in first) and all(s["result"]["success"] for s in second)
    kinds = {"single": "choice", "multiple": "choice", "truefalse": "true-false", "fill": "fill-in"}
    for s in second:
        q = data[s["object"]["id"].rsplit("/", 1)[1]]
        definition = s["object"]["definition"]
        assert definition["type"] == ADL + "activities/cmi.interaction"
        assert definition["interactionType"] == kinds[q["type"]] and plain(q["text"])[:20] in definition["name"]["fr"]
        assert s["context"]["contextActivities"]["grouping"][0]["id"] == f"{ACT}/quiz/{QUIZ}"
        response = s["result"]["response"]
        if q["type"] == "truefalse":
            assert response == str(q["answer"]).lower()
        elif q["type"] == "fill":
            assert response == q["answers"][0]
        else:
            assert response == "[,]".join(str(i) for i, c in enumerate(q["choices"]) if c.get("correct"))
    # the role-play: completed, with its ending and its balance
    played = by[("completed", f"scenario/{SCENARIO}")]
    assert played["object"]["definition"]["type"] == ADL + "activities/simulation"
    ending = YAML(typ="safe").load((ROOT / "scenarios" / f"{SCENARIO}.yml").read_text(encoding="utf-8"))
    endings = {n["id"]: n["ending"] for n in ending["nodes"] if "ending" in n}
    assert played["result"]["response"] in endings and played["result"]["completion"] is True
    assert played["result"]["extensions"][ACT + "/xapi/outcome"] == endings[played["result"]["response"]]["outcome"]
    assert isinstance(played["result"]["score"]["raw"], (int, float))
    # the final assessment: 20 questions answered right, passed; then the course completed, once
    final = by[("passed", f"assessment/{FINAL}")]
    assert final["result"] == {"success": True, "completion": True, "score": {"scaled": 1, "raw": 20, "min": 0, "max": 20}}
    assert sum(s["object"]["id"].startswith(f"{ACT}/assessment/{FINAL}/") for s in found) == 20
    done = by[("completed", "")]
    assert done["result"] == {"completion": True, "success": True, "score": {"scaled": 1}}
    assert done["object"]["definition"] == {"type": ADL + "activities/course", "name": {"fr": "Répondre non à un client"}}
    page.reload()  # the course stays complete: « completed » is not sent again
    expect(page.locator("ck-exam.ck-ready")).to_be_visible()
    again = lrs.wait(reg, lambda f: len(f) > len(found), timeout=2)
    assert [s for s in again if s["object"]["id"] == ACT + "/"] == [done]
    assert page.evaluate("sessionStorage.getItem(Object.keys(sessionStorage).find((k) => k.endsWith(':queue')))") == "[]"


def test_statements_wait_for_the_network_and_go_when_it_is_back(page: Page, package: tuple[Path, str, Lrs]) -> None:
    _target, site, lrs = package
    reg = str(uuid.uuid4())
    page.goto(launch_to(site, lrs, reg, QUIZ_PAGE))
    lrs.wait(reg, lambda f: len(f) == 1)
    page.context.set_offline(True)
    take_quiz(page, right=True)
    queue = f"ck-xapi:{ACT}/:queue"
    queued = page.evaluate(f"JSON.parse(sessionStorage.getItem({json.dumps(queue)}))")
    assert len(queued) == len(questions(QUIZ)) + 1 and queued[-1]["verb"]["id"] == ADL + "verbs/passed"
    assert AUTH not in json.dumps(queued)
    time.sleep(1)
    assert len(lrs.statements(registration=reg)) == 1  # only the lesson, sent before the cut
    page.context.set_offline(False)  # back online: the queue goes, in order
    found = lrs.wait(reg, lambda f: len(f) == len(queued) + 1)
    assert [s["id"] for s in found[1:]] == [s["id"] for s in queued]
    page.wait_for_function(f"() => sessionStorage.getItem({json.dumps(queue)}) === '[]'")


def test_when_the_page_is_hidden_the_queue_goes_in_one_request(page: Page, package: tuple[Path, str, Lrs]) -> None:
    _target, site, lrs = package
    reg = str(uuid.uuid4())
    page.goto(launch_to(site, lrs, reg, QUIZ_PAGE))
    lrs.wait(reg, lambda f: len(f) == 1)
    posts: list[Any] = []
    page.on("request", lambda r: posts.append(r.post_data_json) if r.url == lrs.url + "statements" else None)
    waiting = [{"id": str(uuid.uuid4()), "actor": ACTOR, "verb": {"id": ADL + "verbs/experienced", "display": {"en-US": "experienced"}},
                "object": {"objectType": "Activity", "id": f"{ACT}/lesson/{n}"}, "context": {"registration": reg},
                "timestamp": f"2026-01-01T00:00:0{n}.000Z"} for n in range(3)]
    queue = json.dumps(f"ck-xapi:{ACT}/:queue")
    page.evaluate(f"""() => {{
        sessionStorage.setItem({queue}, JSON.stringify({json.dumps(waiting)}));
        Object.defineProperty(document, "visibilityState", {{value: "hidden", configurable: true}});
        document.dispatchEvent(new Event("visibilitychange"));
    }}""")
    found = lrs.wait(reg, lambda f: len(f) == 4)
    assert [s["id"] for s in found[:3]] == [s["id"] for s in waiting]
    assert posts == [waiting]  # one request, the queue in order
    page.wait_for_function(f"() => sessionStorage.getItem({queue}) === '[]'")


def test_a_statement_the_lrs_refuses_is_dropped_and_the_others_go(browser: Browser, package: tuple[Path, str, Lrs]) -> None:
    _target, site, lrs = package
    reg = str(uuid.uuid4())
    page = browser.new_page()
    said: list[str] = []
    page.on("console", lambda m: said.append(f"{m.type}: {m.text}"))
    page.goto(launch_to(site, lrs, reg))
    bad = {"id": str(uuid.uuid4()), "actor": ACTOR, "verb": {"display": {"en-US": "?"}}, "object": {"id": ACT + "/x"}}
    queue = json.dumps(f"ck-xapi:{ACT}/:queue")
    page.evaluate(f"sessionStorage.setItem({queue}, JSON.stringify([{json.dumps(bad)}]))")
    page.goto(site + QUIZ_PAGE)
    found = lrs.wait(reg, lambda f: len(f) == 1)
    assert [s["verb"]["id"] for s in found] == [ADL + "verbs/experienced"]
    page.wait_for_function(f"() => sessionStorage.getItem({queue}) === '[]'")
    assert any(s.startswith("warning: coursekit xAPI: the LRS refused a statement (4") for s in said), said
    page.close()


def test_without_a_launch_nothing_is_sent(page: Page, package: tuple[Path, str, Lrs]) -> None:
    _target, site, lrs = package
    origin = lrs.url.split("/xAPI/")[0]
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url) if r.url.startswith(origin) else None)
    page.goto(site + QUIZ_PAGE)
    take_quiz(page, right=True)
    page.goto(site + "index.html?endpoint=" + lrs.url)  # a launch without credentials nor actor: none
    expect(page.locator("h1")).to_be_visible()
    assert page.url == site + "index.html"
    page.wait_for_timeout(500)
    assert asked == []
    assert page.evaluate("Object.keys(sessionStorage).filter((k) => k.startsWith('ck-xapi'))") == []


# -- the package and the trainer's mistakes ------------------------------------------------------
def test_tincan_xml_names_the_course_and_its_launch(package: tuple[Path, str, Lrs]) -> None:
    target, _site, _lrs = package
    with zipfile.ZipFile(target) as zipped:
        names = zipped.namelist()
        root = etree.fromstring(zipped.read("tincan.xml"))
        policy = zipped.read("csp-policy.txt").decode()
        script = zipped.read("assets/coursekit/lms/xapi.js").decode()
    ns = {"t": "http://projecttincan.com/tincan.xsd"}
    (activity,) = root.findall("t:activities/t:activity", ns)
    assert activity.get("id") == ACT + "/" and activity.get("type") == ADL + "activities/course"
    assert activity.findtext("t:name", namespaces=ns) == "Répondre non à un client"
    assert activity.findtext("t:launch", namespaces=ns) == "index.html" and "index.html" in names
    assert {"assets/coursekit/lms/state.js", "assets/coursekit/lms/xapi.js"} <= set(names) and "404.html" not in names
    assert re.search(r"connect-src 'self' http://127\.0\.0\.1:\d+;", policy)
    assert f'const ACT = "{ACT}/";' in script


def test_no_activity_id_is_a_one_line_error(tmp_path: Path) -> None:
    write_tree(tmp_path, {"mkdocs.yml": MINIMAL_CONFIG.replace("site_url: http://127.0.0.1:8000/\n", ""),
                          "course/index.md": "# Essai\n"})
    proc = export(tmp_path, "xapi")
    assert proc.returncode == 1
    assert one_line_error(proc) == ("coursekit: no activity id for the course: give one with --activity-id IRI "
                                    "(e.g. https://formation.example.com/repondre-non/), or set site_url in mkdocs.yml")
    assert not list(tmp_path.glob("*.zip*"))


@pytest.mark.parametrize(("option", "value", "said"), [
    ("--activity-id", "formation cours", "coursekit: --activity-id: 'formation cours' is not an absolute IRI"),
    ("--lrs", "https://lrs.example.com;x", "coursekit: --lrs: 'https://lrs.example.com;x' is not a web address"),
])
def test_a_wrong_option_is_a_one_line_error(tmp_path: Path, option: str, value: str, said: str) -> None:
    proc = export(ROOT, "xapi", option, value, "-o", str(tmp_path / "x.zip"))
    assert proc.returncode == 2
    assert one_line_error(proc).startswith(said)
    proc = export(ROOT, "scorm12", "--activity-id", ACT, "-o", str(tmp_path / "x.zip"))
    assert proc.returncode == 2 and one_line_error(proc) == "coursekit: --activity-id and --lrs are for xapi packages only"
