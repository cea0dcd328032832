"""Scenarios in a real browser: Chromium opens the course, served on 127.0.0.1 with the
Content Security Policy the build computed (see conftest.course_site), and plays every
scenario to each of its endings with the keyboard alone. Any console error, CSP violation
or uncaught exception fails the test (conftest.page)."""

from __future__ import annotations

import json
import re
from collections import deque
from pathlib import Path

import pytest
from conftest import ROOT, load_scenarios, shoot, watch
from coursekit.scenario.graph import Graph
from playwright.sync_api import Page, expect
from test_browser_quiz import run_axe

SHOTS = ROOT / "screenshots"
DOCS, _ = load_scenarios(ROOT / "scenarios", ROOT)
SC = "ck-scenario"


def routes(scenario_id: str) -> list[tuple[str, list[int], float]]:
    """(ending, reply indices of a shortest path from the start, score of that path) per ending."""
    graph = Graph(DOCS[scenario_id].model)
    found: dict[str, tuple[list[int], float]] = {graph.start: ([], 0.0)}
    queue = deque([graph.start])
    while queue:
        here = queue.popleft()
        path, score = found[here]
        for i, reply in enumerate(graph.nodes[here].replies):
            if reply.next not in found:
                found[reply.next] = (path + [i], score + reply.points)
                queue.append(reply.next)
    return [(end, found[end][0], found[end][1] + graph.nodes[end].ending.score)  # type: ignore[union-attr]
            for end in graph.endings]


def url(site: tuple[Path, str], scenario_id: str = "") -> str:
    return site[1] + "mises-en-situation/" + (f"{scenario_id}/" if scenario_id else "")


def active(page: Page, selector: str) -> bool:
    return page.evaluate("(s) => !!document.activeElement && document.activeElement.matches(s)", selector)


