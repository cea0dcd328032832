"""`banks/qti.py`: the French course's questions as a QTI 2.1 content package.

No registry ships the IMS QTI 2.1 XSD files (looked for in pyslet, qti-package-maker, text2qti and
citolab-qti-convert on PyPI, @citolab/qti-convert, @citolab/qti-components and @oat-sa/tao-item-runner-qti
on npm): every item is read instead by pyslet's QTI 2.1 reader (an independent implementation), which must
know each element as the QTI class it is, and whose response processing must score the right response at
the question's points and a wrong one below them. The manifest validates against the IMS CP 1.1 XSD
(vendored for SCORM 2004, lms/schemas/scorm2004/). The counts per type come from the quiz files, read as
plain YAML."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from conftest import ROOT
from coursekit.banks.qti import export
from coursekit.banks.qti_items import Xhtml
from coursekit.banks.source import collect
from coursekit.lms.manifest import SCHEMAS
from lxml import etree
from pyslet.qtiv2 import items as qti_items
from pyslet.qtiv2 import variables
from pyslet.qtiv2 import xml as qtixml
from pyslet.xml import structures
from ruamel.yaml import YAML

Q = "{http://www.imsglobal.org/xsd/imsqti_v2p1}"
CP = "{http://www.imsglobal.org/xsd/imscp_v1p1}"
# pyslet (2017) calls its own renamed functions, which warn
pytestmark = pytest.mark.filterwarnings("ignore:.* is deprecated, use:DeprecationWarning")
TYPOGRAPHY = ("\u00a0", "\u202f", "«", "»", "’")


def questions() -> list[tuple[str, dict]]:
    """Every question of the course's quiz files, as plain YAML: (quiz id, question)."""
    found = []
    for path in sorted((ROOT / "quizzes").glob("*.yml")):
        for question in YAML(typ="safe").load(path.read_text(encoding="utf-8"))["questions"]:
            found.append((path.stem, question))
    return found


def read_zip(target: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(target) as zipped:
        return {name: zipped.read(name) for name in zipped.namelist()}


@pytest.fixture(scope="module")
def by_quiz(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, bytes], list]:
    target = tmp_path_factory.mktemp("qti") / "banque.zip"
    losses = export(collect(ROOT / "mkdocs.yml", None, "quiz"), target)
    return read_zip(target), losses


def kind(root: ET.Element) -> str:
    """The course's type an item was written as, told by its interaction alone."""
    body = root.find(f"{Q}itemBody")
    assert body is not None
    for tag, name in (("orderInteraction", "order"), ("matchInteraction", "match"), ("textEntryInteraction", "fill"),
                      ("extendedTextInteraction", "rewrite")):
        if body.find(f".//{Q}{tag}") is not None:
            return name
    choice = body.find(f".//{Q}choiceInteraction")
    assert choice is not None, ET.tostring(root, encoding="unicode")
    if choice.get("maxChoices") == "0":
        return "multiple"
    shown = [c.text for c in choice.iter(f"{Q}simpleChoice")]
    return "truefalse" if shown == ["Vrai", "Faux"] else "single"


def test_every_question_by_type(by_quiz: tuple[dict[str, bytes], list]) -> None:
    files, _ = by_quiz
    items = {name: ET.fromstring(data) for name, data in files.items() if name.startswith("items/")}
    expected = Counter(q["type"] for _, q in questions())
    assert Counter(kind(root) for root in items.values()) == expected
    assert sum(expected.values()) == len(items) == 125
    # one file per question, named after its quiz and id
    assert sorted(items) == sorted(f"items/{quiz}/{q['id']}.xml" for quiz, q in questions())


