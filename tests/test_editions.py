"""The course's two editions. The learners' site (mkdocs.yml) holds no answer key, no scenario map and
no trainer's page: not as a file, not in sitemap.xml, not in the search index. The trainer's site
(mkdocs-formateur.yml, which inherits mkdocs.yml) holds them, with the answer key's quizzes in the
course's order, each a heading of the page's table of contents. A learner page that embeds an
answer key or a map stops the build at its file and line, and `coursekit check` says the same."""

from __future__ import annotations

import html
import json
import os
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import MINIMAL_CONFIG, ROOT, watch, write_tree
from coursekit.core.embeds import scan
from coursekit.core.site_config import read_config
from coursekit.hosts.cli import main
from playwright.sync_api import Browser, expect
from ruamel.yaml import YAML
from test_browser_quiz import run_axe
from test_content import Text, typography

TRAINER_PAGES = ("formateur/index.md", "formateur/corrige.md", "formateur/cartes.md", "formateur/modifier.md")
TRAINER_TITLES = ("Corrigé des quiz", "Cartes des mises en situation", "Modifier le module", "Animer la demi-journée")
# what only an answer key or a map writes in a page
TRAINER_MARKUP = re.compile(r'class="ck-(?:key|maps?)\b|class="ck-(?:key|map)__')
TEXT_FILES = (".html", ".json", ".xml", ".txt", ".conf", "_headers")


def yaml(path: Path) -> Any:
    return YAML(typ="rt").load(path.read_text(encoding="utf-8"))


def nav_entries(nav: Any, section: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], str, int]]:
    """(the titles of its sections and its own, the page, the line) of every page of a navigation."""
    found = []
    for index, item in enumerate(nav):
        line = nav.lc.item(index)[0] + 1
        for title, value in item.items():
            if isinstance(value, str):
                found.append(((*section, str(title)), value, line))
            else:
                found += nav_entries(value, (*section, str(title)))
    return found


def sitemap(site: Path) -> list[str]:
    return re.findall(r"<loc>([^<]+)</loc>", (site / "sitemap.xml").read_text(encoding="utf-8"))


def search_index(site: Path) -> list[dict[str, str]]:
    docs: list[dict[str, str]] = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    return docs


def stylesheet(site: Path) -> str:
    (css,) = (site / "assets" / "coursekit").glob("coursekit.*.css")
    return css.read_text(encoding="utf-8")


def address_of(page: str) -> str:
    """A page's address in the site (`formateur/index.md` is at `formateur/`)."""
    return re.sub(r"(^|/)index/$", r"\1", page.removesuffix(".md") + "/")


