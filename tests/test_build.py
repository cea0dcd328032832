"""Tiny sites built in a temporary folder: what the plugin writes, and what it refuses."""

from __future__ import annotations

import base64
import gzip
import hashlib
import html
import json
import re
from pathlib import Path

import pytest
from conftest import TRAINER, TRAINER_CONFIG
from coursekit import i18n
from coursekit.core.csp import inline_script_hashes

QUIZ = """\
title: Les étapes
questions:
  - id: premiere
    type: single
    text: La première étape ?
    choices:
      - text: Savoir pourquoi
        feedback: Plutôt la dernière.
      - text: Les refus sont naturels
        correct: true
        feedback: SECRET-FEEDBACK
    explanation: SECRET-EXPLANATION
  - id: mot
    type: fill
    text: Le mode…
    answers: [autruche]
  - id: ordre
    type: order
    text: Dans l’ordre
    items: [Un, Deux, Trois]
  - id: paires
    type: match
    text: Associez
    pairs:
      - {left: A, right: Alpha}
      - {left: B, right: Bravo}
"""

LESSON = """\
# Leçon

Du texte.

[[quiz: etapes]]

```markdown
[[quiz: exemple-dans-du-code]]
```

    [[quiz: exemple-indente]]

En ligne : `[[quiz: exemple-en-ligne]]`.
"""


def site(**extra: str) -> dict[str, str]:
    return {"course/index.md": "# Accueil\n", "course/lecon.md": LESSON, "quizzes/etapes.yml": QUIZ, **extra}


def test_quiz_is_rendered_and_code_is_left_alone(build) -> None:
    built = build(site())
    assert built.code == 0, built.log
    html = built.html("lecon/index.html")
    assert html.count("<ck-quiz ") == 1
    assert 'data-quiz="etapes"' in html
    assert "<fieldset" in html and "<legend" in html
    assert "[[quiz: exemple-dans-du-code]]" in html
    assert "[[quiz: exemple-indente]]" in html
    assert "<code>[[quiz: exemple-en-ligne]]</code>" in html
    assert "<p><ck-quiz" not in html  # a block, not inside a paragraph


def test_widgets_write_characters_beyond_latin_1_as_references(build) -> None:
    # A page whose text is Latin-1 stays one byte a character in memory (see Renderer.html).
    quiz = QUIZ.replace("Le mode…", "L’écoute — « œuvre » ✓ 🙂")
    built = build(site(**{"quizzes/etapes.yml": quiz}))
    assert built.code == 0, built.log
    html = built.html("lecon/index.html")
    widget = html[html.index("<ck-quiz "): html.index("</ck-quiz>")]
    assert max(map(ord, widget)) <= 0xFF
    assert "L&#8217;écoute &#8212; « &#339;uvre » &#10003; &#128578;" in widget
    assert "L’écoute — « œuvre » ✓ 🙂" in built.text("lecon/index.html")


def test_same_quiz_twice_on_a_page_gets_distinct_ids(build) -> None:
    built = build(site(**{"course/lecon.md": "# L\n\n[[quiz: etapes]]\n\n[[quiz: etapes]]\n"}))
    html = built.html("lecon/index.html")
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids))
    assert 'id="ck-etapes"' in html and 'id="ck-etapes-2"' in html


def test_without_the_plugin_the_marker_stays_visible(build) -> None:
    config = "site_name: T\ndocs_dir: course\ntheme:\n  name: material\n  font: false\n"
    built = build(site(**{"mkdocs.yml": config}))
    assert built.code == 0, built.log
    assert "<p>[[quiz: etapes]]</p>" in built.html("lecon/index.html")


