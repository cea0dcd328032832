"""GIFT import (`coursekit import gift FILE`): one quiz file per `$CATEGORY`, checked as a trainer's own.

Each question takes the type that fits: `{=… ~…}` single (multiple with several positive weights),
`{T}`/`{F}` truefalse, `{=a =b}` fill, `{=a -> x}` match. What a quiz cannot hold (numerical `{#…}`,
essay `{}`, a description, a missing word in mid-sentence, weights a single choice cannot say…) is
listed with its line in the GIFT file, never dropped silently. `//` comments become YAML comments.
Each file is written beside its place as `.part`, read back with the course's own loader, and kept
only if it is valid; a problem is said at the GIFT file's line of its question.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.ids import is_id
from ..core.problems import Problem
from ..core.yaml import _plain_tag
from ..lms.package import slug
from .gift_text import find, rfind, split, text_of, unescape

FORMATS = ("html", "markdown", "plain", "moodle")


class ImportStop(Exception):
    """The import cannot run (no such file, not UTF-8, a file it would replace): one line, exit 2."""


@dataclass
class Question:
    line: int
    data: dict[str, Any]  # the quiz file's keys, in the order they are written
    comments: list[str]


@dataclass
class Quiz:
    title: str
    line: int
    comments: list[str]
    questions: list[Question] = field(default_factory=list)


def import_file(path: Path, output: Path, force: bool = False) -> tuple[list[tuple[Path, int]], list[str], list[str]]:
    """Read the GIFT file, write its quiz files into `output`; return the files written (with their
    number of questions), the questions not carried (warnings) and the problems (errors)."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise ImportStop(f"cannot read {path.as_posix()}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise ImportStop(f"{path.as_posix()} is not UTF-8 text; export it from Moodle again, or save it as "
                         "UTF-8") from None
    shown = path.as_posix()
    notes: list[str] = []
    quizzes = parse(text, path.stem, shown, notes)
    names = _file_names(quizzes)
    targets = [output / f"{name}.yml" for name in names]
    there = [t.as_posix() for t, q in zip(targets, quizzes, strict=True) if q.questions and t.exists()]
    if there and not force:
        raise ImportStop(f"{', '.join(there)}: already there; give another folder with -o DIR, or --force to "
                         "replace them")
    written, errors = [], []
    for name, target, quiz in zip(names, targets, quizzes, strict=True):
        if not quiz.questions:
            continue
        yaml, starts = write_yaml(quiz)
        problems = _check(target, name, yaml, output)
        if isinstance(problems, str):
            errors.append(problems)
            break
        for problem in problems:
            at = max((g for y, g in starts if y <= (problem.line or 0)), default=quiz.line)
            errors.append(f"{shown}:{at}: error: {problem.message} (the quiz file {target.as_posix()} is not written)")
        if not problems:
            written.append((target, len(quiz.questions)))
    return written, notes, errors


def _file_names(quizzes: list[Quiz]) -> list[str]:
    names: list[str] = []
    for quiz in quizzes:
        name = slug(quiz.title)[:60].strip("-") or "quiz"
        base, n = name, 2
        while name in names:
            name, n = f"{base}-{n}", n + 1
        names.append(name)
    return names


def _check(target: Path, name: str, yaml: str, output: Path) -> list[Problem] | str:
    from ..quiz.check import parse_quiz

    partial = target.with_name(target.name + ".part")
    try:
        output.mkdir(parents=True, exist_ok=True)
        partial.write_text(yaml, encoding="utf-8")
        _, problems = parse_quiz(partial, target.as_posix(), name)
        if not problems:
            partial.replace(target)
        return problems
    except OSError as exc:
        return f"coursekit: cannot write {target.as_posix()}: {exc.strerror or exc}"
    finally:
        if partial.exists():
            partial.unlink()