def plain(markup: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", markup)).strip()


# -- the configurations ------------------------------------------------------------------------------
def test_the_trainers_configuration_inherits_the_learners() -> None:
    """coursekit reads INHERIT as MkDocs does: the plugin's options merged, the pages all taken."""
    from mkdocs.config import load_config

    learner, trainer = read_config(ROOT / "mkdocs.yml"), read_config(ROOT / "mkdocs-formateur.yml")
    assert learner.edition == "learner" and "formateur/" in learner.exclude_docs.split()
    assert trainer.edition == "trainer" and trainer.exclude_docs == ""
    assert trainer.options == {**learner.options, "edition": "trainer"}
    assert trainer.docs_dir == learner.docs_dir == ROOT / "course"
    assert trainer.site_name == learner.site_name + " – édition du formateur"
    mkdocs = load_config(str(ROOT / "mkdocs-formateur.yml"))  # MkDocs' own merge gives the same
    options = mkdocs.plugins["coursekit"].config
    assert (options.edition, options.quizzes_dir) == ("trainer", learner.options["quizzes_dir"])
    assert "material/search" in mkdocs.plugins and Path(mkdocs.site_dir) == ROOT / "site-formateur"
    assert not mkdocs.exclude_docs or not mkdocs.exclude_docs.match_file("formateur/corrige.md")


def test_the_trainers_navigation_is_the_learners_and_the_trainers_pages() -> None:
    learner = nav_entries(yaml(ROOT / "mkdocs.yml")["nav"])
    trainer = nav_entries(yaml(ROOT / "mkdocs-formateur.yml")["nav"])
    problems = [f"mkdocs.yml:{line}: the learners' navigation lists {page}, a trainer's page"
                for _, page, line in learner if page.startswith("formateur/")]
    same = [(titles, page) for titles, page, _ in trainer if not page.startswith("formateur/")]
    if same != [(titles, page) for titles, page, _ in learner]:
        problems.append("mkdocs-formateur.yml: its navigation, the trainer's pages aside, is not mkdocs.yml's "
                        "(the same titles and pages, in the same order): copy mkdocs.yml's nav into it again")
    own = sorted(page for _, page, _ in trainer if page.startswith("formateur/"))
    files = sorted(p.relative_to(ROOT / "course").as_posix() for p in (ROOT / "course" / "formateur").glob("*.md"))
    if own != files:
        problems.append(f"mkdocs-formateur.yml: its trainer's pages are {own}; course/formateur/ holds {files}")
    assert set(TRAINER_PAGES) <= set(files)
    problems += typography(iter([Text("mkdocs-formateur.yml", line, title) for titles, _, line in trainer
                                 for title in titles[-1:]]))
    assert problems == []


# -- the two sites ---------------------------------------------------------------------------------
def test_the_learners_site_holds_no_trainer_material(course_site: tuple[Path, str]) -> None:
    site, url = course_site
    files = [p for p in site.rglob("*") if p.is_file()]
    assert not [p for p in files if "formateur" in p.relative_to(site).as_posix()]
    leaks = []
    for path in files:
        if path.suffix in TEXT_FILES or path.name in TEXT_FILES:
            text = path.read_text(encoding="utf-8", errors="replace")
            if TRAINER_MARKUP.search(text) or any(title in text for title in TRAINER_TITLES):
                leaks.append(path.relative_to(site).as_posix())
    assert leaks == []
    # nor the rules that style them: the learners download only what they see
    assert not re.search(r"\.ck-key|\.ck-map__(?:svg|box|legend)", stylesheet(site))
    # every page built, and only those: the learners' pages, all in the sitemap
    pages = sorted(p.relative_to(ROOT / "course").as_posix() for p in (ROOT / "course").rglob("*.md")
                   if not p.relative_to(ROOT / "course").as_posix().startswith("formateur/"))
    assert len(sitemap(site)) == len(pages) and not [u for u in sitemap(site) if "formateur" in u]
    docs = search_index(site)
    assert docs and not [d["location"] for d in docs if d["location"].startswith("formateur")]
    assert not [d["title"] for d in docs if d["title"] in TRAINER_TITLES]


def test_the_trainers_site_holds_the_answer_key_the_maps_and_the_guide(trainer_site: tuple[Path, str]) -> None:
    site, url = trainer_site
    for page in TRAINER_PAGES:
        address = address_of(page)
        assert (site / address / "index.html").is_file(), page
        assert url + address in sitemap(site)
        assert any(d["location"] == address for d in search_index(site)), page
    key = (site / "formateur" / "corrige" / "index.html").read_text(encoding="utf-8")
    quizzes = sorted(p.stem for p in (ROOT / "quizzes").glob("*.yml"))
    assert sorted(re.findall(r'<section class="ck-key__quiz" id="ck-key-([^"]+)"', key)) == quizzes
    maps = (site / "formateur" / "cartes" / "index.html").read_text(encoding="utf-8")
    assert maps.count('<svg class="ck-map__svg"') == len(list((ROOT / "scenarios").glob("*.yml")))
    assert ".ck-key__" in stylesheet(site) and ".ck-map__" in stylesheet(site)
    # what learners see is there too, for the trainer to show it
    assert len(sitemap(site)) == len(list((ROOT / "course").rglob("*.md")))


def course_order() -> list[str]:
    """The quizzes in the learners' navigation's order, page after page and line after line: those a page
    embeds, or those an exam draws from (a whole quiz, or a tag's questions); then the others, by name."""
    settings = yaml(ROOT / "course.yml") or {}
    quizzes = {p.stem: yaml(p) for p in sorted((ROOT / "quizzes").glob("*.yml"))}
    order: list[str] = []
    for _, page, _ in nav_entries(yaml(ROOT / "mkdocs.yml")["nav"]):
        for embed in scan((ROOT / "course" / page).read_text(encoding="utf-8"))[0]:
            found = [embed.id] if embed.kind == "quiz" else []
            if embed.kind == "exam":
                for pool in (settings.get("assessments") or {}).get(embed.id, {}).get("pools") or []:
                    found += [pool["quiz"]] if pool.get("quiz") else [
                        name for name, quiz in quizzes.items()
                        if any(pool.get("tag") in (q.get("tags") or []) for q in quiz["questions"])]
            order += [quiz for n, quiz in enumerate(found) if quiz not in order and quiz not in found[:n]]
    return order + [name for name in quizzes if name not in order]


def quiz_title(ident: str) -> str:
    return str(yaml(ROOT / "quizzes" / f"{ident}.yml")["title"])


def test_the_answer_key_is_in_the_course_order_with_a_heading_per_quiz(trainer_site: tuple[Path, str]) -> None:
    key = (trainer_site[0] / "formateur" / "corrige" / "index.html").read_text(encoding="utf-8")
    order = course_order()
    assert order[0] == "decouvrir" and order.index("p1-quatre-appels") < order.index("p2-silence")
    # each quiz: its heading (its title, the anchor of the table of contents), then its key
    found = re.findall(r'<h2 id="([^"]+)">(.*?)<a class="headerlink"[^>]*>[^<]*</a></h2>\s*<div class="ck-key">\s*'
                       r'<section class="ck-key__quiz" id="ck-key-([^"]+)"', key)
    assert [quiz for _, _, quiz in found] == order
    assert [plain(title) for _, title, _ in found] == [quiz_title(quiz) for quiz in order]
    toc = key[key.index('<nav class="md-nav md-nav--secondary"'):]
    toc = toc[:toc.index("</nav>")]
    assert re.findall(r'<a href="#([^"]+)" class="md-nav__link">', toc) == [anchor for anchor, _, _ in found]


def test_a_trainer_goes_to_a_quiz_of_the_answer_key_from_the_table_of_contents(
        browser: Browser, trainer_site: tuple[Path, str]) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    errors = watch(page)
    page.goto(trainer_site[1] + "formateur/corrige/")
    toc = page.locator(".md-sidebar--secondary .md-nav__link")
    expect(toc.first).to_be_visible()
    order = course_order()
    assert [text.strip() for text in toc.all_inner_texts()] == [quiz_title(quiz) for quiz in order]
    ident = "p2-non-sec"
    toc.get_by_text(quiz_title(ident), exact=True).click()
    heading = page.locator("h2", has_text=quiz_title(ident))
    expect(heading).to_be_in_viewport()
    anchor = heading.get_attribute("id")
    assert anchor and page.url.endswith("#" + anchor)
    # the key under that heading is that quiz's
    expect(page.locator(f"h2#{anchor} + .ck-key > section")).to_have_id(f"ck-key-{ident}")
    context.close()
    assert errors == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_trainers_pages_are_clean_and_accessible(browser: Browser, trainer_site: tuple[Path, str],
                                                     scheme: str) -> None:
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    errors = watch(page)
    for name in ("index", "corrige", "modifier"):  # the maps' page: tests/test_scenario_browser.py
        response = page.goto(trainer_site[1] + address_of(f"formateur/{name}.md"))
        assert response is not None and response.ok and response.headers.get("content-security-policy")
        expected = "slate" if scheme == "dark" else "default"
        assert page.locator("body").get_attribute("data-md-color-scheme") == expected
        assert run_axe(page) == [], name
    context.close()
    assert errors == []


# -- a trainer's mistake ---------------------------------------------------------------------------
@pytest.fixture
def copy(tmp_path: Path) -> Path:
    """The course's files, without the sites, the tests and the builder's own folders."""
    root = tmp_path / "cours"
    shutil.copytree(ROOT, root, ignore=shutil.ignore_patterns(
        ".git", ".venv", ".cache", "site", "site-formateur", "tests", "plugins", "node_modules", "bench",
        "screenshots", "__pycache__", "*.md~"))
    return root


def append(path: Path, text: str) -> int:
    """Add `text` (one line) at the end of a page; return its line."""
    lines = path.read_text(encoding="utf-8").rstrip("\n").split("\n")
    path.write_text("\n".join(lines) + "\n\n" + text + "\n", encoding="utf-8")
    return len(lines) + 2


def test_a_learner_page_with_an_answer_key_or_a_map_stops_the_build(copy: Path, capsys, monkeypatch) -> None:
    import subprocess
    import sys

    key = append(copy / "course/partie-1/accepter.md", "[[answers: p1-accepter]]")
    game = append(copy / "course/mises-en-situation/refus-1-remise.md", "[[map: refus-1-remise]]")
    expected = [
        f"course/partie-1/accepter.md:{key}: [[answers: p1-accepter]] would show an answer key to learners: "
        "this site is the learners' edition (the coursekit option `edition` is `learner`, its default).",
        f"course/mises-en-situation/refus-1-remise.md:{game}: [[map: refus-1-remise]] would show a scenario map "
        "(its best path and its points) to learners: this site is the learners' edition",
    ]
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=copy, capture_output=True, text=True,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, timeout=300)
    assert proc.returncode == 1
    log = proc.stdout + proc.stderr
    for line in expected:
        assert f"ERROR   -  coursekit: {line}" in log, log
    assert "set `edition: trainer` here if this site is for trainers only" in log
    assert "Traceback" not in log and not (copy / "site").exists()
    # `coursekit check` says the same, one line each
    monkeypatch.chdir(copy)
    assert main(["check"]) == 1
    out = capsys.readouterr().out
    for line in expected:
        where, _, message = line.partition(": ")
        assert f"{where}: error: {message}" in out, out
    # the trainer's edition may show them
    main(["check", "-f", "mkdocs-formateur.yml"])
    assert "would show" not in capsys.readouterr().out


