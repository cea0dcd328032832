"""Hostile and unusual course files: each refused with its file (and line), exit 1, no traceback, in
bounded time and memory, nothing executed, and the site of the build before left as it was."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import MINIMAL_CONFIG, Built, load_quizzes, write_tree
from coursekit.core import documents
from coursekit.core import yaml as loader
from coursekit.core.cache import BuildCache
from coursekit.core.documents import load_dir
from coursekit.core.problems import Problem
from coursekit.quiz import Quizzes
from coursekit.quiz.check import parse_quiz
from coursekit.scenario import Scenarios
from coursekit.scenario.check import parse_scenario
from test_build import QUIZ as GOOD_QUIZ
from test_build import site
from test_scenario_build import SCENARIO as GOOD_SCENARIO

ANCHORS = "anchors (&name) and aliases (*name) are not allowed in course files; write the value out"
HEAD = "title: x\nquestions:\n  - type: single\n    text: Q\n    choices:\n      - text: A\n        correct: true\n" \
       "      - text: B\n"


def laughs(levels: int = 9) -> str:
    """The "billion laughs": each anchored list holds nine times the one before (9**9 strings in 0.5 KB)."""
    rows = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for n in range(1, levels):
        name, before = chr(ord("a") + n), chr(ord("a") + n - 1)
        rows.append(f"{name}: &{name} [{','.join(['*' + before] * 9)}]")
    return HEAD + "    explanation:\n" + "".join(f"      {row}\n" for row in rows)


def run_build(root: Path, timeout: float = 60) -> Built:
    """`mkdocs build` in `root`, at most 2 GB of memory and `timeout` seconds (a hang fails the test)."""
    def limit() -> None:  # pragma: no cover - in the child
        resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))

    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build"], cwd=root, capture_output=True, text=True,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, timeout=timeout, preexec_fn=limit)
    return Built(root, proc.returncode, proc.stdout + proc.stderr)


def refused(built: Built, *messages: str) -> None:
    assert built.code == 1, built.log
    assert "Traceback" not in built.log and "Error:" not in built.log.replace("ERROR", ""), built.log
    for message in messages:
        assert message in built.log, built.log


def good_site(tmp_path: Path) -> bytes:
    """A course built once, valid: its home page, which a failed build must leave as it is."""
    files = {"mkdocs.yml": MINIMAL_CONFIG, **site(), "scenarios/cas.yml": GOOD_SCENARIO}
    write_tree(tmp_path, files)
    first = run_build(tmp_path)
    assert first.code == 0, first.log
    return (tmp_path / "site" / "lecon" / "index.html").read_bytes()


def unchanged(tmp_path: Path, page: bytes) -> None:
    assert (tmp_path / "site" / "lecon" / "index.html").read_bytes() == page


# -- 1. anchors and aliases ------------------------------------------------------------------------
def test_billion_laughs_is_refused_at_its_first_anchor_in_no_time(tmp_path: Path) -> None:
    text = laughs()
    assert len(text.encode()) < 700
    page = good_site(tmp_path)
    (tmp_path / "quizzes" / "etapes.yml").write_text(text, encoding="utf-8")
    (tmp_path / "scenarios" / "cas.yml").write_text(text.replace("title: x", "title: y"), encoding="utf-8")
    built = run_build(tmp_path, timeout=60)
    refused(built, f"quizzes/etapes.yml:10: {ANCHORS}", f"scenarios/cas.yml:10: {ANCHORS}")
    unchanged(tmp_path, page)


CHILD = """\
import sys
from pathlib import Path
from coursekit.quiz.check import parse_quiz
doc, found = parse_quiz(Path(sys.argv[1]), "quizzes/x.yml", "x")
print(doc, *found, sep="\\n")
"""


@pytest.mark.parametrize("bom", ["", "\ufeff"])  # libyaml then ruamel; ruamel alone
def test_billion_laughs_is_refused_by_the_parser_in_no_time(tmp_path: Path, bom: str) -> None:
    path = tmp_path / "x.yml"
    path.write_text(bom + laughs(), encoding="utf-8")

    def limit() -> None:  # pragma: no cover - in the child
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    # in a process of its own, at most 1 GB and 30 s: a billion strings must not take this one down
    proc = subprocess.run([sys.executable, "-c", CHILD, str(path)], capture_output=True, text=True,
                          timeout=30, preexec_fn=limit)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout == f"None\nquizzes/x.yml:10: {loader.ANCHORS}\n"
    assert loader._read_fast(laughs()) is None  # the fast reader leaves it, expanding nothing


@pytest.mark.parametrize("text", [
    HEAD + "    explanation: *nowhere\n",  # an alias with no anchor
    HEAD + "    explanation: &a texte\n",  # an anchor alone
    HEAD.replace("      - text: B\n", "      - &b\n        text: B\n      - *b\n"),
    "base: &base {type: single, text: Q}\n" + HEAD + "  - <<: *base\n    choices: []\n",  # a merge key
])
def test_anchors_and_aliases_are_refused_before_anything_expands_them(tmp_path: Path, text: str) -> None:
    path = tmp_path / "x.yml"
    path.write_text(text, encoding="utf-8")
    start = time.monotonic()
    doc, found = parse_quiz(path, "quizzes/x.yml", "x")
    assert time.monotonic() - start < 5  # it takes milliseconds; minutes and gigabytes before
    assert doc is None and len(found) == 1, found
    assert found[0].line is not None and found[0].message.startswith(ANCHORS)


def test_a_text_that_starts_with_a_star_is_told_to_be_quoted(tmp_path: Path) -> None:
    path = tmp_path / "x.yml"
    path.write_text(HEAD.replace("text: Q", "text: *Clic.* Il raccroche."), encoding="utf-8")
    _doc, found = parse_quiz(path, "quizzes/x.yml", "x")
    assert [str(p) for p in found] == [f"quizzes/x.yml:4: {loader.ANCHORS}"]
    assert "must be put in quotes" in loader.ANCHORS


def test_tags_are_refused_and_nothing_is_executed(tmp_path: Path) -> None:
    marker = tmp_path / "executed"
    text = HEAD + f"    explanation: !!python/object/apply:os.system ['touch {marker}']\n"
    path = tmp_path / "x.yml"
    path.write_text(text, encoding="utf-8")
    _doc, found = parse_quiz(path, "quizzes/x.yml", "x")
    assert [str(p) for p in found] == [
        "quizzes/x.yml:9: `!!python/object/apply:os.system` is a YAML tag, which course files do not use; "
        "if it is part of the text, put the whole text in quotes"]
    assert not marker.exists()


# -- 2. deep nesting ---------------------------------------------------------------------------------
def deep(levels: int, kind: str = "flow") -> str:
    if kind == "block":
        return HEAD + "    explanation:\n" + "".join(f"{'  ' * (n + 3)}k{n}:\n" for n in range(levels)) + \
            "  " * (levels + 3) + "fin\n"
    if kind == "mapping":
        return HEAD + "    explanation: " + "{a: " * levels + "1" + "}" * levels + "\n"
    return HEAD + "    explanation: " + "[" * levels + "]" * levels + "\n"


def test_deep_nesting_is_refused_with_its_line(tmp_path: Path) -> None:
    page = good_site(tmp_path)
    files = {"quizzes/d400.yml": deep(400), "quizzes/d1000.yml": deep(1000), "quizzes/d10000.yml": deep(10000),
             "quizzes/m1000.yml": deep(1000, "mapping"), "quizzes/b100.yml": deep(100, "block"),
             "scenarios/d1000.yml": deep(1000)}
    write_tree(tmp_path, files)
    built = run_build(tmp_path, timeout=60)
    nested = "lists and mappings nested more than 20 levels deep"
    refused(built, *(f"{name}:9: {nested}" for name in files if "/b" not in name), f"quizzes/b100.yml:{10 + 17}:")  # k0 (line 10) is level 4
    assert "RecursionError" not in built.log and built.log.count(nested) == len(files)
    unchanged(tmp_path, page)


def test_twenty_levels_are_read_and_twenty_one_refused(tmp_path: Path) -> None:
    path = tmp_path / "x.yml"
    # the quiz (1), its questions (2), a question (3): 17 more lists make 20
    for extra, nested in ((17, False), (18, True)):
        for text in (deep(extra), "\ufeff" + deep(extra)):  # libyaml, then ruamel
            path.write_text(text, encoding="utf-8")
            _doc, found = parse_quiz(path, "quizzes/x.yml", "x")
            assert len(found) == 1, found
            assert ("nested more than 20 levels" in found[0].message) is nested, found
            assert found[0].line == 9


# -- 3. what the folder holds --------------------------------------------------------------------------
def test_links_folders_fifos_are_reported_as_what_they_are(tmp_path: Path) -> None:
    page = good_site(tmp_path)
    outside = tmp_path.parent / f"{tmp_path.name}-outside.yml"
    outside.write_text(GOOD_QUIZ, encoding="utf-8")
    quizzes, scenarios = tmp_path / "quizzes", tmp_path / "scenarios"
    (quizzes / "dehors.yml").symlink_to(outside)
    (quizzes / "dedans.yml").symlink_to(quizzes / "etapes.yml")  # inside the project: a quiz as any other
    (quizzes / "partage.yml").symlink_to(tmp_path / "partage.txt")
    (tmp_path / "partage.txt").write_text(GOOD_QUIZ, encoding="utf-8")
    (quizzes / "vide.yml").symlink_to(quizzes / "nulle-part.yml")
    (quizzes / "dossier.yml").mkdir()
    os.mkfifo(quizzes / "tube.yml")  # opening it would wait for a writer forever
    (quizzes / ".#etapes.yml").symlink_to("someone@host.1234")  # an editor's lock file: hidden, left out
    (scenarios / "dossier.yml").mkdir()
    (scenarios / "dehors.yml").symlink_to(outside)
    lesson = "# L\n\n" + "".join(f"[[quiz: {n}]]\n\n" for n in ("dehors", "dedans", "partage", "vide",
                                                                 "dossier", "tube")) + "[[scenario: dossier]]\n"
    (tmp_path / "course" / "liens.md").write_text(lesson, encoding="utf-8")
    built = run_build(tmp_path, timeout=60)
    link_out = "is a link to a file outside the project"
    refused(built, f"quizzes/dehors.yml: {link_out}", "quizzes/vide.yml: is a link to nothing",
            "quizzes/dossier.yml: is a folder, not a file", "quizzes/tube.yml: is not a regular file",
            f"scenarios/dehors.yml: {link_out}", "scenarios/dossier.yml: is a folder, not a file",
            "6 problems in the course files")
    assert "there is no" not in built.log and "dedans" not in built.log and "partage" not in built.log
    assert ".#etapes" not in built.log
    unchanged(tmp_path, page)


def test_a_link_inside_the_project_is_published_as_its_file(tmp_path: Path) -> None:
    write_tree(tmp_path, {"mkdocs.yml": MINIMAL_CONFIG, "course/index.md": "# A\n\n[[quiz: lien]]\n",
                          "partage/etapes.yml": GOOD_QUIZ})
    (tmp_path / "quizzes").mkdir()
    (tmp_path / "quizzes" / "lien.yml").symlink_to(Path("..", "partage", "etapes.yml"))
    built = run_build(tmp_path)
    assert built.code == 0, built.log
    assert 'data-quiz="lien"' in built.html()


def test_a_quiz_folder_outside_the_project_still_reads_its_own_files(tmp_path: Path) -> None:
    shared = tmp_path / "partage"
    (shared / "vrai").mkdir(parents=True)
    (shared / "vrai" / "etapes.yml").write_text(GOOD_QUIZ, encoding="utf-8")
    (shared / "etapes.yml").symlink_to(shared / "vrai" / "etapes.yml")
    items = documents.files(shared, tmp_path / "projet", BuildCache("", None))
    assert [item[2] for item in items if not isinstance(item, Problem)] == ["etapes"]


# -- 4. bytes that are not UTF-8 text -------------------------------------------------------------------
@pytest.mark.parametrize(("data", "message"), [
    (HEAD.encode().replace(b"text: B", b"text: B\xe9b\xe9"),
     "quizzes/x.yml:8: the file is not UTF-8 text (byte 0xe9 at column 16); save it as UTF-8"),
    (HEAD.encode().replace(b"text: B", "text: Bé".encode() + b"\xe9"),
     "quizzes/x.yml:8: the file is not UTF-8 text (byte 0xe9 at column 17); save it as UTF-8"),
    (HEAD.encode("utf-16"), "quizzes/x.yml:1: the file is not UTF-8 text (it is UTF-16 text); save it as UTF-8"),
    (HEAD.encode().replace(b"text: Q", b"text: Q\x00"),
     "quizzes/x.yml:4: the file holds a NUL byte (column 12): it is not plain text; save it as UTF-8 text"),
    (HEAD.encode().replace(b"text: Q", b"text: Q\x1b"),
     "quizzes/x.yml:4: an invisible control character (U+001B) at column 12; delete it"),
])
def test_bytes_that_are_not_text_are_located(tmp_path: Path, data: bytes, message: str) -> None:
    (tmp_path / "quizzes").mkdir()
    (tmp_path / "quizzes" / "x.yml").write_bytes(data)
    _docs, found = load_quizzes(tmp_path / "quizzes", tmp_path)
    assert [str(p) for p in found] == [message]


def test_a_file_that_is_not_utf8_stops_the_build_with_its_line(tmp_path: Path) -> None:
    page = good_site(tmp_path)
    (tmp_path / "quizzes" / "etapes.yml").write_bytes(GOOD_QUIZ.encode("latin-1", "replace"))
    built = run_build(tmp_path)
    refused(built, "quizzes/etapes.yml:1: the file is not UTF-8 text (byte 0xe9 at column 12); save it as UTF-8")
    unchanged(tmp_path, page)


# -- 5. the parser's words, and values YAML reads as something else than text -----------------------
@pytest.mark.parametrize(("text", "line", "hint"), [
    (HEAD.replace("    choices:", "   choices:"), 5, "indented less than the lines of the list or mapping above"),
    (HEAD.replace("    text: Q", "  text: Q"), 4, "indented less than the lines of the list or mapping above"),
    (HEAD.replace("      - text: B", "     - text: B"), 8, "indented less than the lines"),
    (HEAD.replace("    text: Q", "    text: Q\n      id: premiere"), 5,
     "this line is indented more than the line above it: if it is a key of its own"),
])
def test_indentation_errors_are_explained(tmp_path: Path, text: str, line: int, hint: str) -> None:
    path = tmp_path / "x.yml"
    path.write_text(text, encoding="utf-8")
    _doc, found = parse_quiz(path, "quizzes/x.yml", "x")
    assert len(found) == 1 and found[0].line == line, found
    assert found[0].message.startswith("YAML syntax error") and hint in found[0].message, found


@pytest.mark.parametrize(("before", "after", "message"), [
    ("title: x", "title: 2024-01-01",
     'quizzes/x.yml:1: `title` must be text, and YAML reads 2024-01-01 as a date; write it in quotes: '
     'title: "2024-01-01"'),
    ("text: Q", "text: true  # vrai",
     'quizzes/x.yml:4: question 1: `text` must be text, and YAML reads true as a yes-or-no value; write it in '
     'quotes: text: "true"'),
    ("text: B", "text: null",
     'quizzes/x.yml:8: question 1 › choice 2: `text` must be text, and YAML reads null as nothing (null); write '
     'it in quotes: text: "null"'),
    ("text: Q", "text: 2024-01-01 10:00:00",
     'quizzes/x.yml:4: question 1: `text` must be text, and YAML reads 2024-01-01 10:00:00 as a date; write it in '
     'quotes: text: "2024-01-01 10:00:00"'),
])
def test_a_value_yaml_reads_as_no_text_is_told_to_be_quoted(tmp_path: Path, before: str, after: str,
                                                             message: str) -> None:
    path = tmp_path / "x.yml"
    path.write_text(HEAD.replace(before, after, 1), encoding="utf-8")
    _doc, found = parse_quiz(path, "quizzes/x.yml", "x")
    assert [str(p) for p in found] == [message]


@pytest.mark.parametrize("bom", ["", "\ufeff"])  # libyaml, then ruamel
def test_numbers_where_a_text_is_expected_keep_the_text_as_written(tmp_path: Path, bom: str) -> None:
    text = (bom + "title: 2.10\nquestions:\n  - id: 007\n    type: single\n    text: 0x1F\n    points: 1.50\n"
            "    choices:\n      - text: 1.10\n        correct: true\n      - text: +1\n      - text: 1e3\n"
            "      - text: 12\n")
    path = tmp_path / "x.yml"
    path.write_text(text, encoding="utf-8")
    doc, found = parse_quiz(path, "quizzes/x.yml", "x")
    assert found == [] and doc is not None
    quiz = doc.model
    question = quiz.questions[0]
    assert (quiz.title, question.id, question.text, question.points) == ("2.10", "007", "0x1F", 1.5)
    assert [c.text for c in question.choices] == ["1.10", "+1", "1e3", "12"]


def test_a_number_too_long_to_read_is_located(tmp_path: Path) -> None:
    path = tmp_path / "x.yml"
    path.write_text(HEAD + "    points: " + "9" * 5000 + "\n", encoding="utf-8")
    _doc, found = parse_quiz(path, "quizzes/x.yml", "x")
    assert [str(p) for p in found] == [
        "quizzes/x.yml:9: a number too long to be read (thousands of digits); if it is a text, put it in quotes"]


def test_a_key_that_is_no_name_is_located(tmp_path: Path) -> None:
    path = tmp_path / "x.yml"
    path.write_text(HEAD + "    ? [a, b]\n    : c\n", encoding="utf-8")
    _doc, found = parse_quiz(path, "quizzes/x.yml", "x")
    assert [str(p) for p in found] == ["quizzes/x.yml:3: question 1: `[a, b]` cannot be a key: a key is a name "
                                       "such as `text`"]


# -- 7. the build cache -------------------------------------------------------------------------------
def test_a_hostile_file_fails_again_on_the_next_build_with_the_same_messages(tmp_path: Path) -> None:
    page = good_site(tmp_path)
    assert (tmp_path / ".cache" / "plugin" / "coursekit" / "build.cache").is_file()
    (tmp_path / "quizzes" / "etapes.yml").write_text(laughs(), encoding="utf-8")
    (tmp_path / "scenarios" / "cas.yml").write_text(deep(400), encoding="utf-8")
    (tmp_path / "quizzes" / "latin.yml").write_bytes(GOOD_QUIZ.encode("latin-1", "replace"))
    logs = []
    for _ in range(2):
        built = run_build(tmp_path)
        refused(built, f"quizzes/etapes.yml:10: {ANCHORS}", "scenarios/cas.yml:9: lists and mappings nested",
                "quizzes/latin.yml:1: the file is not UTF-8 text")
        logs.append(sorted(line for line in built.log.splitlines() if "coursekit:" in line))
        unchanged(tmp_path, page)
    assert logs[0] == logs[1]
    # in one process too (`mkdocs serve`): nothing kept from a file that failed
    (tmp_path / "quizzes" / "etapes.yml").write_text(HEAD + "    explanation: &a [x, *a]\n", encoding="utf-8")
    cache = BuildCache("", None)
    for kind, folder in ((Quizzes.files, "quizzes"), (Scenarios.files, "scenarios")):
        first = load_dir(tmp_path / folder, tmp_path, kind, cache)[1]
        assert first and load_dir(tmp_path / folder, tmp_path, kind, cache)[1] == first


def test_scenario_parser_refuses_the_same(tmp_path: Path) -> None:
    path = tmp_path / "x.yml"
    for text, message in ((laughs(3), ANCHORS), (deep(1000), "nested more than 20 levels")):
        path.write_text(text, encoding="utf-8")
        doc, found = parse_scenario(path, "scenarios/x.yml", "x")
        assert doc is None and len(found) == 1 and message in found[0].message and found[0].line
