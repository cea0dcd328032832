"""The suspend data of a large course in a real LMS session: a generated course of 220 lessons, each with
its quiz, and a final assessment, exported with `coursekit export scorm12 -f …`, played in the test LMS
(scorm-again 3.4.3, tests/scorm_lms.py). Most lessons read and their quizzes passed, saved as the
widgets save them (README « Saved results »), then a quiz answered in its page: the saved results
would take far more than SCORM 1.2's 4,096 characters in JSON, the suspend data committed stays
within them, and the learner who comes back finds in « Ma progression » as many lessons done."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import watch, write_tree
from playwright.sync_api import Browser, Page, expect
from scorm_lms import LEARNER, LMS, course, errors, export, go, launch, unzip, wait_commits

LESSONS, SAVED = 220, 200  # lessons in the course; lessons read and passed before the learner's own quiz
QUIZ = """\
title: "Quiz {i}"
pass_mark: 50
questions:
  - id: a
    type: single
    text: "La leçon {i} est-elle claire ?"
    choices:
      - text: "Oui"
        correct: true
      - text: "Non"
"""


def large_course(root: Path) -> dict[str, str]:
    nav = "".join(f"  - Leçon {i}: l/{i:03}.md\n" for i in range(LESSONS))
    files = {
        "mkdocs.yml": "site_name: Un grand cours\ndocs_dir: course\ntheme:\n  name: material\n  language: fr\n"
                      "  font: false\nplugins:\n  - coursekit\nnav:\n  - Accueil: index.md\n" + nav
                      + "  - Évaluation finale: evaluation.md\n  - Ma progression: progression.md\n",
        "course.yml": "assessments:\n  finale:\n    title: Évaluation finale\n    pools:\n      - {quiz: finale, draw: 2}\n"
                      "    pass_mark: 50\n    attempts: 3\n",
        "course/index.md": "# Un grand cours\n",
        "course/progression.md": "# Ma progression\n\n[[progress]]\n",
        "course/evaluation.md": "# Évaluation finale\n\n[[exam: finale]]\n",
        "quizzes/finale.yml": QUIZ.format(i="finale").replace("  - id: a", "  - id: b", 1) + QUIZ.split("questions:\n")[1].format(i="finale"),
    }
    for i in range(LESSONS):
        files[f"course/l/{i:03}.md"] = f"# Leçon {i}\n\nCe qu’il faut retenir de la leçon {i}.\n\n[[quiz: q{i:03}]]\n"
        files[f"quizzes/q{i:03}.yml"] = QUIZ.format(i=i)
    write_tree(root, files)
    return files


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LMS]:
    root = tmp_path_factory.mktemp("large-course")
    large_course(root)
    proc = export(root, "scorm12", "-f", str(root / "mkdocs.yml"), "-o", str(root / "large.zip"))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    lms = LMS(unzip(root / "large.zip", root / "package"))
    yield lms
    lms.server.shutdown()


# The results of the first `n` lessons as the widgets save them: each lesson read, its quiz passed with its
# answers; the quizzes' results first, the journey last (a lesson done is worth a commit to the SCO).
SAVE = """async (n) => {
  const m = await (await fetch(document.body.dataset.manifest)).json(), journey = {v: 1, read: [], won: {}, ends: {}};
  m.lessons.slice(0, n).forEach((l, i) => {
    const key = l.items[0].key, at = new Date(Date.UTC(2025, 0, 1) + i * 60000).toISOString();
    coursekitLMS.set(key, JSON.stringify({v: 1, a: {a: 0}, at, got: 1, max: 1, pct: 100, passed: true, best: 100}));
    journey.read.push(l.url);
    journey.won[key] = 1;
  });
  coursekitLMS.set(`ck:${m.ns}:journey`, JSON.stringify(journey));
}"""
# The saved results that the SCO's store holds, in JSON: the pages' keys, as the manifest lists them.
STORED = """async () => {
  const m = await (await fetch(document.body.dataset.manifest)).json();
  const keys = [`ck:${m.ns}:journey`, `ck:${m.ns}:name`, ...m.lessons.flatMap((l) => l.items.map((i) => i.key))];
  return JSON.stringify(Object.fromEntries(keys.filter((k) => coursekitLMS.raw(k) !== null).map((k) => [k, JSON.parse(coursekitLMS.raw(k))])));
}"""


def lessons_done(page: Page, served: LMS) -> int:
    """« Ma progression »'s own figure, once the page has read the saved results: « … (N leçons sur 221) »."""
    go(course(page), served.url + "progression.html")
    expect(course(page).locator("ck-progress.ck-ready")).to_be_attached()
    text = course(page).locator(".ck-progress__percent").inner_text()
    found = re.fullmatch(rf"\d+\u00a0% du parcours terminé \((\d+) leçons? sur {LESSONS + 1}\)", text)
    assert found, text
    return int(found.group(1))


def test_the_suspend_data_of_a_large_course_stays_within_4096_characters(browser: Browser, served: LMS) -> None:
    served.new_session({"cmi": LEARNER["scorm12"]})
    first = browser.new_page()
    said = watch(first)
    launch(first, served, "scorm12")
    first.frames[1].evaluate(SAVE, SAVED)
    wait_commits(served, 1)  # lessons done: the SCO commits
    # a quiz answered in its page, as the learner does
    go(course(first), served.url + f"l/{SAVED + 5:03}.html")
    frame = course(first)
    frame.locator(f"#ck-q{SAVED + 5:03}-a-0").check()
    frame.get_by_role("button", name="Valider").click()
    expect(frame.locator(".ck-quiz__result")).to_contain_text("Réussi")
    wait_commits(served, 2)
    committed = served.cmi()
    stored = first.frames[1].evaluate(STORED)
    assert len(stored) > 4 * 4096, len(stored)  # what JSON of the saved results would take
    data = committed["suspend_data"]
    assert data.startswith("K1.") and len(data) <= 4096 and re.fullmatch(r"[\x20-\x7e]+", data), len(data)
    done = lessons_done(first, served)
    assert done == SAVED + 1
    assert errors(first) == [] and said == []
    first.evaluate("localStorage.clear()")
    first.close()
    # the next session: the LMS gives back that commit
    committed["core"]["entry"] = "resume"
    served.new_session({"cmi": committed})
    again = browser.new_page()
    said = watch(again)
    launch(again, served, "scorm12")
    assert course(again).url == served.url + f"l/{SAVED + 5:03}.html"
    assert lessons_done(again, served) == done
    assert errors(again) == [] and said == []
    again.close()