def test_works_with_pymdownx_and_jinja_macros(build) -> None:
    pytest.importorskip("mkdocs_macros")
    config = (
        "site_name: T\ndocs_dir: course\ntheme:\n  name: material\n  font: false\n"
        "plugins:\n  - macros\n  - coursekit\n"
        "markdown_extensions:\n  - admonition\n  - attr_list\n  - md_in_html\n  - pymdownx.details\n"
        "  - pymdownx.superfences\n  - pymdownx.tabbed:\n      alternate_style: true\n"
        "  - pymdownx.highlight\n  - pymdownx.inlinehilite\n  - pymdownx.snippets\n  - pymdownx.mark\n"
    )
    lesson = (
        "# L\n\nDeux et deux font {{ 2 + 2 }}.\n\n!!! note \"À retenir\"\n    Une note.\n\n"
        "=== \"Onglet\"\n\n    Dans un onglet.\n\n[[quiz: etapes]]\n\n"
        "```yaml\n[[quiz: dans-superfences]]\n```\n"
    )
    built = build(site(**{"mkdocs.yml": config, "course/lecon.md": lesson}))
    assert built.code == 0, built.log
    html = built.html("lecon/index.html")
    assert "font 4." in html
    assert 'class="admonition note"' in html and "tabbed-set" in html
    assert html.count("<ck-quiz ") == 1
    assert "dans-superfences" in html


def test_unknown_quiz_fails_with_file_line_and_writes_nothing(build, tmp_path: Path) -> None:
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "earlier.html").write_text("previous build")
    built = build(site(**{"course/lecon.md": "# L\n\nTexte.\n\n[[quiz: etapse]]\n"}))
    assert built.code == 1
    assert "course/lecon.md:5: [[quiz: etapse]]: there is no quiz 'etapse' in quizzes/; did you mean `etapes`?" in built.log
    assert "Traceback" not in built.log
    assert (tmp_path / "site" / "earlier.html").read_text() == "previous build"
    assert sorted(p.name for p in (tmp_path / "site").iterdir()) == ["earlier.html"]


def test_all_problems_of_a_build_at_once(build) -> None:
    built = build(site(**{
        "course/autre.md": "# A\n\n[[quiz: inconnu]]\n",
        "quizzes/casse.yml": "title: x\nquestions:\n  - type: single\n    text: Q\n    choices: [{text: a}, {text: b}]\n",
        "quizzes/syntaxe.yml": "title: [x\n",
    }))
    assert built.code == 1
    for expected in (
        "ERROR   -  coursekit: quizzes/casse.yml:5: question 1: no choice is marked `correct: true`",
        "ERROR   -  coursekit: quizzes/syntaxe.yml:2: YAML syntax error",
        "ERROR   -  coursekit: course/autre.md:3: [[quiz: inconnu]]: there is no quiz 'inconnu'",
        "3 problems in the course files (listed above); nothing was built.",
    ):
        assert expected in built.log
    assert "Traceback" not in built.log


def test_unused_quiz_is_a_warning_and_fails_strict(build) -> None:
    files = site(**{"quizzes/orphelin.yml": QUIZ})
    built = build(files)
    assert built.code == 0
    assert ("WARNING -  coursekit: quizzes/orphelin.yml:1: the quiz 'orphelin' is not used by any "
            "lesson; embed it with [[quiz: orphelin]] or delete the file") in built.log
    strict = build(files, "--strict")
    assert strict.code == 1
    assert "Aborted with 1 warnings in strict mode!" in strict.log


def test_correct_answers_and_feedback_are_not_in_the_page(build) -> None:
    built = build(site())
    html = built.html("lecon/index.html")
    quiz = html[html.index("<ck-quiz"): html.index("</ck-quiz>")]
    for secret in ("data-correct", "correct", "autruche", "SECRET-FEEDBACK", "SECRET-EXPLANATION",
                   "Plutôt la dernière"):
        assert secret not in quiz
    # the choices are shown in the file's order; nothing marks the right one
    assert quiz.index("Savoir pourquoi") < quiz.index("Les refus sont naturels")
    # the ordering items are not shown in their correct order
    items = re.findall(r'<span class="ck-order__text">(\w+)</span>', quiz)
    assert sorted(items) == ["Deux", "Trois", "Un"] and items != ["Un", "Deux", "Trois"]


