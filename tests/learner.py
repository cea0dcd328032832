"""A learner with a keyboard and nothing else, for browser tests: Tab, Shift+Tab, Space, Enter, Escape
and the arrows, never a click. At each control reached, the focus must be shown (an outline or a
shadow) and inside the window, under Material's header; on the way there, every stop in the page's
content must be shown too. Material's own controls count: its palette switch shows the focus on
its label, its « Précédent » / « Suivant » links at the foot of each page are plain links."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

# Material has written the page's scroll offset into its history entry (`history.state`), or nothing
# was scrolled: what it restores when the page is shown again.
RECORDED = """() => { const s = history.state;
  return s && typeof s.y === "number" ? Math.abs(s.y - scrollY) < 1 : scrollY === 0; }"""
FOCUS = """(scope) => {
  const e = document.activeElement, label = e.getAttribute("aria-label") || (e.labels && e.labels[0] ? e.labels[0].textContent : e.textContent);
  const seen = e.matches(".md-option") ? e.nextElementSibling : e; // Material's palette switch: its label shows the focus
  const s = getComputedStyle(seen), r = seen.getBoundingClientRect();
  const drawer = document.getElementById("__drawer"), over = e.closest(".md-header, dialog") || (drawer && drawer.checked && e.closest(".md-sidebar--primary"));
  const top = over ? 0 : document.querySelector(".md-header").getBoundingClientRect().bottom; // the open drawer lies over the header
  return {name: label.replace(/[ \\n\\t]+/g, " ").trim(), inside: !!e.closest(scope), content: !!e.closest("article"),
          ring: (s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== "none",
          shown: r.width > 0 && r.left >= 0 && r.right <= innerWidth && r.top >= top - 1 && r.bottom <= innerHeight + 1};
}"""
Name = str | re.Pattern[str]


def pattern(name: Name) -> re.Pattern[str]:
    """A text is that very name; a pattern, any name it matches whole."""
    return re.compile(re.escape(name)) if isinstance(name, str) else name


class Learner:
    """On `page` of the site at `url`. A scope is where the control is looked for (a CSS selector)."""

    def __init__(self, page: Page, url: str) -> None:
        self.page, self.url, self.press = page, url, page.keyboard.press

    def focus(self, scope: str = "article") -> dict:
        return self.page.evaluate(FOCUS, scope)

    def on(self, name: Name, scope: str = "article") -> None:
        """The focused element is `name`, in `scope`, its focus shown, inside the window and under the header."""
        now = self.focus(scope)
        assert now["inside"] and pattern(name).fullmatch(now["name"]), now
        assert now["ring"] and now["shown"], now

    def step(self, name: Name, scope: str = "article") -> None:
        """Tab once: the next stop is `name`."""
        self.press("Tab")
        self.on(name, scope)

    def tab_to(self, name: Name, scope: str = "article", key: str = "Tab") -> None:
        """Press `key` until `name` in `scope` has the focus; every stop in the page's content is shown."""
        wanted = pattern(name)
        for _ in range(60):
            self.press(key)
            now = self.focus(scope)
            if now["inside"] and wanted.fullmatch(now["name"]):
                return self.on(wanted, scope)
            assert not now["content"] or (now["ring"] and now["shown"]), now
        raise AssertionError(f"{wanted.pattern!r} is not reached by {key} in {scope}")

    def follow(self, name: str, path: str, scope: str = "article") -> None:
        """Reach the link `name` and press Enter: the page at `path` opens (instant navigation), and the
        learner reads it once it is in place, its widgets ready. Material changes the address before it
        swaps the content, then scrolls to the top: a key pressed in between would land in the old page.

        Before Enter, the learner's pause, made certain: Material writes the page's scroll offset into
        its history entry 100 ms after the last scroll (Tab scrolled the link into view), and a link
        followed sooner can carry that offset into the next page's entry, which then opens scrolled to
        it, not at its top (seen under load: « un/ » opened 451 px down)."""
        self.tab_to(name, scope)
        self.page.wait_for_function(RECORDED, timeout=5000)
        old = self.page.locator("article").element_handle()
        self.press("Enter")
        expect(self.page).to_have_url(self.url + path)
        settled = """(old) => ({swapped: !old.isConnected, top: scrollY,
          waiting: [...document.querySelectorAll("article *")].filter((e) => e.localName.startsWith("ck-") && !e.matches(".ck-ready")).map((e) => e.localName)})"""
        for _ in range(100):
            now = self.page.evaluate(settled, old)
            if now["swapped"] and now["top"] == 0 and not now["waiting"]:
                return
            self.page.wait_for_timeout(100)
        raise AssertionError(f"{path}: the page does not settle: {now}")

    def footer(self, direction: str, title: str, path: str) -> None:
        """Material's « Précédent » or « Suivant » link, at the foot of the page."""
        self.follow(f"{direction}: {title}", path, ".md-footer")

    def palette(self, scheme: str) -> None:
        """Material's palette switched: Shift+Tab up to its switch in the header (« sombre », « clair »), Enter."""
        self.tab_to(f"Passer au thème {scheme}", ".md-header", "Shift+Tab")
        self.press("Enter")
        expect(self.page.locator("body")).to_have_attribute("data-md-color-scheme",
                                                            "slate" if scheme == "sombre" else "default")

    def pick(self, name: Name) -> None:
        """In the radio group that has the focus, go down to the choice `name` and check it (Space)."""
        wanted = pattern(name)
        for _ in range(6):
            if wanted.fullmatch(self.focus("fieldset")["name"]):
                self.press("Space")
                assert self.page.evaluate("document.activeElement.checked")
                return self.on(wanted, "fieldset")
            self.press("ArrowDown")
        raise AssertionError(f"no choice {wanted.pattern!r} in this group")
