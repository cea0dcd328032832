"""Exam mode (`[[exam: id]]`), in Chromium: a tiny course of its own, with three assessments (drawn
from a tag and a whole quiz, one with a time limit of three seconds, one with a full review),
served with its CSP. Any console error fails a test (conftest.page). The build's checks of the
pools are run on real builds."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT, served, watch, write_tree
from playwright.sync_api import Browser, Locator, Page, expect
from sites import material_config
from test_browser_quiz import SHOTS, run_axe
from test_progress import tab_stops


def tagged(n: int) -> str:
    return "\n".join(
        f"  - {{id: t{k}, type: single, tags: [final], text: Question t{k} ?, explanation: EXPLICATION-t{k}, "
        f"choices: [{{text: Juste t{k}, correct: true}}, {{text: Faux t{k}}}]}}" for k in range(1, n + 1))


SITE = {
    "mkdocs.yml": material_config("Examen d’essai", {
        "Ma progression": "progression.md",
        "Un": "un.md",
        "Examen": "examen.md",
        "Minute": "minute.md",
        "Complet": "complet.md",
        "Chrono": "chrono.md",
    }, ()),
    "course.yml": """\
        assessments:
          finale:
            title: Examen final
            pools:
              - {tag: final, draw: 2}
              - {quiz: deux, draw: 1}
            attempts: 2
            pass_mark: 100
          minute:
            pools:
              - {quiz: deux, draw: 1}
            time_limit: 0.05
            review: score
          complet:
            pools:
              - {quiz: deux, draw: 2}
            review: full
          chrono:
            pools:
              - {tag: final, draw: 4}
              - {quiz: deux, draw: 2}
            time_limit: 10
        """,
    "course/progression.md": "# Ma progression\n\n[[progress]]\n",
    "course/un.md": "# Un\n\n[[quiz: un]]\n",
    "course/examen.md": "# Examen\n\n[[exam: finale]]\n",
    "course/minute.md": "# Minute\n\n[[exam: minute]]\n",
    "course/complet.md": "# Complet\n\n[[exam: complet]]\n",
    "course/chrono.md": "# Chrono\n\nAvant l’évaluation.\n\n[[exam: chrono]]\n\nAprès l’évaluation.\n",
    "quizzes/un.yml": "title: Un\nquestions:\n" + tagged(4) + "\n",
    "quizzes/deux.yml": """\
        title: Deux
        questions:
          - {id: d1, type: single, text: Question d1 ?, explanation: EXPLICATION-d1,
             choices: [{text: Juste d1, correct: true}, {text: Faux d1}]}
          - {id: d2, type: single, text: Question d2 ?, explanation: EXPLICATION-d2,
             choices: [{text: Juste d2, correct: true}, {text: Faux d2}]}
        """,
}


@pytest.fixture(scope="module")
def exam_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    root = tmp_path_factory.mktemp("exam")
    # the course's stylesheet: Material's footer and links in a paragraph, made readable (axe)
    write_tree(root, {**SITE, "course/stylesheets/extra.css": (ROOT / "course/stylesheets/extra.css").read_text("utf-8")})
    yield from served(tmp_path_factory, root / "mkdocs.yml")


def paper(page: Page) -> list[str]:
    """The questions of the paper shown, in their order (`t1`, `d2`…)."""
    return [q.get_attribute("data-q") or "" for q in page.locator("ck-exam .ck-q:visible").all()]


def answer(page: Page, right: bool) -> None:
    for q in page.locator("ck-exam .ck-q:visible").all():
        q.get_by_role("radio", name=re.compile("^Juste" if right else "^Faux")).check()


def explanations(page: Page) -> int:
    return len(re.findall("EXPLICATION", page.content()))


def start(page: Page) -> Locator:
    exam = page.locator("ck-exam.ck-ready")
    exam.get_by_role("button", name="Commencer la tentative").click()
    return exam


def test_fail_then_pass_then_no_attempt_left(page: Page, exam_site: tuple[Path, str]) -> None:
    url = exam_site[1]
    page.add_init_script("document.addEventListener('coursekit:exam', (e) => "
                         "sessionStorage.setItem('ck-test-exam', JSON.stringify(e.detail)))")
    page.goto(url + "examen/")
    exam = page.locator("ck-exam.ck-ready")
    expect(exam.locator(".ck-exam__status")).to_have_text("Tentative 1 sur 2")
    expect(exam.locator(".ck-exam__meta")).to_contain_text("3\u00a0questions tirées au sort")
    assert paper(page) == []
    start(page)
    first = paper(page)
    assert len(first) == 3 and sum(q.startswith("t") for q in first) == 2
    expect(page.locator("ck-exam .ck-q:visible input").first).to_be_focused()
    assert explanations(page) == 0
    # a reload keeps the paper and the answers given so far
    page.locator("ck-exam .ck-q:visible").first.get_by_role("radio", name=re.compile("^Faux")).check()
    page.reload()
    assert paper(page) == first
    expect(page.locator("ck-exam .ck-q:visible").first.get_by_role("radio", name=re.compile("^Faux"))).to_be_checked()
    # no feedback before the paper is handed in; then which questions were wrong, not the right answers
    answer(page, right=False)
    assert page.locator("ck-exam .ck-q__feedback:visible").count() == 0
    exam.get_by_role("button", name="Rendre ma copie").click()
    result = exam.locator(".ck-quiz__result")
    expect(result).to_be_focused()
    expect(result).to_contain_text("Votre score\u00a0: 0 sur 3")
    expect(result).to_contain_text("Pas encore réussie")
    expect(result).to_contain_text("Tentatives utilisées\u00a0: 1 sur 2")
    expect(exam.locator(".ck-q__verdict--wrong")).to_have_count(3)
    expect(exam.locator(".ck-mark")).to_have_count(0)  # the right choice is not shown
    assert explanations(page) == 0
    detail = page.evaluate("JSON.parse(sessionStorage.getItem('ck-test-exam'))")
    assert detail["exam"] == "finale" and detail["score"] == 0 and detail["max"] == 3
    assert detail["passed"] is False and detail["attempt"] == 1
    # a new attempt: another paper (the questions the last one did not hold come first)
    exam.get_by_role("button", name="Nouvelle tentative (2 sur 2)").click()
    second = paper(page)
    assert len(second) == 3 and not set(second) & set(first)
    answer(page, right=True)
    exam.get_by_role("button", name="Rendre ma copie").click()
    expect(result).to_contain_text("Votre score\u00a0: 3 sur 3 (100\u00a0%)")
    expect(result).to_contain_text("Réussie\u00a0!")
    expect(result).to_contain_text("toutes vos tentatives")
    expect(exam.get_by_role("button", name=re.compile("Nouvelle tentative"))).to_have_count(0)
    assert page.evaluate("JSON.parse(sessionStorage.getItem('ck-test-exam'))")["attempt"] == 2
    # later: the exam says it is closed, with the best result
    page.reload()
    expect(exam.locator(".ck-quiz__result")).to_contain_text("Meilleur résultat\u00a0: 100\u00a0%")
    expect(exam.locator(".ck-quiz__result")).to_contain_text("toutes vos tentatives")
    expect(exam.get_by_role("button", name="Commencer la tentative")).to_be_hidden()
    assert paper(page) == second  # the last paper, reviewed (test_a_reload_shows_the_same_review)
    expect(exam.locator(".ck-q__verdict--right")).to_have_count(3)
    # « Ma progression »: the final assessment's line
    page.goto(url + "progression/")
    final = page.locator(".ck-progress__final")
    expect(final).to_contain_text("réussie, avec un meilleur score de 100\u00a0%.")
    expect(final).to_contain_text("Tentatives utilisées\u00a0: 2 sur 2.")


def test_a_missing_answer_is_said_once_then_counts_as_wrong(page: Page, exam_site: tuple[Path, str]) -> None:
    page.goto(exam_site[1] + "examen/")
    exam = start(page)
    page.locator("ck-exam .ck-q:visible").first.get_by_role("radio", name=re.compile("^Juste")).check()
    exam.get_by_role("button", name="Rendre ma copie").click()
    expect(exam.get_by_role("alert")).to_contain_text("2\u00a0questions sans réponse\u00a0: 2, 3.")
    expect(exam.locator(".ck-quiz__result")).to_be_hidden()
    exam.get_by_role("button", name="Rendre ma copie").click()
    expect(exam.locator(".ck-quiz__result")).to_contain_text("Votre score\u00a0: 1 sur 3")


def test_the_time_limit(page: Page, exam_site: tuple[Path, str]) -> None:
    """Three seconds; the paper is graded as it stands, and `review: score` shows the score only."""
    page.goto(exam_site[1] + "minute/")
    exam = start(page)
    expect(exam.locator(".ck-exam__clock")).to_have_text(re.compile("^Temps restant\u00a0: 0:0[0-3]$"))
    result = exam.locator(".ck-quiz__result")
    expect(result).to_contain_text("Temps écoulé\u00a0!", timeout=10_000)
    expect(result).to_be_focused()
    expect(result).to_contain_text("Votre score\u00a0: 0 sur 1")
    expect(result).to_contain_text("seul le score est communiqué")
    expect(exam.locator(".ck-exam__clock")).to_be_hidden()
    assert paper(page) == []
    # nothing in the page says which answer was right (the sealed data aside)
    expect(exam.locator(".ck-mark, .ck-q__verdict, .ck-q__explanation")).to_have_count(0)
    assert explanations(page) == 0
    said = result.text_content()
    page.reload()
    expect(result).to_have_text(said)  # the same review: the score, nothing of the questions
    assert paper(page) == []
    expect(exam.locator(".ck-mark, .ck-q__verdict, .ck-q__explanation")).to_have_count(0)
    # a time limit runs on while the page is closed: a paper left open is graded on return
    exam.get_by_role("button", name="Nouvelle tentative (2 sur 3)").click()
    page.goto(exam_site[1] + "complet/")
    page.wait_for_timeout(3500)
    page.goto(exam_site[1] + "minute/")
    expect(exam.locator(".ck-quiz__result")).to_contain_text("Tentatives utilisées\u00a0: 2 sur 3")


def test_the_full_review(page: Page, exam_site: tuple[Path, str]) -> None:
    page.goto(exam_site[1] + "complet/")
    exam = start(page)
    assert sorted(paper(page)) == ["d1", "d2"]
    assert explanations(page) == 0
    answer(page, right=False)
    exam.get_by_role("button", name="Rendre ma copie").click()
    expect(exam.locator(".ck-q__explanation")).to_have_count(2)
    expect(exam.locator(".ck-q__explanation").first).to_contain_text("EXPLICATION-d")
    expect(exam.locator("span.ck-mark--right")).to_have_count(2)  # the right choices, shown
    expect(exam.locator("span.ck-mark--wrong")).to_have_count(2)


def review(exam: Locator) -> dict:
    """What the learner sees of a paper handed in: each question's text as shown (its number, its
    choices in their order, its verdict or correction), which choices are checked and which
    controls can still change, the result."""
    return {"paper": [q.inner_text() for q in exam.locator(".ck-q:visible").all()],
            "checked": [r.get_attribute("value") for r in exam.locator(".ck-q:visible input:checked").all()],
            "enabled": exam.locator(".ck-q:visible :is(input, button):enabled").count(),
            "submit": exam.get_by_role("button", name="Rendre ma copie").is_visible(),
            "result": exam.locator(".ck-quiz__result").inner_text()}


@pytest.mark.parametrize("name,marks,shown", [("examen", ".ck-q__verdict--wrong", 0), ("complet", "span.ck-mark--right", 2)])
def test_a_reload_shows_the_same_review(page: Page, exam_site: tuple[Path, str], name: str, marks: str,
                                        shown: int) -> None:
    """`review: wrong` (which questions were missed) and `review: full` (the corrections): the last
    paper handed in is shown again after a reload, as it was, its answers fixed."""
    page.goto(exam_site[1] + name + "/")
    exam = start(page)
    answer(page, right=False)
    exam.get_by_role("button", name="Rendre ma copie").click()
    expect(exam.locator(".ck-quiz__result")).to_be_focused()
    handed = review(exam)
    assert handed["enabled"] == 0 and not handed["submit"] and len(handed["checked"]) == len(handed["paper"])
    assert exam.locator(marks).count() == len(handed["paper"]) and explanations(page) == shown
    first = paper(page)
    page.reload()
    expect(exam.locator(".ck-quiz__result")).to_be_visible()
    assert paper(page) == first
    assert review(exam) == handed
    assert exam.locator(marks).count() == len(first) and explanations(page) == shown
    expect(exam.locator(".ck-exam__clock")).to_be_hidden()
    # a new attempt: a fresh paper, nothing checked, nothing marked
    exam.get_by_role("button", name=re.compile("^Nouvelle tentative")).click()
    expect(exam.get_by_role("button", name="Rendre ma copie")).to_be_visible()
    expect(exam.locator(".ck-q:visible input:checked, .ck-q:visible :disabled")).to_have_count(0)
    expect(exam.locator(".ck-q__verdict, .ck-mark")).to_have_count(0)
    expect(exam.locator(".ck-quiz__result")).to_be_hidden()


CLOCK = """() => {
  const clock = document.querySelector(".ck-exam__clock").getBoundingClientRect();
  const header = document.querySelector(".md-header").getBoundingClientRect();
  return {top: clock.top, bottom: clock.bottom, height: clock.height, header: header.bottom,
          left: clock.left, right: clock.right, window: innerHeight};
}"""


# 1280 × 900 zoomed to 200 % is a window of 640 × 450 CSS pixels, each drawn with 2 × 2 pixels
@pytest.mark.parametrize("width,height,scale", [(1280, 900, 1), (390, 844, 1), (640, 450, 2)])
def test_the_countdown_stays_in_view(browser: Browser, exam_site: tuple[Path, str], width: int, height: int,
                                     scale: int) -> None:
    """Under the header wherever the paper is scrolled, and never over the control the keyboard
    reaches, forwards or backwards; said aloud at the same moments (test_the_countdown_speaks)."""
    context = browser.new_context(base_url=exam_site[1], viewport={"width": width, "height": height},
                                  device_scale_factor=scale)
    page = context.new_page()
    errors = watch(page)
    page.goto("chrono/")
    exam = start(page)
    clock = exam.locator(".ck-exam__clock")
    expect(clock).to_have_text(re.compile("^Temps restant\u00a0: (10:00|9:5\\d)$"))
    expect(clock).to_have_attribute("role", "timer")  # a timer is not read at each change
    assert clock.get_attribute("aria-live") is None
    order = paper(page)
    forth = tab_stops(page, "ck-exam", exam.locator(".ck-exam__status"))
    assert [stop["name"][-2:] for stop in forth] == [*order, "ie"]  # « … t3 », then « Rendre ma copie »
    assert forth[-1]["name"] == "Rendre ma copie"
    stuck = page.evaluate(CLOCK)  # the page scrolled to its end: the clock under the header
    assert abs(stuck["top"] - stuck["header"]) <= 1, stuck
    assert stuck["height"] <= 0.12 * stuck["window"], stuck
    back = tab_stops(page, "ck-exam", page.get_by_text("Après l’évaluation."), "Shift+Tab")
    assert [stop["name"] for stop in back] == [stop["name"] for stop in forth[::-1]]
    for stop in forth + back:
        assert stop["ring"], stop
        assert stuck["bottom"] - 1 <= stop["top"] and stop["bottom"] <= stuck["window"], (stop, stuck)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    SHOTS.mkdir(exist_ok=True)
    page.mouse.wheel(0, 400)
    page.screenshot(path=SHOTS / f"exam-clock-{width}x{height}.png")
    context.close()
    assert errors == []


def test_the_countdown_speaks_at_the_same_moments(page: Page, exam_site: tuple[Path, str]) -> None:
    """The live region says the time left at 5 min, 1 min, 30 s and 10 s, then the result."""
    page.clock.install()
    page.goto(exam_site[1] + "chrono/")
    exam = start(page)
    page.evaluate("""() => {
      window.said = [];
      const live = document.querySelector("ck-exam > [aria-live]");
      new MutationObserver(() => live.textContent && said.push(live.textContent)).observe(live, {childList: true});
    }""")
    page.clock.run_for(10 * 60 * 1000 + 2000)
    expect(exam.locator(".ck-quiz__result")).to_contain_text("Temps écoulé")
    said = page.evaluate("said")
    assert said[:4] == [f"Temps restant\u00a0: {t}" for t in ("5:00", "1:00", "0:30", "0:10")], said
    assert len(said) == 5 and said[4].startswith("Temps écoulé\u00a0!"), said


def test_the_full_review_marks_the_choices_themselves(page: Page, exam_site: tuple[Path, str]) -> None:
    page.add_init_script("Math.random = () => 0.25")  # the same paper every time, its choices shuffled
    page.goto(exam_site[1] + "complet/")
    exam = start(page)
    assert "Faux d1\nJuste d1" in exam.inner_text()  # choices shown in another order than the file's
    answer(page, right=True)
    exam.get_by_role("button", name="Rendre ma copie").click()
    expect(exam.locator(".ck-choice:has(.ck-mark--right)")).to_have_count(2)
    for choice in exam.locator(".ck-choice:has(.ck-mark--right)").all_inner_texts():
        assert choice.startswith("Juste"), choice


@pytest.mark.parametrize("width,height", [(1280, 900), (390, 844)])
def test_by_keyboard(browser: Browser, exam_site: tuple[Path, str], width: int, height: int) -> None:
    context = browser.new_context(base_url=exam_site[1], viewport={"width": width, "height": height})
    page = context.new_page()
    errors = watch(page)
    page.goto("complet/")
    stops = tab_stops(page, "ck-exam", page.locator("ck-exam.ck-ready .ck-exam__meta"))
    assert [(stop["name"], stop["ring"]) for stop in stops] == [("Commencer la tentative", True)]
    page.locator("ck-exam.ck-ready .ck-exam__go").focus()
    page.keyboard.press("Enter")
    for _ in range(2):  # the first choice of each question is focused: Arrow picks the next (« Faux »)
        if page.evaluate("document.activeElement.type") != "radio":
            page.keyboard.press("Tab")
        page.keyboard.press("Space")
        page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Rendre ma copie", focused
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    page.keyboard.press("Enter")
    result = page.locator("ck-exam .ck-quiz__result")
    expect(result).to_be_focused()
    expect(result).to_contain_text("Votre score\u00a0: ")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Nouvelle tentative (2 sur 3)")).to_be_focused()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    # later: the review again; its answers cannot be changed, so the keyboard goes to the button
    page.reload()
    stops = tab_stops(page, "ck-exam", page.locator("ck-exam.ck-ready .ck-exam__meta"))
    assert [(stop["name"], stop["ring"]) for stop in stops] == [("Nouvelle tentative (2 sur 3)", True)]
    context.close()
    assert errors == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_before_during_and_after(page: Page, exam_site: tuple[Path, str], scheme: str) -> None:
    """Each review (which questions were missed, the corrections), and the countdown over a paper."""
    page.emulate_media(color_scheme=scheme)
    for name in ("examen", "complet"):
        page.goto(exam_site[1] + name + "/")
        expect(page.locator("ck-exam.ck-ready")).to_have_count(1)
        expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate" if scheme == "dark" else "default")
        assert run_axe(page) == []
        exam = start(page)
        answer(page, right=name == "examen")
        assert run_axe(page) == []
        exam.get_by_role("button", name="Rendre ma copie").click()
        expect(exam.locator(".ck-quiz__result")).to_be_visible()
        assert run_axe(page) == []
        page.reload()
        expect(exam.locator(".ck-q__feedback:visible")).not_to_have_count(0)
        assert run_axe(page) == []
    page.goto(exam_site[1] + "chrono/")
    start(page)
    page.get_by_role("button", name="Rendre ma copie").scroll_into_view_if_needed()
    assert run_axe(page) == []


# -- the build's checks ---------------------------------------------------------------
QUIZ = ("title: Essai\nquestions:\n" + "\n".join(
    f"  - {{id: q{k}, type: single, tags: [final], text: Q{k} ?, choices: [{{text: Oui, correct: true}}, "
    f"{{text: Non}}]}}" for k in range(1, 8)) + "\n")


def test_a_pool_too_small_or_unknown(build) -> None:  # type: ignore[no-untyped-def]
    done = build({
        "course/index.md": "# Essai\n\n[[quiz: essai]]\n\n[[exam: finale]]\n\n[[exam: finael]]\n",
        "quizzes/essai.yml": QUIZ,
        "course.yml": ("assessments:\n  finale:\n    pools:\n      - {tag: final, draw: 10}\n"
                       "      - {quiz: esai, draw: 1}\n"),
    })
    assert done.code == 1
    assert ("course.yml:4: assessments › finale › pool 1: the pool 'final' holds 7 questions; "
            "it cannot draw 10") in done.log
    assert "course.yml:5: assessments › finale › pool 2: there is no quiz 'esai'; did you mean `essai`?" in done.log
    assert ("course/index.md:7: [[exam: finael]]: there is no assessment 'finael' in course.yml "
            "(assessments); did you mean `finale`?") in done.log
    assert "Traceback" not in done.log
    done = build({
        "course/index.md": "# Essai\n\n[[quiz: essai]]\n\n[[exam: finale]]\n",
        "course.yml": ("assessments:\n  finale:\n    pools:\n      - {tag: final, draw: 3}\n"
                       "      - {quiz: essai, draw: 3}\n"),
    })
    assert done.code == 1
    assert "course.yml:3: assessments › finale: a question is in two pools: essai › q1 (pools 1 and 2)" in done.log
    done = build({"course.yml": "assessments:\n  finale:\n    pools:\n      - {quiz: essai, draw: 7}\n"})
    assert done.code == 0, done.log
    exam = done.html().split("<ck-exam", 1)[1]
    assert exam.count('class="ck-q"') == 7
    assert 'data-pass="70"' in exam  # the quiz's pass mark, its default
