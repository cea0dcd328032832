"""The trainer's guide can be run as written (course/formateur/index.md): each timetable's durations
follow one another and add up to the total it states, breaks included; the half-day is 3 h 30 in
every format (in person, remote in two sessions, flipped); the final assessment's slot is its time
limit in course.yml; every format leaves five minutes to each of the ten scenarios, played together,
and the guide links each of them; every document it tells trainers to hand out exists and prints as
a sheet. The checks compute from the files and name the line that drifts (tested on a broken copy)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

from conftest import ROOT
from ruamel.yaml import YAML

GUIDE = ROOT / "course" / "formateur" / "index.md"
SP = "[ \u00a0\u202f]"  # an ordinary or a no-break space
ROW = re.compile(rf"^\|{SP}*(\d{{1,2}}){SP}h{SP}(\d\d){SP}*\|{SP}*(\d+){SP}min{SP}*\|{SP}*([^|]*?){SP}*\|")
TOTAL = re.compile(rf"^\*\*Total{SP}:{SP}(\d+){SP}h{SP}(\d\d), de (\d+){SP}h{SP}(\d\d) à (\d+){SP}h{SP}(\d\d), "
                   rf"dont (\d+){SP}minutes? de pause\.\*\*$")
HEADING = re.compile(r"^(#{2,3}) (.+)$")
HALF_DAY = 210  # minutes: 3 h 30, breaks included
SCENARIO_MINUTES = 5  # the least a scenario takes, played together with a vote at each choice
# the documents the guide tells trainers to print and hand out, each a page of the course
DOCUMENTS = ("../fiche-reflexe.md", "../fiche-elements-de-langage.md", "cartes-de-role.md", "grille-observation.md",
             "emargement.md", "satisfaction.md", "evaluation-a-froid.md")


@dataclass
class Row:
    line: int
    start: int  # minutes since midnight
    minutes: int
    what: str


@dataclass
class Timetable:
    section: str  # the heading it comes under
    line: int  # its first row's
    rows: list[Row]
    total: tuple[int, int, int, int] | None  # stated (minutes, start, end, break), if its line follows


def timetables(text: str) -> list[Timetable]:
    found: list[Timetable] = []
    section, current = "", None
    for number, line in enumerate(text.split("\n"), 1):
        if heading := HEADING.match(line):
            if heading.group(1) == "##" or not section.startswith("Variantes"):
                section = heading.group(2)
            else:
                section = f"Variantes › {heading.group(2)}"
        if row := ROW.match(line):
            if current is None:
                current = Timetable(section, number, [], None)
                found.append(current)
            start = int(row.group(1)) * 60 + int(row.group(2))
            current.rows.append(Row(number, start, int(row.group(3)), row.group(4)))
        elif current is not None and line.strip() and not line.startswith("|"):
            if total := TOTAL.match(line):
                h, m, sh, sm, eh, em, pause = map(int, total.groups())
                current.total = (h * 60 + m, sh * 60 + sm, eh * 60 + em, pause)
            current = None
    return found


def clock(minutes: int) -> str:
    return f"{minutes // 60} h {minutes % 60:02d}"


def problems_of(text: str, time_limit: float, scenarios: list[str], file: str = "course/formateur/index.md") -> list[str]:
    problems: list[str] = []
    tables = timetables(text)
    if not tables:
        return [f"{file}: no timetable (a table whose rows start « | 9 h 00 | 10 min | … |»)"]
    formats: dict[str, list[Timetable]] = {}
    for table in tables:
        formats.setdefault(table.section.split(" › ")[-1], []).append(table)
        rows = table.rows
        if table.total is None:
            problems.append(f"{file}:{rows[-1].line}: the timetable has no « **Total : … de … à …, dont … minutes de "
                            "pause.** » line under it")
            continue
        minutes, start, end, pause = table.total
        for before, after in pairwise(rows):
            if before.start + before.minutes != after.start:
                problems.append(f"{file}:{after.line}: « {after.what} » starts at {clock(after.start)}, but "
                                f"« {before.what} » ({before.minutes} min from {clock(before.start)}) ends at "
                                f"{clock(before.start + before.minutes)}")
        spent = sum(r.minutes for r in rows)
        breaks = sum(r.minutes for r in rows if r.what.startswith("Pause"))
        if rows[0].start != start or rows[-1].start + rows[-1].minutes != end:
            problems.append(f"{file}:{table.line}: the rows go from {clock(rows[0].start)} to "
                            f"{clock(rows[-1].start + rows[-1].minutes)}; the total says {clock(start)} to {clock(end)}")
        if spent != minutes or end - start != minutes:
            problems.append(f"{file}:{table.line}: the durations add up to {spent} min; the total says {minutes} min "
                            f"({clock(start)} to {clock(end)} is {end - start} min)")
        if not breaks or breaks != pause:
            problems.append(f"{file}:{table.line}: {breaks} min of breaks in the rows; the total says {pause}")
        for row in rows:
            if row.what.startswith("Évaluation finale") and row.minutes != time_limit:
                problems.append(f"{file}:{row.line}: the final assessment gets {row.minutes} min; its time limit in "
                                f"course.yml is {time_limit:g} min")
    for name, group in formats.items():
        spent = sum(r.minutes for table in group for r in table.rows)
        if spent != HALF_DAY:
            problems.append(f"{file}:{group[0].line}: « {name} » lasts {spent} min in all; the half-day is {HALF_DAY}")
        played = sum(r.minutes for table in group for r in table.rows if r.what.startswith("Jouer ensemble"))
        if played < SCENARIO_MINUTES * len(scenarios):
            problems.append(f"{file}:{group[0].line}: « {name} » gives {played} min to play the {len(scenarios)} "
                            f"scenarios together; at least {SCENARIO_MINUTES} min each")
        if not any(r.what.startswith("Évaluation finale") for table in group for r in table.rows):
            problems.append(f"{file}:{group[0].line}: « {name} » has no « Évaluation finale »")
    for page in scenarios:
        if f"](../mises-en-situation/{page})" not in text:
            problems.append(f"{file}: no link to the scenario ../mises-en-situation/{page}")
    for document in DOCUMENTS:
        if f"]({document})" not in text:
            problems.append(f"{file}: no link to the document {document}")
    return problems


def time_limit() -> float:
    settings = YAML(typ="safe").load((ROOT / "course.yml").read_text(encoding="utf-8"))
    return float(settings["assessments"]["evaluation-finale"]["time_limit"])


def scenario_pages() -> list[str]:
    return sorted(p.name for p in (ROOT / "course" / "mises-en-situation").glob("*.md") if p.name != "index.md")


def test_the_guide_can_be_run_as_written() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    assert len(scenario_pages()) == 10
    assert problems_of(text, time_limit(), scenario_pages()) == []
    tables = timetables(text)
    # in person, remote (two sessions), flipped
    assert [t.section for t in tables] == ["Le déroulé en salle", "Variantes › À distance, en visio",
                                           "Variantes › À distance, en visio", "Variantes › En classe inversée"]
    assert [t.total[0] for t in tables if t.total] == [210, 105, 105, 210]
    assert "une demi-journée de 3\u00a0h\u00a030, pause comprise" in text


def test_every_document_it_hands_out_is_a_sheet_to_print() -> None:
    for document in DOCUMENTS:
        page = (GUIDE.parent / document).resolve()
        assert page.exists(), document
        assert '<div class="fiche" markdown>' in page.read_text(encoding="utf-8"), document


def test_the_check_fails_on_a_timetable_that_does_not_add_up() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    limit, scenarios = time_limit(), scenario_pages()
    lines = text.split("\n")
    at = next(n for n, line in enumerate(lines) if "| Dire non\u00a0: la méthode |" in line)
    # one sequence five minutes longer: the next one starts too early, and the total is wrong
    broken = lines[:at] + [lines[at].replace("| 20\u00a0min |", "| 25\u00a0min |", 1)] + lines[at + 1:]
    found = problems_of("\n".join(broken), limit, scenarios)
    assert any(f":{at + 2}: « Jouer ensemble\u00a0: les six refus » starts at 10 h 35, but « Dire non" in p for p in found), found
    assert any("the durations add up to 215 min; the total says 210 min" in p for p in found), found
    assert any("« Le déroulé en salle » lasts 215 min in all" in p for p in found), found
    # the final assessment shorter than its time limit, a scenario left out, a total line gone
    found = problems_of(text.replace("| 30\u00a0min | Évaluation finale |", "| 20\u00a0min | Évaluation finale |", 1)
                        .replace("](../mises-en-situation/refus-3-remboursement.md)", "]")
                        .replace("**Total\u00a0: 1\u00a0h\u00a045, de 9\u00a0h\u00a000 à 10\u00a0h\u00a045, dont 5\u00a0minutes de pause.**",
                                 "", 1), limit, scenarios)
    assert any("the final assessment gets 20 min; its time limit in course.yml is 30 min" in p for p in found), found
    assert any("no link to the scenario ../mises-en-situation/refus-3-remboursement.md" in p for p in found), found
    assert any("the timetable has no « **Total" in p for p in found), found
    assert problems_of("# Guide\n", limit, scenarios) == [
        "course/formateur/index.md: no timetable (a table whose rows start « | 9 h 00 | 10 min | … |»)"]


def test_the_guide_is_in_the_trainers_edition_only() -> None:
    learner = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    trainer = (ROOT / "mkdocs-formateur.yml").read_text(encoding="utf-8")
    assert "formateur/" in learner.split("exclude_docs:")[1].split("\n\n")[0]
    for page in ("index.md", *[d for d in DOCUMENTS if not d.startswith("..")]):
        assert f": formateur/{page}\n" in trainer and f"formateur/{page}" not in learner.split("nav:")[1]
    assert Path(ROOT / "course" / "formateur" / "index.md").exists()
