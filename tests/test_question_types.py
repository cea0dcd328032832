"""Question types come from one registry (coursekit/quiz/types/): every registered type has a
model, a template, an answer key and renders; an unregistered type is an error naming it, never
taken for another; and a type registered from outside the package with its template in
a site's custom_dir, is checked, rendered and listed in the answer key with nothing else touched
on the Python side (the browser script does not know it: only its HTML is checked here)."""

from __future__ import annotations

import html
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, Built, load_quizzes, write_tree
from coursekit.core.documents import Loaded
from coursekit.core.html import Html
from coursekit.quiz import model
from coursekit.quiz.render import QuizRenderer
from coursekit.quiz.types import TYPES, UnknownQuestionType, labels, question_type, register
from coursekit.quiz.types.base import QuestionBase, QuestionType

SAMPLES = ROOT / "tests" / "site"  # its quizzes hold a question of every type


@pytest.fixture(scope="module")
def quizzes() -> dict:  # type: ignore[type-arg]
    docs, problems = load_quizzes(SAMPLES / "quizzes", SAMPLES)
    assert problems == []
    return docs


def test_the_seven_types_are_registered_in_order() -> None:
    assert list(TYPES) == ["single", "multiple", "truefalse", "fill", "order", "match", "rewrite"]
    # only the rewriting is graded by the learner (no token: nothing in the page to find)
    assert [name for name, kind in TYPES.items() if kind.self_assessed] == ["rewrite"]


@pytest.mark.parametrize("name", list(TYPES))
def test_every_type_has_a_model_a_template_an_answer_key_and_renders(name: str, quizzes: dict) -> None:  # type: ignore[type-arg]
    kind = TYPES[name]
    assert issubclass(kind.model, QuestionBase)
    assert kind.model.model_fields["type"].annotation.__args__ == (name,)
    assert model.QUESTION_MODELS[name] is kind.model
    renderer = QuizRenderer(Html("fr", "test", []))
    assert kind.template == f"coursekit/questions/{name}.html"
    renderer.base.env.get_template(kind.template)  # TemplateNotFound if the partial is missing

    found = [(doc, q) for doc in quizzes.values() for q in doc.model.questions if q.type == name]
    assert found, f"tests/site/quizzes has no question of type '{name}': add one"
    doc, question = found[0]
    answer = kind.key(question, renderer)
    assert answer and all(str(entry).strip() for entry in answer)
    assert labels("fr")[name] and labels("en")[name]

    page = renderer._quiz(doc)
    fieldset = re.search(rf'<fieldset class="ck-q" id="__CK_UID__-{question.id}" [^>]*>(.*?)</fieldset>',
                         page, re.S)
    assert fieldset, page
    tag = fieldset.group(0)[:fieldset.group(0).index(">")]
    assert f'data-type="{name}"' in tag
    assert re.search(r'data-t="[0-9a-f]{16}', tag) or (kind.self_assessed and 'data-t=""' in tag)
    body = fieldset.group(1)
    # the legend, then the type's own markup, then the feedback: nothing missing, nothing in between
    assert re.fullmatch(r'\n<legend class="ck-q__legend">.*?</legend>\n<(ul|p|ol|div) class="ck-[^"]+".*'
                        r'</(ul|p|ol|div)>\n<div class="ck-q__feedback" hidden></div>\n', body, re.S), body
    key = renderer._answers([doc])
    assert f"({labels('fr')[name]}, " in html.unescape(key)


def test_an_unregistered_type_is_an_error_naming_it(quizzes: dict) -> None:  # type: ignore[type-arg]
    with pytest.raises(UnknownQuestionType, match="unknown question type 'numeric'.*registered: single, multiple"):
        question_type("numeric")
    # a question whose type nothing renders is not shown as another type (`match` was the fallback)
    loaded = quizzes["complet"]
    doc = Loaded(loaded.id, loaded.file, loaded.model.model_copy(deep=True), "other")
    doc.model.questions[-1].type = "numeric"
    renderer = QuizRenderer(Html("fr", "test", []))
    with pytest.raises(UnknownQuestionType, match="'numeric'"):
        renderer._quiz(doc)
    with pytest.raises(UnknownQuestionType, match="'numeric'"):
        renderer._answers([doc])


def test_a_type_registered_once_quizzes_are_loaded_is_refused() -> None:
    class Late(QuestionType[QuestionBase]):
        name = "late"
        model = QuestionBase

    with pytest.raises(RuntimeError, match="'late' registered after the quiz model was made"):
        register(Late)
    assert "late" not in TYPES


