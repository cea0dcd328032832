"""Synthetic courses for the benchmark: the same lessons and questions, three ways.

`write_courses(root, lessons)` writes three MkDocs projects under `root`:

- `plain/`: MkDocs + Material, the lessons without any quiz;
- `coursekit/`: the same lessons, each quiz embedded with `[[quiz: id]]`,
  the questions in `quizzes/*.yml`;
- `mkdocs_quiz/`: the same lessons, the same questions written inline in
  mkdocs-quiz's syntax (one `<quiz>` block per question).

Each lesson has five sections of text, each followed by a quiz of
QUESTIONS_PER_QUIZ questions: QUIZZES_PER_LESSON x 5 = 25 questions (fewer
quizzes, same text, with `write_courses(…, quizzes=1)`). Every quiz mixes the types: single choice, multiple
choice, true/false, fill-in, then ordering or matching (alternately).
mkdocs-quiz has single choice, multiple choice and fill-in only: true/false is
written as a two-choice single-choice question, ordering and matching as a
single-choice question whose choices are candidate orders or pairings.

Lessons are grouped ten to a chapter folder, as a real course would be, so
that the navigation that Material renders on every page stays realistic.
The text is generated from a fixed seed: the same size gives the same files.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

QUIZZES_PER_LESSON = 5
SECTIONS = 5  # of every lesson, each followed by a quiz while there are quizzes
QUESTIONS_PER_QUIZ = 5
LESSONS_PER_CHAPTER = 10
BUILDERS = ("plain", "coursekit", "mkdocs_quiz")

WORDS = [
    "client", "refus", "réponse", "relation", "accord", "délai", "prix", "offre", "devis",
    "contrat", "besoin", "demande", "écoute", "question", "raison", "étape", "solution", "conseil",
    "projet", "équipe", "produit", "service", "livraison", "rendez-vous", "proposition",
    "argument", "objection", "confiance", "respect", "clarté", "exemple", "méthode", "message",
    "courriel", "téléphone", "réunion", "budget", "priorité", "qualité", "échéance", "engagement",
    "alternative", "compromis", "limite", "règle", "principe", "valeur", "expérience", "situation",
]

MKDOCS_YML = """\
site_name: Banc d'essai ({lessons} leçons)
site_url: http://127.0.0.1:8000/
use_directory_urls: true
theme:
  name: material
  language: fr
  font: false
  features:
    - navigation.instant
    - navigation.instant.progress
    - navigation.footer
    - navigation.sections
    - navigation.top
    - content.code.copy
  palette:
    - media: "(prefers-color-scheme: light)"
      scheme: default
      primary: indigo
      accent: indigo
      toggle:
        icon: material/weather-night
        name: Passer au thème sombre
    - media: "(prefers-color-scheme: dark)"
      scheme: slate
      primary: indigo
      accent: indigo
      toggle:
        icon: material/weather-sunny
        name: Passer au thème clair
plugins:
  - search:
      lang: fr
{plugin}
markdown_extensions:
  - admonition
  - attr_list
  - md_in_html
  - toc:
      permalink: true
  - pymdownx.details
  - pymdownx.superfences
