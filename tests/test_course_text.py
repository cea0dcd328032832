"""The course's text against the second edition's review: durations that add up, the sources and how to
cite the module, the editor's French corrections and the facts checked against the two source documents.

Like tests/test_content.py, no build: the Markdown, the quizzes, mkdocs.yml and course.yml are read
directly. Each check returns `file:line: message` problems, and each has a test that plants a defect in a
copy of the course and sees it reported.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML
from test_content import ROOT, Course, Text, all_prose, load, outside_code, page_file

SPACE = "[ \u00a0\u202f]"
DURATION = re.compile(rf"(?:(?P<h>\d+){SPACE}h(?:{SPACE}(?P<hm>\d\d))?|(?P<m>\d+){SPACE}minutes?)")
NUMBERS = {"deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8, "neuf": 9, "dix": 10,
           "onze": 11, "douze": 12, "treize": 13, "quatorze": 14, "quinze": 15, "seize": 16}
LINK_TARGET = re.compile(r"\]\(([^)#\s]+)")
SCENARIO_EMBED = re.compile(r"^ {0,3}\[\[\s*scenario\s*:\s*[^\]\s]+\s*\]\]\s*$")
HOME, SOURCES, DEMO, SYNTHESIS, FINAL = "index.md", "sources.md", "demo/quiz.md", "synthese.md", "evaluation-finale"
EDITION_YEAR = "2026"

# The words the course uses, one for each thing, and what the editor corrected: (pattern, advice).
WORDING = [
    (r"\b(?:e-?mail(?:s|ing|ings)?|mails?)\b", "say « courriel » (one word for e-mail in the whole course)"),
    (r"\bservices?\s+client(?:s|èle)\b", "say « service client »"),
    (r"\bdélivr\w*\b[^.]{0,40}\bmessage|\bmessages?\b[^.]{0,60}\bdélivr\w*",
     "a message is « transmis » or « annoncé », not « délivré »"),
    (r"\bmoutarde\s+(?:\w+\s+)?monte\b(?!\s+au\s+nez)", "the idiom is « la moutarde (lui) monte au nez »"),
    (r"\bse\s+compress", "durations do not « se compresser »: « se raccourcir », « s’accélérer »"),
    (r"\bil\s+aide\s+d[e’']", "« il aide de » is not French: « mieux vaut », « il est utile de »"),
]
# Facts checked against the two source documents: (pattern, what must match it, advice).
FACTS = [
    (r"\bvoix du client\b", r"\*La Voix du Client\*",
     "the magazine's publisher is *La Voix du Client* (capitalised, in italics), not the magazine"),
    (r"\bquatre accords toltèques\b", r"Quatre Accords toltèques", "the book is *Les Quatre Accords toltèques*"),
    (r"\bColuche\b[^.]{0,40}\b(?:inventé|rendu célèbre)|\brendu célèbre par Coluche", None,
     "the word is Pierre Dac's, the TV game Le Schmilblic (1969) made it common, Coluche parodied the game (1975)"),
]


# -- reading ----------------------------------------------------------------------------
def front_matter(lines: list[str]) -> dict[str, Any]:
    if not lines or lines[0].strip() != "---":
        return {}
    end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
    return dict(YAML(typ="safe").load("\n".join(lines[1:end])) or {}) if end else {}


def duration_of(course: Course, page: str) -> int | None:
    value = front_matter(course.pages[page]).get("duree")
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None


def lessons(course: Course) -> list[str]:
    return [page for page in course.pages if page.startswith(("partie-1/", "partie-2/"))]


def scenarios(course: Course) -> list[str]:
    return [page for page, lines in course.pages.items()
            if any(SCENARIO_EMBED.match(line) for _, line in outside_code(lines))]


def section(course: Course, page: str, title: str) -> Iterator[tuple[int, str]]:
    """(line, text) of the lines under the `## title` heading of a page, up to the next one."""
    inside = False
    for number, line in outside_code(course.pages[page]):
        if line.startswith("## "):
            inside = line[3:].strip() == title
        elif inside:
            yield number, line


def minutes(text: str) -> int | None:
    match = DURATION.search(text)
    if not match:
        return None
    if match.group("m"):
        return int(match.group("m"))
    return int(match.group("h")) * 60 + int(match.group("hm") or 0)


def settings(root: Path) -> Any:
    return YAML(typ="safe").load((root / "course.yml").read_text(encoding="utf-8")) or {}


# -- checks -----------------------------------------------------------------------------
def durations(course: Course) -> list[str]:
    """Every lesson and scenario page has a duration, and the home page's figures add up."""
    problems = [f"{page_file(course, page)}:1: no duration: start the page with a front matter "
                "'---' / 'duree: 12' / '---' (minutes)"
                for page in [*lessons(course), *scenarios(course), DEMO, SYNTHESIS]
                if page in course.pages and duration_of(course, page) is None]
    if problems:
        return problems
    final = ((settings(course.root).get("assessments") or {}).get(FINAL) or {}).get("time_limit")
    groups: list[tuple[str, list[str], int | None]] = [
        ("leçons", lessons(course), None), ("mises en situation", scenarios(course), None),
        ("prise en main", [DEMO], None), ("synthèse", [SYNTHESIS], None), ("évaluation finale", [], final)]
    where = page_file(course, HOME)
    lines = list(section(course, HOME, "Durée"))
    if not lines:
        return [f"{where}:1: no « ## Durée » section"]
    total_line, total_text = next(((n, t) for n, t in lines if "**" in t), (lines[0][0], ""))
    stated = minutes(re.search(r"\*\*(.+?)\*\*", total_text).group(1)) if "**" in total_text else None  # type: ignore[union-attr]
    counted, listed = 0, set()
    for number, line in lines:
        if not line.startswith("- "):
            continue
        label, _, figure = line[2:].rpartition(":")
        value = minutes(figure)
        group = next((g for g in groups if g[0] in label.lower()), None)
        if value is None or group is None:
            problems.append(f"{where}:{number}: a line of « Durée » names no known part of the module, or no "
                            f"duration: {line!r}")
            continue
        name, pages, fixed = group
        listed.add(name)
        expected = fixed if fixed is not None else sum(duration_of(course, p) or 0 for p in pages)
        counted += value
        if value != expected:
            problems.append(f"{where}:{number}: « {name} » takes {expected} min by the pages' durations, "
                            f"the home page says {value} min")
        said = re.search(rf"\b({'|'.join(NUMBERS)})\s+{name.split()[0]}", label.lower())
        if said and pages and NUMBERS[said.group(1)] != len(pages):
            problems.append(f"{where}:{number}: « {said.group(0)} », but the course has {len(pages)}")
    problems += [f"{where}:{total_line}: « Durée » has no line for the {name}" for name, *_ in groups
                 if name not in listed]
    if stated != counted:
        problems.append(f"{where}:{total_line}: the total says {stated} min, its lines add up to {counted} min")
    return problems