# -- reading GIFT ---------------------------------------------------------------------------
def parse(text: str, default: str, shown: str, notes: list[str]) -> list[Quiz]:
    """The quizzes of a GIFT text: one per `$CATEGORY` (before any, one named `default`)."""
    quizzes = [Quiz(default, 1, [])]
    comments: list[str] = []
    block: list[str] = []
    start = 0

    def flush() -> None:
        nonlocal block, comments
        if block:
            found = question("\n".join(block), start, shown, notes, comments)
            if found is not None:
                quizzes[-1].questions.append(found)
            comments = []
        block = []

    for number, row in enumerate(text.splitlines(), 1):
        stripped = row.strip()
        if stripped.startswith("//"):
            comments.append(stripped[2:].strip())
        elif stripped.startswith("$CATEGORY:"):
            flush()
            parts = [p.replace("\0", "/") for p in stripped[10:].strip().replace("//", "\0").split("/")]
            parts = [p.strip() for p in parts if p.strip() and not re.fullmatch(r"\$\w+\$|top", p.strip())]
            if not quizzes[-1].questions and not quizzes[-1].comments and len(quizzes) == 1:
                quizzes.clear()
            quizzes.append(Quiz(parts[-1] if parts else default, number, comments))
            comments = []
        elif not stripped:
            flush()
        else:
            if not block:
                start = number
            block.append(row)
    flush()
    if quizzes and not quizzes[0].questions and len(quizzes) > 1:
        quizzes[1].comments[:0] = quizzes[0].comments
        del quizzes[0]
    return quizzes


def question(raw: str, line: int, shown: str, notes: list[str], comments: list[str]) -> Question | None:
    """One question of GIFT as a quiz file's keys; None (and a note) when a quiz cannot hold it."""

    def lost(what: str) -> None:
        notes.append(f"{shown}:{line}: warning: {what}; not imported")

    text, title = raw.strip(), None
    if text.startswith("::") and (end := find(text, "::", 2)) != -1:
        title, text = unescape(text[2:end]).strip(), text[end + 2:].strip()
    form = "moodle"
    if found := re.match(r"\[(\w+)\]", text):
        form, text = found.group(1).lower(), text[found.end():]
    if form not in FORMATS:
        lost(f"text format [{form}] unknown")
        return None
    opening = find(text, "{")
    closing = rfind(text, "}")
    if opening == -1 or closing < opening:
        lost("no answers between { }: a description, which a quiz cannot hold")
        return None
    if text[closing + 1:].strip():
        lost("a missing word in mid-sentence (text after the answers); a quiz asks its question first")
        return None
    body = text[opening + 1:closing].strip()
    data: dict[str, Any] = {"id": title}
    general = find(body, "####")
    if general != -1:
        body, explanation = body[:general].strip(), text_of(body[general + 4:], form)
    else:
        explanation = ""
    stem = text_of(text[:opening], form)
    if not stem:
        lost("no question text")
        return None
    if not body:
        lost("an essay ({}), which no quiz question grades")
        return None
    if body.startswith("#"):
        lost("a numerical question ({#…}), which a quiz has no type for")
        return None
    kind = _answers(body, form, data, lost)
    if kind is None:
        return None
    data = {"id": data.pop("id"), "type": kind, "text": stem, **data}
    if explanation:
        data["explanation"] = explanation
    return Question(line, data, comments)


