"""Raw HTML in the texts of quizzes, answer keys and scenarios never runs.

A tiny site puts each payload in every kind of text; its HTML (sealed texts opened)
holds no script, no event handler, no javascript:/data: address, and no block element
inside a title, a label or a button. Then Chromium opens it, served WITHOUT the Content
Security Policy (a site put online with no header), answers every quiz, clicks
« Valider » (the sealed texts are inserted then), plays every scenario, and finds that
nothing ran. `reply to <customer name>` shows as written.
"""

from __future__ import annotations

import html
import json
import random
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import TRAINER_CONFIG, build_tree, serve
from playwright.sync_api import Page, expect
from test_protection import QUESTION, QUIZ, _attr, unseal

PAYLOADS = {
    "script": "<script>window.__xss = 1</script>",
    "img": '<img src=x onerror="window.__xss = 2">',
    "svg": '<svg onload="window.__xss = 3">',
    "mdlink": "[lien](javascript:window.__xss=4)",
    "alink": '<a href="javascript:window.__xss=5">lien</a>',
    "handler": '<em onmouseover="window.__xss = 6" onclick="window.__xss = 6">survol</em>',
    "details": "<details open ontoggle=\"document.title = 'XSS'\">d</details>",
    "iframe": '<iframe srcdoc="<script>parent.__xss = 8</script>"></iframe>',
    "attrlist": '*clic*{: onclick="window.__xss = 9"}',
    "animate": "<svg><animate onbegin=\"document.title = 'XSS'\" attributeName=x dur=1s></svg>",
    "data": "[donnée](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "customer": "reply to <customer name>",
}
CUSTOMER = "reply to <customer name>"


