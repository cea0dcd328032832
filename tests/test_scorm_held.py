"""What the LMS already holds, against scorm-again 3.4.3: the course never tells it less (a learner
whose suspend data must be ignored, the course republished with other lessons, keeps a pass and its
score), and SCORM 2004 finds its results again after a normal exit when the LMS keeps the attempt."""

from __future__ import annotations

import copy
import re

import pytest
from playwright.sync_api import Browser, Page, expect
from scorm_lms import LEARNER, LMS, VERSIONS, course, errors, field, go, launch, leave, wait_commits
from test_scorm_runtime import take_exam

NB = "\u00a0"


def passed_before(version: str) -> dict:
    """An attempt the LMS holds as passed at 90, with suspend data made for another layout of the course."""
    cmi = copy.deepcopy(LEARNER[version])
    foreign = "K1.abc123.xyz|r_|w_"
    if version == "scorm12":
        cmi["core"].update(entry="resume", lesson_status="passed", lesson_location="index.html",
                           score={"raw": "90", "min": "0", "max": "100"})
        cmi["suspend_data"] = foreign
    else:
        cmi.update(entry="resume", completion_status="completed", success_status="passed", location="index.html",
                   score={"raw": "90", "min": "0", "max": "100", "scaled": "0.9"}, suspend_data=foreign)
    return {"cmi": cmi}


@pytest.mark.parametrize("version", VERSIONS)
def test_a_pass_the_lms_holds_is_never_taken_back(page: Page, lms: dict[str, LMS], version: str) -> None:
    served = lms[version]
    served.new_session(passed_before(version))
    frame = launch(page, served, version)
    # the suspend data was ignored (another layout): the course starts afresh for the learner…
    go(frame, served.url + "progression.html")
    expect(course(page).locator(".ck-progress__verdict")).to_have_text("pas encore passée.")
    # …a first paper, failed, changes nothing of what the LMS recorded
    take_exam(course(page), right=10)
    wait_commits(served, 1)
    leave(page)
    wait_commits(served, 2)
    for cmi in (served.commits[0]["cmi"], served.cmi()):
        if version == "scorm12":
            assert cmi["core"]["lesson_status"] == "passed"
        else:
            assert (cmi["success_status"], cmi["completion_status"]) == ("passed", "completed")
            assert float(cmi["score"]["scaled"]) == 0.9
        assert float(field(cmi, version, "score")["raw"]) == 90
    assert errors(page) == [], page.evaluate("JSON.stringify(errors)")


@pytest.mark.parametrize("version", VERSIONS)
def test_after_a_normal_exit_the_attempt_kept_is_found_again(browser: Browser, lms: dict[str, LMS], version: str) -> None:
    served = lms[version]
    served.new_session({"cmi": LEARNER[version]})
    first = browser.new_page()
    take_exam(launch(first, served, version), right=18)
    wait_commits(served, 1)
    assert field(served.cmi(), version, "exit") == ("" if version == "scorm12" else "normal")  # settled
    leave(first)
    wait_commits(served, 2)
    first.evaluate("localStorage.clear()")
    first.close()
    # the LMS keeps the attempt (Moodle's « Force new attempt: No »): entry "", not "resume"
    previous = served.cmi()
    if version == "scorm12":
        previous["core"]["entry"] = ""
    else:
        previous["entry"] = ""
    served.new_session({"cmi": previous})
    again = browser.new_page()
    frame = launch(again, served, version)
    assert frame.url == served.url + "evaluation.html"
    expect(frame.locator(".ck-exam__used")).to_have_text(re.compile(f"Tentatives utilisées{NB}: 1 sur 3"))
    assert errors(again) == [], again.evaluate("JSON.stringify(errors)")
    again.close()