def _answers(body: str, form: str, data: dict[str, Any], lost: Any) -> str | None:
    """The answers' keys into `data`; the question's type, or None when a quiz cannot hold them."""
    head = body.split("#", 1)[0].strip().upper()
    if head in ("T", "TRUE", "F", "FALSE"):
        answer = head.startswith("T")
        said = [text_of(part, form) for part in _cut(body, "#")[1:3]]
        if_wrong, if_right = (said + ["", ""])[:2]  # GIFT: {T#when wrong#when right}
        data["answer"] = answer
        ft, ff = (if_right, if_wrong) if answer else (if_wrong, if_right)
        if ft:
            data["feedback_true"] = ft
        if ff:
            data["feedback_false"] = ff
        return "truefalse"
    answers = split(body, "=~")
    if any(not a.startswith(("=", "~")) for a in answers):
        lost("answers that do not start with = or ~")
        return None
    if find(body, "->") != -1:
        pairs = []
        for a in answers:
            at = find(a, "->")
            left = text_of(a[1:at], form) if at != -1 else ""
            item = unescape(a[at + 2:]).strip() if at != -1 else ""
            if not left or not item:
                lost("a matching pair without its two sides (a right-hand item alone is a distractor, which this "
                     "import does not read)")
                return None
            pairs.append({"left": left, "right": item})
        data["pairs"] = pairs
        data["partial_credit"] = True
        return "match"
    parsed = []
    for a in answers:
        rest = a[1:]
        weight = 100.0 if a.startswith("=") else 0.0
        if (m := re.match(r"%(-?[0-9.]+)%", rest)):
            weight, rest = float(m.group(1)), rest[m.end():]
        at = find(rest, "#")
        choice, feedback = (rest[:at], rest[at + 1:]) if at != -1 else (rest, "")
        parsed.append((a[0], weight, choice, feedback))
    if all(mark == "=" for mark, *_ in parsed):
        if any(w != 100 for _, w, _, _ in parsed) or any(f.strip() for *_, f in parsed):
            lost("a short answer with weights or feedback per answer, which a fill-in cannot say")
            return None
        if any(find(c, "*") != -1 for _, _, c, _ in parsed):
            lost("a short answer with a wildcard (*), which a fill-in cannot say")
            return None
        data["answers"] = [unescape(c).strip().replace("\\*", "*") for _, _, c, _ in parsed]  # \* a star
        data["ignore"] = ["case"]  # Moodle's short answer from GIFT ignores case, and nothing else
        return "fill"
    right = [w for _, w, _, _ in parsed if w > 0]
    if not right:
        lost("no right answer")
        return None
    choices = []
    for _, weight, choice, feedback in parsed:
        entry: dict[str, Any] = {"text": text_of(choice, form)}
        if weight > 0:
            entry["correct"] = True
        if feedback.strip():
            entry["feedback"] = text_of(feedback, form)
        choices.append(entry)
    data["choices"] = choices
    if len(right) == 1 and right[0] == 100:
        return "single"
    data["partial_credit"] = True
    return "multiple"


def _cut(text: str, mark: str) -> list[str]:
    parts, at = [], find(text, mark)
    begin = 0
    while at != -1:
        parts.append(text[begin:at])
        begin = at + 1
        at = find(text, mark, begin)
    return [*parts, text[begin:]]


# -- writing YAML ---------------------------------------------------------------------------
_UNSAFE_START = set("-?:,[]{}#&*!|>'\"%@`")


def scalar(value: Any, indent: str) -> str:
    """A value as the course's quiz files write it: plain when YAML reads it back as that text, a literal
    block for several lines, else in double quotes."""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    if "\n" in text and all(row == row.rstrip() for row in text.split("\n")) and not text[0].isspace():
        body = "\n".join(f"{indent}  {row}" if row else "" for row in text.split("\n"))
        return f"|-\n{body}"
    if (text and text == text.strip() and text[0] not in _UNSAFE_START and ": " not in text and " #" not in text
            and not text.endswith(":") and "\n" not in text and "\t" not in text
            and _plain_tag(text) == "tag:yaml.org,2002:str"):
        return text
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    return f'"{escaped}"'


def write_yaml(quiz: Quiz) -> tuple[str, list[tuple[int, int]]]:
    """The quiz file's text, and the (YAML line, GIFT line) where each question starts."""
    out = [f"# {c}" if c else "#" for c in quiz.comments]
    out += [f"title: {scalar(quiz.title, '')}", "questions:"]
    starts = []
    used: set[str] = set()
    for n, q in enumerate(quiz.questions, 1):
        out += [f"  # {c}" if c else "  #" for c in q.comments]
        starts.append((len(out) + 1, q.line))
        q.data["id"] = _question_id(q.data.get("id"), n, used)
        first = True
        for key, value in q.data.items():
            lead = "  - " if first else "    "
            first = False
            if isinstance(value, list):
                out.append(f"{lead}{key}:")
                for item in value:
                    if isinstance(item, dict):
                        for i, (k, v) in enumerate(item.items()):
                            out.append(f"{'      - ' if i == 0 else '        '}{k}: {scalar(v, '        ')}")
                    else:
                        out.append(f"      - {scalar(item, '        ')}")
            else:
                out.append(f"{lead}{key}: {scalar(value, '    ')}")
    return "\n".join(out) + "\n", starts


def _question_id(title: str | None, n: int, used: set[str]) -> str:
    last = (title or "").rsplit("/", 1)[-1].strip()
    ident = last if last and is_id(last) else slug(last)[:40].strip("-") if last else ""
    ident = ident if ident and ident != "course" else f"q{n}"
    base, k = ident, 2
    while ident in used:
        ident, k = f"{base}-{k}", k + 1
    used.add(ident)
    return ident