def test_one_script_and_one_stylesheet_for_the_whole_site(build) -> None:
    with_plugin = build(site())
    folder = with_plugin.site / "assets" / "coursekit"
    # beside them, the course's manifest (data the script fetches where progress is shown)
    files = sorted(p.name for p in folder.iterdir() if not p.name.startswith("course."))
    assert sorted(name.rsplit(".", 1)[1] for name in files) == ["css", "js"]
    assert len(list(folder.glob("course.*.json"))) == 1
    size = sum(len(gzip.compress((folder / name).read_bytes(), 9)) for name in files)
    assert size <= 16 * 1024, f"{size} bytes gzipped"
    for page in ("index.html", "lecon/index.html"):
        html = with_plugin.html(page)
        assert all(f"assets/coursekit/{name}" in html for name in files)


def test_a_widgets_own_strings_are_in_its_html_not_in_the_shared_script(build) -> None:
    """A string that one widget's script alone reads goes in that widget's HTML; one that two
    scripts read (two widgets', or a widget's and the quiz's) stays in the script every page loads."""
    from coursekit.core import assets
    sources = {"quiz": 'T.score; T["mark_" + kind]; kind === "wrong"', "exam": "T.score; T.ex_try; ck.t.ex_both",
               "progress": 'T.ex_both; T.pg_percent; const s = { done: [T.pg_done] }', "journey": "T.pg_start"}
    keys = ["score", "mark_wrong", "mark_right", "ex_try", "ex_both", "pg_percent", "pg_done", "pg_start", "pg_todo"]
    assert assets.owners(sources, keys) == {
        "score": None, "mark_wrong": None, "ex_both": None, "pg_start": None,  # the script's
        "ex_try": "exam", "pg_percent": "progress", "pg_done": "progress"}  # a widget's own
    # the real sources
    script = next(v for k, v in assets.build("fr").items() if k.endswith(".js"))
    shared, _end = json.JSONDecoder().raw_decode(script, script.index('{"lang"'))
    assert {"question", "missing", "score", "pg_best_score", "pg_continue", "pg_done_mark"} <= set(shared)
    exam, progress = assets.widget_strings("fr", "exam"), assets.widget_strings("fr", "progress")
    assert {"ex_try", "ex_left", "ex_used"} <= set(exam) and {"pg_percent", "pg_exported", "sc_kept"} <= set(progress)
    for widget in assets.WIDGETS:
        own = assets.widget_strings("fr", widget)
        assert own and not set(own) & set(shared), widget
        code = (assets.HERE / f"{widget}.js").read_text(encoding="utf-8")
        assert assets.reads(code, i18n.strings("fr")) <= set(own) | set(shared), widget  # nothing left out
    # the template of each carries them, as JSON in an attribute
    built = build(site(**{"course/examen.md": "# Examen\n\n[[exam: finale]]\n", "course/progression.md": "# P\n\n[[progress]]\n",
                          "course.yml": "assessments:\n  finale:\n    pools:\n      - {quiz: etapes, draw: 2}\n"}))
    assert built.code == 0, built.log
    for page, tag, widget in (("examen", "ck-exam", "exam"), ("progression", "ck-progress", "progress")):
        found = re.search(rf"<{tag}\b[^>]* data-strings='([^']*)'", built.html(f"{page}/index.html"))
        assert found and json.loads(html.unescape(found.group(1))) == assets.widget_strings("fr", widget)


def test_the_plugin_adds_no_inline_script_style_or_handler(build, tmp_path: Path) -> None:
    built = build(site())
    html = built.html("lecon/index.html")
    quiz = html[html.index("<ck-quiz"): html.index("</ck-quiz>")]
    assert "<script" not in quiz and "<style" not in quiz
    assert not re.search(r"\sstyle=", quiz)
    assert not re.search(r"\son[a-z]+=", quiz)
    plain_config = "site_name: Test\nsite_url: http://127.0.0.1:8000/\ndocs_dir: course\ntheme:\n  name: material\n  language: fr\n  font: false\n"
    (tmp_path / "plain").mkdir()
    from conftest import build_tree
    plain = build_tree(tmp_path / "plain", {**site(), "mkdocs.yml": plain_config})
    assert inline_script_hashes(plain.html("lecon/index.html")) == inline_script_hashes(html)