def test_manifest_names_every_file_and_validates(by_quiz: tuple[dict[str, bytes], list]) -> None:
    files, _ = by_quiz
    manifest = etree.fromstring(files["imsmanifest.xml"])
    schema = etree.XMLSchema(etree.parse(str(SCHEMAS / "scorm2004" / "imscp_v1p1.xsd")))
    assert schema.validate(manifest), schema.error_log
    listed = [f.get("href") for f in manifest.iter(f"{CP}file")]
    assert sorted(listed) == sorted(set(files) - {"imsmanifest.xml"})
    resources = list(manifest.iter(f"{CP}resource"))
    types = Counter(r.get("type") for r in resources)
    assert types == {"imsqti_test_xmlv2p1": 1, "imsqti_item_xmlv2p1": 125}
    ids = {r.get("identifier") for r in resources}
    test = next(r for r in resources if r.get("type") == "imsqti_test_xmlv2p1")
    assert {d.get("identifierref") for d in test.iter(f"{CP}dependency")} == ids - {test.get("identifier")}
    # the test: one section per quiz, each referring to its quiz's items, no draw
    root = ET.fromstring(files["test.xml"])
    sections = list(root.iter(f"{Q}assessmentSection"))
    assert len(sections) == len(list((ROOT / "quizzes").glob("*.yml")))
    assert root.find(f".//{Q}selection") is None
    refs = [r.get("href") for r in root.iter(f"{Q}assessmentItemRef")]
    assert sorted(refs) == sorted(n for n in files if n.startswith("items/"))
    # pyslet reads the test too, every element as the QTI class it is
    doc = read_item(files["test.xml"])
    assert type(doc.root).__name__ == "AssessmentTest"
    assert not [e.xmlname for e in doc.root.find_children_depth_first(structures.Element)
                if type(e).__module__.startswith("pyslet.xml")]


def read_item(data: bytes) -> qtixml.QTIDocument:
    doc = qtixml.QTIDocument()
    doc.read(src=io.BytesIO(data))
    return doc


def score(doc: qtixml.QTIDocument, response: object) -> tuple[float, variables.ItemSessionState]:
    """The item's response processing, run by pyslet for `response`."""
    session = variables.ItemSessionState(doc.root)
    session.begin_session()
    session["RESPONSE"].set_value(response)
    session.end_attempt()
    return session["SCORE"].value, session


def test_pyslet_reads_and_scores_every_item(by_quiz: tuple[dict[str, bytes], list]) -> None:
    files, _ = by_quiz
    points = {f"items/{quiz}/{q['id']}.xml": float(q.get("points", 1)) for quiz, q in questions()}
    for name, data in files.items():
        if not name.startswith("items/"):
            continue
        doc = read_item(data)
        assert isinstance(doc.root, qti_items.AssessmentItem), name
        generic = [e.xmlname for e in doc.root.find_children_depth_first(structures.Element)
                   if type(e).__module__.startswith("pyslet.xml")]
        assert not generic, f"{name}: elements pyslet does not know as QTI or XHTML: {generic}"
        root = ET.fromstring(data)
        assert root.find(f"{Q}outcomeDeclaration[@identifier='SCORE']").get("normalMaximum") == f"{points[name]:g}"
        if kind(root) == "rewrite":
            assert root.find(f".//{Q}rubricBlock[@view='scorer']") is not None
            continue
        right = variables.ItemSessionState(doc.root)["RESPONSE.CORRECT"].value
        got, session = score(doc, right)
        assert got == pytest.approx(points[name]) and got == points[name], name
        if "SOLUTION" in session:
            assert session["SOLUTION"].value == "EXPLANATION"
        wrong: object
        if isinstance(right, dict):  # multiple, match: a right part left out
            wrong = dict(list(right.items())[:-1]) if len(right) > 1 else {}
        elif isinstance(right, list):  # order: the first two swapped
            wrong = [right[1], right[0], *right[2:]]
        else:
            wrong = "FALSE" if right == "TRUE" else "TRUE" if right == "FALSE" else "C9" if right.startswith("C") \
                else right + "x"
        assert score(read_item(data), wrong)[0] < points[name], name


def test_partial_credit_as_the_course_grades(by_quiz: tuple[dict[str, bytes], list]) -> None:
    files, _ = by_quiz
    # multiple: 2 right ticked, 1 wrong ticked, of 3 right: (2 - 1) / 3; the choice's feedback is bound
    doc = read_item(files["items/p2-ecouter/avant-de-refuser.xml"])
    got, session = score(doc, ["C1", "C2", "C4"])
    assert got == pytest.approx(1 / 3)
    assert set(session["FEEDBACK"].value) == {"C1", "C2", "C4"}
    assert score(read_item(files["items/p2-ecouter/avant-de-refuser.xml"]), ["C4"])[0] == 0  # never below zero
    # order: one item of three in its place
    assert score(read_item(files["items/p2-ecouter/messages.xml"]), ["I1", "I3", "I2"])[0] == pytest.approx(1 / 3)
    # true or false: the feedback of the answer given
    got, session = score(read_item(files["items/p2-ecouter/evident.xml"]), "TRUE")
    assert (got, session["FEEDBACK"].value) == (0, "TRUE")