"""

PLUGIN = {
    "plain": "",
    "coursekit": "  - coursekit:\n      quizzes_dir: quizzes\n",
    "mkdocs_quiz": "  - mkdocs_quiz\n",
}


@dataclass
class Question:
    type: str  # single, multiple, truefalse, fill, order, match
    text: str
    choices: list[tuple[str, bool, str | None]]  # single / multiple: text, correct, feedback
    answer: bool | None  # truefalse
    blank: tuple[str, str, str] | None  # fill: text before, answer, text after
    items: list[str]  # order: in the right order
    pairs: list[tuple[str, str]]  # match
    explanation: str


class Text:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    def words(self, n: int) -> str:
        return " ".join(self.rng.choice(WORDS) for _ in range(n))

    def sentence(self, n: int = 12) -> str:
        text = self.words(n)
        return text[0].upper() + text[1:] + "."

    def paragraph(self, sentences: int = 5) -> str:
        return " ".join(self.sentence(self.rng.randint(8, 16)) for _ in range(sentences))

    def label(self, n: int = 3) -> str:
        text = self.words(n)
        return text[0].upper() + text[1:]

    def distinct(self, count: int, n: int = 3) -> list[str]:
        seen: list[str] = []
        while len(seen) < count:
            item = self.label(n) + f" {len(seen) + 1}"
            seen.append(item)
        return seen


def make_question(text: Text, kind: str) -> Question:
    q = Question(kind, text.sentence(12).rstrip(".") + " ?", [], None, None, [], [], text.sentence(18))
    if kind in ("single", "multiple"):
        labels = text.distinct(4)
        right = {1} if kind == "single" else {0, 2}
        q.choices = [(label, i in right, text.sentence(8) if i % 2 == 0 else None)
                     for i, label in enumerate(labels)]
    elif kind == "truefalse":
        q.text = text.sentence(12)
        q.answer = text.rng.random() < 0.5
    elif kind == "fill":
        q.text = text.sentence(10).rstrip(".") + " (un mot)"
        q.blank = (text.label(6), "autruche", text.words(4) + ".")
    elif kind == "order":
        q.text = "Remettez les étapes dans l’ordre."
        q.items = text.distinct(4)
    elif kind == "match":
        q.text = "Associez chaque situation à sa réponse."
        q.pairs = list(zip(text.distinct(3, 6), text.distinct(3, 2), strict=True))
    return q


def quiz_types(index: int) -> list[str]:
    return ["single", "multiple", "truefalse", "fill", "order" if index % 2 == 0 else "match"]


@dataclass
class Lesson:
    path: str  # docs-relative, e.g. chapitre-01/lecon-0001.md
    title: str
    intro: str
    sections: list[tuple[str, list[str], list[str]]]  # heading, paragraphs, bullet list
    quizzes: list[tuple[str, str, list[Question]]]  # id, title, questions


def make_lesson(number: int, quizzes_per_lesson: int = QUIZZES_PER_LESSON) -> Lesson:
    """Five sections, whatever the number of quizzes: quizzes follow the first sections."""
    text = Text(number)
    chapter = (number - 1) // LESSONS_PER_CHAPTER + 1
    base = f"c{chapter:03d}-l{number:04d}"
    sections, quizzes = [], []
    for k in range(SECTIONS):
        sections.append((text.label(4), [text.paragraph(), text.paragraph(4)],
                         [text.sentence(7) for _ in range(3)]))
        questions = [make_question(text, kind) for kind in quiz_types(number + k)]
        quizzes.append((f"{base}-q{k + 1}", text.label(4), questions))
    return Lesson(f"chapitre-{chapter:03d}/lecon-{number:04d}.md", f"Leçon {number} : {text.label(3)}",
                  text.paragraph(3), sections, quizzes[:quizzes_per_lesson])


# -- Markdown of a lesson ---------------------------------------------------

def lesson_markdown(lesson: Lesson, builder: str) -> str:
    out = [f"# {lesson.title}", "", lesson.intro, ""]
    for k, (heading, paragraphs, bullets) in enumerate(lesson.sections):
        out += [f"## {heading}", ""]
        for paragraph in paragraphs:
            out += [paragraph, ""]
        out += [f"- {b}" for b in bullets] + [""]
        out += ["!!! tip \"À retenir\"", "", f"    {paragraphs[1].split('.')[0]}.", ""]
        if k >= len(lesson.quizzes):
            continue
        quiz_id, title, questions = lesson.quizzes[k]
        if builder == "coursekit":
            out += [f"[[quiz: {quiz_id}]]", ""]
        elif builder == "mkdocs_quiz":
            out += [f"### Quiz : {title}", ""]
            for q in questions:
                out += mkdocs_quiz_block(q) + [""]
    return "\n".join(out)


def mkdocs_quiz_block(q: Question) -> list[str]:
    """One question in mkdocs-quiz's syntax (see its README: `- [x]` right, `- [ ]` wrong,
    `> feedback` under an answer, free text after the answers; `[[answer]]` for a blank,
    `---` before the explanation)."""
    lines = ["<quiz>"]
    if q.type in ("single", "multiple"):
        lines.append(q.text)
        for label, correct, feedback in q.choices:
            lines.append(f"- [{'x' if correct else ' '}] {label}")
            if feedback:
                lines.append(f"  > {feedback}")
        lines += ["", q.explanation]
    elif q.type == "truefalse":
        lines.append(q.text)
        lines.append(f"- [{'x' if q.answer else ' '}] Vrai")
        lines.append(f"- [{' ' if q.answer else 'x'}] Faux")
        lines += ["", q.explanation]
    elif q.type == "fill":
        before, answer, after = q.blank  # type: ignore[misc]
        lines += [f"{q.text} : {before} [[{answer}]] {after}", "", "---", q.explanation]
    elif q.type == "order":
        lines.append(q.text)
        orders = [q.items, q.items[1:] + q.items[:1], q.items[::-1]]
        for i, order in enumerate(orders):
            lines.append(f"- [{'x' if i == 0 else ' '}] {' → '.join(order)}")
        lines += ["", q.explanation]
    else:  # match
        lines.append(q.text)
        lefts = [p[0] for p in q.pairs]
        rights = [p[1] for p in q.pairs]
        candidates = [rights, rights[1:] + rights[:1], rights[::-1]]
        for i, order in enumerate(candidates):
            pairs = " ; ".join(f"{left} ↔ {right}" for left, right in zip(lefts, order, strict=True))
            lines.append(f"- [{'x' if i == 0 else ' '}] {pairs}")
        lines += ["", q.explanation]
    lines.append("</quiz>")
    return lines


# -- YAML of a quiz (coursekit) ------------------------------------------------

def _y(text: str) -> str:
    """A YAML double-quoted scalar."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def quiz_yaml(title: str, questions: list[Question]) -> str:
    out = [f"title: {_y(title)}", "pass_mark: 70", "questions:"]
    for n, q in enumerate(questions, 1):
        out += [f"  - id: q{n}", f"    type: {q.type}", f"    text: {_y(q.text)}"]
        if q.type in ("single", "multiple"):
            if q.type == "multiple":
                out.append("    partial_credit: true")
            out.append("    choices:")
            for label, correct, feedback in q.choices:
                out.append(f"      - text: {_y(label)}")
                if correct:
                    out.append("        correct: true")
                if feedback:
                    out.append(f"        feedback: {_y(feedback)}")
        elif q.type == "truefalse":
            out.append(f"    answer: {'true' if q.answer else 'false'}")
        elif q.type == "fill":
            out.append(f"    answers: [{_y(q.blank[1])}]")  # type: ignore[index]
            out.append("    ignore: [case, accents, spaces, punctuation]")
        elif q.type == "order":
            out.append("    items:")
            out += [f"      - {_y(item)}" for item in q.items]
        else:
            out.append("    pairs:")
            for left, right in q.pairs:
                out += [f"      - left: {_y(left)}", f"        right: {_y(right)}"]
        out.append(f"    explanation: {_y(q.explanation)}")
    return "\n".join(out) + "\n"