def y(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML string


def quiz(name: str, payload: str) -> str:
    def t(kind: str) -> str:
        return y(f"{kind}-{name} {payload}")
    return f"""\
title: {t("titre")}
intro: {t("intro")}
reveal: true
questions:
  - id: choix
    type: single
    text: {t("question")}
    choices:
      - {{text: {t("choix-a")}, feedback: {t("retour-a")}}}
      - {{text: {t("choix-b")}, correct: true, feedback: {t("retour-b")}}}
    explanation: {t("explication")}
  - id: plusieurs
    type: multiple
    text: {t("plusieurs")}
    choices:
      - {{text: {t("m-a")}, correct: true, feedback: {t("m-retour-a")}}}
      - {{text: {t("m-b")}, feedback: {t("m-retour-b")}}}
  - id: vf
    type: truefalse
    text: {t("vf")}
    answer: false
    feedback_true: {t("vf-vrai")}
    feedback_false: {t("vf-faux")}
  - id: mot
    type: fill
    text: {t("mot")}
    answers: [{t("reponse")}]
  - id: ordre
    type: order
    text: {t("ordre")}
    items: [{t("item-1")}, {t("item-2")}, {t("item-3")}]
  - id: paires
    type: match
    text: {t("paires")}
    pairs:
      - {{left: {t("gauche-1")}, right: {t("droite-1")}}}
      - {{left: {t("gauche-2")}, right: {t("droite-2")}}}
    distractors: [{t("leurre")}]
"""


def scenario(name: str, payload: str) -> str:
    def t(kind: str) -> str:
        return y(f"{kind}-{name} {payload}")
    return f"""\
title: {t("titre")}
context: {t("contexte")}
characters:
  - {{id: vous, name: Camille, role: {t("role-joueur")}, player: true}}
  - {{id: client, name: M. Roussel, role: {t("role-client")}}}
nodes:
  - id: debut
    speaker: client
    text: {t("replique")}
    replies:
      - {{text: {t("reponse-a")}, next: fin, points: 1, feedback: {t("retour-a")}}}
      - {{text: {t("reponse-b")}, next: fin, feedback: {t("retour-b")}}}
  - id: fin
    text: {t("fin")}
    ending: {{outcome: kept, title: {t("issue")}, score: 1, method: [{t("methode")}], debrief: {t("bilan")}}}
"""


def site_files() -> dict[str, str]:
    files = {
        "mkdocs.yml": TRAINER_CONFIG,  # the answer key and the maps: the trainer's edition
        "course/index.md": "# Accueil\n",
        "course/quiz.md": "# Quiz\n\n" + "".join(f"[[quiz: q-{n}]]\n\n" for n in PAYLOADS),
        "course/cle.md": "# Corrigé\n\n[[answers: *]]\n",
        "course/jeu.md": "# Jeux\n\n" + "".join(f"[[scenario: s-{n}]]\n\n" for n in PAYLOADS),
        "course/cartes.md": "# Cartes\n\n[[map: *]]\n",
    }
    for n, payload in PAYLOADS.items():
        files[f"quizzes/q-{n}.yml"] = quiz(n, payload)
        files[f"scenarios/s-{n}.yml"] = scenario(n, payload)
    return files


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("unsafe")
    built = build_tree(root, site_files())
    assert built.code == 0, built.log
    return built.site


PAGES = ("quiz/index.html", "cle/index.html", "jeu/index.html", "cartes/index.html")
WIDGETS = re.compile(r'<ck-quiz\b.*?</ck-quiz>|<ck-scenario\b.*?</ck-scenario>|<div class="ck-key">.*?</section>\n</div>'
                     r'|<div class="ck-maps">.*?</section>\n</div>', re.S)


def widgets(page: str) -> Iterator[str]:
    """The plugin's HTML in a page, then every sealed text of its quizzes, opened."""
    yield from WIDGETS.findall(page)
    for quiz_tag, body in QUIZ.findall(page):
        salt = _attr(quiz_tag, "data-salt") or ""
        for tag, _ in QUESTION.findall(body):
            sealed = unseal(salt, _attr(tag, "data-q") or "", _attr(tag, "data-s") or "")
            yield from (v for v in (sealed.get("e"), sealed.get("s"), *sealed.get("f", [])) if v)


BLOCKS = {"p", "div", "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "table", "hr", "details"}
INLINE_HOLDERS = {"p", "h2", "h3", "label", "legend", "button", "option", "summary"}
VOID = {"br", "img", "input", "hr", "meta", "link", "wbr", "source", "area", "col", "embed", "track"}
SVG_DRAWING = {"svg", "defs", "marker", "path", "g", "title", "rect", "text", "line"}  # the map's own SVG


class Audit(HTMLParser):
    """What could run in a piece of HTML, and block elements where only inline ones belong."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "iframe", "object", "embed", "style", "animate", "set", "base"):
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…>")
            if name in ("href", "src", "srcdoc", "action", "formaction", "xlink:href") and value is not None:
                squeezed = re.sub(r"[\s\x00-\x1f]", "", value).lower()
                if squeezed.startswith(("javascript:", "data:", "vbscript:")) or name == "srcdoc":
                    self.problems.append(f"<{tag} {name}={value!r}>")
        holders = [t for t in self.stack if t in INLINE_HOLDERS]
        if tag in BLOCKS and holders:
            self.problems.append(f"<{tag}> inside <{holders[-1]}>")
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID and self.stack and self.stack[-1] == tag:
            self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        if tag in self.stack:
            while self.stack.pop() != tag:
                pass


def audit(fragment: str) -> list[str]:
    parser = Audit()
    parser.feed(fragment)
    parser.close()
    return parser.problems


def test_built_html_holds_nothing_that_runs(site: Path) -> None:
    problems = []
    for name in PAGES:
        page = (site / name).read_text(encoding="utf-8")
        pieces = list(widgets(page))
        assert pieces, name
        for piece in pieces:
            assert "<script" not in piece.lower(), (name, piece[:300])
            problems += [f"{name}: {p}" for p in audit(piece)]
        # the theme's own scripts aside, nothing in the page mentions the payloads' code
        for script in re.findall(r"<script\b[^>]*>(.*?)</script>", page, re.S):
            assert "__xss" not in script and "XSS" not in script, name
    assert problems == []


def test_text_that_is_not_a_tag_shows_as_written(site: Path) -> None:
    quiz_page = html.unescape((site / "quiz/index.html").read_text(encoding="utf-8"))
    for kind in ("titre", "intro", "question", "choix-a", "plusieurs", "vf", "mot", "item-1", "gauche-1", "droite-1", "leurre"):
        assert f"{kind}-customer {CUSTOMER}" in quiz_page, kind
    game = html.unescape((site / "jeu/index.html").read_text(encoding="utf-8"))
    for kind in ("titre", "contexte", "role-joueur", "role-client", "replique", "reponse-a", "retour-a", "issue", "methode", "bilan"):
        assert f"{kind}-customer {CUSTOMER}" in game, kind
    key = html.unescape((site / "cle/index.html").read_text(encoding="utf-8"))
    for kind in ("titre", "question", "choix-b", "reponse", "item-2", "gauche-2", "droite-2", "explication"):
        assert f"{kind}-customer {CUSTOMER}" in key, kind


def test_quiz_titles_hold_no_block_element(build) -> None:  # type: ignore[no-untyped-def]
    titles = ["<em>Bonjour</em> le monde", '"<b>x</b>"', "1. Accepter", "\"# Titre\"", "\"- tiret\"", "|\n  Deux\n\n  paragraphes"]
    files = {"course/index.md": "# Quiz\n\n" + "".join(f"[[quiz: t{i}]]\n\n" for i in range(len(titles)))}
    for i, title in enumerate(titles):
        files[f"quizzes/t{i}.yml"] = (f"title: {title}\nquestions:\n  - type: truefalse\n    text: \"1. Vrai\"\n"
                                      "    answer: true\n    feedback_true: \"- oui\"\n")
    built = build(files)
    assert built.code == 0, built.log
    page = built.html()
    assert len(re.findall("<h2 class=\"ck-quiz__title\"", page)) == len(titles)
    problems = [p for piece in widgets(page) for p in audit(piece)]
    assert problems == []
    assert "<em>Bonjour</em> le monde</h2>" in page and "<b>x</b></h2>" in page
    assert "1. Accepter</h2>" in page and "Deux<br>paragraphes</h2>" in page


def test_matching_right_options_read_the_same_in_quiz_and_key(build) -> None:  # type: ignore[no-untyped-def]
    rights = ["*Alpha* forte", "a &lt; b", "C & D", "`code`", CUSTOMER]
    pairs = "".join(f"      - {{left: L{i}, right: {y(r)}}}\n" for i, r in enumerate(rights))
    built = build({
        "mkdocs.yml": TRAINER_CONFIG,
        "course/index.md": "# Quiz\n\n[[quiz: m]]\n",
        "course/cle.md": "# Clé\n\n[[answers: m]]\n",
        "quizzes/m.yml": f"title: M\nquestions:\n  - type: match\n    text: Associez\n    pairs:\n{pairs}",
    })
    assert built.code == 0, built.log
    select = re.search(r"<select[^>]*>(.*?)</select>", built.html(), re.S)
    assert select is not None
    options = re.findall(r'<option value="\d+">(.*?)</option>', select.group(1))
    key = re.findall(r"<li>L\d (?:→|&#8594;) (.*?)</li>", built.html("cle/index.html"))
    assert sorted(options) == sorted(key) and len(key) == len(rights)
    shown = {html.unescape(o) for o in options}
    assert shown == {"Alpha forte", "a < b", "C & D", "code", CUSTOMER}


# -- in Chromium, served with no Content Security Policy ----------------------------------

@pytest.fixture(scope="module")
def open_site(site: Path) -> Iterator[str]:
    server, url = serve(site, csp=False)
    server.arm()  # type: ignore[attr-defined]
    yield url
    server.shutdown()


def ran(page: Page) -> object:
    return page.evaluate("[window.__xss ?? null, document.title.includes('XSS')]")


def poke(page: Page, scope: str) -> None:
    """Hover and click every link and emphasis the texts made in `scope` (as events: nothing covers them)."""
    for element in page.locator(f"{scope} a, {scope} em").all():
        element.dispatch_event("mouseover")
        element.dispatch_event("click")


def test_nothing_runs_in_the_browser(page: Page, open_site: str) -> None:
    response = page.goto(open_site + "quiz/")
    assert response is not None and "content-security-policy" not in response.headers
    expect(page.locator("ck-quiz.ck-ready")).to_have_count(len(PAYLOADS))
    for quiz in page.locator("ck-quiz").all():
        for q in quiz.locator(".ck-q").all():
            kind = q.get_attribute("data-type")
            if kind in ("single", "truefalse"):
                q.locator("input").first.check()
            elif kind == "multiple":
                for box in q.locator("input").all():
                    box.check()
            elif kind == "fill":
                q.locator("input").fill("faux")
            elif kind == "match":
                for select in q.locator("select").all():
                    select.select_option(index=1)
        quiz.get_by_role("button", name="Valider").click()
        expect(quiz.locator(".ck-quiz__result")).to_be_visible()
    page.wait_for_timeout(300)
    poke(page, "ck-quiz")
    page.wait_for_timeout(300)
    expect(page.locator("ck-quiz .ck-q__feedback:visible")).to_have_count(6 * len(PAYLOADS))
    assert ran(page) == [None, False]
    customer = page.locator('ck-quiz[data-quiz="q-customer"]')
    expect(page.locator("h2", has_text=f"titre-customer {CUSTOMER}")).to_have_count(1)
    expect(customer.locator(".ck-choice__feedback").first).to_contain_text(f"retour-a-customer {CUSTOMER}")
    expect(customer.locator(".ck-q__expected").first).to_contain_text(f"reponse-customer {CUSTOMER}")

    page.goto(open_site + "jeu/")
    scenarios = page.locator("ck-scenario")
    expect(scenarios).to_have_count(len(PAYLOADS))
    for sc in scenarios.all():
        sc.locator(".ck-sc__reply").first.click()
        expect(sc.locator(".ck-sc__end")).to_be_visible()
    page.wait_for_timeout(300)
    poke(page, "ck-scenario")
    page.wait_for_timeout(300)
    assert ran(page) == [None, False]
    customer = page.locator('ck-scenario[data-scenario="s-customer"]')
    expect(customer.locator(".ck-sc__end")).to_contain_text(f"bilan-customer {CUSTOMER}")
    expect(customer.locator(".ck-sc__log")).to_contain_text(f"reponse-a-customer {CUSTOMER}")

    for path in ("cle/", "cartes/"):
        page.goto(open_site + path)
        page.wait_for_timeout(300)
        assert ran(page) == [None, False], path


def test_the_fast_path_gives_what_markdown_and_the_sanitizer_give() -> None:
    """Texts with nothing for Markdown to read skip it and the sanitizer: the same HTML either way."""
    import coursekit.core.html as render
    from test_content import load, quiz_prose

    texts = [t.text for t in quiz_prose(load())] + ["Savoir pourquoi", "Les refus sont naturels", "C’est « non »\u202f!", "AT&T", "reply to <customer name>", "[x](javascript:y)"]
    # and random texts made of what Markdown reads or leaves alone
    pieces = list("ab cdé’«» .,;:!?()'\"/%$@^|~-+=#>0123456789") + [
        "\u00a0", "\u202f", "  ", "\t", "\n", "--", "...", "http://x.y", "1.", "- ", "&amp;", "<b>", "*",
        "_", "[a](b)", "{: .x}", "\\", "`", "\u2028", "**gras**"]
    rng = random.Random(7)
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 10))) for _ in range(20_000)]
    fast = render.Html("fr", "ns", [])
    taken = [t for t in texts if render._PLAIN.fullmatch(t)]
    assert len(taken) > 3000  # the fast path was taken, not only the slow one
    slow = render.Html("fr", "ns", [])
    never = re.compile(r"(?!)")
    original, render._PLAIN = render._PLAIN, never  # type: ignore[assignment]
    try:
        expected = [(slow.inline(t), slow.block(t), slow.plain(t)) for t in taken]
    finally:
        render._PLAIN = original
    assert [(fast.inline(t), fast.block(t), fast.plain(t)) for t in taken] == expected
    for unsafe in ("a < b", "a & b", "[a](b)", "a <em>b</em>", "`a`", "*a*", "1. a", "- a", "# a"):
        assert not render._PLAIN.fullmatch(unsafe), unsafe
