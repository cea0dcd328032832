"""The `coursekit` command: check, schema, assets and csp, their messages and exit status."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from conftest import ROOT, write_tree
from coursekit.core import assets, csp
from coursekit.core.schema import schema
from coursekit.hosts.cli import main
from ruamel.yaml import YAML
from sites import course_scenario

QUIZ = """\
title: Essai
questions:
  - type: single
    text: Oui ?
    choices:
      - {text: Oui, correct: true}
      - {text: Non}
"""
# the course's scenario, its links to the course's lessons made plain text (the sites here have none of them)
SCENARIO = course_scenario("refus-1-remise")


def course(root: Path, config: str = "site_name: Essai\ndocs_dir: course\nplugins:\n  - coursekit\n",
           **files: str) -> Path:
    write_tree(root, {"mkdocs.yml": config, "course/index.md": "# Essai\n\n[[quiz: essai]]\n",
                      "quizzes/essai.yml": QUIZ, **files})
    return root


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


# -- check -------------------------------------------------------------------------
def test_check_passes_on_the_course_and_the_test_site(capsys, monkeypatch) -> None:
    for folder, found in ((ROOT, r"\d+ quizzes, \d+ scenarios"), (ROOT / "tests" / "site", "3 quizzes, 0 scenarios")):
        monkeypatch.chdir(folder)
        code, out, err = run(capsys, "check")
        assert (code, err) == (0, "")
        assert re.fullmatch(f"coursekit: no problem in the course files \\({found}\\)\n", out), out


def test_check_lists_every_problem_with_file_and_line(capsys, monkeypatch, tmp_path: Path) -> None:
    course(tmp_path, **{"course/index.md": "# Essai\n\n[[quiz: essai]]\n\n[[quiz: esai]]\n",
                        "quizzes/essai.yml": QUIZ.replace("text: Non", "txt: Non")})
    monkeypatch.chdir(tmp_path)
    code, out, _err = run(capsys, "check")
    assert code == 1
    assert out.splitlines() == [
        "quizzes/essai.yml:7: error: question 1 › choice 2: `text` is missing",
        "quizzes/essai.yml:7: error: question 1 › choice 2: unknown key `txt`; did you mean `text`? "
        "(allowed here: text, correct, feedback)",
        "course/index.md:5: error: [[quiz: esai]]: there is no quiz 'esai' in quizzes/",
        "coursekit: 3 errors, 0 warnings in the course files",
    ]


def test_warnings_pass_unless_strict(capsys, monkeypatch, tmp_path: Path) -> None:
    course(tmp_path, **{"quizzes/autre.yml": QUIZ})
    monkeypatch.chdir(tmp_path)
    code, out, _err = run(capsys, "check")
    assert code == 0
    assert "quizzes/autre.yml:1: warning: the quiz 'autre' is not used by any lesson" in out
    assert out.endswith("coursekit: 0 errors, 1 warning in the course files\n")
    assert run(capsys, "check", "--strict")[0] == 1


def test_check_runs_the_course_settings_cross_checks(capsys, monkeypatch, tmp_path: Path) -> None:
    """What a build checks once the lessons are read: the lessons in `counts`, the logo file, the quizzes and
    sizes of the assessments' pools; the same messages, at their line of course.yml."""
    settings = """\
organisation:
  name: Essai
  logo: images/logo.svg
counts:
  - index.md
  - lecon.md
assessments:
  finale:
    pools:
      - {quiz: esai, draw: 1}
      - {quiz: essai, draw: 5}
"""
    course(tmp_path, **{"course.yml": settings, "course/index.md": "# Essai\n\n[[quiz: essai]]\n\n[[exam: finale]]\n"})
    monkeypatch.chdir(tmp_path)
    code, out, _err = run(capsys, "check")
    assert code == 1
    assert out.splitlines() == [
        "course.yml:6: error: counts: there is no lesson 'lecon.md' in course/ (a path such as partie-1/lecon.md)",
        "course.yml:3: error: organisation › logo: there is no file 'images/logo.svg' in course/ (a path in that "
        "folder, such as images/logo.svg: the site copies its files)",
        "course.yml:10: error: assessments › finale › pool 1: there is no quiz 'esai'; did you mean `essai`?",
        "course.yml:11: error: assessments › finale › pool 2: the quiz 'essai' holds 1 question; it cannot draw 5",
        "coursekit: 4 errors, 0 warnings in the course files",
    ]
    # fixed, the course passes, as its build does
    fixed = settings.replace("  - lecon.md\n", "").replace("      - {quiz: esai, draw: 1}\n", "").replace("5", "1")
    write_tree(tmp_path, {"course.yml": fixed, "course/images/logo.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>\n"})
    assert run(capsys, "check")[:2] == (0, "coursekit: no problem in the course files (1 quiz, 0 scenarios)\n")


