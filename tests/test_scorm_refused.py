"""An LMS that refuses the course's commits, against scorm-again 3.4.3: the learner goes on, is told
once, politely, and the LMS gets the results when it accepts a commit again."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from scorm_lms import LEARNER, LMS, course, launch, leave, unzip, wait_commits
from test_scorm_runtime import take_exam

NB = "\u00a0"


@pytest.fixture
def refusing(scorm_zips: dict[str, tuple[Path, str]], tmp_path: Path) -> Iterator[LMS]:
    served = LMS(unzip(scorm_zips["scorm12"][0], tmp_path / "scorm12"))
    served.new_session({"cmi": LEARNER["scorm12"]})
    served.refuse = True
    yield served
    served.server.shutdown()


def test_a_refused_commit_is_said_once_and_sent_again(page: Page, refusing: LMS) -> None:
    served = refusing
    frame = launch(page, served, "scorm12")
    take_exam(frame, right=10)  # a paper handed in: a commit, refused
    wait_commits(served, 1)
    notice = page.frames[1].locator(".ck-lms")
    expect(notice).to_have_text(f"La plateforme de formation n’a pas enregistré vos derniers résultats{NB}; ils lui "
                                "seront renvoyés à votre prochaine étape. Si ce message revient, prévenez votre formateur.")
    expect(notice).to_have_attribute("role", "status")
    # the course goes on: the verdict is shown, another paper can be started
    expect(course(page).locator(".ck-exam .ck-quiz__result")).to_contain_text("50")
    take_exam(course(page), right=20)  # refused again: still one notice
    wait_commits(served, 2)
    assert page.frames[1].locator(".ck-lms:visible").count() == 1
    # the LMS accepts again: the finish's commit carries everything, both papers included
    served.refuse = False
    leave(page)
    wait_commits(served, 3)
    cmi = served.cmi()
    assert cmi["core"]["lesson_status"] == "passed" and float(cmi["core"]["score"]["raw"]) == 100
    assert len(cmi["interactions"]) == 40
    found = page.evaluate("errors")
    assert [e for e in found if e[0] == "LMSCommit"], "the LMS refused no commit"  # the test's premise
    assert [e for e in found if e[0] != "LMSCommit"] == [], found
