"""The course's questions as a Moodle XML file (`coursekit export moodle-xml`), for Moodle's question bank
(Question bank › Import › Moodle XML format).

One `<question type="category">` per category (`$course$/top/<course>/<quiz>` or `…/<assessment>/Pool n`),
then its questions, each type to its closest Moodle type: `single` and `multiple` to `multichoice`,
`truefalse`, `fill` to `shortanswer`, `order` to `ordering` (core since Moodle 4.4), `match` to
`matching`, `rewrite` to `essay` (graded by hand there). Texts are the HTML the site shows
(`format="html"`, in CDATA); answers that Moodle reads as plain text (short answers, a match's right
side) are plain text. What Moodle cannot do as the course does is a `Loss`.

What Moodle's import accepts, checked against its code (moodle/moodle):
- question/format/xml/format.php, `qformat_xml::import_headers`, `import_multichoice`,
  `import_truefalse`, `import_shortanswer`, `import_match`, `import_essay`, `import_category`;
- question/type/ordering/questiontype.php, `qtype_ordering::import_from_xml`: the answers in the right
  order, `layouttype`, `selecttype`, `selectcount`, `gradingtype`, `showgrading`, `numberingstyle`;
- question/format.php, `qformat_default::importprocess`: every answer's fraction must be one of
  `question_bank::fraction_options_full()` (question/engine/bank.php) within 0.00001, else the question
  is refused (`GRADES` below);
- question/type/multichoice/questiontype.php, `save_question_options`: a multiple-answer question's
  positive fractions add up to 100 % (rounded to 2 places), a single-answer one has a 100 %;
- question/type/shortanswer/question.php, `compare_string_with_wildcard`: `*` is a wildcard (written
  `\\*` for a star), the response is trimmed, case is ignored unless `usecase`.
"""

from __future__ import annotations

import contextlib
import re
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from ..lms.files import ExportError
from ..quiz.protect import unaccented
from .source import Bank, Category, Entry, Loss

# question/engine/bank.php, question_bank::ensure_fraction_options_initialised (and their negatives)
GRADES = (1.0, 0.9, 0.8333333, 0.8, 0.75, 0.7, 0.6666667, 0.6, 0.5, 0.4, 0.3333333, 0.3, 0.25, 0.2,
          0.1666667, 0.1428571, 0.125, 0.1111111, 0.1, 0.05, 0.0)
IDNUMBER = 100  # question_bank_entries.idnumber: 100 characters
NAME = 80  # a question's name in the bank: the start of its text (Moodle allows 255)


def export(bank: Bank, output: Path) -> list[Loss]:
    """Write `output` (whole or not at all) and say what Moodle could not carry."""
    losses: list[Loss] = []
    out = ['<?xml version="1.0" encoding="UTF-8"?>', "<quiz>"]
    for category in bank.categories:
        out.append(_category(category))
        for entry in category.entries:
            out.append(_question(bank, entry, category.shuffled(entry), losses))
    out.append("</quiz>\n")
    _write(output, "\n".join(out))
    return losses


def _write(output: Path, text: str) -> None:
    partial = output.with_name(output.name + ".part")
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        partial.write_text(text, encoding="utf-8")
        partial.replace(output)
    except OSError as exc:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
        raise ExportError(f"cannot write {output.as_posix()}: {exc.strerror or exc}") from None


# --- XML pieces ---------------------------------------------------------------------------------

def cdata(html: str) -> str:
    """HTML as Moodle writes it: in CDATA (a `]]>` inside split across two sections)."""
    return "<![CDATA[" + html.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _html(tag: str, html: str, indent: int = 4) -> str:
    pad = " " * indent
    return f'{pad}<{tag} format="html">\n{pad}  <text>{cdata(html)}</text>\n{pad}</{tag}>'


def _plain(tag: str, text: str, indent: int = 4) -> str:
    pad = " " * indent
    return f"{pad}<{tag}><text>{escape(text)}</text></{tag}>"


def _value(tag: str, value: Any) -> str:
    return f"    <{tag}>{escape(str(value))}</{tag}>"