def test_check_reads_the_extension_options_and_env_tags(capsys, monkeypatch, tmp_path: Path) -> None:
    """Zensical's configuration: no plugin, the extension's options, `!ENV` and a Python tag."""
    config = """\
site_name: Essai
site_url: !ENV [NO_SUCH_VARIABLE, "https://example.org/"]
docs_dir: !ENV [COURSEKIT_TEST_DOCS, docs]
markdown_extensions:
  - admonition
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
  - coursekit:
      quizzes_dir: quiz-files
      scenarios_dir: plays
"""
    write_tree(tmp_path, {"sub/mkdocs.yml": config, "sub/lessons/index.md": "[[quiz: essai]]\n\n[[scenario: jeu]]\n",
                          "sub/quiz-files/essai.yml": QUIZ, "sub/plays/jeu.yml": SCENARIO})
    monkeypatch.setenv("COURSEKIT_TEST_DOCS", "lessons")
    assert run(capsys, "check", "-f", str(tmp_path / "sub" / "mkdocs.yml"))[:2] == (
        0, "coursekit: no problem in the course files (1 quiz, 1 scenario)\n")


def test_check_runs_without_mkdocs(tmp_path: Path) -> None:
    """MkDocs cannot be imported: the command reads mkdocs.yml itself."""
    course(tmp_path)
    code = ("import sys\n"
            "class NoMkDocs:\n"
            "    def find_spec(self, name, path=None, target=None):\n"
            "        if name.split('.')[0] in ('mkdocs', 'material', 'yaml'):\n"
            "            raise ImportError(name + ' is not installed')\n"
            "sys.meta_path.insert(0, NoMkDocs())\n"
            "from coursekit.hosts.cli import main\n"
            "sys.exit(main(['check']))\n")
    proc = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert (proc.returncode, proc.stdout, proc.stderr) == (
        0, "coursekit: no problem in the course files (1 quiz, 0 scenarios)\n", "")


@pytest.mark.parametrize("config,message", [
    (None, "coursekit: no mkdocs.yml in the current folder; run the command where it is, or give it with -f FILE\n"),
    ("site_name: [Essai\n", "coursekit: mkdocs.yml:2: YAML syntax error: "),
    ("- a list\n", "coursekit: mkdocs.yml: expected a mapping of settings (`site_name: …`)\n"),
    ("docs_dir: nowhere\n", "coursekit: the lessons' folder nowhere/ does not exist (docs_dir in mkdocs.yml)\n"),
])
def test_check_cannot_run(capsys, monkeypatch, tmp_path: Path, config: str | None, message: str) -> None:
    if config is not None:
        (tmp_path / "mkdocs.yml").write_text(config, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "check")
    assert (code, out) == (2, "")
    assert err.startswith(message) and "Traceback" not in err


