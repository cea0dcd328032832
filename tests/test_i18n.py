"""The interface languages: one file each, read by the option, the numbers, the templates and the
script; a site built in one language shows none of another's words; and the saved results go
through the storage interface, which a page can give another backend."""

from __future__ import annotations

import html
import json
import re
import sys
import textwrap
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import build_served, serve, watch, write_tree
from coursekit import i18n
from playwright.sync_api import BrowserContext, Page, expect

QUIZ = """\
title: Alpha
pass_mark: 50
questions:
  - {id: one, type: single, text: Bravo, choices: [{text: Charlie, correct: true}, {text: Delta}]}
  - {id: two, type: multiple, text: Echo, choices: [{text: Foxtrot, correct: true}, {text: Golf}]}
  - {id: three, type: truefalse, text: Hotel, answer: true}
  - {id: four, type: fill, text: India, answers: [juliett]}
  - {id: five, type: order, text: Kilo, items: [Lima, Mike]}
  - {id: six, type: match, text: November, pairs: [{left: Oscar, right: Papa}, {left: Quebec, right: Romeo}]}
"""

SCENARIO = """\
title: Sierra
context: Tango
characters:
  - {id: me, name: Uniform, role: Victor, player: true}
  - {id: other, name: Whiskey, role: Xray}
nodes:
  - id: first
    speaker: other
    text: Yankee
    replies:
      - {text: Zulu, next: good, points: 2, feedback: Alpha}
      - {text: Bravo, next: bad}
  - id: good
    text: Charlie
    ending: {outcome: kept, title: Delta, score: 1, method: [Echo], debrief: Foxtrot}
  - id: bad
    speaker: other
    text: Golf
    ending: {outcome: damaged, title: Hotel, debrief: India}
"""

PAGES = {"quiz": "[[quiz: alpha]]", "play": "[[scenario: sierra]]", "maps": "[[map: *]]", "key": "[[answers: *]]"}


def config(theme: str, option: str | None = None) -> str:
    # the trainer's edition: the pages show a map and an answer key
    plugin = "  - coursekit:\n      edition: trainer\n" + (f"      language: {option}\n" if option else "")
    return (f"site_name: Kilo\nsite_url: http://127.0.0.1:8000/\ndocs_dir: course\ntheme:\n  name: material\n"
            f"  language: {theme}\n  font: false\nplugins:\n{plugin}")


def tree(theme: str, option: str | None = None) -> dict[str, str]:
    files = {"mkdocs.yml": config(theme, option), "course/index.md": "# Lima\n",
             "quizzes/alpha.yml": QUIZ, "scenarios/sierra.yml": SCENARIO}
    files.update({f"course/{name}.md": f"# {name.title()}\n\n{marker}\n" for name, marker in PAGES.items()})
    return files


class Words(HTMLParser):
    """What a reader meets: the text, and the attributes read aloud or shown (labels, titles)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.parts += [v for k, v in attrs if v and k in ("aria-label", "title", "alt", "data-you")]

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def shown(markup: str) -> str:
    """What a reader meets, but file names (the answer key names each quiz's file: quizzes/alpha.yml)."""
    parser = Words()
    parser.feed(markup)
    return re.sub(r"[\w./-]+\.yml\b", " ", "\n".join(parser.parts))


def widgets(page: str) -> str:
    """The markup the plugin wrote in a page (quiz, scenario, maps, answer key), nothing of the theme's."""
    found = re.findall(r"<ck-quiz\b.*?</ck-quiz>|<ck-scenario\b.*?</ck-scenario>|"
                       r'<div class="ck-maps">.*</section>\n</div>|<div class="ck-key">.*</section>\n</div>',
                       page, re.S)
    assert found, "no widget in the page"
    return "\n".join(found)


def words_only_in(lang: str, other: str) -> set[str]:
    """The interface's words (four letters or more) in `lang` that `other` never uses."""
    def words(code: str) -> set[str]:
        language = i18n.language(code)
        texts = [*language.strings.values(), *language.question_types.values(), language.search]
        return {w for text in texts for w in re.findall(r"\w{4,}", re.sub(r"\{\w+\}", " ", text))}
    theirs = {w.lower() for w in words(other)}
    return {w for w in words(lang) if w.lower() not in theirs}


def found_words(words: set[str], text: str) -> list[str]:
    return sorted(w for w in words if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text, re.I))


def script_of(site: Path) -> str:
    return next((site / "assets" / "coursekit").glob("*.js")).read_text(encoding="utf-8")


def strings_of(script: str) -> dict[str, str]:
    """The interface strings the script carries (the rest of it is minified code)."""
    strings, _end = json.JSONDecoder().raw_decode(script, script.index('{"lang"'))
    return strings