def _answer(fraction: str, text: str, feedback: str | None, html: bool) -> str:
    """One `<answer>`: its text (HTML in CDATA, or plain), its feedback (HTML)."""
    body = f"      <text>{cdata(text) if html else escape(text)}</text>"
    fmt = "html" if html else "moodle_auto_format"
    back = f"\n{_html('feedback', feedback, 6)}" if feedback else ""
    return f'    <answer fraction="{fraction}" format="{fmt}">\n{body}{back}\n    </answer>'


def percent(fraction: float) -> str:
    """A fraction (0.3333333) as the percentage Moodle writes ("33.33333")."""
    text = f"{fraction * 100:.5f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _category(category: Category) -> str:
    path = "$course$/top/" + category.name
    return (f'  <question type="category">\n    <category>\n      <text>{escape(path)}</text>\n    </category>\n'
            '    <info format="html">\n      <text></text>\n    </info>\n  </question>')


def _name(bank: Bank, entry: Entry) -> str:
    text = re.sub(r"[ \t\r\n]+", " ", bank.plain(entry.question.text)).strip()  # U+00A0, U+202F kept
    return text if len(text) <= NAME else text[:NAME - 1].rstrip() + "…"


def _question(bank: Bank, entry: Entry, shuffle: bool, losses: list[Loss]) -> str:
    q: Any = entry.question
    kind, body, text = BUILDERS[q.type](bank, entry, shuffle, losses)
    idnumber = entry.name
    if len(idnumber) > IDNUMBER:
        losses.append(Loss.of(entry, f"its id number '{idnumber}' is over {IDNUMBER} characters in Moodle; "
                                     "cut to its first 100"))
        idnumber = idnumber[:IDNUMBER]
    head = [f'  <question type="{kind}">', _plain("name", _name(bank, entry)),
            _html("questiontext", text if text is not None else bank.html(q.text, False)),
            _html("generalfeedback", bank.html(q.explanation, False) if q.explanation else ""),
            _value("defaultgrade", f"{q.points:.7g}"), _value("penalty", 0), _value("hidden", 0),
            _value("idnumber", idnumber)]
    tags = "".join(f"<tag><text>{escape(tag)}</text></tag>" for tag in q.tags)
    tail = [f"    <tags>{tags}</tags>"] if tags else []
    return "\n".join([*head, *body, *tail, "  </question>"])


# --- one builder per type: (Moodle type, its elements, its question text or None) ---------------

Built = tuple[str, list[str], str | None]


def _choices(bank: Bank, entry: Entry, shuffle: bool, losses: list[Loss]) -> Built:
    q: Any = entry.question
    multiple = q.type == "multiple"
    right = sum(c.correct for c in q.choices)
    share = 1 / right
    if multiple and not any(abs(share - g) < 0.00001 for g in GRADES):
        losses.append(Loss.of(entry, f"Moodle has no grade of 1/{right} for each of its {right} right choices; "
                                     "import it with « Nearest grade if not listed »"))
    if multiple and not q.partial_credit:
        losses.append(Loss.of(entry, "Moodle's multiple-answer question gives a share of the points for each "
                                     "right choice ticked (all or nothing needs the qtype_multichoiceset "
                                     "plug-in); a wrong choice ticked still takes every point"))
    wrong = -share if multiple and q.partial_credit else -1.0 if multiple else 0.0
    body = [_value("single", "false" if multiple else "true"),
            _value("shuffleanswers", "true" if shuffle else "false"),
            _value("answernumbering", "abc"), _value("showstandardinstruction", 0)]
    body += [_answer(percent(share if c.correct else wrong) if multiple else ("100" if c.correct else "0"),
                     bank.html(c.text, True), bank.html(c.feedback, True) if c.feedback else None, True)
             for c in q.choices]
    if multiple:
        body.append("    <shownumcorrect/>")
    return "multichoice", body, None


