"""Property tests: whatever bytes a quiz or scenario file holds, the loader gives a model or its problems.

The files start from the course's own quizzes and scenarios, then are mutated the way a
trainer's editor (or a hostile hand) may leave them: lines deleted, duplicated, swapped or
re-indented, characters that mean something to YAML inserted (`&`, `*`, `[`, `{`, `:`, tabs,
NUL), bytes that are not UTF-8, values of another type. Each outcome must be a model, or a
non-empty list of problems each naming the file with a line, never an exception.
Derandomized and without a database, so that the suite gives the same verdict every run.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

# Hypothesis keeps caches (no database: see SETTINGS) outside the project
os.environ.setdefault("HYPOTHESIS_STORAGE_DIRECTORY", os.path.join(tempfile.gettempdir(), "coursekit-hypothesis"))

import pytest  # noqa: E402
from coursekit.core import yaml as loader  # noqa: E402
from coursekit.core.problems import Problem  # noqa: E402
from coursekit.quiz.check import parse_quiz  # noqa: E402
from coursekit.scenario.check import parse_scenario  # noqa: E402
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
QUIZZES = [p.read_bytes() for p in sorted((ROOT / "quizzes").glob("*.yml"))]
SCENARIOS = [p.read_bytes() for p in sorted((ROOT / "scenarios").glob("*.yml"))]

SETTINGS = settings(max_examples=250, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# What YAML reads as syntax, and what is not text at all.
SPECIAL = ["&", "*", "[", "]", "{", "}", ":", ": ", "\t", "\x00", "!", "|", ">", "-", "- ", "#", "'", '"',
           "?", ",", "%", "@", "`", "\r", "\n", " ", "  ", "&a ", "*a", "&a [x, *a]", "\u00a0", "\u2028",
           "\ufeff", "\x07", "é", "…", "---\n", "...\n", "<<: ", "!!str ", "!!python/object:os.system "]
BAD_BYTES = [b"\xe9", b"\xff", b"\xc3", b"\xed\xa0\x80", b"\xfe\xff", b"\x00", b"\xf0\x9f"]
VALUES = ["[x]", "[]", "{a: 1}", "{}", "true", "false", "12", "-3.5", "1e999", ".nan", "null", "~", "",
          "2024-01-01", "2024-01-01 10:00:00", "12:30", "yes", "'quoted'", '"q\\"uoted"', "&a x", "*a",
          "[[[[[[[[[[[[[[[[[[[[[[[[x]]]]]]]]]]]]]]]]]]]]]]]", "|\n  bloc", ">-\n  plié", "1" * 5000,
          "!!binary aGVsbG8=", "!foo bar", "? a", "0x1F", "0o17", "+1", "- a\n- b"]


@st.composite
def mutated(draw: st.DrawFn, sources: list[bytes]) -> bytes:
    """One of `sources` (its first lines: a long file only makes each example slower), changed one to four
    times."""
    data = b"\n".join(draw(st.sampled_from(sources)).split(b"\n")[: draw(st.integers(8, 50))])
    for _ in range(draw(st.integers(1, 4))):
        lines = data.split(b"\n")
        i = draw(st.integers(0, len(lines) - 1))
        j = draw(st.integers(0, len(lines) - 1))
        op = draw(st.sampled_from(["delete", "duplicate", "swap", "indent", "dedent", "tab", "insert",
                                   "bytes", "value", "value", "truncate"]))
        if op == "delete":
            del lines[i]
        elif op == "duplicate":
            lines.insert(j, lines[i])
        elif op == "swap":
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "indent":
            lines[i] = b" " * draw(st.integers(1, 5)) + lines[i]
        elif op == "dedent":
            lines[i] = lines[i][draw(st.integers(1, 5)):] if lines[i].startswith(b" ") else lines[i]
        elif op == "tab":
            lines[i] = b"\t" + lines[i].lstrip(b" ")
        elif op == "insert":
            extra = draw(st.sampled_from(SPECIAL) | st.text(max_size=3)).encode("utf-8", "surrogatepass")
            at = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:at] + extra + lines[i][at:]
        elif op == "bytes":
            at = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:at] + draw(st.sampled_from(BAD_BYTES)) + lines[i][at:]
        elif op == "value" and b": " in lines[i]:
            key = lines[i].split(b": ", 1)[0]
            lines[i] = key + b": " + draw(st.sampled_from(VALUES)).encode()
        elif op == "truncate":
            lines = lines[:i] + [lines[i][: draw(st.integers(0, len(lines[i])))]]
        data = b"\n".join(lines) if lines else b""
    return data


# Small files from scratch: keys of the formats, and YAML's punctuation.
PIECES = ["title", "questions", "type", "single", "text", "choices", "correct", "true", "nodes", "id", "replies",
          "next", "ending", "characters", "player", "outcome", "kept", "points", "x", "1", ":", ": ", "- ", "\n",
          "  ", "[", "]", "{", "}", ",", "&a", "*a", "!", "#", "'", '"', "|", ">", "?", "\t", "\x00", "é"]
SCRATCH = st.lists(st.sampled_from(PIECES), max_size=40).map(lambda parts: "".join(parts).encode("utf-8"))


@pytest.fixture(scope="module")
def folder() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as name:
        yield Path(name)


def check(parse: Callable[[Path, str, str], tuple[Any, list[Problem]]], folder: Path, data: bytes) -> None:
    path = folder / "cas.yml"
    path.write_bytes(data)
    display = "dossier/cas.yml"
    doc, problems = parse(path, display, "cas")
    assert isinstance(problems, list)
    text = data.decode("utf-8", "replace")
    count = sum(text.count(brk) for brk in "\n\r\x85\u2028\u2029") + 1  # YAML's line breaks
    for problem in problems:
        assert isinstance(problem, Problem)
        assert problem.file == display
        assert problem.message and isinstance(problem.message, str)
        assert "Traceback" not in problem.message
        assert problem.line is not None, problem  # every problem of a file's content has its place
        assert 1 <= problem.line <= count, (problem, count)
    if doc is None:
        assert [p for p in problems if p.level == "error"], "a file refused without an error"
    else:  # a scenario's model comes with the problems of its graph, if any
        assert doc.version and doc.model is not None


def same_reading(data: bytes) -> None:
    """Where the fast reader (libyaml) reads a file, ruamel reads the same values at the same lines."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return
    fast = loader._read_fast(text)
    if fast is None:
        return
    from ruamel.yaml import YAML
    yaml = YAML(typ="rt")
    yaml.Composer = loader._Composer
    slow = yaml.load(text)
    assert loader._plain(slow) == fast[0]
    assert loader._index_lines(slow) == fast[1]


@SETTINGS
@given(data=mutated(QUIZZES))
def test_any_mutated_quiz_gives_a_model_or_located_problems(folder: Path, data: bytes) -> None:
    check(parse_quiz, folder, data)
    same_reading(data)


@SETTINGS
@given(data=mutated(SCENARIOS))
def test_any_mutated_scenario_gives_a_model_or_located_problems(folder: Path, data: bytes) -> None:
    check(parse_scenario, folder, data)
    same_reading(data)


@settings(SETTINGS, max_examples=200)
@given(data=SCRATCH)
def test_any_small_file_gives_a_model_or_located_problems(folder: Path, data: bytes) -> None:
    check(parse_quiz, folder, data)
    check(parse_scenario, folder, data)
    same_reading(data)
