"""Checks on the course content itself: what a learner reads, and how the pieces fit.

No build and no browser: the lessons (`course/`), the quizzes (`quizzes/`) and the
navigation of `mkdocs.yml` are read directly, so the whole file runs in well under a
second. Each check is a function that returns a list of problems as `file:line: message`;
the tests at the end plant a defect in a copy of the course and make sure the check
reports it, so that a check that can never fail does not pass unnoticed.
"""

from __future__ import annotations

import functools
import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from markdown.extensions.toc import slugify, unique
from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parent.parent

# Pages that may go without a quiz (paths relative to the docs folder; a name ending in
# "/" stands for every page of that folder). Every other page of the course, the lessons
# of both parts included, must embed one with `[[quiz: …]]`.
EXEMPT_FROM_QUIZ = {
    "index.md",  # welcome page
    "synthese.md",  # synthesis
    "glossaire.md",  # glossary
    "progression.md",  # the learner's progress page
    "revoir.md",  # « Revoir mes erreurs »: the questions the learner missed in the quizzes
    "attestation.md",  # the attestation of the final assessment, printed by the learner
    "sources.md",  # sources and credits
    "fiche-reflexe.md",  # the job aid, to print
    "fiche-elements-de-langage.md",  # the blank worksheet, to print
    "accessibilite.md",  # the accessibility statement
    "mentions-legales.md",  # the legal notice
    "formateur/",  # trainer's guide and answer key
    "mises-en-situation/",  # role-plays, interactive activities of their own
}
# Quizzes that only show how the quizzes work: not counted as course questions.
DEMO_QUIZZES = {"decouvrir"}
FINAL_QUIZ, FINAL_PAGE, FINAL_PASS_MARK = "evaluation-finale", "evaluation.md", 80
MIN_QUESTIONS = 50
QUESTION_TYPES = {"single", "multiple", "truefalse", "fill", "order", "match", "rewrite"}

NBSP = "\u00a0\u202f"  # a non-breaking space or a narrow non-breaking space
FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
# `[[exam: id]]` shows the quiz of that id as a drawn paper (course.yml's assessments): a quiz embed here
EMBED = re.compile(r"^ {0,3}\[\[\s*(?P<kind>quiz|answers|exam)\s*:\s*(?P<id>[^\]\s]+)\s*\]\]\s*$")
ANY_EMBED = re.compile(r"^ {0,3}\[\[\s*[a-z]+\s*:\s*[^\]\s]+\s*\]\]\s*$")  # quiz, answers and others
HEADING = re.compile(r"^\s{0,4}(#{1,6})\s+(?P<text>.+?)\s*#*\s*$")
ADMONITION = re.compile(r'^(?P<indent>\s*)(?:!!!|\?\?\?\+?)\s+[\w-]+(?:\s+[\w-]+)*\s*(?:"(?P<title>.*)")?\s*$')
TABLE_RULE = re.compile(r"^\s*\|?(\s*:?-+:?\s*\|)+\s*:?-*:?\s*$")
LINK = re.compile(r"!?\[(?P<text>[^\]]*)\]\(\s*<?(?P<target>[^)\s>]*)>?(?:\s+\"[^\"]*\")?\s*\)")
REF_DEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(?P<target>\S+?)>?(?:\s.*)?$")
CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")
# What is not prose, and what stands for it once removed (so that the character before a
# colon stays what the reader sees: `[lien](x.md) :` must still be caught).
NOT_PROSE = [
    (re.compile(r"(`+)(?:(?!\1).)+?\1"), "code"),  # code spans
    (re.compile(r"\]\([^)]*\)"), "]"),  # link and image targets (the link text stays)
    (re.compile(r"<[^>\n]*>"), ""),  # HTML tags, autolinks
    (re.compile(r"\s*\{[^}\n]*\}"), ""),  # attribute lists
    (re.compile(r"\b[a-z][a-z0-9+.-]*://\S+"), "url"),  # bare URLs
]
EXPLICIT_ID = re.compile(r"""(?:\{[^}]*#(?P<attr>[\w-]+)[^}]*\}|\bid=["'](?P<html>[^"']+)["'])""")
# Text-valued keys of the quiz format that a learner never reads.
NOT_SHOWN = {"id", "type", "ignore"}


