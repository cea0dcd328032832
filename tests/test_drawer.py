"""Material's navigation drawer, by keyboard alone, on the course of this repository: below 76.25em
(a phone, or a desktop window zoomed in) the navigation is a drawer, opened by the header's menu.

- The menu is a real button (hosts/a11y.py): Tab reaches it, Enter opens the drawer, its state is
  announced (aria-expanded), and the focus goes into the drawer.
- In the drawer, Material's sections and the page's contents are laid out open (assets/journey.css):
  Tab walks through every link, each in sight with its focus shown, and Enter follows one.
- Escape closes the drawer, the focus back on the menu; so does Tab or Shift+Tab out of it.
- Closed, the drawer is out of the tab order: no Tab stop on a link out of sight.
- axe finds nothing, drawer open or closed. At desktop width, the menu is hidden and the navigation
  beside the page is in the tab order as before."""

from __future__ import annotations

from pathlib import Path

from conftest import watch
from learner import Learner
from playwright.sync_api import Browser, Page, expect
from test_browser_quiz import run_axe

LESSON = "partie-1/quatre-appels/"
STOP = """() => { const e = document.activeElement;
  return {name: (e.getAttribute("aria-label") || e.textContent).replace(/\\s+/g, " ").trim(),
          drawer: !!e.closest(".md-sidebar--primary"), footer: !!e.closest(".md-footer")}; }"""


def opened(page: Page) -> bool:
    return page.evaluate("document.getElementById('__drawer').checked")


def open_drawer(page: Page, learner: Learner) -> None:
    learner.tab_to("Menu", ".md-header", "Shift+Tab")
    menu = page.get_by_role("button", name="Menu")
    expect(menu).to_have_attribute("aria-expanded", "false")
    learner.press("Enter")
    expect(menu).to_have_attribute("aria-expanded", "true")
    assert opened(page)
    page.wait_for_function("() => document.activeElement.getBoundingClientRect().left >= 0")  # slid in
    learner.on("Répondre non à un client", ".md-sidebar--primary")  # the drawer's first link: the home page


def test_the_drawer_by_keyboard_at_phone_width(browser: Browser, course_site: tuple[Path, str]) -> None:
    url = course_site[1]
    context = browser.new_context(base_url=url, viewport={"width": 390, "height": 844})
    page = context.new_page()
    errors = watch(page)
    learner = Learner(page, url)
    page.goto(LESSON)
    expect(page.locator("ck-quiz.ck-ready").first).to_be_attached()
    # closed: from the top of the page to its foot, no Tab stop in the drawer
    stops = []
    for _ in range(120):
        learner.press("Tab")
        stops.append(page.evaluate(STOP))
        if stops[-1]["footer"]:
            break
    assert stops[-1]["footer"], stops
    assert [s["name"] for s in stops if s["drawer"]] == []
    assert "Menu" in [s["name"] for s in stops]
    # open: the focus in the drawer; Tab reaches a lesson of another part, shown; Enter follows it
    open_drawer(page, learner)
    assert run_axe(page) == []
    learner.tab_to("Le «\u00a0non sec\u00a0»", ".md-sidebar--primary")
    learner.press("Enter")
    expect(page).to_have_url(url + "partie-2/non-sec/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Le «\u00a0non sec\u00a0»")
    expect(page.get_by_role("button", name="Menu")).to_have_attribute("aria-expanded", "false")
    assert not opened(page)
    expect(page.locator(".md-sidebar--primary")).to_be_hidden()
    # Escape closes it, the focus back on the menu
    open_drawer(page, learner)
    learner.press("Escape")
    assert not opened(page)
    learner.on("Menu", ".md-header")
    expect(page.get_by_role("button", name="Menu")).to_have_attribute("aria-expanded", "false")
    # Shift+Tab out of it closes it too
    open_drawer(page, learner)
    learner.press("Shift+Tab")
    expect(page.get_by_role("button", name="Menu")).to_have_attribute("aria-expanded", "false")
    assert not opened(page)
    assert not page.evaluate(STOP)["drawer"]
    assert run_axe(page) == []
    context.close()
    assert errors == []


def test_at_desktop_width_the_navigation_stays_beside_the_page(browser: Browser, course_site: tuple[Path, str]) -> None:
    url = course_site[1]
    context = browser.new_context(base_url=url, viewport={"width": 1280, "height": 800})
    page = context.new_page()
    errors = watch(page)
    learner = Learner(page, url)
    page.goto(LESSON)
    expect(page.get_by_role("button", name="Menu")).to_be_hidden()
    expect(page.locator(".md-sidebar--primary")).to_be_visible()
    learner.tab_to("Ma progression", ".md-sidebar--primary")
    context.close()
    assert errors == []