def _truefalse(bank: Bank, entry: Entry, shuffle: bool, losses: list[Loss]) -> Built:
    q: Any = entry.question
    feedback = (q.feedback_true, q.feedback_false)
    body = [_answer("100" if q.answer is value else "0", word, bank.html(back, True) if back else None, False)
            for value, word, back in ((True, "true", feedback[0]), (False, "false", feedback[1]))]
    return "truefalse", body, None


def _fill(bank: Bank, entry: Entry, shuffle: bool, losses: list[Loss]) -> Built:
    q: Any = entry.question
    ignore = set(q.ignore)
    # as written (its typography kept), and as the course compares it when it ignores spaces: every run of
    # spaces, U+00A0 and U+202F included, one space (quiz/protect.py, normalize)
    answers = [a.strip() for a in q.answers]
    if "spaces" in ignore:
        answers += [" ".join(a.split()) for a in answers]
    answers = list(dict.fromkeys(answers))
    if "accents" in ignore:
        answers = list(dict.fromkeys([*answers, *(unaccented(a) for a in answers)]))
        losses.append(Loss.of(entry, "ignore accents: Moodle compares them; each answer is also accepted "
                                     "without any accent, but not with only some of them"))
    if "spaces" in ignore and any(len(a.split()) > 1 for a in answers):
        losses.append(Loss.of(entry, "ignore spaces: Moodle trims the answer but compares the spaces inside "
                                     "it; extra spaces between words make it wrong"))
    if "punctuation" in ignore:
        losses.append(Loss.of(entry, "ignore punctuation: Moodle compares punctuation as typed"))
    body = [_value("usecase", 0 if "case" in ignore else 1)]
    body += [_answer("100", a.replace("*", "\\*"), None, False) for a in answers]
    return "shortanswer", body, None


def _order(bank: Bank, entry: Entry, shuffle: bool, losses: list[Loss]) -> Built:
    q: Any = entry.question
    body = [_value("layouttype", "VERTICAL"), _value("selecttype", "ALL"), _value("selectcount", len(q.items)),
            _value("gradingtype", "ABSOLUTE_POSITION" if q.partial_credit else "ALL_OR_NOTHING"),
            _value("showgrading", "SHOW"), _value("numberingstyle", "none")]
    # the right order is the answers' order; the fraction is only their rank (reset by Moodle)
    body += [_answer(str(rank), bank.html(item, True), None, True) for rank, item in enumerate(q.items, 1)]
    return "ordering", body, None


def _match(bank: Bank, entry: Entry, shuffle: bool, losses: list[Loss]) -> Built:
    q: Any = entry.question
    if not q.partial_credit:
        losses.append(Loss.of(entry, "Moodle's matching question gives a share of the points for each right "
                                     "pair; the course gives all or nothing"))
    rows = [(bank.html(p.left, True), bank.plain(p.right)) for p in q.pairs]
    rows += [("", bank.plain(d)) for d in q.distractors]  # a distractor: an answer with no question
    body = [_value("shuffleanswers", "true")]
    body += [f'    <subquestion format="html">\n      <text>{cdata(left)}</text>\n'
             f"      <answer>\n        <text>{escape(right)}</text>\n      </answer>\n    </subquestion>"
             for left, right in rows]
    return "matching", body, None


def _rewrite(bank: Bank, entry: Entry, shuffle: bool, losses: list[Loss]) -> Built:
    q: Any = entry.question
    losses.append(Loss.of(entry, "self-assessed in the course: an essay in Moodle, graded by hand (the model "
                                 "answer and the checklist are the grader's information)"))
    text, checklist = bank.essay(q, False)
    body = [_value("responseformat", "editor"), _value("responserequired", 1), _value("responsefieldlines", 10),
            _value("attachments", 0), _value("attachmentsrequired", 0),
            _html("graderinfo", bank.html(q.answer, False) + checklist),
            _html("responsetemplate", bank.html(q.original, False) if q.original else "")]
    return "essay", body, text


BUILDERS = {"single": _choices, "multiple": _choices, "truefalse": _truefalse, "fill": _fill,
            "order": _order, "match": _match, "rewrite": _rewrite}