def test_a_page_left_out_of_the_site_is_not_read(build) -> None:  # type: ignore[no-untyped-def]
    quiz = "title: Q\nquestions:\n  - {type: truefalse, text: Vrai ?, answer: true}\n"
    files = {"course/index.md": "# Accueil\n\n[[quiz: q]]\n", "quizzes/q.yml": quiz,
             "course/cles/corrige.md": "# Corrigé\n\n[[answers: *]]\n"}
    built = build(files)
    assert built.code == 1 and "course/cles/corrige.md:3: [[answers: *]] would show an answer key" in built.log
    config = MINIMAL_CONFIG + "exclude_docs: |\n  cles/\n"
    built = build({**files, "mkdocs.yml": config}, "--strict")
    assert built.code == 0, built.log
    assert not (built.site / "cles").exists() and "ck-key" not in built.html()


def test_the_edition_option_is_checked_in_plain_words(build, tmp_path: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    config = MINIMAL_CONFIG.replace("  - coursekit\n", "  - coursekit:\n      edition: formateur\n")
    built = build({"mkdocs.yml": config, "course/index.md": "# Accueil\n"})
    assert built.code == 1
    assert ("Plugin 'coursekit' option 'edition': no edition 'formateur': write `edition: learner` for the "
            "learners' site") in built.log
    monkeypatch.chdir(tmp_path)
    assert main(["check"]) == 2
    assert capsys.readouterr().err.startswith("coursekit: the coursekit option `edition`: no edition 'formateur'")


def test_the_markdown_extension_knows_the_editions(tmp_path: Path, monkeypatch) -> None:
    """Where no plugin runs (Zensical), the extension's option does the same."""
    import markdown
    from coursekit.core.problems import CourseError

    write_tree(tmp_path, {"mkdocs.yml": "site_name: T\ndocs_dir: course\n", "course/index.md": "# A\n",
                          "quizzes/q.yml": "title: Q\nquestions:\n  - {type: truefalse, text: V, answer: true}\n"})
    monkeypatch.chdir(tmp_path)
    trainer = markdown.markdown("# Corrigé\n\n[[answers: q]]\n", extensions=["coursekit"],
                                extension_configs={"coursekit": {"edition": "trainer"}})
    assert re.match(r'<h1>Corrigé</h1>\n<h2>Q</h2>\n<div class="ck-key">', trainer)
    with pytest.raises(CourseError, match=r"\[\[answers: q\]\] would show an answer key to learners"):
        markdown.markdown("[[answers: q]]", extensions=["coursekit"])