def tab_to(page: Page, selector: str, limit: int = 80) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if active(page, selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def focused_index(page: Page) -> str | None:
    return page.evaluate("document.activeElement.dataset.i ?? null")


def normal(text: str) -> str:
    return " ".join(text.split())


def number(text: str) -> float:
    return float(text.replace("\u2212", "-").replace(",", ".").replace("\u202f", "").replace("\u00a0", ""))


FIRST = ".ck-sc__choices > li:first-child .ck-sc__reply"  # the first reply shown


def choose(page: Page, *path: int) -> None:
    """Click the replies of `path` (their indices in the file: the page shows them shuffled)."""
    for index in path:
        page.locator(f'{SC} .ck-sc__reply[data-i="{index}"]').click()


def play(page: Page, path: list[int]) -> None:
    """From the first reply shown (focused), choose `path` with Tab and Enter only: the replies come
    shuffled, so Tab walks them in the order shown until it reaches the one of the file's index."""
    scenario = page.locator(SC).first
    for step, index in enumerate(path):
        assert active(page, FIRST)
        for _ in range(scenario.locator(".ck-sc__reply").count()):
            if focused_index(page) == str(index):
                break
            page.keyboard.press("Tab")
        assert focused_index(page) == str(index)
        page.keyboard.press("Enter")
        # the path so far stays visible: one line of the learner per choice
        expect(scenario.locator(".ck-sc__line--me")).to_have_count(step + 1)
        # the new line is announced in the polite live region
        page.wait_for_function("""() => {
            const words = (n) => n.textContent.replace(/\\s+/g, " ").trim();
            const sc = document.querySelector("ck-scenario");
            return words(sc.querySelector(".ck-sc__live")).endsWith(words(sc.querySelector(".ck-sc__log").lastElementChild));
        }""")


@pytest.mark.parametrize("scenario_id", sorted(DOCS))
def test_every_ending_with_the_keyboard_alone(page: Page, course_site: tuple[Path, str], scenario_id: str) -> None:
    page.goto(url(course_site, scenario_id))
    scenario = page.locator(f"{SC}.ck-ready")
    expect(scenario).to_have_count(1)
    best = float(scenario.get_attribute("data-best") or "nan")
    endings = routes(scenario_id)
    assert len(endings) >= 3
    tab_to(page, ".ck-sc__reply")
    for n, (ending, path, score) in enumerate(endings, 1):
        play(page, path)
        # the ending takes the focus and says its outcome, the score beside the best possible one
        assert active(page, ".ck-sc__outcome")
        outcome = DOCS[scenario_id].model.nodes[Graph(DOCS[scenario_id].model).index[ending]].ending
        box = scenario.locator(".ck-sc__end")
        expect(box.locator(f".ck-o--{outcome.outcome}")).to_have_count(1)  # type: ignore[union-attr]
        expect(scenario.locator(".ck-sc__choices button")).to_have_count(0)
        # a balance with its sign, beside the best path's; a negative one is explained in words
        text = normal(box.locator(".ck-sc__score").inner_text())
        found = re.fullmatch(r"Bilan de vos choix : (\S+) points?\. Meilleur parcours possible : (\S+) points?\.( .*)?",
                             text)
        assert found, text
        assert (number(found[1]), number(found[2])) == (score, best)
        assert (found[3] or "").strip() == ("Un bilan négatif veut dire que vos réponses ont fait plus de tort que de "
                                            "bien à la relation." if score < 0 else "")
        expect(box.locator(".ck-sc__record")).to_contain_text(f"fins découvertes : {n} sur {len(endings)}")
        expect(box.locator(".ck-sc__debrief")).not_to_be_empty()
        # « Recommencer », with the keyboard too: back to the opening line, focus on the first reply
        tab_to(page, ".ck-sc__restart")
        page.keyboard.press("Enter")
        assert active(page, FIRST)
        expect(scenario.locator(".ck-sc__log > li")).to_have_count(1)
        expect(box).to_be_hidden()


def test_progress_and_best_result_survive_a_reload(page: Page, course_site: tuple[Path, str]) -> None:
    page.goto(url(course_site, "appel-1-catalogue"))
    scenario = page.locator(f"{SC}.ck-ready")
    key = scenario.get_attribute("data-key") or ""
    assert re.fullmatch(r"ck:[0-9a-f]{8}:sc:appel-1-catalogue:[0-9a-f]{12}", key)
    choose(page, 2)  # breathe, note the call
    lines = scenario.locator(".ck-sc__log > li").count()
    page.reload()
    expect(scenario.locator(".ck-sc__line--me")).to_have_count(1)
    expect(scenario.locator(".ck-sc__log > li")).to_have_count(lines)
    expect(scenario.locator(".ck-sc__restart")).to_be_visible()
    choose(page, 2)  # try again in a few months: the best ending
    expect(scenario.locator(".ck-sc__end")).to_contain_text("Relation préservée")
    saved = json.loads(page.evaluate("(k) => localStorage.getItem(k)", key))
    assert saved == {"v": 1, "p": [2, 2], "b": 7, "f": ["fin-serein"]}
    page.reload()
    end = scenario.locator(".ck-sc__end")
    expect(end).to_be_visible()
    expect(end).to_contain_text("Bilan de vos choix : +7 points. Meilleur parcours possible : +7 points.")
    expect(end).to_contain_text("Votre meilleur bilan : +7 points · fins découvertes : 1 sur 6")
    # a worse play later keeps the best result; a negative balance says what it means
    scenario.locator(".ck-sc__restart").click()
    choose(page, 0, 1)  # call back at once, « juste deux minutes ! »
    expect(end).to_contain_text("Bilan de vos choix : −4 points. Meilleur parcours possible : +7 points. "
                                "Un bilan négatif veut dire que vos réponses ont fait plus de tort que de bien à la relation.")
    expect(end).to_contain_text("Votre meilleur bilan : +7 points · fins découvertes : 2 sur 6")


@pytest.mark.parametrize("junk", [
    "{not json", '"a string"', '{"v": 2, "p": [], "b": null, "f": []}',
    '{"v": 1, "p": [9, 9], "b": null, "f": []}',  # a path that does not exist
    '{"v": 1, "p": [0], "b": 999, "f": []}',  # better than the best possible
    '{"v": 1, "p": [], "b": 1, "f": ["nowhere"]}',  # an ending that does not exist
    '{"v": 1, "p": [-1], "b": null, "f": []}',
])
def test_unreadable_saved_data_is_discarded(page: Page, course_site: tuple[Path, str], junk: str) -> None:
    page.goto(url(course_site, "appel-1-catalogue"))
    scenario = page.locator(f"{SC}.ck-ready")
    key = scenario.get_attribute("data-key")
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [key, junk])
    page.reload()
    expect(scenario.locator(".ck-sc__log > li")).to_have_count(1)
    expect(scenario.locator(".ck-sc__reply")).to_have_count(3)
    assert page.evaluate("(k) => localStorage.getItem(k)", key) is None


