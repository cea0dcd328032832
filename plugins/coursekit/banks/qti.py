"""`coursekit export qti21`: the course's questions as an IMS QTI 2.1 content package.

A zip an LMS or item bank that reads QTI 2.1 imports whole: `imsmanifest.xml` (IMS Content Packaging
1.1) lists one resource per question (`imsqti_item_xmlv2p1`, `items/<quiz>/<question>.xml`) and one
`assessmentTest` (`imsqti_test_xmlv2p1`, `test.xml`) with one section per category: per quiz, or per pool
of the final assessment with `<selection select="N">`, the course's draw. How each type is written is in
`qti_items.py`; what QTI cannot carry comes back as losses.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from ..lms.files import write_zip
from .qti_items import NS, SCHEMA, XML_LANG, XSI, add, item_xml
from .source import Bank, Loss

CP = "http://www.imsglobal.org/xsd/imscp_v1p1"
CP_SCHEMA = f"{CP} http://www.imsglobal.org/xsd/imscp_v1p1.xsd"
ITEM, TEST = "imsqti_item_xmlv2p1", "imsqti_test_xmlv2p1"
TEST_FILE = "test.xml"
_NOT_NAME = re.compile(r"[^A-Za-z0-9_.-]")


def ident(*parts: str) -> str:
    """An identifier QTI and CP accept (an XML name): letters, digits, `-`, `_`, `.`, after a letter."""
    return "-".join(_NOT_NAME.sub("_", part) for part in parts)


def xml(root: ET.Element) -> str:
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def package(bank: Bank) -> tuple[dict[str, str], list[Loss]]:
    """The package's files (name in the zip -> text) and what QTI could not carry."""
    files: dict[str, str] = {}
    losses: list[Loss] = []
    sections: list[tuple[str, int | None, list[tuple[str, str]]]] = []  # (title, draw, [(identifier, href)])
    for category in bank.categories:
        refs = []
        for entry in category.entries:
            name = ident("Q", entry.quiz, str(entry.question.id))
            href = f"items/{entry.quiz}/{entry.question.id}.xml"
            made = item_xml(bank, entry, name, category.shuffled(entry))
            if made is None:
                losses.append(Loss.of(entry, "QTI 2.1 export has no equivalent for this type; left out"))
                continue
            text, lost = made
            losses.extend(lost)
            if href not in files:
                files[href] = text
            refs.append((name, href))
        title = " › ".join(category.parts[1:]) or category.name
        sections.append((title, category.draw, refs))
    files = {TEST_FILE: test(bank, sections), **files}
    return {"imsmanifest.xml": manifest(bank, files), **files}, losses


def test(bank: Bank, sections: list[tuple[str, int | None, list[tuple[str, str]]]]) -> str:
    """The assessmentTest: one section a category, drawing `draw` items where the course does; the total
    score is the sum of the items' (SCORE, MAXSCORE)."""
    root = ET.Element("assessmentTest", {"xmlns": NS, "xmlns:xsi": XSI, "xsi:schemaLocation": SCHEMA,
                                         "identifier": "TEST", "title": bank.title, "toolName": "coursekit"})
    for name in ("SCORE", "MAXSCORE"):
        add(root, "outcomeDeclaration", identifier=name, cardinality="single", baseType="float")
    part = add(root, "testPart", identifier="PART", navigationMode="nonlinear", submissionMode="individual")
    for number, (title, draw, refs) in enumerate(sections, 1):
        if not refs:
            continue
        section = add(part, "assessmentSection", identifier=f"S{number}", title=title, visible="true")
        if draw is not None and draw < len(refs):
            add(section, "selection", select=str(draw))
        for name, href in refs:
            add(section, "assessmentItemRef", identifier=name, href=href)
    rules = add(root, "outcomeProcessing")
    for name in ("SCORE", "MAXSCORE"):
        add(add(add(rules, "setOutcomeValue", identifier=name), "sum"), "testVariables", variableIdentifier=name)
    root.set(XML_LANG, bank.lang)
    return xml(root)


def manifest(bank: Bank, files: dict[str, str]) -> str:
    """IMS CP 1.1: the test (depending on every item) and one resource per item, each naming its file."""
    root = ET.Element("manifest", {"xmlns": CP, "xmlns:xsi": XSI, "xsi:schemaLocation": CP_SCHEMA,
                                   "identifier": "MANIFEST-" + ident(bank.title)[:60]})
    meta = add(root, "metadata")
    add(meta, "schema", "QTIv2.1 Package")
    add(meta, "schemaversion", "1.0.0")
    add(root, "organizations")
    resources = add(root, "resources")
    items = [href for href in files if href != TEST_FILE]
    names = {href: "R-" + ident(href.removeprefix("items/").removesuffix(".xml")) for href in items}
    tested = add(resources, "resource", identifier="R-TEST", type=TEST, href=TEST_FILE)
    add(tested, "file", href=TEST_FILE)
    for href in items:
        add(tested, "dependency", identifierref=names[href])
    for href in items:
        add(add(resources, "resource", identifier=names[href], type=ITEM, href=href), "file", href=href)
    return xml(root)


def export(bank: Bank, output: Path) -> list[Loss]:
    """Write the QTI 2.1 package `output` (a zip, whole or not at all); return what QTI could not carry."""
    files, losses = package(bank)
    write_zip(output, files, [])
    return losses