# -- a type from outside the package ------------------------------------------------
NUMERIC = '''\
"""A throw-away `numeric` question type: an answer and a tolerance."""
from typing import Any, Literal

from pydantic import Field

from coursekit.quiz.protect import token
from coursekit.quiz.types import register
from coursekit.quiz.types.base import QuestionBase, QuestionType, Texts


class Numeric(QuestionBase):
    type: Literal["numeric"]
    answer: float
    tolerance: float = Field(default=0, ge=0)


@register
class NumericType(QuestionType[Numeric]):
    name = "numeric"
    model = Numeric
    labels = {"fr": "valeur numérique", "en": "number"}

    def view(self, question: Numeric, texts: Texts, salt: str, reveal: bool) -> tuple[dict[str, Any], dict[str, Any]]:
        return ({"step": f"{question.tolerance or 1:g}",
                 "tokens": [token(salt, str(question.id), f"{question.answer:g}")]},
                {"s": f"{question.answer:g}"} if reveal else {})

    def key(self, question: Numeric, texts: Texts) -> list[Any]:
        return [f"{question.answer:g} ± {question.tolerance:g}"]
'''

BUILD = """\
import sys
sys.path.insert(0, ".")
import numeric_type  # noqa: F401  registers the type before the quizzes are loaded
from mkdocs.__main__ import cli
cli(["build"])
"""

SITE = {
    "mkdocs.yml": """\
        site_name: Test
        site_url: http://127.0.0.1:8000/
        docs_dir: course
        theme:
          name: material
          language: fr
          font: false
          custom_dir: overrides
        plugins:
          - coursekit:
              edition: trainer
        """,
    "course/index.md": "# Mesures\n\n[[quiz: mesures]]\n\n## Corrigé\n\n[[answers: mesures]]\n",
    "quizzes/mesures.yml": """\
        title: Mesures
        questions:
          - type: numeric
            id: duree
            text: Combien de secondes de silence après un refus ?
            answer: 3
            tolerance: 1
            explanation: Trois secondes, à une près.
          - type: single
            id: choix
            text: Que faire après le silence ?
            choices:
              - text: Reformuler
                correct: true
              - text: Raccrocher
        """,
    # the outside type's partial, and one built-in partial overridden, in the site's custom_dir
    "overrides/coursekit/questions/numeric.html": """\
        {#- A numeric answer: a text box (the browser accepts a decimal comma). -#}
        <p class="ck-numeric"><label class="ck-numeric__label" for="{{ q.key }}-in">{{ t.your_answer }}</label> <input class="ck-numeric__input" type="text" inputmode="decimal" id="{{ q.key }}-in" name="{{ q.key }}" data-step="{{ q.step }}"></p>
        """,
    "overrides/coursekit/questions/single.html": """\
        <p class="mine">{{ q.choices | length }} choices</p>
        """,
}


def build_with_numeric(root: Path, files: dict[str, str]) -> Built:
    write_tree(root, {**SITE, "numeric_type.py": NUMERIC, "build_numeric.py": BUILD, **files})
    proc = subprocess.run([sys.executable, "build_numeric.py"], cwd=root, capture_output=True, text=True,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, timeout=120)
    return Built(root, proc.returncode, proc.stdout + proc.stderr)


def test_a_type_from_outside_is_one_class_and_one_template(tmp_path: Path) -> None:
    built = build_with_numeric(tmp_path, {})
    assert built.code == 0, built.log
    page = built.text()
    numeric = re.search(r'<fieldset class="ck-q" id="ck-mesures-duree" [^>]*data-type="numeric"[^>]*>\n'
                        r'<legend class="ck-q__legend">.*?</legend>\n'
                        r'<p class="ck-numeric">.*? data-step="1"></p>\n'
                        r'<div class="ck-q__feedback" hidden></div>\n</fieldset>', page, re.S)
    assert numeric, page
    assert re.search(r'data-t="[0-9a-f]{16}"', numeric.group(0))
    assert "Trois secondes" not in page.split('<div class="ck-key">')[0]  # sealed, as every explanation
    # the overridden partial of a built-in type, and only it
    assert '</legend>\n<p class="mine">2 choices</p>\n<div class="ck-q__feedback"' in page
    assert 'class="ck-q__choices"' not in page
    # the answer key: the type's label (from its class) and its answer
    key = page.split('<div class="ck-key">')[1]
    assert "(valeur numérique, 1\u00a0pt)" in key and "<li>3 ± 1</li>" in key
    assert "(choix unique, 1\u00a0pt)" in key and "<li>Reformuler</li>" in key


def test_a_type_from_outside_is_checked_and_named_in_messages(tmp_path: Path) -> None:
    broken = SITE["quizzes/mesures.yml"].replace("answer: 3", "answer: trois").replace(
        "- type: single", "- type: numerik")
    built = build_with_numeric(tmp_path, {"quizzes/mesures.yml": broken})
    assert built.code == 1 and "Traceback" not in built.log
    log = built.log
    assert "quizzes/mesures.yml:6: question 1 (id 'duree'): `answer` must be a number (found 'trois')" in log, log
    assert ("quizzes/mesures.yml:9: question 2 (id 'choix'): unknown question type 'numerik'; did you mean "
            "`numeric`? (types: single, multiple, truefalse, fill, order, match, rewrite, numeric)") in log, log