# -- whole projects -------------------------------------------------------------

def write_courses(root: Path, lessons: int, builders: tuple[str, ...] = BUILDERS,
                  quizzes: int = QUIZZES_PER_LESSON) -> dict[str, Path]:
    """Write one project per builder under `root`; return `{builder: mkdocs.yml}`."""
    made = [make_lesson(n, quizzes) for n in range(1, lessons + 1)]
    configs = {}
    for builder in builders:
        project = root / builder
        docs = project / "docs"
        docs.mkdir(parents=True, exist_ok=True)
        (docs / "index.md").write_text(
            f"# Banc d'essai\n\nUn cours de {lessons} leçons.\n", encoding="utf-8")
        for lesson in made:
            path = docs / lesson.path
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(lesson_markdown(lesson, builder), encoding="utf-8")
        if builder == "coursekit":
            quizzes = project / "quizzes"
            quizzes.mkdir(exist_ok=True)
            for lesson in made:
                for quiz_id, title, questions in lesson.quizzes:
                    (quizzes / f"{quiz_id}.yml").write_text(quiz_yaml(title, questions), encoding="utf-8")
        config = project / "mkdocs.yml"
        config.write_text(MKDOCS_YML.format(lessons=lessons, plugin=PLUGIN[builder]), encoding="utf-8")
        configs[builder] = config
    return configs


def lesson_pages(count: int) -> list[str]:
    """Site paths of the first `count` lessons (directory URLs)."""
    return [make_lesson(n).path[:-3] + "/index.html" for n in range(1, count + 1)]


def first_quiz_file(root: Path) -> Path:
    return root / "coursekit" / "quizzes" / f"{make_lesson(1).quizzes[0][0]}.yml"


def first_lesson_file(root: Path, builder: str) -> Path:
    return root / builder / "docs" / make_lesson(1).path


if __name__ == "__main__":
    import sys

    target = Path(sys.argv[1])
    print(write_courses(target, int(sys.argv[2]) if len(sys.argv) > 2 else 10))
