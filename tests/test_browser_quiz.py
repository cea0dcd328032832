"""The quiz in a real browser: Chromium opens the built test site, served on
127.0.0.1 with the Content Security Policy the build computed, answers with the
mouse or the keyboard alone, and reads the score. Any console error, CSP
violation or uncaught exception fails the test (see conftest.page)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import CHROMIUM, ROOT, shoot, watch
from playwright.sync_api import Page, expect

AXE = ROOT / "tests" / "node_modules" / "axe-core" / "axe.min.js"
SHOTS = ROOT / "screenshots"
Q = "#ck-complet"
ORDER = ["Naturels", "Pas pour soi", "Accepter", "Savoir pourquoi"]
PAIRS = {"Je ne peux pas baisser": "Non mais", "Pas de délai": "Non sauf si", "Pas de remboursement": "Non parce que"}


def open_quiz(page: Page, path: str = "quiz/") -> None:
    page.goto(path)
    expect(page.locator("ck-quiz.ck-ready")).to_have_count(1)


def order_texts(page: Page) -> list[str]:
    return page.locator(f"{Q}-ordre .ck-order__text").all_inner_texts()


def arrange(page: Page, wanted: list[str]) -> None:
    """Put the ordering items in `wanted` order with the « Monter » buttons (mouse)."""
    for k, text in enumerate(wanted):
        while order_texts(page).index(text) > k:
            page.locator(f"{Q}-ordre li", has_text=text).get_by_role("button", name=re.compile("^Monter")).click()


def answer_all_right(page: Page) -> None:
    page.get_by_role("radio", name="Les refus sont naturels").check()
    for label in ("Non, sauf si", "Non, mais", "Non, parce que"):
        page.get_by_role("checkbox", name=label, exact=True).check()
    page.get_by_role("radio", name="Faux").check()
    page.get_by_label("Votre réponse").fill("  AUTRUCHE ! ")
    arrange(page, ORDER)
    for left, right in PAIRS.items():
        page.locator(f"{Q}-paires .ck-match__row", has_text=left).locator("select").select_option(label=right)


def answer_all_wrong(page: Page) -> None:
    page.get_by_role("radio", name="Savoir pourquoi").check()
    page.get_by_role("checkbox", name="Non sec").check()
    page.get_by_role("radio", name="Vrai").check()
    page.get_by_label("Votre réponse").fill("lion")
    arrange(page, list(reversed(ORDER)))
    for left in PAIRS:
        page.locator(f"{Q}-paires .ck-match__row", has_text=left).locator("select").select_option(label="Non sec")


def submit(page: Page) -> None:
    page.get_by_role("button", name="Valider").click()


def result(page: Page) -> str:
    return page.locator(f"{Q} .ck-quiz__result").inner_text()


def test_served_with_the_computed_csp(page: Page, demo_site: tuple[Path, str]) -> None:
    response = page.goto("quiz/")
    policy = (demo_site[0] / "csp-policy.txt").read_text().strip()
    assert response is not None and response.headers["content-security-policy"] == policy
    assert "'unsafe-inline'" not in policy
    expect(page.locator("ck-quiz.ck-ready")).to_have_count(1)


def test_every_type_answered_right(page: Page) -> None:
    open_quiz(page)
    answer_all_right(page)
    submit(page)
    text = result(page)
    assert "Votre score\u00a0: 7 sur 7 (100\u00a0%)" in text
    assert "Réussi\u00a0!" in text
    for qid in ("unique", "multiple", "vraifaux", "trou", "ordre", "paires"):
        expect(page.locator(f"{Q}-{qid} .ck-q__verdict")).to_contain_text("✓ Bonne réponse")
    expect(page.locator(f"{Q}-paires .ck-q__verdict")).to_contain_text("2\u00a0/\u00a02\u00a0points")
    expect(page.locator(f"{Q}-unique .ck-choice__feedback")).to_have_text("Tout commence par là.")
    expect(page.locator(f"{Q}-unique .ck-q__explanation")).to_contain_text("Les étapes")
    expect(page.locator(f"{Q}-vraifaux .ck-choice__feedback")).to_have_text("Exact.")
    # focus moves to the result, and the score is announced
    assert page.evaluate("document.activeElement.classList.contains('ck-quiz__result')")
    expect(page.locator(f"{Q} .ck-sr")).to_contain_text("7 sur 7")
    expect(page.get_by_role("button", name="Valider")).to_be_hidden()


def test_every_type_answered_wrong(page: Page) -> None:
    open_quiz(page)
    answer_all_wrong(page)
    submit(page)
    text = result(page)
    assert "Votre score\u00a0: 0 sur 7 (0\u00a0%)" in text
    assert "Pas encore\u00a0: le seuil de réussite est de 70\u00a0%" in text
    for qid in ("unique", "multiple", "vraifaux", "trou", "ordre", "paires"):
        expect(page.locator(f"{Q}-{qid} .ck-q__verdict")).to_contain_text("✗ Réponse incorrecte")
        expect(page.locator(f"{Q}-{qid}")).to_have_class(re.compile("ck-q--wrong"))
    # feedback of the chosen choice, and the right answers revealed in words, not colour alone
    expect(page.locator(f"{Q}-unique .ck-choice__feedback")).to_have_text("C’est la dernière étape.")
    expect(page.locator(f"{Q}-unique .ck-choice", has_text="Savoir pourquoi")).to_contain_text("✗ votre choix, incorrect")
    expect(page.locator(f"{Q}-unique .ck-choice", has_text="Les refus")).to_contain_text("✓ bonne réponse")
    expect(page.locator(f"{Q}-multiple .ck-choice", has_text="Non, mais")).to_contain_text("bonne réponse non cochée")
    expect(page.locator(f"{Q}-vraifaux .ck-choice__feedback")).to_have_text("Non, le silence laisse un faux espoir.")
    expect(page.locator(f"{Q}-trou .ck-q__expected")).to_have_text("Réponse attendue\u00a0: autruche")
    expect(page.locator(f"{Q}-ordre .ck-q__expected-list li")).to_have_text(ORDER)
    expect(page.locator(f"{Q}-ordre .ck-order__item").first).to_contain_text("✗ mal placé")
    expect(page.locator(f"{Q}-paires .ck-q__expected-list li").first).to_contain_text("→ Non mais")
    expect(page.locator(f"{Q}-paires .ck-match__row").first).to_contain_text("✗ association fausse")


def test_partial_credit(page: Page) -> None:
    open_quiz(page)
    answer_all_right(page)
    page.get_by_role("checkbox", name="Non, parce que", exact=True).uncheck()  # 2 of 3 right choices
    arrange(page, ["Naturels", "Pas pour soi", "Savoir pourquoi", "Accepter"])  # 2 of 4 in place
    submit(page)
    expect(page.locator(f"{Q}-multiple .ck-q__verdict")).to_contain_text("◐ Réponse en partie juste · 0,67\u00a0/\u00a01\u00a0point")
    expect(page.locator(f"{Q}-ordre .ck-q__verdict")).to_contain_text("0,5\u00a0/\u00a01\u00a0point")
    assert "Votre score\u00a0: 6,17 sur 7 (88\u00a0%)" in result(page)


def test_unanswered_questions_are_named(page: Page) -> None:
    open_quiz(page)
    page.get_by_role("radio", name="Faux").check()
    submit(page)
    expect(page.locator(f"{Q} .ck-quiz__alert")).to_have_text(
        "Il reste 4\u00a0questions sans réponse\u00a0: 1, 2, 4, 6.")
    assert page.evaluate("document.activeElement.id") == "ck-complet-unique-0"
    expect(page.locator(f"{Q} .ck-quiz__result")).to_be_hidden()


def test_result_survives_a_reload_and_retry_clears_it(page: Page) -> None:
    open_quiz(page)
    answer_all_wrong(page)
    page.get_by_role("radio", name="Faux").check()
    submit(page)
    assert "1 sur 7" in result(page)
    page.reload()
    expect(page.locator(f"{Q} .ck-quiz__result")).to_contain_text("Votre score\u00a0: 1 sur 7")
    expect(page.locator(f"{Q} .ck-quiz__result")).to_contain_text("Résultat enregistré le")
    expect(page.get_by_role("radio", name="Faux")).to_be_checked()
    expect(page.get_by_label("Votre réponse")).to_have_value("lion")
    assert order_texts(page) == list(reversed(ORDER))
    page.get_by_role("button", name="Recommencer").click()
    expect(page.locator(f"{Q} .ck-quiz__result")).to_be_hidden()
    expect(page.get_by_role("radio", name="Faux")).not_to_be_checked()
    assert page.evaluate("document.activeElement.id") == "ck-complet-unique-0"
    page.reload()
    expect(page.locator("ck-quiz.ck-ready")).to_have_count(1)
    expect(page.locator(f"{Q} .ck-quiz__result")).to_be_hidden()
    saved = page.evaluate("Object.entries(localStorage).filter(([k]) => k.startsWith('ck:') && !/:(journey|mistakes)$/.test(k))")
    assert len(saved) == 1 and json.loads(saved[0][1])["best"] == pytest.approx(100 / 7)


def test_instant_navigation_keeps_and_restores_results(page: Page) -> None:
    page.goto("")
    page.evaluate("window.notReloaded = true")
    page.get_by_role("link", name="quiz complet", exact=True).click()
    expect(page.locator("ck-quiz.ck-ready")).to_have_count(1)
    answer_all_right(page)
    submit(page)
    page.locator(".md-nav__link", has_text="Accueil").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Accueil")
    page.locator(".md-nav__link", has_text="Quiz complet").first.click()
    expect(page.locator(f"{Q} .ck-quiz__result")).to_contain_text("7 sur 7")
    assert page.evaluate("window.notReloaded") is True  # the page was swapped, not reloaded


def press_until(page: Page, key: str, selector: str, limit: int = 150) -> None:
    for _ in range(limit):
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return
        page.keyboard.press(key)
    raise AssertionError(f"{selector} never got the focus with {key}")


def focus(page: Page, selector: str) -> None:
    """Move the focus with Tab or Shift+Tab only."""
    try:
        press_until(page, "Tab", selector, 40)
    except AssertionError:
        press_until(page, "Shift+Tab", selector, 80)


def test_whole_quiz_with_the_keyboard_alone(page: Page) -> None:
    open_quiz(page)
    press_until(page, "Tab", "#ck-complet-unique-0")
    page.keyboard.press("ArrowDown")  # radio group: the arrow selects the next choice
    page.keyboard.press("Tab")
    page.keyboard.press("Space")  # Non, sauf si
    for _ in range(2):
        page.keyboard.press("Tab")
    page.keyboard.press("Space")  # Non, mais
    page.keyboard.press("Tab")
    page.keyboard.press("Space")  # Non, parce que
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowDown")  # Faux
    page.keyboard.press("Tab")
    page.keyboard.type("autruche")
    for k, text in enumerate(ORDER):
        index = order_texts(page).index(text)
        if index == k:
            continue
        focus(page, f"#ck-complet-ordre li:nth-child({index + 1}) [data-move='-1']")
        for _ in range(index - k):
            page.keyboard.press("Enter")
        expect(page.locator("#ck-complet .ck-sr")).to_contain_text(f"position {k + 1} sur 4")
    for row, right in enumerate(PAIRS.values()):
        focus(page, f"#ck-complet-paires-{row}")
        options = page.locator(f"#ck-complet-paires-{row} option").all_inner_texts()
        for _ in range(options.index(right)):
            page.keyboard.press("ArrowDown")
    focus(page, ".ck-quiz__actions button")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.classList.contains('ck-quiz__result')")
    assert "7 sur 7" in result(page)
    page.keyboard.press("Tab")  # after a pass, the next lesson first, then « Recommencer »
    assert page.evaluate("document.activeElement.textContent") == "Leçon suivante\u00a0: Quiz mélangé"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Recommencer"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "ck-complet-unique-0"


def focus_ring(page: Page) -> str:
    return page.evaluate("getComputedStyle(document.activeElement).outlineStyle")


def test_focus_is_visible(page: Page) -> None:
    open_quiz(page)
    press_until(page, "Tab", "#ck-complet-unique-0")
    assert focus_ring(page) == "solid"
    focus(page, "#ck-complet-ordre li:first-child [data-move='1']")
    assert focus_ring(page) == "solid"


# Material's colours change through CSS transitions (links, the search box, buttons): axe must
# read them once they have ended, or it measures the contrast of a colour halfway there.
# Until no animation or transition has run for three frames in a row (3 s at most): one may start a
# moment after another ends (Material's header swaps its title on scroll), and axe must not see a colour
# or an opacity halfway.
# First, until Material has sized each sidebar in the layout (5 s at most; it does so at an animation
# frame): until its script sets the height of a sidebar's scrolling area, the whole navigation shows,
# and its last links lie over the footer of a short page. A sidebar it never sizes (its script ran
# before the styles applied: see conftest.Handler) leaves axe to find the links on the footer. A
# sidebar out of the flow (the drawer on a phone) is never sized.
SETTLED = """async () => {
  const sized = () => [...document.querySelectorAll(".md-sidebar")].every(s => {
    const area = s.querySelector(".md-sidebar__scrollwrap");
    return s.offsetParent === null || !area || area.style.height !== "";
  });
  for (const until = performance.now() + 5000; !sized() && performance.now() < until;)
    await new Promise(resolve => requestAnimationFrame(() => setTimeout(resolve, 30)));
  const deadline = performance.now() + 3000;
  const running = () => document.getAnimations().filter(
    a => a.playState === "running" && a.effect && a.effect.getTiming().iterations !== Infinity);
  for (let calm = 0; calm < 3 && performance.now() < deadline;) {
    await new Promise(resolve => requestAnimationFrame(() => setTimeout(resolve, 30)));
    const now = running();
    if (now.length) {
      calm = 0;
      await Promise.race([Promise.all(now.map(a => a.finished.catch(() => null))),
                          new Promise(resolve => setTimeout(resolve, Math.max(0, deadline - performance.now())))]);
    } else calm++;
  }
}"""


# While axe runs, no transition: its contrast checks scroll elements into view, and Material answers a
# scroll by fading its « back to top » button in or out, whose colours axe would then read halfway.
# A constructed stylesheet (CSSOM, which the page's CSP does not govern), taken away afterwards.
STILL = """() => { const s = new CSSStyleSheet();
  s.replaceSync("*, *::before, *::after { transition: none !important; }");
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, s]; window.__ckStill = s; }"""
MOVING = "() => { document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => s !== window.__ckStill); }"


def run_axe(page: Page) -> list[dict]:
    page.evaluate(SETTLED)
    page.evaluate(AXE.read_text())  # evaluated by the driver: the page's CSP stays untouched
    page.evaluate(STILL)
    try:
        return page.evaluate("axe.run(document, {resultTypes: ['violations']}).then(r => r.violations.map(v => ({id: v.id, nodes: v.nodes.map(n => n.target.join(' '))})))")
    finally:
        page.evaluate(MOVING)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violation(page: Page, scheme: str) -> None:
    page.emulate_media(color_scheme=scheme)
    open_quiz(page)
    assert run_axe(page) == []
    answer_all_wrong(page)
    submit(page)
    assert run_axe(page) == []
    page.get_by_role("button", name="Recommencer").hover()  # hover colours keep their contrast
    assert run_axe(page) == []
    open_quiz(page)  # the saved result, shown again with its date
    expect(page.locator(".ck-quiz__date").first).to_be_visible()
    assert run_axe(page) == []
    page.goto("")
    assert run_axe(page) == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width,height,name", [(1280, 900, "desktop"), (390, 844, "phone")])
def test_layout_at_desktop_and_phone_width(browser, base_url: str, width: int, height: int,
                                           name: str, scheme: str) -> None:
    context = browser.new_context(base_url=base_url, color_scheme=scheme,
                                  viewport={"width": width, "height": height})
    page = context.new_page()
    errors = watch(page)
    open_quiz(page)
    expected = "slate" if scheme == "dark" else "default"
    expect(page.locator(f"body[data-md-color-scheme='{expected}']")).to_have_count(1)
    SHOTS.mkdir(exist_ok=True)
    shoot(page, page.locator("body"), SHOTS / f"quiz-{name}-{scheme}-before.png")
    answer_all_wrong(page)
    submit(page)
    shoot(page, page.locator("body"), SHOTS / f"quiz-{name}-{scheme}-after.png")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    context.close()
    assert errors == []


def test_readable_without_javascript(browser, base_url: str) -> None:
    context = browser.new_context(java_script_enabled=False, base_url=base_url)
    page = context.new_page()
    page.goto("quiz/")
    expect(page.get_by_text("Quelle est la première étape")).to_be_visible()
    expect(page.get_by_text("Les refus sont naturels")).to_be_visible()
    expect(page.get_by_text("Savoir pourquoi").first).to_be_visible()
    expect(page.get_by_role("button", name="Valider")).to_be_hidden()
    expect(page.get_by_role("button", name=re.compile("^Monter"))).to_have_count(0)
    context.close()


def test_unreadable_saved_data_is_discarded(page: Page) -> None:
    open_quiz(page)
    key = page.get_attribute(Q, "data-key")
    for junk in ("{not json", '"a string"', '{"v": 1, "a": {"unique": 99, "trou": 5}}', '{"v": 7}'):
        page.evaluate("([k, v]) => localStorage.setItem(k, v)", [key, junk])
        page.reload()
        expect(page.locator("ck-quiz.ck-ready")).to_have_count(1)
        expect(page.locator(f"{Q} .ck-quiz__result")).to_be_hidden()
        expect(page.get_by_role("button", name="Valider")).to_be_visible()
    answer_all_right(page)
    submit(page)
    assert "7 sur 7" in result(page)


def test_results_of_another_version_or_site_are_not_mixed(page: Page) -> None:
    open_quiz(page)
    key = page.get_attribute(Q, "data-key")
    other_version = key.rsplit(":", 1)[0] + ":000000000000"
    other_site = "ck:00000000:" + key.split(":", 2)[2]
    saved = json.dumps({"v": 1, "a": {"unique": 1}, "at": "2026-01-01T00:00:00Z"})
    for other in (other_version, other_site):
        page.evaluate("([k, v]) => localStorage.setItem(k, v)", [other, saved])
    page.reload()
    expect(page.locator("ck-quiz.ck-ready")).to_have_count(1)
    expect(page.locator(f"{Q} .ck-quiz__result")).to_be_hidden()
    expect(page.get_by_role("radio", name="Les refus sont naturels")).not_to_be_checked()


def test_shuffled_quiz_is_numbered_and_graded(page: Page) -> None:
    page.goto("melange/")
    expect(page.locator("ck-quiz.ck-ready")).to_have_count(1)
    expect(page.locator(".ck-q__num")).to_have_text(["Question\u00a01", "Question\u00a02", "Question\u00a03"])
    page.get_by_role("radio", name="Alpha juste").check()
    page.get_by_role("radio", name="Vrai").check()
    page.get_by_role("radio", name="Charlie faux").check()
    page.get_by_role("button", name="Valider").click()
    expect(page.locator(".ck-quiz__result")).to_contain_text("2 sur 3 (67\u00a0%)")
    # reveal: false keeps the right answer of a missed question to itself
    expect(page.locator(".ck-choice", has_text="Charlie juste")).not_to_contain_text("bonne réponse")


def test_grading_without_a_secure_context(playwright, base_url: str) -> None:
    """A company intranet over plain http has no crypto.subtle; grading must not need it."""
    port = base_url.rstrip("/").rsplit(":", 1)[1]
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=[
        "--disable-gpu", "--disable-quic", "--host-resolver-rules=MAP intranet.test 127.0.0.1"])
    page = browser.new_page()
    errors = watch(page)
    page.goto(f"http://intranet.test:{port}/quiz/")
    assert page.evaluate("window.isSecureContext") is False
    assert page.evaluate("typeof crypto.subtle") == "undefined"
    expect(page.locator("ck-quiz.ck-ready")).to_have_count(1)
    answer_all_right(page)
    submit(page)
    assert "7 sur 7" in result(page)
    browser.close()
    assert errors == []