# -- the registry -----------------------------------------------------------------------
def test_every_language_has_the_same_keys() -> None:
    assert set(i18n.languages()) >= {"fr", "en"}
    reference = i18n.language("en")
    for code in i18n.languages():
        language = i18n.language(code)
        assert language.code == code
        assert set(language.strings) == set(reference.strings), code
        assert set(language.question_types) == set(reference.question_types), code
        assert language.search and language.decimal and language.decimal != language.group
        for key, text in language.strings.items():  # the same {fields} ({s}: a plural, if the language has one)
            def fields(text: str) -> set[str]:
                return set(re.findall(r"\{\w+\}", text)) - {"{s}"}
            assert fields(text) == fields(reference.strings[key]), key


def test_numbers_follow_the_language() -> None:
    assert i18n.number(1.5, "fr") == "1,5" and i18n.number(1.5, "en") == "1.5"
    assert i18n.number(70.0, "fr") == "70" and i18n.number(70, "en") == "70"
    assert i18n.number(1234567.25, "fr") == "1\u202f234\u202f567,25"  # narrow no-break spaces
    assert i18n.number(1234567.25, "en") == "1,234,567.25"
    assert i18n.number(0.1 + 0.2, "en") == "0.30000000000000004"  # as Python writes it: nothing invented
    assert i18n.number(1e20, "en") == "100,000,000,000,000,000,000"  # never an exponent


def test_the_theme_language_picks_a_language_with_a_file() -> None:
    assert i18n.pick_language(None, "fr") == "fr"
    assert i18n.pick_language(None, "fr_CA") == "fr" and i18n.pick_language(None, "fr-BE") == "fr"
    assert i18n.pick_language(None, "en_GB") == "en"
    assert i18n.pick_language(None, "xx") == "en" and i18n.pick_language(None, None) == "en"
    assert i18n.pick_language("en", "fr") == "en"