def test_the_console_script_and_its_help() -> None:
    script = Path(sys.executable).parent / "coursekit"
    for command in ("check", "schema", "assets", "csp"):
        proc = subprocess.run([str(script), command, "--help"], capture_output=True, text=True, timeout=60)
        assert proc.returncode == 0 and "exit status: 0 done" in proc.stdout, proc.stderr
    proc = subprocess.run([str(script)], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2 and "required: COMMAND" in proc.stderr


# -- schema ------------------------------------------------------------------------
def validator(kind: str) -> jsonschema.Draft202012Validator:
    found = schema(kind)
    jsonschema.Draft202012Validator.check_schema(found)
    return jsonschema.Draft202012Validator(found)


@pytest.mark.parametrize("kind,folders", [
    ("quiz", [ROOT / "quizzes", ROOT / "tests" / "site" / "quizzes"]),
    ("scenario", [ROOT / "scenarios"]),
])
def test_the_course_files_validate_against_their_schema(kind: str, folders: list[Path]) -> None:
    check = validator(kind)
    files = [path for folder in folders for path in sorted(folder.glob("*.yml"))]
    assert files
    for path in files:
        errors = [error.message for error in check.iter_errors(YAML(typ="safe").load(path))]
        assert errors == [], path


def test_the_schema_refuses_what_the_checks_refuse_and_takes_what_they_take() -> None:
    check = validator("quiz")
    quiz = YAML(typ="safe").load(QUIZ)
    assert check.is_valid(quiz)
    assert not check.is_valid({**quiz, "titel": "x"})  # an unknown key
    question = quiz["questions"][0]
    assert not check.is_valid({**quiz, "questions": [{**question, "corect": True}]})
    assert not check.is_valid({**quiz, "questions": [{**question, "type": "singel"}]})
    assert not check.is_valid({**quiz, "pass_mark": 120})
    fill = {"type": "fill", "text": "Capitale ?", "answers": "Paris"}  # one answer, as a text
    assert check.is_valid({**quiz, "questions": [fill]})
    assert check.is_valid({**quiz, "questions": [{**fill, "answers": [2024]}]})  # a number stands for a text
    assert not validator("scenario").is_valid({**YAML(typ="safe").load(SCENARIO), "characters": []})


def test_schema_printed_or_written(capsys, tmp_path: Path) -> None:
    code, out, _err = run(capsys, "schema", "quiz")
    assert code == 0 and json.loads(out) == schema("quiz")
    code, out, _err = run(capsys, "schema", "-o", str(tmp_path / "schemas"))
    assert code == 0
    for kind in ("quiz", "scenario"):
        written = tmp_path / "schemas" / f"{kind}.schema.json"
        assert json.loads(written.read_text(encoding="utf-8")) == schema(kind)
    assert run(capsys, "schema")[0] == 2


# -- assets ------------------------------------------------------------------------
def test_assets_written_listed_and_the_old_ones_removed(capsys, monkeypatch, tmp_path: Path) -> None:
    course(tmp_path, "site_name: Essai\ndocs_dir: course\ntheme:\n  name: material\n  language: fr\n")
    old = tmp_path / "course" / "assets" / "coursekit" / "coursekit.00000000.js"
    old.parent.mkdir(parents=True)
    old.write_text("old", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, out, _err = run(capsys, "assets", "course")
    built = assets.build("fr")
    assert code == 0 and not old.exists()
    for name, content in built.items():
        assert (tmp_path / "course" / name).read_text(encoding="utf-8") == content
    script, style = sorted(built, key=lambda n: not n.endswith(".js"))
    assert out.endswith(f"extra_javascript:\n  - {script}\nextra_css:\n  - {style}\n")
    assert run(capsys, "assets", "elsewhere")[1].count("is not the lessons' folder of mkdocs.yml (course)") == 1


# -- csp ---------------------------------------------------------------------------
PAGE = """<!doctype html>
<html><head><script>var theme = 1;</script>
<script id="__config" type="application/json">{"a": 1}</script></head>
<body><article class="md-content__inner md-typeset">
<h1>Leçon</h1>
<article><p>nested</p></article>
<script>alert("lesson")</script>
</article>
<script>var footer = 2;</script></body></html>
"""


def test_csp_allows_the_theme_and_reports_the_lesson(capsys, tmp_path: Path) -> None:
    write_tree(tmp_path, {"site/index.html": PAGE, "site/plain.html": "<p>x</p><script>var other = 3;</script>"})
    code, out, _err = run(capsys, "csp", str(tmp_path / "site"), "--frame-ancestors", "'self'",
                          "https://lms.example.com")
    assert code == 0
    policy = (tmp_path / "site" / "csp-policy.txt").read_text(encoding="utf-8").strip()
    allowed = set(csp.HASH.findall(policy))
    assert allowed == {csp.source("var theme = 1;"), csp.source("var footer = 2;"), csp.source("var other = 3;")}
    assert policy.endswith("frame-ancestors 'self' https://lms.example.com")
    site = (tmp_path / "site").as_posix()
    assert f"{site}/index.html:7: warning: an inline <script> in the page's content" in out
    assert f"{site}/plain.html: warning: no content element found" in out
    assert f"Content-Security-Policy: {policy}" in (tmp_path / "site" / "_headers").read_text(encoding="utf-8")


def test_csp_of_a_built_site_is_the_plugins(capsys, tmp_path: Path) -> None:
    """On the test site as MkDocs built it, the command finds the policy that the plugin wrote."""
    root = tmp_path / "course"
    shutil.copytree(ROOT / "tests" / "site", root, symlinks=False, ignore=shutil.ignore_patterns(".cache", "site"))
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=root, capture_output=True, text=True,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, timeout=120)
    assert proc.returncode == 0, proc.stderr
    written = (root / "site" / "csp-policy.txt").read_text(encoding="utf-8")
    (root / "site" / "csp-policy.txt").unlink()
    assert run(capsys, "csp", str(root / "site"))[0] == 0
    assert (root / "site" / "csp-policy.txt").read_text(encoding="utf-8") == written


@pytest.mark.parametrize("args,message", [
    (["--frame-ancestors", "self"], "--frame-ancestors: 'self' needs its single quotes"),
    (["--style-src", "'unsafe-inline'"], "--style-src: \"'unsafe-inline'\" is not a hash"),
])
def test_csp_refuses_wrong_sources(capsys, tmp_path: Path, args: list[str], message: str) -> None:
    (tmp_path / "site").mkdir()
    code, _out, err = run(capsys, "csp", str(tmp_path / "site"), *args)
    assert code == 2 and message in err
    assert run(capsys, "csp", str(tmp_path / "nothing"))[0] == 2
