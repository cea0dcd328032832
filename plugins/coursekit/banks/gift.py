"""GIFT export (`coursekit export gift`): Moodle's text format for questions, one category per quiz or pool.

Texts go as `[html]`: the cleaned HTML the site shows (`Bank.html`), so that Moodle shows what the
learners saw, whatever its own Markdown makes of a text; Moodle's own GIFT export writes `[html]` too.
A question's title is `<quiz id>/<question id>`, the same in every export; a `//` comment above it
names its file and line. What GIFT cannot carry is a `Loss`:

- `order`: GIFT has no ordering question; left out.
- `match`: distractors (GIFT's matching has none); without `partial_credit`, Moodle's share per pair.
- `multiple`: right choices share 100 %, each wrong one takes a share off (Moodle never goes below 0);
  without `partial_credit` the course gives all or nothing, which the weights cannot say.
- `fill`: Moodle's short answer from GIFT ignores case and nothing else (the other `ignore` rules
  are lost; a course answer that minds case too).
- `rewrite`: an essay `{}`, graded by hand in Moodle; the model answer and the checklist become its
  general feedback (GIFT has no grader's information).
- `points` other than 1: GIFT has no mark; Moodle gives each question the default mark 1.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..lms.files import ExportError
from .source import Bank, Entry, Loss

_SPECIAL = re.compile(r"([\\~=#{}:])")


def escape(text: str) -> str:
    """GIFT's special characters behind a backslash, line breaks as `\\n` (a blank line ends a question)."""
    text = _SPECIAL.sub(r"\\\1", text)
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")


def _percent(value: float) -> str:
    """A weight as Moodle's grade list writes it (33.33333, not 33.333333333)."""
    return f"{value:.5f}".rstrip("0").rstrip(".")


def export(bank: Bank, output: Path) -> list[Loss]:
    """Write the bank to `output` (whole or not at all); return what GIFT could not carry."""
    losses: list[Loss] = []
    text = write(bank, losses)
    partial = output.with_name(output.name + ".part")
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        partial.write_text(text, encoding="utf-8")
        partial.replace(output)
    except OSError as exc:
        with contextlib.suppress(OSError):  # its folder is not one (a file of that name): nothing written
            partial.unlink(missing_ok=True)
        raise ExportError(f"cannot write {output.as_posix()}: {exc.strerror or exc}") from None
    return losses


def write(bank: Bank, losses: list[Loss]) -> str:
    """The GIFT text of the bank; what it cannot carry appended to `losses`."""
    out = [f"// {bank.title}: questions exported by coursekit ({bank.lang})", ""]
    for category in bank.categories:
        out.append(f"$CATEGORY: $course$/top/{category.name}")
        if category.draw is not None:
            out.append(f"// the course draws {category.draw} question{'s' if category.draw > 1 else ''} "
                       "from this category")
        out.append("")
        for entry in category.entries:
            q = entry.question
            if q.points != 1 and q.type != "order":
                losses.append(Loss.of(entry, f"GIFT has no points: Moodle gives it the default mark 1, "
                                             f"not {q.points:g}"))
            body = QUESTIONS[q.type](bank, entry, losses)
            if body is None:
                continue
            out.append(f"// {entry.file}:{entry.line}")
            out.append(f"::{escape(entry.name)}::[html]{body}")
            out.append("")
    return "\n".join(out)


def _text(bank: Bank, text: str | None, inline: bool = True) -> str:
    return escape(bank.html(text, inline)) if text else ""


def _answers(lines: list[str], bank: Bank, explanation: str | None) -> str:
    general = _text(bank, explanation, inline=False)
    if general:
        lines.append(f"####{general}")
    return "{\n" + "".join(f"\t{line}\n" for line in lines) + "}"


def _feedback(bank: Bank, text: str | None) -> str:
    return f"#{_text(bank, text)}" if text else ""


def _single(bank: Bank, entry: Entry, losses: list[Loss]) -> str:
    q = entry.question
    lines = [f"{'=' if c.correct else '~'}{_text(bank, c.text)}{_feedback(bank, c.feedback)}" for c in q.choices]
    return _text(bank, q.text) + _answers(lines, bank, q.explanation)


def _multiple(bank: Bank, entry: Entry, losses: list[Loss]) -> str:
    q = entry.question
    right = sum(c.correct for c in q.choices)
    share = _percent(100 / right)
    if not q.partial_credit:
        losses.append(Loss.of(entry, "all or nothing in the course; GIFT's weights give a share for each right "
                                     "choice ticked, minus a share for each wrong one"))
    lines = [f"~%{share if c.correct else '-' + share}%{_text(bank, c.text)}{_feedback(bank, c.feedback)}"
             for c in q.choices]
    return _text(bank, q.text) + _answers(lines, bank, q.explanation)


def _truefalse(bank: Bank, entry: Entry, losses: list[Loss]) -> str:
    q = entry.question
    # GIFT: {T#feedback when the learner answers wrong#feedback when right}
    right, wrong = (q.feedback_true, q.feedback_false) if q.answer else (q.feedback_false, q.feedback_true)
    line = ("T" if q.answer else "F") + (f"#{_text(bank, wrong)}#{_text(bank, right)}" if right or wrong else "")
    return _text(bank, q.text) + _answers([line], bank, q.explanation)


def _fill(bank: Bank, entry: Entry, losses: list[Loss]) -> str:
    q = entry.question
    lost = [rule for rule in q.ignore if rule != "case"]
    if "case" not in q.ignore:
        lost.insert(0, "case (Moodle's short answer from GIFT ignores it: the course minds it)")
    if lost:
        losses.append(Loss.of(entry, f"GIFT's short answer ignores case only; lost: ignore {', '.join(lost)}"))
    # a short answer is plain text; `*` is Moodle's wildcard there, written `\*` for a star
    lines = [f"={escape(answer).replace('*', chr(92) + '*')}" for answer in q.answers]
    return _text(bank, q.text) + _answers(lines, bank, q.explanation)


def _match(bank: Bank, entry: Entry, losses: list[Loss]) -> str:
    q = entry.question
    if q.distractors:
        losses.append(Loss.of(entry, f"GIFT's matching has no distractors; left out: {', '.join(q.distractors)}"))
    if not q.partial_credit:
        losses.append(Loss.of(entry, "all or nothing in the course; Moodle's matching gives a share for each "
                                     "right pair"))
    lines = [f"={_text(bank, p.left)} -> {escape(bank.plain(p.right))}" for p in q.pairs]
    return _text(bank, q.text) + _answers(lines, bank, q.explanation)


def _order(bank: Bank, entry: Entry, losses: list[Loss]) -> None:
    losses.append(Loss.of(entry, "GIFT has no ordering question; left out"))
    return None


def _rewrite(bank: Bank, entry: Entry, losses: list[Loss]) -> str:
    q = entry.question
    losses.append(Loss.of(entry, "self-assessed in the course; an essay in GIFT, graded by hand in Moodle (the model "
                                 "answer and the checklist in its general feedback)"))
    text, checklist = bank.essay(q, True)
    general = bank.html(q.answer, False) + checklist + bank.html(q.explanation or "", False)
    return f"{escape(text)}{{\n\t####{escape(general)}\n}}"


QUESTIONS: dict[str, Callable[[Bank, Entry, list[Loss]], Any]] = {
    "single": _single, "multiple": _multiple, "truefalse": _truefalse, "fill": _fill,
    "order": _order, "match": _match, "rewrite": _rewrite}
