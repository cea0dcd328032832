"""The quiz loader and validator: every error a trainer can make, with its message and line."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from conftest import load_quizzes

GOOD_QUESTION = """\
  - type: single
    text: Question
    choices:
      - text: A
        correct: true
      - text: B
"""


def problems(tmp_path: Path, **files: str) -> list[str]:
    folder = tmp_path / "quizzes"
    folder.mkdir(exist_ok=True)
    for name, text in files.items():
        (folder / f"{name}.yml").write_text(textwrap.dedent(text), encoding="utf-8")
    _docs, found = load_quizzes(folder, tmp_path)
    return [str(p) for p in found]


def one(tmp_path: Path, text: str) -> str:
    found = problems(tmp_path, etapes=text)
    assert len(found) == 1, found
    return found[0]


def test_valid_quiz_loads_with_defaults(tmp_path: Path) -> None:
    (tmp_path / "quizzes").mkdir()
    (tmp_path / "quizzes" / "etapes.yml").write_text("title: Étapes\nquestions:\n" + GOOD_QUESTION)
    docs, found = load_quizzes(tmp_path / "quizzes", tmp_path)
    assert found == []
    quiz = docs["etapes"].model
    assert quiz.pass_mark == 70 and quiz.shuffle is False and quiz.reveal is True
    assert quiz.questions[0].id == "q1" and quiz.questions[0].points == 1
    assert len(docs["etapes"].version) == 12


def test_yaml_syntax_error_has_line(tmp_path: Path) -> None:
    msg = one(tmp_path, "title: x\nquestions:\n  - type: single\n    text: [oops\n")
    assert msg.startswith("quizzes/etapes.yml:")
    assert "YAML syntax error" in msg


def test_tab_indentation_is_explained(tmp_path: Path) -> None:
    msg = one(tmp_path, "title: x\nquestions:\n  - type: single\n\ttext: y\n")
    assert msg.startswith("quizzes/etapes.yml:4: YAML syntax error")
    assert "use spaces, not tabs" in msg


def test_unquoted_colon_is_explained(tmp_path: Path) -> None:
    msg = one(tmp_path, "title: x\nquestions:\n" + GOOD_QUESTION + "    explanation: Ordre\u00a0: a, b\n")
    assert msg.startswith("quizzes/etapes.yml:9: YAML syntax error")
    assert "between quotes" in msg


def test_duplicate_key(tmp_path: Path) -> None:
    msg = one(tmp_path, "title: x\ntitle: y\nquestions:\n" + GOOD_QUESTION)
    assert msg.startswith("quizzes/etapes.yml:2:")
    assert '"title"' in msg and "twice" in msg


def test_unknown_key_suggests(tmp_path: Path) -> None:
    msg = one(tmp_path, "title: x\nshufle: true\nquestions:\n" + GOOD_QUESTION)
    assert msg == ("quizzes/etapes.yml:2: unknown key `shufle`; did you mean `shuffle`? "
                   "(allowed here: title, intro, pass_mark, shuffle, reveal, questions)")


def test_unknown_key_in_a_choice(tmp_path: Path) -> None:
    msg = one(tmp_path, """\
        title: x
        questions:
          - type: single
            text: Q
            choices:
              - text: A
                corect: true
              - text: B
                correct: true
        """)
    assert msg.startswith("quizzes/etapes.yml:7: question 1 › choice 1: unknown key `corect`; "
                          "did you mean `correct`?")


def test_unknown_key_in_a_question_knows_its_type(tmp_path: Path) -> None:
    found = problems(tmp_path, etapes="title: x\nquestions:\n  - type: fill\n    text: Q\n    answer: [a]\n")
    assert found == [
        "quizzes/etapes.yml:3: question 1: `answers` is missing",
        "quizzes/etapes.yml:5: question 1: unknown key `answer`; did you mean `answers`? "
        "(allowed here: id, text, points, explanation, tags, type, answers, ignore)",
    ]


def test_wrong_types(tmp_path: Path) -> None:
    found = problems(tmp_path, etapes="""\
        title: [x]
        shuffle: maybe
        questions:
          - type: single
            text: Q
            points: beaucoup
            choices: A, B
        """)
    assert found == [
        "quizzes/etapes.yml:1: `title` must be text (found a list)",
        "quizzes/etapes.yml:2: `shuffle` must be `true` or `false` (found 'maybe')",
        "quizzes/etapes.yml:6: question 1: `points` must be a number (found 'beaucoup')",
        "quizzes/etapes.yml:7: question 1: `choices` must be a list (lines starting with `- `), found 'A, B'",
    ]


def test_missing_and_unknown_type(tmp_path: Path) -> None:
    found = problems(tmp_path, etapes="""\
        title: x
        questions:
          - text: sans type
          - type: singel
            text: Q
        """)
    assert found == [
        "quizzes/etapes.yml:3: question 1: `type` is missing (one of: single, multiple, truefalse, fill, order, match, rewrite)",
        "quizzes/etapes.yml:4: question 2: unknown question type 'singel'; did you mean `single`? "
        "(types: single, multiple, truefalse, fill, order, match, rewrite)",
    ]


def test_choice_question_with_no_correct_choice(tmp_path: Path) -> None:
    msg = one(tmp_path, """\
        title: x
        questions:
          - type: multiple
            text: Q
            choices:
              - text: A
              - text: B
        """)
    assert msg == ("quizzes/etapes.yml:5: question 1: no choice is marked `correct: true`; "
                   "mark at least one")


def test_single_choice_with_two_correct(tmp_path: Path) -> None:
    msg = one(tmp_path, """\
        title: x
        questions:
          - id: premiere
            type: single
            text: Q
            choices:
              - {text: A, correct: true}
              - {text: B, correct: true}
        """)
    assert msg == ("quizzes/etapes.yml:6: question 1 (id 'premiere'): 2 choices are marked "
                   "`correct: true`; a single-choice question has exactly one (use `type: multiple` for several)")


def test_duplicate_question_ids(tmp_path: Path) -> None:
    msg = one(tmp_path, "title: x\nquestions:\n" + GOOD_QUESTION.replace("  - type", "  - id: a\n    type")
              + GOOD_QUESTION.replace("  - type", "  - id: a\n    type"))
    assert msg == "quizzes/etapes.yml:10: question 2 (id 'a'): duplicate question id 'a' (question 1 has it already)"


def test_empty_texts(tmp_path: Path) -> None:
    found = problems(tmp_path, etapes="""\
        title: "  "
        questions:
          - type: single
            text: ""
            choices:
              - {text: A, correct: true}
              - {text: " "}
          - type: fill
            text: Q
            answers: [""]
        """)
    assert found == [
        "quizzes/etapes.yml:1: `title` must not be empty",
        "quizzes/etapes.yml:4: question 1: `text` must not be empty",
        "quizzes/etapes.yml:7: question 1 › choice 2: `text` must not be empty",
        "quizzes/etapes.yml:10: question 2 › answer 1: this entry must not be empty",
    ]


@pytest.mark.parametrize("mark", ["120", "-5"])
def test_pass_mark_out_of_range(tmp_path: Path, mark: str) -> None:
    msg = one(tmp_path, f"title: x\npass_mark: {mark}\nquestions:\n" + GOOD_QUESTION)
    assert msg == f"quizzes/etapes.yml:2: `pass_mark` is a percentage from 0 to 100 (found {mark})"


def test_list_sizes_and_values(tmp_path: Path) -> None:
    found = problems(tmp_path, etapes="""\
        title: x
        questions:
          - type: order
            text: Q
            items: [seul]
          - type: fill
            text: Q
            answers: [a]
            ignore: [casse]
          - type: match
            text: Q
            pairs:
              - {left: a, right: b}
              - {left: a, right: c}
        """)
    assert found == [
        "quizzes/etapes.yml:5: question 1: `items` needs at least 2 entries (found 1)",
        "quizzes/etapes.yml:9: question 2 › ignore entry 1: 'casse' is not allowed in `ignore`; "
        "use one of 'case', 'accents', 'spaces' or 'punctuation'; did you mean `case`?",
        "quizzes/etapes.yml:10: question 3: the left item 'a' appears twice",
    ]


def test_all_problems_of_all_files_at_once(tmp_path: Path) -> None:
    found = problems(
        tmp_path,
        a="title: x\nquestions: []\n",
        b="",
        c="- just\n- a list\n",
        d="title: x\nquestions:\n" + GOOD_QUESTION + "    couleur: bleu\n",
    )
    assert found == [
        "quizzes/a.yml:2: `questions` needs at least 1 entry (found 0)",
        "quizzes/b.yml:1: the file is empty",
        "quizzes/c.yml:1: the file must be a mapping of keys (`title: …`, then the rest)",
        "quizzes/d.yml:9: question 1: unknown key `couleur` (allowed here: id, text, points, "
        "explanation, tags, type, choices)",
    ]


def test_file_name_must_be_an_id(tmp_path: Path) -> None:
    found = problems(tmp_path, **{"les étapes": "title: x\nquestions:\n" + GOOD_QUESTION})
    assert found == ["quizzes/les étapes.yml: the file name 'les étapes.yml' is used as an id in "
                     "lessons: use only letters, digits, '-' and '_' (no spaces or accents)"]


def test_a_changed_file_is_read_again(tmp_path: Path) -> None:
    assert problems(tmp_path, etapes="title: x\nquestions:\n" + GOOD_QUESTION) == []
    path = tmp_path / "quizzes" / "etapes.yml"
    path.write_text("title: x\nquestions: []\n# longer now\n")
    assert problems(tmp_path) == ["quizzes/etapes.yml:2: `questions` needs at least 1 entry (found 0)"]


def test_yaml_1_2_words_and_numbers_are_texts(tmp_path: Path) -> None:
    """« Non », « oui », `off` stay words (YAML 1.1 would read booleans); a number is its text."""
    (tmp_path / "quizzes").mkdir()
    (tmp_path / "quizzes" / "mots.yml").write_text(textwrap.dedent("""\
        title: Non
        questions:
          - type: single
            text: yes
            choices:
              - {text: Non, correct: true}
              - {text: off}
              - {text: 4}
        """))
    docs, found = load_quizzes(tmp_path / "quizzes", tmp_path)
    assert found == []
    quiz = docs["mots"].model
    assert (quiz.title, quiz.questions[0].text) == ("Non", "yes")
    assert [c.text for c in quiz.questions[0].choices] == ["Non", "off", "4"]
