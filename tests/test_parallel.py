"""A first build with many quiz files: worker processes check and render them, with the same result."""

from __future__ import annotations

import shutil
from pathlib import Path

from test_build import QUIZ
from test_cache import pages

COUNT = 40  # above parallel.MIN_FILES


def course(processes: int) -> dict[str, str]:
    files = {"mkdocs.yml": (
        "site_name: T\nsite_url: http://127.0.0.1:8000/\ndocs_dir: course\n"
        "theme:\n  name: material\n  language: fr\n  font: false\n"
        f"plugins:\n  - coursekit:\n      processes: {processes}\n"),
        "course/index.md": "# Accueil\n\n" + "".join(f"[[quiz: q{n:02}]]\n\n" for n in range(COUNT))}
    for n in range(COUNT):
        files[f"quizzes/q{n:02}.yml"] = QUIZ.replace("Les étapes", f"Les étapes {n}").replace(
            "Le mode…", f"Le mode n° {n}…")
    return files


def test_workers_give_the_site_one_process_gives(build, tmp_path: Path) -> None:
    alone = build(course(1), "-v")
    assert alone.code == 0, alone.log
    assert "processes" not in alone.log
    expected = pages(alone.site)
    shutil.rmtree(tmp_path / ".cache")
    shared = build(course(2), "-v")
    assert shared.code == 0, shared.log
    assert f"{COUNT} of {COUNT} quiz files checked and rendered by 2 processes" in shared.log
    assert pages(shared.site) == expected
    assert "Le mode n° 39…" in shared.text()


def test_an_invalid_file_is_reported_as_without_workers(build, tmp_path: Path) -> None:
    files = course(2)
    files["quizzes/q07.yml"] = files["quizzes/q07.yml"].replace("    type: fill\n", "    type: fil\n")
    shared = build(files, "-v")
    assert shared.code == 1
    assert f"{COUNT - 1} of {COUNT} quiz files checked and rendered by 2 processes" in shared.log
    assert "quizzes/q07.yml:14: question 2 (id 'mot'): unknown question type 'fil'" in shared.log
    assert "Traceback" not in shared.log
    assert not (tmp_path / "site").exists()