def test_csp_lists_the_hash_of_every_inline_script(build) -> None:
    built = build(site())
    policy = (built.site / "csp-policy.txt").read_text().strip()
    assert policy.startswith("default-src 'self'; script-src 'self' 'sha256-")
    assert "unsafe-inline" not in policy and "style-src 'self'" in policy
    scripts = 0
    for page in built.site.rglob("*.html"):
        for attrs, body in re.findall(r"<script\b([^>]*)>(.*?)</script>", page.read_text(), re.DOTALL):
            if "src=" in attrs or "application/json" in attrs:
                continue
            digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
            assert f"'sha256-{digest}'" in policy
            scripts += 1
    assert scripts > 0
    assert f'add_header Content-Security-Policy "{policy}" always;' in (built.site / "csp-nginx.conf").read_text()
    assert (built.site / "_headers").read_text() == f"/*\n  Content-Security-Policy: {policy}\n"


def test_csp_can_be_turned_off(build) -> None:
    config = "site_name: T\ndocs_dir: course\ntheme:\n  name: material\n  font: false\nplugins:\n  - coursekit:\n      csp: false\n"
    built = build(site(**{"mkdocs.yml": config}))
    assert built.code == 0 and not (built.site / "csp-policy.txt").exists()


def test_interface_follows_the_theme_language(build) -> None:
    french = build(site())
    assert "Valider" in french.html("lecon/index.html")
    assert "Question\u00a01" in french.html("lecon/index.html")
    english = build(site(**{"mkdocs.yml": "site_name: T\ndocs_dir: course\ntheme:\n  name: material\n  language: en\n  font: false\nplugins:\n  - coursekit\n"}))
    html = english.html("lecon/index.html")
    assert "Check answers" in html and "Valider" not in html
    script = next((english.site / "assets" / "coursekit").glob("*.js")).read_text()
    assert '"retry":"Try again"' in script


def key_of(built) -> str:
    return re.search(r'data-key="([^"]+)"', built.html("lecon/index.html")).group(1)


def test_storage_key_changes_with_the_site_and_with_the_quiz(build, tmp_path: Path) -> None:
    first = key_of(build(site()))
    assert key_of(build(site())) == first  # stable across builds
    edited = key_of(build(site(**{"quizzes/etapes.yml": QUIZ.replace("Le mode…", "Le mode ?")})))
    assert edited != first and edited.split(":")[:3] == first.split(":")[:3]
    other = (tmp_path / "mkdocs.yml").read_text().replace("8000/", "8000/autre-cours/")
    moved = key_of(build(site(**{"mkdocs.yml": other})))
    assert moved.split(":")[1] != first.split(":")[1]


def test_answer_key_for_trainers(build) -> None:
    built = build(site(**{"mkdocs.yml": TRAINER_CONFIG,
                          "course/guide.md": "# Guide\n\n[[answers: *]]\n"}))
    assert built.code == 0, built.log
    html = built.text("guide/index.html")
    assert "Les refus sont naturels" in html and "autruche" in html and "SECRET-EXPLANATION" in html
    assert re.search(r"<ol class=\"ck-key__answer\"><li>Un</li><li>Deux</li><li>Trois</li>", html)
    assert "A → Alpha" in html


def test_widgets_stay_out_of_the_search_index(build) -> None:
    config = (
        "site_name: T\ndocs_dir: course\ntheme:\n  name: material\n  font: false\n"
        "plugins:\n  - search\n" + TRAINER)
    built = build(site(**{"mkdocs.yml": config, "course/guide.md": "# Guide\n\n[[answers: *]]\n"}))
    assert built.code == 0, built.log
    index = (built.site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "Du texte." in index  # the lesson is indexed
    for widget_text in ("La première étape", "Savoir pourquoi", "Valider", "Alpha"):
        assert widget_text not in index
    assert "La première étape" in built.html("lecon/index.html")
    assert "<!--coursekit:" not in built.html("lecon/index.html")
