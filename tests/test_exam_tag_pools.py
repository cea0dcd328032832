"""A quiz file whose questions an exam draws only by tag is used by the exam's page.

The course's final assessment is such a file: `quizzes/evaluation-finale.yml` holds the questions
that course.yml's pools draw by objective (`tag: obj-…`), and no lesson embeds it. Before, the
build called it unused, a warning that `--strict` turns into a failure.
"""

from __future__ import annotations

from collections.abc import Callable

from conftest import Built

FILES = {
    "course.yml": """\
        assessments:
          finale:
            pools:
              - {tag: final, draw: 1}
        """,
    "course/un.md": "# Un\n\n[[quiz: un]]\n",
    "course/examen.md": "# Examen\n\n[[exam: finale]]\n",
    "quizzes/un.yml": """\
        title: Un
        questions:
          - {id: a, type: single, text: A ?, choices: [{text: Oui, correct: true}, {text: Non}]}
        """,
    # embedded by no lesson: the exam draws its one question by tag
    "quizzes/reserve.yml": """\
        title: Réserve
        questions:
          - {id: b, type: single, tags: [final], text: B ?, choices: [{text: Oui, correct: true}, {text: Non}]}
          - {id: c, type: single, text: C ?, choices: [{text: Oui, correct: true}, {text: Non}]}
        """,
}


def test_a_quiz_drawn_by_tag_is_used(build: Callable[..., Built]) -> None:
    built = build(FILES, "--strict")
    assert built.code == 0, built.log
    assert "reserve" not in built.log
    assert 'data-draws="1"' in built.html("examen/index.html")


def test_a_quiz_no_pool_draws_from_is_still_unused(build: Callable[..., Built]) -> None:
    files = {**FILES, "course.yml": FILES["course.yml"].replace("tag: final", "tag: autre")}
    files["quizzes/un.yml"] = files["quizzes/un.yml"].replace("text: A ?", "tags: [autre], text: A ?")
    built = build(files, "--strict")
    assert built.code != 0
    assert "quizzes/reserve.yml:1: the quiz 'reserve' is not used by any lesson" in built.log
