"""`coursekit export moodle-xml` (banks/moodle_xml.py): the French course's questions read back by code
that is not ours.

- `moodle-xml-parser` 0.3.1 (PyPI) reads the `multichoice` questions (it reads no other type);
- the other types are checked by XPath against what Moodle's own import code reads, cited case by case
  (moodle/moodle: question/format/xml/format.php, question/type/ordering/questiontype.php);
- lxml (libxml2) checks the file is well-formed XML.
The expected counts come from the quiz files themselves, read here with ruamel.yaml, not from the export.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from conftest import ROOT
from coursekit.banks.moodle_xml import GRADES, cdata, export
from coursekit.banks.source import Bank, Category, Entry, collect
from coursekit.lms.files import ExportError
from coursekit.quiz.types import QUESTION_MODELS
from lxml import etree
from moodle_xml_parser.parser import parse_file
from ruamel.yaml import YAML

MOODLE = {"single": "multichoice", "multiple": "multichoice", "truefalse": "truefalse", "fill": "shortanswer",
          "order": "ordering", "match": "matching", "rewrite": "essay"}


def source_questions() -> list[dict]:
    """Every question of the course's quiz files, as YAML (not through coursekit's loader)."""
    found = []
    for path in sorted((ROOT / "quizzes").glob("*.yml")):
        for q in YAML(typ="safe").load(path.read_text(encoding="utf-8"))["questions"]:
            found.append(q | {"quiz": path.stem})
    return found


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list, Bank]:
    bank = collect(ROOT / "mkdocs.yml", None, "quiz")
    out = tmp_path_factory.mktemp("moodle") / "banque.xml"
    return out, export(bank, out), bank


def questions(out: Path) -> list[etree._Element]:
    return etree.parse(str(out)).getroot().findall("question")


def by_idnumber(out: Path) -> dict[str, etree._Element]:
    return {q.findtext("idnumber"): q for q in questions(out) if q.get("type") != "category"}


def test_every_question_of_the_course_with_its_type(exported):
    out, _, _ = exported
    source = source_questions()
    want = Counter(MOODLE[q["type"]] for q in source)
    got = Counter(q.get("type") for q in questions(out) if q.get("type") != "category")
    assert got == want and sum(got.values()) == len(source) > 100
    assert set(by_idnumber(out)) == {f"{q['quiz']}/{q['id']}" for q in source}
    # one category per quiz file, in Moodle's path form ($course$/top/…), before its questions
    cats = [q.findtext("category/text") for q in questions(out) if q.get("type") == "category"]
    assert len(cats) == len(list((ROOT / "quizzes").glob("*.yml")))
    assert all(c.startswith("$course$/top/Répondre non à un client/") for c in cats)


def test_multichoice_read_by_an_independent_parser(exported):
    out, _, bank = exported
    parsed = parse_file(str(out))["multichoice"]
    source = {f"{e.name}": e for e in bank.entries}
    want = [q for q in source_questions() if q["type"] in ("single", "multiple")]
    assert len(parsed) == len(want)
    mine = [q for q in questions(out) if q.get("type") == "multichoice"]
    for read, node in zip(parsed, mine, strict=True):
        entry = source[node.findtext("idnumber")]
        q = entry.question
        assert read.single == (q.type == "single")
        assert read.default_grade == q.points and read.penalty == 0
        assert read.text_pre_parse == bank.html(q.text, False)
        assert read.general_feedback == (bank.html(q.explanation, False) if q.explanation else "")
        assert [o.answer for o in read.options] == [bank.html(c.text, True) for c in q.choices]
        assert [o.feedback or None for o in read.options] == [bank.html(c.feedback, True) if c.feedback else None
                                                              for c in q.choices]
        fractions = [o.score_fraction / 100 for o in read.options]
        # question/format.php, qformat_default::importprocess: each fraction one of
        # question_bank::fraction_options_full() (question/engine/bank.php) within 0.00001, else refused
        assert all(any(abs(abs(f) - g) < 0.00001 for g in GRADES) for f in fractions)
        right = [f for f, c in zip(fractions, q.choices, strict=True) if c.correct]
        wrong = [f for f, c in zip(fractions, q.choices, strict=True) if not c.correct]
        if q.type == "single":  # question/type/multichoice/questiontype.php, save_question_options: one 100 %
            assert right == [1] and set(wrong) <= {0}
        else:  # …: a multiple-answer question's positive fractions add up to 100 % (rounded to 2 places)
            assert round(sum(f for f in fractions if f > 0), 2) == 1
            assert all(f < 0 for f in wrong)  # a wrong choice ticked costs (partial: one share; else all)
            assert all(f == (-right[0] if q.partial_credit else -1) for f in wrong)


def test_other_types_as_moodle_imports_them(exported):
    out, _, bank = exported
    found = by_idnumber(out)
    for entry in bank.entries:
        q, node = entry.question, found[entry.name]
        assert float(node.findtext("defaultgrade")) == q.points and node.findtext("penalty") == "0"
        if q.type == "truefalse":
            # format.php import_truefalse: answers "true" and "false", the right one at fraction 100
            answers = {a.findtext("text"): a.get("fraction") for a in node.findall("answer")}
            assert answers == {"true": "100" if q.answer else "0", "false": "0" if q.answer else "100"}
        elif q.type == "fill":
            # format.php import_shortanswer: usecase, answers as plain text; shortanswer/question.php: `*` is
            # a wildcard (written \*); the response trimmed
            assert node.findtext("usecase") == ("0" if "case" in q.ignore else "1")
            texts = [a.findtext("text") for a in node.findall("answer")]
            assert {a.get("fraction") for a in node.findall("answer")} == {"100"}
            assert all(a.strip().replace("*", "\\*") in texts for a in q.answers)
        elif q.type == "order":
            # ordering/questiontype.php import_from_xml: the answers in the right order, every item shown
            assert [a.findtext("text") for a in node.findall("answer")] == [bank.html(i, True) for i in q.items]
            assert node.findtext("selecttype") == "ALL" and node.findtext("selectcount") == str(len(q.items))
            assert node.findtext("gradingtype") == ("ABSOLUTE_POSITION" if q.partial_credit else "ALL_OR_NOTHING")
        elif q.type == "match":
            # format.php import_match: a subquestion per pair, its answer plain text; a distractor: no text
            rows = [(s.findtext("text"), s.findtext("answer/text")) for s in node.findall("subquestion")]
            assert rows == [(bank.html(p.left, True), bank.plain(p.right)) for p in q.pairs] + [
                ("", bank.plain(d)) for d in q.distractors]
        elif q.type == "rewrite":
            # format.php import_essay: graderinfo (the model answer and the checklist), responsetemplate
            info = node.findtext("graderinfo/text")
            assert bank.html(q.answer, False) in info and all(bank.html(c, True) in info for c in q.checklist)


def test_losses_are_listed_by_file_and_line(exported):
    _, losses, bank = exported
    source = source_questions()
    said = Counter((loss.file, loss.question) for loss in losses)
    rewrite = [q for q in source if q["type"] == "rewrite"]
    assert sum(1 for loss in losses if loss.type == "rewrite") == len(rewrite) > 0
    for q in source:
        if q["type"] in ("multiple", "match") and not q.get("partial_credit"):
            assert said[(f"quizzes/{q['quiz']}.yml", q["id"])] >= 1
    lines = {e.name: e.line for e in bank.entries}
    for loss in losses:
        text = (ROOT / loss.file).read_text(encoding="utf-8").splitlines()[loss.line - 1]
        assert re.match(r"\s*- (id|type):", text), str(loss)
        assert lines[f"{Path(loss.file).stem}/{loss.question}"] == loss.line
        assert re.fullmatch(r"quizzes/[\w-]+\.yml:\d+: warning: question '[\w-]+' \(\w+\): .+", str(loss))


def test_well_formed_utf8_with_cdata_and_french_typography(exported):
    out, _, bank = exported
    raw = out.read_text(encoding="utf-8")
    etree.fromstring(out.read_bytes(), etree.XMLParser(resolve_entities=False))  # raises if not well-formed
    # every HTML text in CDATA (or empty), as Moodle's own export writes it
    for text in re.findall(r'format="html">\s*<text>(.*?)</text>', raw, re.S):
        assert text == "" or (text.startswith("<![CDATA[") and text.endswith("]]>"))
    # French typography written as such: the source's characters all there, none as `?` or an entity
    source = "".join((ROOT / "quizzes" / f).read_text(encoding="utf-8") for f in sorted(
        p.name for p in (ROOT / "quizzes").glob("*.yml")))
    for char in ("\u00a0", "\u202f", "«", "»", "’"):
        assert char in source and char in raw
    assert "&nbsp;" not in raw and "&#" not in raw
    assert not re.search(r" [?!:;»]|« ", raw)  # never an ordinary space where the course has a fixed one
    # in answers too: a choice's text and a match's right side, read back
    rights = etree.parse(str(out)).xpath("//subquestion/answer/text/text()")
    assert any("\u00a0" in r or "’" in r for r in rights)


def test_one_category_per_pool_of_the_final_assessment(tmp_path):
    bank = collect(ROOT / "mkdocs.yml", None, "pool")
    out = tmp_path / "pools.xml"
    export(bank, out)
    pools = YAML(typ="safe").load((ROOT / "course.yml").read_text(encoding="utf-8"))["assessments"]
    pools = next(iter(pools.values()))["pools"]
    nodes = questions(out)
    cats = [q.findtext("category/text") for q in nodes if q.get("type") == "category"]
    assert len(cats) == len(pools) and all(f"(étiquette\u00a0: {p['tag']})" in c for p, c in zip(pools, cats, strict=True))
    tagged = {f"{q['quiz']}/{q['id']}" for q in source_questions() if set(q.get("tags", [])) & {p["tag"] for p in pools}}
    assert set(by_idnumber(out)) == tagged
    # an assessment shuffles every paper's choices: so does Moodle
    assert {q.findtext("shuffleanswers") for q in nodes if q.get("type") in ("multichoice", "matching")} == {"true"}


# --- hand-made questions ------------------------------------------------------------------------

def bank_of(*questions: dict, draw: int | None = None, shuffle: bool = False) -> Bank:
    entries = [Entry("essai", "quizzes/essai.yml", 3 + 5 * i, QUESTION_MODELS[q["type"]].model_validate(q),
                     "Essai", shuffle) for i, q in enumerate(questions)]
    return Bank("Cours", "fr", [Category("Cours/Essai", entries, draw, ["Cours", "Essai"])])


def test_partial_credit_shares_and_fill_rules(tmp_path):
    bank = bank_of(
        {"id": "m1", "type": "multiple", "text": "Lesquels ?", "partial_credit": True, "points": 3,
         "choices": [{"text": "a", "correct": True}, {"text": "b", "correct": True}, {"text": "c", "correct": True},
                     {"text": "d"}]},
        {"id": "f1", "type": "fill", "text": "Le mot ?", "answers": ["Ét*é", "deux  mots"],
         "ignore": ["case", "spaces", "accents", "punctuation"]},
        {"id": "f2", "type": "fill", "text": "Casse ?", "answers": ["Paris"], "ignore": []},
        {"id": "x", "type": "single", "text": "Un ]]> dans le texte ?",
         "choices": [{"text": "oui", "correct": True}, {"text": "non"}]}, draw=2)
    out = tmp_path / "b.xml"
    losses = export(bank, out)
    found = by_idnumber(out)
    assert [a.get("fraction") for a in found["essai/m1"].findall("answer")] == ["33.33333"] * 3 + ["-33.33333"]
    assert found["essai/m1"].findtext("shuffleanswers") == "true"  # a pool: the course shuffles
    assert found["essai/m1"].findtext("defaultgrade") == "3"
    assert [a.findtext("text") for a in found["essai/f1"].findall("answer")] == [
        "Ét\\*é", "deux  mots", "deux mots", "Et\\*e"]
    assert found["essai/f1"].findtext("usecase") == "0" and found["essai/f2"].findtext("usecase") == "1"
    said = [(loss.question, loss.what.split(":")[0]) for loss in losses]
    assert said == [("f1", "ignore accents"), ("f1", "ignore spaces"), ("f1", "ignore punctuation")]
    assert found["essai/x"].findtext("questiontext/text") == "<p>Un ]]&gt; dans le texte ?</p>"
    assert etree.fromstring(f"<t>{cdata('a ]]> b ]]>')}</t>").text == "a ]]> b ]]>"  # a CDATA end split


def test_all_or_nothing_is_a_loss_and_nothing_is_written_on_failure(tmp_path):
    bank = bank_of({"id": "m", "type": "multiple", "text": "Lesquels ?",
                    "choices": [{"text": "a", "correct": True}, {"text": "b"}]})
    out = tmp_path / "b.xml"
    losses = export(bank, out)
    assert [a.get("fraction") for a in by_idnumber(out)["essai/m"].findall("answer")] == ["100", "-100"]
    assert [str(loss).split(": warning")[0] for loss in losses] == ["quizzes/essai.yml:3"]
    blocked = tmp_path / "fichier"
    blocked.write_text("")
    with pytest.raises(ExportError, match="cannot write"):
        export(bank, blocked / "b.xml")  # its folder is a file
    taken = tmp_path / "dossier.xml"
    taken.mkdir()
    with pytest.raises(ExportError, match="cannot write .*dossier.xml"):
        export(bank, taken)  # written, then cannot take the place of a folder: the part removed
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.xml", "dossier.xml", "fichier"]
    assert not any(taken.iterdir())


def test_a_quiz_that_shuffles_shuffles_in_moodle(tmp_path):
    """`shuffle: true` in a quiz: Moodle shuffles the choices (shuffleanswers), a quiz without it keeps them in order."""
    single = {"id": "s", "type": "single", "text": "Laquelle ?", "choices": [{"text": "a", "correct": True}, {"text": "b"}]}
    for shuffle in (True, False):
        export(bank_of(single, shuffle=shuffle), tmp_path / "s.xml")
        assert by_idnumber(tmp_path / "s.xml")["essai/s"].findtext("shuffleanswers") == ("true" if shuffle else "false")