def test_instant_navigation_starts_the_scenario(page: Page, course_site: tuple[Path, str]) -> None:
    page.goto(url(course_site))
    page.evaluate("window.ckMarker = 1")
    page.locator("article").get_by_role("link", name="Le technicien tout de suite").click()
    scenario = page.locator(f"{SC}.ck-ready")
    expect(scenario).to_have_count(1)
    assert page.evaluate("window.ckMarker") == 1  # the page was swapped, not reloaded
    choose(page, 1, 2, 0, 1)  # ask what is blocked; understood, checked, why; the reason; the workshop and 8 a.m.
    expect(scenario.locator(".ck-sc__end")).to_contain_text("Relation préservée")
    page.go_back()
    page.locator("article").get_by_role("link", name="Le technicien tout de suite").click()
    expect(page.locator(f"{SC}.ck-ready .ck-sc__end")).to_contain_text("Relation préservée")


def test_readable_without_javascript(browser, course_site: tuple[Path, str]) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    errors = watch(page)
    page.goto(url(course_site, "appel-2-petit-dejeuner"))
    scenario = page.locator(SC)
    expect(scenario.get_by_text("Deuxième appel, le petit-déjeuner informatif")).to_be_visible()
    expect(scenario.get_by_text("Vous appelez le directeur commercial")).to_be_visible()
    expect(scenario.locator(".ck-sc__log")).to_contain_text("Je ne suis pas disponible. Au revoir.")
    # Playwright turns scripts off without telling the HTML parser, which then keeps <noscript>
    # as raw text: check that the message is there rather than that it is drawn.
    assert "Activez JavaScript" in (scenario.locator("noscript").text_content() or "")
    expect(scenario.locator(".ck-sc__act")).to_be_hidden()
    expect(scenario.get_by_role("button")).to_have_count(0)
    context.close()
    assert errors == []



@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violation(page: Page, course_site: tuple[Path, str], trainer_site: tuple[Path, str],
                                scheme: str) -> None:
    page.emulate_media(color_scheme=scheme)
    page.goto(url(course_site, "refus-1-remise"))
    scenario = page.locator(f"{SC}.ck-ready")
    choose(page, 0)  # a « non sec »
    assert run_axe(page) == []
    choose(page, 1)  # the rules of the house: a damaged relationship, what to review
    expect(scenario.locator(".ck-sc__end")).to_be_visible()
    assert run_axe(page) == []
    page.goto(trainer_site[1] + "formateur/cartes/")  # the maps: the trainer's edition
    assert run_axe(page) == []


# Records every width the page is laid out at (read with `widths(page)`), from the page's first script on.
WIDTHS = "window.ckWidths = [innerWidth]; addEventListener('resize', () => ckWidths.push(innerWidth));"


def widths(page: Page) -> set[int]:
    return set(page.evaluate("window.ckWidths"))


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(("width", "height", "name"), [(1280, 900, "desktop"), (390, 844, "phone")])
def test_layout_at_desktop_and_phone_width(browser, course_site: tuple[Path, str], trainer_site: tuple[Path, str],
                                           width: int, height: int, name: str, scheme: str) -> None:
    """Screenshots to look at (screenshots/, not versioned); the page never scrolls sideways, and
    taking them never lays the page out at another width."""
    context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme)
    context.add_init_script(WIDTHS)
    page = context.new_page()
    errors = watch(page)
    SHOTS.mkdir(exist_ok=True)
    page.goto(url(course_site, "refus-1-remise"))
    scenario = page.locator(f"{SC}.ck-ready")
    choose(page, 1)  # ask what motivates the request
    shoot(page, scenario, SHOTS / f"scenario-{name}-{scheme}-progress.png")
    choose(page, 1, 1, 1, 0)  # the best path: still disappointed, still a client
    expect(scenario.locator(".ck-sc__end")).to_be_visible()
    shoot(page, scenario, SHOTS / f"scenario-{name}-{scheme}-ending.png")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert widths(page) == {width}
    page.goto(trainer_site[1] + "formateur/cartes/")  # the maps: the trainer's edition
    shoot(page, page.locator(".ck-map").first, SHOTS / f"map-{name}-{scheme}.png")
    assert page.evaluate("document.documentElement.scrollWidth") <= width  # a wide map scrolls in its frame
    assert widths(page) == {width}
    context.close()
    assert errors == []