@pytest.fixture
def extra_language(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A folder whose `*.py` files the registry reads as languages too, for this test only."""
    monkeypatch.setattr(i18n, "__path__", [*i18n.__path__, str(tmp_path)])
    i18n._registry.cache_clear()
    yield tmp_path
    i18n._registry.cache_clear()
    for name in [m for m in sys.modules if m.startswith("coursekit.i18n.") and m.rsplit(".", 1)[1] in ("xx", "xy")]:
        del sys.modules[name]


def test_a_third_language_is_one_file(extra_language: Path) -> None:
    (extra_language / "xx.py").write_text(textwrap.dedent("""\
        from coursekit.i18n import Language
        from coursekit.i18n.en import LANGUAGE as EN

        LANGUAGE = Language(code="xx", name="Xx", decimal=",", group=".", search="Suche",
                            question_types=dict(EN.question_types),
                            strings={**EN.strings, "submit": "Prüfen"})
        """), encoding="utf-8")
    assert "xx" in i18n.languages()
    assert i18n.strings("xx")["submit"] == "Prüfen"
    assert i18n.number(1234.5, "xx") == "1.234,5"
    assert i18n.pick_language(None, "xx_YY") == "xx"


def test_a_language_missing_a_string_is_named(extra_language: Path) -> None:
    (extra_language / "xy.py").write_text(textwrap.dedent("""\
        from coursekit.i18n import Language
        from coursekit.i18n.en import LANGUAGE as EN

        strings = dict(EN.strings)
        del strings["submit"]
        LANGUAGE = Language(code="xy", name="Xy", decimal=",", group=".", search="S",
                            question_types=dict(EN.question_types), strings=strings)
        """), encoding="utf-8")
    with pytest.raises(ValueError, match=r"i18n/xy\.py: strings .* missing: submit"):
        i18n.languages()


# -- a build ----------------------------------------------------------------------------
def test_the_option_refuses_a_language_with_no_file(build) -> None:
    built = build(tree("fr", option="de"))
    assert built.code != 0
    assert "no interface language 'de'" in built.log
    assert "en (English), fr (français)" in built.log
    assert "Traceback" not in built.log


def test_the_option_overrides_the_theme_language(build) -> None:
    built = build(tree("fr", option="en"))
    assert built.code == 0, built.log
    assert "Check answers" in built.html("quiz/index.html")


def test_an_english_site_has_no_french_word(english_site: tuple[Path, str]) -> None:
    site, _url = english_site
    french = words_only_in("fr", "en")
    assert {"Valider", "Recommencer", "Début", "Carte"} <= french  # the check can fail
    for name in PAGES:
        page = (site / name / "index.html").read_text(encoding="utf-8")
        assert found_words(french, shown(page)) == [], name  # the theme's words too: all English
        text = html.unescape(widgets(page))
        assert "\u00a0:" not in text and " :" not in text and "«" not in text, name
    maps = html.unescape(widgets((site / "maps" / "index.html").read_text(encoding="utf-8")))
    assert "<title>first: Yankee</title>" in maps  # each step's tooltip: id, colon, text
    assert "(single choice, " in (site / "key" / "index.html").read_text(encoding="utf-8")
    strings = strings_of(script_of(site))
    assert strings["lang"] == "en" and found_words(french, " ".join(strings.values())) == []


def test_a_french_site_has_no_english_word(build) -> None:
    built = build(tree("fr"))
    assert built.code == 0, built.log
    english = words_only_in("en", "fr")
    assert {"Check", "again", "Start", "Ending"} <= english  # the check can fail
    for name in PAGES:
        assert found_words(english, shown(widgets(built.html(f"{name}/index.html")))) == [], name
    maps = html.unescape(widgets(built.html("maps/index.html")))
    assert "<title>first\u00a0: Yankee</title>" in maps  # French typography: no-break space before ":"
    assert "(choix unique, " in built.html("key/index.html")
    script = script_of(built.site)
    strings = i18n.strings("en")
    assert [k for k, v in strings.items()
            if v != i18n.strings("fr")[k] and re.search("[a-z]", v) and json.dumps(v) in script] == []


def test_the_strings_are_in_the_script_once(english_site: tuple[Path, str]) -> None:
    script = script_of(english_site[0])
    assert script.count('"retry":"Try again"') == 1
    assert "__CK_STRINGS__" not in script


# -- in the browser -----------------------------------------------------------------------
@pytest.fixture(scope="module")
def english_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    root = tmp_path_factory.mktemp("english")
    write_tree(root, tree("en"))
    site = root / "site"
    site.mkdir()
    server, url = serve(site)
    build_served(root / "mkdocs.yml", site, url)
    server.arm()  # type: ignore[attr-defined]
    yield site, url
    server.shutdown()


# The documented way (assets/prelude.js, README): a script that runs before coursekit's listens
# for `coursekit:init` and hands the storage another backend. This one keeps the results in
# sessionStorage, under "lms:" keys, so that they survive a reload of the page.
SESSION_BACKEND = """
document.addEventListener("coursekit:init", (event) => event.detail.storage.use({
  get: (key) => JSON.parse(sessionStorage.getItem("lms:" + key)),
  set: (key, value) => sessionStorage.setItem("lms:" + key, JSON.stringify(value)),
  remove: (key) => sessionStorage.removeItem("lms:" + key),
}));
"""


def saved(page: Page) -> dict[str, dict[str, object]]:
    return {k: json.loads(v) for k, v in page.evaluate(
        "Object.entries(sessionStorage).filter(([k]) => k.startsWith('lms:'))")}


def local_results(page: Page) -> list[str]:
    return page.evaluate("Object.keys(localStorage).filter((k) => k.startsWith('ck:'))")


def answer_everything(page: Page) -> None:
    page.get_by_role("radio", name="Charlie").check()
    page.get_by_role("checkbox", name="Foxtrot").check()
    page.get_by_role("radio", name="True").check()
    page.get_by_label("Your answer").fill("juliett")
    items = page.locator(".ck-order__text")
    if items.first.inner_text() != "Lima":
        page.get_by_role("button", name="Move up: Lima").click()
    page.locator(".ck-match__row", has_text="Oscar").locator("select").select_option(label="Papa")
    page.locator(".ck-match__row", has_text="Quebec").locator("select").select_option(label="Romeo")
    page.get_by_role("button", name="Check answers").click()


def test_a_replaced_storage_backend_gets_the_results(page: Page, english_site: tuple[Path, str]) -> None:
    url = english_site[1]
    page.add_init_script(SESSION_BACKEND)
    page.goto(url + "quiz/")
    expect(page.locator("ck-quiz.ck-ready")).to_have_count(1)
    answer_everything(page)
    expect(page.locator(".ck-quiz__score")).to_have_text("Your score: 6 out of 6 (100%)")
    key = page.locator("ck-quiz").get_attribute("data-key")
    results = saved(page)
    assert [k for k in results if not k.endswith((":journey", ":mistakes"))] == [f"lms:{key}"]  # and the lessons read, the mistakes
    result = results[f"lms:{key}"]
    assert result["v"] == 1 and result["passed"] is True and result["best"] == 100
    assert sorted(result["a"]) == ["five", "four", "one", "six", "three", "two"]  # type: ignore[arg-type]
    assert local_results(page) == []
    # Read back from the same backend: the quiz shows the saved result, not a blank form.
    page.reload()
    expect(page.locator(".ck-quiz__date")).to_contain_text("Result saved on")
    # A scenario's path goes the same way.
    page.goto(url + "play/")
    expect(page.locator("ck-scenario.ck-ready")).to_have_count(1)
    page.get_by_role("button", name="Zulu").click()
    expect(page.locator(".ck-sc__score")).to_contain_text("Balance of your choices: +3 points")
    scenario_key = page.locator("ck-scenario").get_attribute("data-key")
    assert saved(page)[f"lms:{scenario_key}"] == {"v": 1, "p": [0], "b": 3, "f": ["good"]}
    assert local_results(page) == []


def test_without_a_backend_the_results_stay_in_local_storage(page: Page, english_site: tuple[Path, str]) -> None:
    page.goto(english_site[1] + "quiz/")
    expect(page.locator("ck-quiz.ck-ready")).to_have_count(1)
    answer_everything(page)
    key = page.locator("ck-quiz").get_attribute("data-key")
    expect(page.locator(".ck-quiz__score")).to_be_visible()
    assert [k for k in local_results(page) if not k.endswith((":journey", ":mistakes"))] == [key]
    assert saved(page) == {}


def test_an_unknown_question_type_is_not_graded(context: BrowserContext, english_site: tuple[Path, str]) -> None:
    """The page says a type the script has no strategy for: the console names it, the quiz says it
    cannot be graded and offers no button, rather than grading it by another type's rules."""
    page = context.new_page()
    errors = watch(page)

    def numeric(route) -> None:  # type: ignore[no-untyped-def]
        response = route.fetch()
        route.fulfill(response=response, body=response.text().replace('data-type="single"', 'data-type="numeric"'))

    page.route("**/quiz/", numeric)
    page.goto(english_site[1] + "quiz/")
    expect(page.locator(".ck-quiz__alert")).to_have_text(
        "This quiz cannot be graded: the site's script does not know its question type “numeric”.")
    expect(page.get_by_role("button", name="Check answers")).to_be_hidden()
    expect(page.locator("ck-quiz.ck-ready")).to_have_count(0)
    assert len(errors) == 1 and 'no question type "numeric"' in errors[0], errors


# -- the course's own chrome: the 404 page, the footer, Material's strings -------------------
class Visible(Words):
    """What a reader meets (the text, labels and titles), without the scripts' and styles' contents."""

    def __init__(self) -> None:
        super().__init__()
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.hidden += tag in ("script", "style")
        super().handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        self.hidden -= tag in ("script", "style")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            super().handle_data(data)


def visible(markup: str) -> str:
    parser = Visible()
    parser.feed(markup)
    return "\n".join(parser.parts)


def material_words(code: str) -> set[str]:
    """The words (four letters or more) of Material's strings in a language (partials/languages/<code>.html)."""
    import material
    text = (Path(material.__file__).parent / "templates" / "partials" / "languages" / f"{code}.html").read_text(
        encoding="utf-8")
    return {w for value in re.findall(r'^\s*"[\w.]+": "(.*)",?$', text, re.M) for w in re.findall(r"\w{4,}", value)}


def chrome_english_words() -> set[str]:
    """The English words a French site must not show: coursekit's and Material's, and those of Material's
    templates that no language file translates (the 404 page, « Made with » in the footer)."""
    french = {w.lower() for w in material_words("fr") | words_only_in("fr", "en")} | {"comment", "export"}  # in the nav
    english = words_only_in("en", "fr") | material_words("en") | {"Made", "with", "found"}
    return {w for w in english if w.lower() not in french}


def test_the_course_chrome_is_french(course_site: tuple[Path, str]) -> None:
    site = course_site[0]
    english = chrome_english_words()
    # the check can fail: Material's own 404 page and footer, and its English strings
    assert found_words(english, "404 - Not found\nMade with Material for MkDocs") == ["Made", "found", "with"]
    assert {"Skip", "Previous", "Next", "Search", "Check"} <= english
    not_found = (site / "404.html").read_text(encoding="utf-8")
    assert found_words(english, visible(not_found)) == []  # the whole page: the template wrote it all
    for name in ("404.html", "index.html", "sources/index.html", "partie-1/refus-naturels/index.html",
                 "mises-en-situation/refus-1-remise/index.html"):
        page = (site / name).read_text(encoding="utf-8")
        chrome = re.sub(r"<article\b.*?</article>", "", page, flags=re.S)  # the lessons' text is checked elsewhere
        assert "md-header" in chrome and "md-footer" in chrome and "md-nav" in chrome, name
        assert found_words(english, visible(chrome)) == [], name
        footer = re.search(r'<div class="md-copyright">(.*?)</div>', page, re.S)
        # the module's edition and its two links first (tests/test_documents.py), then Material's line, in French
        assert footer and visible(footer.group(1)).split()[-6:] == ["Site", "réalisé", "avec", "Material", "for", "MkDocs"]
        assert visible(footer.group(1)).split()[:2] == ["Édition", "2"], name
    assert "<h1>Page introuvable</h1>" in (site / "404.html").read_text(encoding="utf-8")
