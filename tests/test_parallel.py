"""A first build with many quiz files: worker processes check and render them, with the same result."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import MINIMAL_CONFIG
from coursekit.csp import inline_script_hashes
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
    assert "worker process" not in alone.log
    expected = pages(alone.site)
    for processes, workers in ((2, "1 worker process"), (3, "2 worker processes")):
        shutil.rmtree(tmp_path / ".cache")
        shared = build(course(processes), "-v")
        assert shared.code == 0, shared.log
        assert f"{COUNT} of {COUNT} quiz files checked and rendered by {workers} while the lessons were read" \
            in shared.log
        assert pages(shared.site) == expected
        assert "Le mode n° 39…" in shared.text()
    # the workers' results went into the build cache: the next build finds no file to give them
    again = build(course(3), "-v")
    assert pages(again.site) == expected and "worker process" not in again.log


def test_an_answer_key_waits_for_the_workers(build, tmp_path: Path) -> None:
    files = course(1)
    files["course/guide.md"] = "# Guide\n\n[[answers: *]]\n"
    alone = build(files)
    assert alone.code == 0, alone.log
    expected = pages(alone.site)
    shutil.rmtree(tmp_path / ".cache")
    files["mkdocs.yml"] = files["mkdocs.yml"].replace("processes: 1", "processes: 2")
    shared = build(files, "-v")
    assert shared.code == 0, shared.log
    assert "1 worker process" in shared.log
    assert pages(shared.site) == expected
    assert "Les étapes 39" in shared.text("guide/index.html")


def test_problems_of_the_lessons_and_of_the_workers_come_together(build, tmp_path: Path) -> None:
    files = course(2)
    files["quizzes/q07.yml"] = files["quizzes/q07.yml"].replace("    type: fill\n", "    type: fil\n")
    files["course/autre.md"] = "# Autre\n\n[[quiz: q7]]\n"
    shared = build(files)
    assert shared.code == 1
    assert "quizzes/q07.yml:14: question 2 (id 'mot'): unknown question type 'fil'" in shared.log
    assert "course/autre.md:3: [[quiz: q7]]: there is no quiz 'q7'" in shared.log
    assert "2 problems in the course files" in shared.log
    assert not (tmp_path / "site").exists()


def test_an_invalid_file_is_reported_as_without_workers(build, tmp_path: Path) -> None:
    files = course(2)
    files["quizzes/q07.yml"] = files["quizzes/q07.yml"].replace("    type: fill\n", "    type: fil\n")
    shared = build(files, "-v")
    assert shared.code == 1
    assert f"{COUNT - 1} of {COUNT} quiz files checked and rendered by 1 worker process while the lessons were read" \
        in shared.log
    assert "quizzes/q07.yml:14: question 2 (id 'mot'): unknown question type 'fil'" in shared.log
    assert "Traceback" not in shared.log
    assert not (tmp_path / "site").exists()


def test_a_helper_hashes_the_inline_scripts_of_a_large_site(build, tmp_path: Path) -> None:
    # The theme writes an inline script of its own on each page; a lesson's inline script is never allowed
    config = MINIMAL_CONFIG.replace("  - coursekit\n", "  - coursekit:\n      processes: 1\n")
    files = {"mkdocs.yml": config.replace("  font: false\n", "  font: false\n  custom_dir: overrides\n"),
             "overrides/main.html": '{% extends "base.html" %}{% block scripts %}{{ super() }}'
                                    '<script>console.log("{{ page.url }}")</script>{% endblock %}',
             "course/index.md": "# Accueil\n\n<script>console.log('lesson')</script>\n"}
    for n in range(200):
        files[f"course/page-{n:02}.md"] = f"# Page {n}\n"
    alone = build(files, "-v")
    assert alone.code == 0, alone.log
    assert "helper process" not in alone.log
    expected = (alone.site / "csp-policy.txt").read_text()
    assert expected.count("'sha256-") >= 200
    assert inline_script_hashes("<script>console.log('lesson')</script>").pop() not in expected
    files["mkdocs.yml"] = files["mkdocs.yml"].replace("processes: 1", "processes: 2")
    helped = build(files, "-v")
    assert helped.code == 0, helped.log
    assert "the inline scripts of the pages are hashed by a helper process" in helped.log
    assert (helped.site / "csp-policy.txt").read_text() == expected