def programme(course: Course) -> list[str]:
    """« Le programme » of the home page links every lesson and every scenario."""
    linked = {target for _, line in section(course, HOME, "Le programme") for target in LINK_TARGET.findall(line)}
    return [f"{page_file(course, HOME)}:1: « Le programme » has no link to {page}"
            for page in [*lessons(course), *scenarios(course)] if page not in linked]


def sources(course: Course) -> list[str]:
    """The sources page is in the navigation under « Pour conclure », gives the article's date as the
    lessons do, and its citation names the course, its organisation (course.yml) and the edition's year."""
    if SOURCES not in course.pages:
        return [f"course/{SOURCES}:1: the « Sources et crédits » page is missing"]
    where = page_file(course, SOURCES)
    problems = []
    closing = next((item.get("Pour conclure") for item in course.nav if isinstance(item, dict)
                    and "Pour conclure" in item), None) or []
    if not any(SOURCES in item.values() for item in closing if isinstance(item, dict)):
        problems.append(f"mkdocs.yml:1: « Pour conclure » does not list {SOURCES}")
    organisation = ((settings(course.root).get("organisation") or {}).get("name") or "").strip()
    title = str(load_config(course.root).get("site_name", ""))
    quotes = [(n, line) for n, line in outside_code(course.pages[SOURCES]) if line.startswith(">")]
    if not any(organisation in line and title in line and EDITION_YEAR in line for _, line in quotes):
        problems.append(f"{where}:1: no citation (a « > » line) naming the organisation « {organisation} » of "
                        f"course.yml, the title « {title} » and the year {EDITION_YEAR}")
    dates = {(page, n): m.group(0) for page, lines in course.pages.items() for n, line in outside_code(lines)
             for m in re.finditer(rf"\b\d{{1,2}}{SPACE}(?:janvier|février|mars|avril|mai|juin|juillet|août|septembre|"
                                  rf"octobre|novembre|décembre) 2017\b", line)}
    if len({d.replace("\u00a0", " ").replace("\u202f", " ") for d in dates.values()}) > 1:
        problems += [f"{page_file(course, page)}:{n}: the article is dated « {d} » here; one date everywhere"
                     for (page, n), d in dates.items()]
    if not any(page == SOURCES for page, _ in dates):
        problems.append(f"{where}:1: the sources page does not give the date of the 2017 article")
    return problems


def load_config(root: Path) -> Any:
    return YAML(typ="rt").load((root / "mkdocs.yml").read_text(encoding="utf-8"))


def wording(texts: Iterator[Text]) -> list[str]:
    problems = []
    for item in texts:
        for pattern, advice in WORDING:
            for match in re.finditer(pattern, item.text, re.I):
                problems.append(f"{item.file}:{item.line}: « {match.group(0)} »: {advice}")
        for pattern, right, advice in FACTS:
            for match in re.finditer(pattern, item.text, re.I):
                start = max(0, match.start() - 4)
                if right is None or not re.search(right, item.text[start: match.end() + 1]):
                    problems.append(f"{item.file}:{item.line}: « {match.group(0)} »: {advice}")
    return problems