# -- loading --------------------------------------------------------------------------
@dataclass
class Text:
    """One piece of text a learner reads, and where it comes from."""

    file: str
    line: int
    text: str


@dataclass
class Course:
    root: Path
    docs: Path
    pages: dict[str, list[str]] = field(default_factory=dict)  # docs-relative path -> lines
    quizzes: dict[str, tuple[str, Any]] = field(default_factory=dict)  # id -> (file, data)
    nav: Any = None

    def rel(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()


@functools.cache
def parse_yaml(text: str) -> Any:
    """Round-trip YAML keeps the line of every key and item; parsed once per distinct text
    (the broken copies below share all but one file with the course)."""
    return YAML(typ="rt").load(text)


def load(root: Path = ROOT) -> Course:
    config = parse_yaml((root / "mkdocs.yml").read_text(encoding="utf-8"))
    course = Course(root, root / config.get("docs_dir", "docs"), nav=config.get("nav"))
    for path in sorted(course.docs.rglob("*.md")):
        course.pages[path.relative_to(course.docs).as_posix()] = \
            path.read_text(encoding="utf-8-sig").split("\n")
    for path in sorted((root / "quizzes").glob("*.y*ml")):
        course.quizzes[path.stem] = (course.rel(path), parse_yaml(path.read_text(encoding="utf-8")))
    return course


def page_file(course: Course, page: str) -> str:
    return course.rel(course.docs / page)


def outside_code(lines: list[str]) -> Iterator[tuple[int, str]]:
    """(1-based line number, line) for the lines outside front matter and fenced code."""
    fence: str | None = None
    start = 0
    if lines and lines[0].strip() == "---":
        end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
        start = end + 1 if end is not None else 0
    for number, line in enumerate(lines[start:], start + 1):
        opening = FENCE.match(line)
        if fence:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = None
            continue
        if opening:
            fence = opening.group(1)
            continue
        yield number, line


def embeds(course: Course) -> Iterator[tuple[str, int, str, str]]:
    """(page, line, kind, id) of every `[[quiz: …]]` and `[[answers: …]]` outside code."""
    for page, lines in course.pages.items():
        for number, line in outside_code(lines):
            match = EMBED.match(line)
            if match:
                yield page, number, match.group("kind"), match.group("id")


def markdown_prose(course: Course) -> Iterator[Text]:
    """The text a learner reads in the lessons: no code, URLs, tags or Markdown syntax."""
    for page, lines in course.pages.items():
        for number, line in outside_code(lines):
            if ANY_EMBED.match(line) or TABLE_RULE.match(line) or REF_DEF.match(line):
                continue
            admonition = ADMONITION.match(line)
            if admonition:
                line = admonition.group("title") or ""
            yield Text(page_file(course, page), number, prose(line))


def prose(text: str) -> str:
    for pattern, stand_in in NOT_PROSE:
        text = pattern.sub(stand_in, text)
    return text


def yaml_texts(file: str, node: Any, line: int = 1) -> Iterator[Text]:
    """Every string value of a quiz file (keys aside), with its line."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in NOT_SHOWN:
                continue
            where = node.lc.value(key)[0] + 1 if hasattr(node, "lc") else line
            yield from yaml_texts(file, value, where)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            where = node.lc.item(index)[0] + 1 if hasattr(node, "lc") else line
            yield from yaml_texts(file, value, where)
    elif isinstance(node, str):
        for offset, text in enumerate(str(node).split("\n")):
            yield Text(file, line + offset, text)


def quiz_prose(course: Course) -> Iterator[Text]:
    for file, data in course.quizzes.values():
        for item in yaml_texts(file, data):
            yield Text(item.file, item.line, prose(item.text))


def nav_titles(course: Course) -> Iterator[Text]:
    def walk(node: Any) -> Iterator[Text]:
        if isinstance(node, list):
            for index, item in enumerate(node):
                if isinstance(item, dict):
                    for title, value in item.items():
                        yield Text("mkdocs.yml", node.lc.item(index)[0] + 1, str(title))
                        yield from walk(value)

    yield from walk(course.nav)


def nav_pages(course: Course) -> Iterator[tuple[int, str]]:
    def walk(node: Any, line: int) -> Iterator[tuple[int, str]]:
        if isinstance(node, str):
            yield line, node
        elif isinstance(node, list):
            for index, item in enumerate(node):
                yield from walk(item, node.lc.item(index)[0] + 1)
        elif isinstance(node, dict):
            for value in node.values():
                yield from walk(value, line)

    yield from walk(course.nav, 1)


def questions(course: Course, *, demo: bool = True) -> Iterator[tuple[str, str, int, Any]]:
    """(quiz id, file, line, question) for every question of every quiz file."""
    for quiz_id, (file, data) in course.quizzes.items():
        if not demo and quiz_id in DEMO_QUIZZES:
            continue
        found = data.get("questions") if isinstance(data, dict) else None
        for index, question in enumerate(found or []):
            yield quiz_id, file, found.lc.item(index)[0] + 1, question


# -- checks -----------------------------------------------------------------------------
def _show(text: str, at: int) -> str:
    snippet = text[max(0, at - 25): at + 15].strip().replace("\u00a0", "·").replace("\u202f", "·")
    return f"« {snippet} »".replace("« ", "\u00ab\u00a0").replace(" »", "\u00a0\u00bb")


def typography(texts: Iterator[Text]) -> list[str]:
    """French typography: a non-breaking space before : ; ! ? and inside « », curly apostrophes."""
    problems = []
    for item in texts:
        text = item.text
        for match in re.finditer(r"[:;!?]", text):
            at = match.start()
            before = text[at - 1] if at else ""
            if before and before not in NBSP and before not in ":;!?":
                problems.append(f"{item.file}:{item.line}: no non-breaking space before "
                                f"'{match.group()}' in {_show(text, at)}")
        for match in re.finditer("\u00ab", text):
            after = text[match.end(): match.end() + 1]
            if after not in tuple(NBSP):
                problems.append(f"{item.file}:{item.line}: no non-breaking space after « in "
                                f"{_show(text, match.start())}")
        for match in re.finditer("\u00bb", text):
            at = match.start()
            if not at or text[at - 1] not in NBSP:
                problems.append(f"{item.file}:{item.line}: no non-breaking space before » in "
                                f"{_show(text, at)}")
        for match in re.finditer(r"\d( )(?:\d{3}(?!\d)|[%€])", text):
            problems.append(f"{item.file}:{item.line}: ordinary space in a number (use a narrow no-break "
                            f"space, U+202F; U+00A0 also before % and €) in {_show(text, match.start(1))}")
        for match in re.finditer(r"(?<=\w)'|'(?=\w)", text):
            problems.append(f"{item.file}:{item.line}: straight apostrophe (use ’) in "
                            f"{_show(text, match.start())}")
    return problems


def all_prose(course: Course) -> Iterator[Text]:
    yield from markdown_prose(course)
    yield from quiz_prose(course)
    yield from nav_titles(course)


def exempt_from_quiz(page: str) -> bool:
    return any(page == name or name.endswith("/") and page.startswith(name) for name in EXEMPT_FROM_QUIZ)


def lessons_without_quiz(course: Course) -> list[str]:
    with_quiz = {page for page, _, kind, _ in embeds(course) if kind in ("quiz", "exam")}
    problems = [f"{page_file(course, page)}:1: this page has no quiz; end it with "
                "[[quiz: id]] or add it to EXEMPT_FROM_QUIZ in tests/test_content.py"
                for page in course.pages if page not in with_quiz and not exempt_from_quiz(page)]
    problems += [f"tests/test_content.py: EXEMPT_FROM_QUIZ lists {name}, which matches no page"
                 for name in sorted(EXEMPT_FROM_QUIZ)
                 if name in {"index.md", "synthese.md", "glossaire.md", "formateur/"}
                 and not any(exempt_from_quiz(page) and (page == name or page.startswith(name))
                             for page in course.pages)]
    return problems


def quiz_usage(course: Course) -> list[str]:
    """Every quiz file is embedded somewhere, and every embed names a quiz that exists."""
    used = set()
    problems = []
    for page, line, kind, quiz_id in embeds(course):
        if kind in ("quiz", "exam"):
            used.add(quiz_id)
        if quiz_id not in course.quizzes and not (kind == "answers" and quiz_id == "*"):
            problems.append(f"{page_file(course, page)}:{line}: [[{kind}: {quiz_id}]] names no quiz file")
    problems += [f"{file}:1: the quiz '{quiz_id}' is used by no page; embed it with [[quiz: {quiz_id}]]"
                 for quiz_id, (file, _) in course.quizzes.items() if quiz_id not in used]
    return problems


def answer_key(course: Course) -> list[str]:
    """The trainer's answer key covers every quiz: `[[answers: *]]`, or one embed per quiz."""
    keyed = {quiz_id for _, _, kind, quiz_id in embeds(course) if kind == "answers"}
    if "*" in keyed:
        return []
    if not keyed:
        return ["course/: no page holds the answer key; add [[answers: *]] to the trainer's guide"]
    return [f"{file}:1: the quiz '{quiz_id}' is missing from the answer key; add "
            f"[[answers: {quiz_id}]] next to the others" for quiz_id, (file, _) in course.quizzes.items()
            if quiz_id not in keyed]


def questions_without_feedback(course: Course) -> list[str]:
    """Each question teaches: an explanation, or feedback on every possible answer."""
    problems = []
    for _, file, line, q in questions(course):
        if str(q.get("explanation") or "").strip():
            continue
        kind = q.get("type")
        if kind in ("single", "multiple"):
            choices = q.get("choices") or []
            if choices and all(str(c.get("feedback") or "").strip() for c in choices):
                continue
        if kind == "truefalse" and str(q.get("feedback_true") or "").strip() \
                and str(q.get("feedback_false") or "").strip():
            continue
        problems.append(f"{file}:{line}: question '{q.get('id', '?')}' has neither an "
                        "explanation nor feedback on every answer")
    return problems


def anchors(lines: list[str]) -> set[str]:
    """The ids that the toc extension gives the headings of a page, plus explicit ids."""
    found: set[str] = set()
    for _, line in outside_code(lines):
        for match in EXPLICIT_ID.finditer(line):
            found.add(match.group("attr") or match.group("html"))
        heading = HEADING.match(line)
        if not heading:
            continue
        text = heading.group("text")
        explicit = re.search(r"\{[^}]*#([\w-]+)[^}]*\}\s*$", text)
        if explicit:
            continue  # already added above
        text = re.sub(r"\{[^}]*\}\s*$", "", text)
        text = LINK.sub(lambda m: m.group("text"), text)
        text = re.sub(r"[`*]|(?<!\w)_|_(?!\w)", "", text)
        found.add(unique(slugify(text, "-"), found))
    return found


def broken_links(course: Course) -> list[str]:
    """Relative links to pages, files and #anchors that do not exist."""
    problems = []
    cache: dict[str, set[str]] = {}
    for page, lines in course.pages.items():
        for number, line in outside_code(lines):
            line = CODE_SPAN.sub(" ", line)
            targets = [m.group("target") for m in LINK.finditer(line)]
            ref = REF_DEF.match(line)
            if ref:
                targets.append(ref.group("target"))
            for target in targets:
                if not target or re.match(r"^[a-z][a-z0-9+.-]*:", target) or target.startswith("/"):
                    continue
                path, _, anchor = target.partition("#")
                where = f"{page_file(course, page)}:{number}"
                dest = page if not path else \
                    (Path(page).parent / path).as_posix() if not path.endswith("/") else None
                if dest is None:
                    problems.append(f"{where}: link to the folder '{target}'; link to its .md file")
                    continue
                dest = _normalise(dest)
                if dest is None or not (course.docs / dest).is_file():
                    problems.append(f"{where}: link to '{target}', which does not exist")
                    continue
                if anchor and dest.endswith(".md"):
                    if dest not in cache:
                        cache[dest] = anchors(course.pages[dest])
                    if anchor not in cache[dest]:
                        problems.append(f"{where}: link to '{target}': '{dest}' has no heading "
                                        f"with the anchor #{anchor}")
    for item in quiz_prose_links(course):
        problems.append(item)
    return problems


def quiz_prose_links(course: Course) -> list[str]:
    """A quiz can be embedded on any page, so relative links in its texts cannot work."""
    problems = []
    for file, data in course.quizzes.values():
        for item in yaml_texts(file, data):
            for match in LINK.finditer(item.text):
                target = match.group("target")
                if target and not re.match(r"^[a-z][a-z0-9+.-]*:", target):
                    problems.append(f"{item.file}:{item.line}: relative link '{target}' in a quiz "
                                    "text; quiz texts may only link to full addresses")
    return problems


def _normalise(path: str) -> str | None:
    parts: list[str] = []
    for part in path.split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            if not parts:
                return None
            parts.pop()
        else:
            parts.append(part)
    return "/".join(parts)


def navigation(course: Course) -> list[str]:
    """Every navigation entry is a page, and every page with a quiz can be reached from the nav."""
    listed = {}
    problems = []
    for line, target in nav_pages(course):
        if re.match(r"^[a-z][a-z0-9+.-]*:", target):
            continue
        listed[target] = line
        if target not in course.pages:
            problems.append(f"mkdocs.yml:{line}: the nav lists '{target}', which does not exist")
    with_quiz = {page for page, _, kind, _ in embeds(course) if kind in ("quiz", "exam")}
    problems += [f"{page_file(course, page)}:1: this page has a quiz but is missing from the nav "
                 "of mkdocs.yml" for page in course.pages if page in with_quiz and page not in listed]
    return problems


def question_stats(course: Course) -> list[str]:
    """Enough questions in the course (the demo quiz aside), and every question type."""
    found = [q for *_, q in questions(course, demo=False)]
    problems = []
    if len(found) < MIN_QUESTIONS:
        problems.append(f"quizzes/: {len(found)} questions in the course, at least {MIN_QUESTIONS} expected")
    missing = QUESTION_TYPES - {q.get("type") for q in found}
    if missing:
        problems.append(f"quizzes/: no question of type {', '.join(sorted(missing))} in the course")
    return problems


def final_assessment(course: Course) -> list[str]:
    if FINAL_QUIZ not in course.quizzes:
        return [f"quizzes/{FINAL_QUIZ}.yml: the final assessment is missing"]
    file, data = course.quizzes[FINAL_QUIZ]
    problems = []
    if data.get("pass_mark") != FINAL_PASS_MARK:
        problems.append(f"{file}:1: the final assessment's pass mark must be {FINAL_PASS_MARK}")
    pages = {page for page, _, kind, quiz_id in embeds(course) if kind in ("quiz", "exam") and quiz_id == FINAL_QUIZ}
    if pages != {FINAL_PAGE}:
        problems.append(f"{file}:1: the final assessment must be embedded on {FINAL_PAGE} only "
                        f"(found on: {', '.join(sorted(pages)) or 'no page'})")
    return problems


# -- the course -------------------------------------------------------------------------
@pytest.fixture(scope="module")
def course() -> Course:
    return load(ROOT)


def _report(problems: list[str]) -> str:
    return f"{len(problems)} problem(s):\n" + "\n".join(problems)


def test_french_typography(course: Course) -> None:
    problems = typography(all_prose(course))
    assert not problems, _report(problems)


def test_every_lesson_has_a_quiz(course: Course) -> None:
    problems = lessons_without_quiz(course)
    assert not problems, _report(problems)


def test_every_quiz_is_used_and_every_embed_exists(course: Course) -> None:
    problems = quiz_usage(course)
    assert not problems, _report(problems)


def test_answer_key_covers_every_quiz(course: Course) -> None:
    problems = answer_key(course)
    assert not problems, _report(problems)


def test_every_question_teaches(course: Course) -> None:
    problems = questions_without_feedback(course)
    assert not problems, _report(problems)


def test_internal_links(course: Course) -> None:
    problems = broken_links(course)
    assert not problems, _report(problems)


def test_navigation(course: Course) -> None:
    problems = navigation(course)
    assert not problems, _report(problems)


def test_enough_questions_of_every_type(course: Course) -> None:
    problems = question_stats(course)
    assert not problems, _report(problems)


def test_final_assessment(course: Course) -> None:
    problems = final_assessment(course)
    assert not problems, _report(problems)


# -- each check can fail ------------------------------------------------------------------
@pytest.fixture
def copy(tmp_path: Path) -> Path:
    """A copy of the course to break."""
    for name in ("course", "quizzes"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    return tmp_path


def edit(path: Path, change: Callable[[str], str]) -> None:
    before = path.read_text(encoding="utf-8")
    after = change(before)
    assert after != before, f"the planted defect did not change {path}"
    path.write_text(after, encoding="utf-8")


def append(path: Path, text: str) -> None:
    edit(path, lambda s: s + text)


def test_typography_check_fails_on_broken_text(copy: Path) -> None:
    append(copy / "course/partie-1/accepter.md",
           "\nUne question ? Un « exemple» ; une remarque: l'apostrophe.\n\n"
           "```\ncode : ignoré ?\n```\n\n`code : ignoré ?` et [lien](https://exemple.fr/a?b=c:d)\n")
    edit(copy / "quizzes/p1-accepter.yml", lambda s: s.replace("\u00a0?", " ?", 1))
    edit(copy / "mkdocs.yml", lambda s: s.replace("autruche\u00a0?", "autruche ?"))
    append(copy / "course/partie-1/savoir-pourquoi.md", "\n[un lien](accepter.md) : et `code`: voilà\n")
    problems = typography(all_prose(load(copy)))
    planted = [p for p in problems if p.startswith("course/partie-1/accepter.md:")]
    assert len(planted) == 6 and len({p.split(": ")[0] for p in planted}) == 1, _report(problems)
    assert len([p for p in problems if p.startswith("course/partie-1/savoir-pourquoi.md:")]) == 2, \
        _report(problems)
    assert any(p.startswith("quizzes/p1-accepter.yml:") and "'?'" in p for p in problems), _report(problems)
    assert any(p.startswith("mkdocs.yml:") for p in problems), _report(problems)
    append(copy / "course/partie-1/conclusion.md", "\n2 000 courriels, 1\u202f400 clients, 50 € et 70 %, 50\u00a0€.\n")
    problems = typography(all_prose(load(copy)))
    planted = [p for p in problems if p.startswith("course/partie-1/conclusion.md:")]
    assert len(planted) == 3 and all("U+202F" in p for p in planted), _report(problems)


def test_quiz_check_fails_on_a_lesson_without_quiz(copy: Path) -> None:
    edit(copy / "course/partie-2/non-sec.md", lambda s: s.replace("[[quiz: p2-non-sec]]", ""))
    (copy / "course/partie-2/nouvelle.md").write_text("# Nouvelle leçon\n\nSans quiz.\n", encoding="utf-8")
    (copy / "course/glossaire.md").unlink()
    problems = lessons_without_quiz(load(copy))
    assert sorted(p.split(":")[0] for p in problems) == [
        "course/partie-2/non-sec.md", "course/partie-2/nouvelle.md", "tests/test_content.py"], \
        _report(problems)


def test_usage_check_fails_on_an_unused_quiz_and_an_unknown_one(copy: Path) -> None:
    shutil.copy(copy / "quizzes/p1-accepter.yml", copy / "quizzes/orphelin.yml")
    append(copy / "course/synthese.md", "\n[[quiz: inconnu]]\n")
    problems = quiz_usage(load(copy))
    assert len(problems) == 2, _report(problems)
    assert any("quizzes/orphelin.yml" in p for p in problems), _report(problems)
    assert any("course/synthese.md" in p and "inconnu" in p for p in problems), _report(problems)


def test_answer_key_check_fails_on_a_missing_quiz(copy: Path) -> None:
    # the key written quiz by quiz (the course's page shows every quiz with [[answers: *]])
    (copy / "course/formateur/corrige.md").write_text("# Corrigé\n\n" + "".join(
        f"[[answers: {quiz.stem}]]\n\n" for quiz in sorted((copy / "quizzes").glob("*.yml"))), encoding="utf-8")
    shutil.copy(copy / "quizzes/p1-accepter.yml", copy / "quizzes/nouveau.yml")
    problems = answer_key(load(copy))
    assert len(problems) == 1 and "quizzes/nouveau.yml" in problems[0], _report(problems)
    append(copy / "course/formateur/corrige.md", "\n[[answers: *]]\n")
    assert answer_key(load(copy)) == []


def test_feedback_check_fails_on_a_silent_question(copy: Path) -> None:
    append(copy / "quizzes/p2-silence.yml",
           "\n  - id: muette\n    type: truefalse\n    text: \"Sans retour.\"\n    answer: true\n"
           "    feedback_true: \"Seulement pour Vrai.\"\n"
           "\n  - id: muette-aussi\n    type: order\n    text: \"Sans explication.\"\n"
           "    items: [\"Un\", \"Deux\"]\n")
    problems = questions_without_feedback(load(copy))
    assert len(problems) == 2 and all("quizzes/p2-silence.yml" in p for p in problems), _report(problems)


def test_link_check_fails_on_broken_links(copy: Path) -> None:
    append(copy / "course/partie-1/accepter.md",
           "\n[absent](inexistant.md) [ancre](../glossaire.md#pas-de-terme) [ici](#nulle-part) "
           "[bon](../glossaire.md#non-sec) [dehors](../../mkdocs.yml) [exemple](https://exemple.fr/x.md)\n")
    edit(copy / "quizzes/p2-silence.yml",
         lambda s: s.replace('title: "', 'title: "[glossaire](../glossaire.md) ', 1))
    problems = broken_links(load(copy))
    assert len(problems) == 5, _report(problems)
    for needle in ("inexistant.md", "#pas-de-terme", "#nulle-part", "../../mkdocs.yml", "p2-silence.yml"):
        assert any(needle in p for p in problems), (needle, _report(problems))


def test_anchor_ids_follow_the_toc_extension() -> None:
    lines = ["# L’accepter", "## Les quatre étapes, d’un coup d’œil", "## Non sec", "## Non sec",
             "## Titre {#mon-id}", "```", "## Pas un titre", "```"]
    assert anchors(lines) == {"laccepter", "les-quatre-etapes-dun-coup-dil", "non-sec", "non-sec_1",
                              "mon-id"}


def test_navigation_check_fails_on_a_missing_page(copy: Path) -> None:
    (copy / "course/hors-menu.md").write_text("# Hors menu\n\n[[quiz: p1-accepter]]\n", encoding="utf-8")
    (copy / "course/sans-quiz.md").write_text("# Page d’appoint\n", encoding="utf-8")
    edit(copy / "mkdocs.yml", lambda s: s.replace("partie-2/silence.md", "partie-2/absente.md"))
    problems = navigation(load(copy))
    assert len(problems) == 3, _report(problems)  # absente.md, hors-menu.md, silence.md
    assert not any("sans-quiz.md" in p for p in problems), _report(problems)


def test_stats_check_fails_on_a_thin_course(copy: Path) -> None:
    for path in (copy / "quizzes").glob("*.yml"):
        if path.stem not in ("p1-refus-naturels", "decouvrir"):
            path.unlink()
    problems = question_stats(load(copy))
    assert len(problems) == 2, _report(problems)
    assert "at least 50" in problems[0] and "match, order" in problems[1], _report(problems)


def test_final_assessment_check_fails(copy: Path) -> None:
    edit(copy / "quizzes/evaluation-finale.yml", lambda s: s.replace("pass_mark: 80", "pass_mark: 70"))
    assert len(final_assessment(load(copy))) == 1