def test_fill_case_and_losses(by_quiz: tuple[dict[str, bytes], list]) -> None:
    files, losses = by_quiz
    root = ET.fromstring(files["items/p2-ecouter/pourquoi.xml"])
    assert {e.get("caseSensitive") for e in root.iter(f"{Q}mapEntry")} == {"false"}  # ignore: [case, …]
    said = [str(loss) for loss in losses]
    fills = [(quiz, q) for quiz, q in questions() if q["type"] == "fill"
             and {"accents", "spaces", "punctuation"} & set(q.get("ignore", ["case", "spaces"]))]
    rewrites = [(quiz, q) for quiz, q in questions() if q["type"] == "rewrite"]
    assert len([s for s in said if "(fill): ignore:" in s]) == len(fills)
    assert len([s for s in said if "(rewrite): self-assessed" in s and "graded by hand" in s]) == len(rewrites)
    assert len(said) == len(fills) + len(rewrites)
    assert "quizzes/p2-ecouter.yml:53: warning: question 'pourquoi' (fill): ignore: accents, spaces, punctuation " \
           "not carried" in "\n".join(said)


def test_french_typography_survives(by_quiz: tuple[dict[str, bytes], list]) -> None:
    files, _ = by_quiz
    seen = Counter[str]()
    for quiz, q in questions():
        text = files[f"items/{quiz}/{q['id']}.xml"].decode("utf-8")
        for mark in TYPOGRAPHY:
            # the question's text is in the item (title and prompt), its explanation once: marks as written
            wanted = 2 * q["text"].count(mark) + (q.get("explanation") or "").count(mark)
            assert text.count(mark) >= wanted, (quiz, q["id"], repr(mark))
            seen[mark] += wanted
    assert all(seen[mark] for mark in ("\u00a0", "«", "»", "’")), seen


def test_by_pool_draws_as_the_course(tmp_path: Path) -> None:
    target = tmp_path / "pools.zip"
    bank = collect(ROOT / "mkdocs.yml", None, "pool")
    export(bank, target)
    files = read_zip(target)
    root = ET.fromstring(files["test.xml"])
    sections = list(root.iter(f"{Q}assessmentSection"))
    pools = YAML(typ="safe").load((ROOT / "course.yml").read_text(encoding="utf-8"))["assessments"]
    first = next(iter(pools.values()))
    assert [int(s.find(f"{Q}selection").get("select")) for s in sections] == [p["draw"] for p in first["pools"]]
    assert [len(s.findall(f"{Q}assessmentItemRef")) for s in sections] == [len(c.entries) for c in bank.categories]
    # the assessment shuffles every paper's choices: so do the pools' items
    shuffles = {ET.fromstring(data).find(f".//{Q}choiceInteraction").get("shuffle")
                for name, data in files.items() if name.startswith("items/") and b"choiceInteraction" in data}
    assert shuffles == {"true"}


def test_choices_keep_their_order_unless_the_quiz_shuffles(by_quiz: tuple[dict[str, bytes], list]) -> None:
    """No quiz of the course shuffles: every choice keeps the trainer's order (`shuffle="false"`)."""
    files, _ = by_quiz
    assert not any(YAML(typ="safe").load(p.read_text(encoding="utf-8")).get("shuffle")
                   for p in (ROOT / "quizzes").glob("*.yml"))
    shuffles = {ET.fromstring(data).find(f".//{Q}choiceInteraction").get("shuffle")
                for name, data in files.items() if name.startswith("items/") and b"choiceInteraction" in data}
    assert shuffles == {"false"}


def test_xhtml_is_well_formed_and_says_what_it_drops() -> None:
    lost: set[str] = set()
    parent = ET.Element("prompt")
    parser = Xhtml(parent, lost)
    parser.feed('Un <del>vieux</del> mot<br>puis <img src="x.png"> &amp; <a href="https://ex.fr" title="t">lien</a>'
                '<span class="z">\u00a0!</span>')
    parser.close()
    written = ET.tostring(parent, encoding="unicode")
    assert written == ('<prompt>Un <span>vieux</span> mot<br />puis <img src="x.png" alt="" /> &amp; '
                       '<a href="https://ex.fr">lien</a><span>\u00a0!</span></prompt>')
    assert lost == {"strike-through", "image (not in the package)"}