# -- the course -------------------------------------------------------------------------
@pytest.fixture(scope="module")
def course() -> Course:
    return load(ROOT)


def _report(problems: list[str]) -> str:
    return f"{len(problems)} problem(s):\n" + "\n".join(problems)


def test_durations_add_up(course: Course) -> None:
    assert len(lessons(course)) == 12 and len(scenarios(course)) == 10
    problems = durations(course)
    assert not problems, _report(problems)


def test_the_programme_links_every_lesson_and_scenario(course: Course) -> None:
    problems = programme(course)
    assert not problems, _report(problems)


def test_sources_and_citation(course: Course) -> None:
    problems = sources(course)
    assert not problems, _report(problems)


def test_wording_and_facts(course: Course) -> None:
    problems = wording(all_prose(course))
    assert not problems, _report(problems)


# -- each check can fail ------------------------------------------------------------------
@pytest.fixture
def copy(tmp_path: Path) -> Path:
    for name in ("course", "quizzes"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("mkdocs.yml", "course.yml"):
        shutil.copy(ROOT / name, tmp_path / name)
    return tmp_path


def edit(path: Path, change: Callable[[str], str]) -> None:
    before = path.read_text(encoding="utf-8")
    after = change(before)
    assert after != before, f"the planted defect did not change {path}"
    path.write_text(after, encoding="utf-8")


def test_the_durations_check_fails(copy: Path) -> None:
    edit(copy / "course/partie-1/accepter.md", lambda s: s.replace("duree: 10", "duree: 11"))
    edit(copy / "course/mises-en-situation/appel-3-stylos.md", lambda s: s.replace("duree: 8", "duree: 9"))
    problems = durations(load(copy))
    assert all(p.startswith("course/index.md:") for p in problems), _report(problems)
    assert [p.split(": ", 1)[1].split(" by ")[0] for p in problems if "« évaluation" not in p] == [
        "« leçons » takes 151 min", "« mises en situation » takes 91 min"], _report(problems)
    edit(copy / "course/index.md", lambda s: re.sub(r"\*\*4.h.40\*\*", "**4\u00a0h\u00a050**", s))
    assert any("the total says 290 min, its lines add up to 280 min" in p for p in durations(load(copy)))
    edit(copy / "course.yml", lambda s: re.sub(r"time_limit: \d+", "time_limit: 45", s))
    assert any("« évaluation finale » takes 45 min" in p for p in durations(load(copy)))
    edit(copy / "course/index.md", lambda s: s.replace("Les douze leçons", "Les onze leçons"))
    assert any("« onze leçons », but the course has 12" in p for p in durations(load(copy)))
    edit(copy / "course/partie-2/silence.md", lambda s: s.replace("---\nduree: 12\n---\n", ""))
    problems = durations(load(copy))
    assert problems == ["course/partie-2/silence.md:1: no duration: start the page with a front matter "
                        "'---' / 'duree: 12' / '---' (minutes)"], _report(problems)


def test_the_programme_check_fails(copy: Path) -> None:
    edit(copy / "course/index.md", lambda s: s.replace("(mises-en-situation/refus-6-intervention.md)", ""))
    problems = programme(load(copy))
    assert problems == ["course/index.md:1: « Le programme » has no link to "
                        "mises-en-situation/refus-6-intervention.md"], _report(problems)


def test_the_sources_check_fails(copy: Path) -> None:
    edit(copy / "course.yml", lambda s: s.replace("name: Votre entreprise", "name: Les Ateliers du Refus"))
    edit(copy / "course/partie-2/silence.md", lambda s: s.replace("4\u00a0avril 2017", "14\u00a0avril 2017"))
    edit(copy / "mkdocs.yml", lambda s: s.replace("      - Sources et crédits: sources.md\n", "", 1))
    problems = sources(load(copy))
    assert len(problems) == 5, _report(problems)  # the nav, the citation, and each of the 3 dates
    assert "Les Ateliers du Refus" in problems[1], _report(problems)


def test_the_wording_check_fails(copy: Path) -> None:
    planted = ("Un e-mail, trois mails, un emailing et un courriel. Au service clients, la moutarde monte ; "
               "les délais ne se compressent pas, et il aide d’écouter. Un message à délivrer. "
               "« la voix du client », les Quatre accords toltèques, rendu célèbre par Coluche.\n")
    edit(copy / "course/glossaire.md", lambda s: s + "\n" + planted)
    edit(copy / "quizzes/p2-silence.yml", lambda s: s.replace("*La Voix du Client*", "La Voix du Client"))
    problems = wording(all_prose(load(copy)))
    assert len([p for p in problems if p.startswith("course/glossaire.md:")]) == 11, _report(problems)
    assert len([p for p in problems if p.startswith("quizzes/p2-silence.yml:")]) == 1, _report(problems)
