"""One question of the course as a QTI 2.1 `assessmentItem`: its interaction, its response processing, its
feedback.

Every item scores in the course's points (`SCORE` from 0 to `MAXSCORE`, `normalMaximum` on `SCORE`) with
the course's own rules: all or nothing, or with `partial_credit` a share per right choice (minus one per
wrong choice, never below zero), per item in its place, per right pair. The feedback of the choice a
learner picked is a `modalFeedback` bound to the response (`FEEDBACK`), the explanation one shown after
every attempt (`SOLUTION`). Texts are the site's cleaned HTML made XHTML (`Xhtml`): QTI's own subset, a
tag it lacks kept as its text, and said.
"""

from __future__ import annotations

import random
import xml.etree.ElementTree as ET
from collections.abc import Callable
from html.parser import HTMLParser

from ..i18n import strings
from ..quiz.protect import unaccented, unpunctuated
from ..quiz.types.order import derange
from .source import Bank, Entry, Loss

NS = "http://www.imsglobal.org/xsd/imsqti_v2p1"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA = f"{NS} http://www.imsglobal.org/xsd/qti/qtiv2p1/imsqti_v2p1.xsd"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# The XHTML of QTI 2.1 that the site's cleaned HTML may hold (core/html.py BLOCK), with the attributes QTI
# gives them; `del`, `s` and `mark` have no QTI equivalent (their text is kept in a `span`).
TAGS: dict[str, set[str]] = {
    "a": {"href"}, "abbr": set(), "b": set(), "br": set(), "code": set(), "em": set(), "i": set(), "kbd": set(),
    "small": set(), "span": set(), "strong": set(), "sub": set(), "sup": set(), "img": {"src", "alt"},
    "p": set(), "ul": set(), "ol": set(), "li": set(), "blockquote": set(), "pre": set(), "hr": set(),
    **{f"h{n}": set() for n in range(1, 7)}}
VOID = {"br", "hr", "img"}
ROUGH = {"del": "strike-through", "s": "strike-through", "mark": "highlighting"}


class Xhtml(HTMLParser):
    """HTML (the site's, cleaned) to QTI's XHTML elements under `parent`; what it could not carry in `lost`."""

    def __init__(self, parent: ET.Element, lost: set[str]) -> None:
        super().__init__(convert_charrefs=True)
        self.stack = [parent]
        self.last: ET.Element | None = None  # the element whose tail the next text goes to
        self.lost = lost

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in TAGS and tag not in ROUGH:
            return
        if tag in ROUGH:
            self.lost.add(ROUGH[tag])
        kept = {k: v or "" for k, v in attrs if k in TAGS.get(tag, set())}
        if tag == "img":
            kept.setdefault("alt", "")
            self.lost.add("image (not in the package)")
        node = ET.SubElement(self.stack[-1], tag if tag in TAGS else "span", kept)
        self.last = None
        if tag in VOID:
            self.last = node
        else:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID and (tag in TAGS or tag in ROUGH):
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID or len(self.stack) == 1 or (tag not in TAGS and tag not in ROUGH):
            return
        self.last = self.stack.pop()

    def handle_data(self, data: str) -> None:
        if self.last is not None:
            self.last.tail = (self.last.tail or "") + data
        else:
            self.stack[-1].text = (self.stack[-1].text or "") + data


def add(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    node = ET.SubElement(parent, tag, {k.rstrip("_"): v for k, v in attrs.items()})
    if text is not None:
        node.text = text
    return node


def num(value: float) -> str:
    return f"{value:g}"


def no_punctuation(text: str) -> str:
    return " ".join(unpunctuated(text).split())


class Item:
    """One `assessmentItem` being written: `build()` gives its XML and the losses."""

    def __init__(self, bank: Bank, entry: Entry, ident: str, shuffle: bool = False) -> None:
        self.bank, self.entry, self.q, self.shuffle = bank, entry, entry.question, shuffle
        self.t = strings(bank.lang)
        self.lost: set[str] = set()
        self.losses: list[Loss] = []
        self.root = ET.Element("assessmentItem", {
            "xmlns": NS, "xmlns:xsi": XSI, "xsi:schemaLocation": SCHEMA, "identifier": ident,
            "title": bank.plain(self.q.text)[:200] or ident, XML_LANG: bank.lang, "adaptive": "false",
            "timeDependent": "false", "toolName": "coursekit"})
        self.feedback: list[tuple[str, str]] = []  # (choice identifier, its feedback's Markdown)

    # -- texts
    def html(self, parent: ET.Element, text: str | None, inline: bool) -> ET.Element:
        if text:
            parser = Xhtml(parent, self.lost)
            parser.feed(self.bank.html(text, inline))
            parser.close()
        return parent

    # -- declarations
    def response(self, cardinality: str, base: str, correct: list[str]) -> ET.Element:
        declared = add(self.root, "responseDeclaration", identifier="RESPONSE", cardinality=cardinality,
                       baseType=base)
        if correct:
            values = add(declared, "correctResponse")
            for value in correct:
                add(values, "value", value)
        return declared

    def outcomes(self) -> None:
        points = num(self.q.points)
        score = add(self.root, "outcomeDeclaration", identifier="SCORE", cardinality="single", baseType="float",
                    normalMaximum=points)
        add(add(score, "defaultValue"), "value", "0")
        top = add(self.root, "outcomeDeclaration", identifier="MAXSCORE", cardinality="single", baseType="float")
        add(add(top, "defaultValue"), "value", points)
        if self.feedback:
            many = "multiple" if self.q.type == "multiple" else "single"
            add(self.root, "outcomeDeclaration", identifier="FEEDBACK", cardinality=many, baseType="identifier")
        if self.q.explanation:
            add(self.root, "outcomeDeclaration", identifier="SOLUTION", cardinality="single", baseType="identifier")

    # -- response processing
    def processing(self, score: Callable[[ET.Element], object] | None) -> None:
        rules = add(self.root, "responseProcessing")
        if score is not None:
            score(rules)
        if self.feedback:
            add(add(rules, "setOutcomeValue", identifier="FEEDBACK"), "variable", identifier="RESPONSE")
        if self.q.explanation:
            add(add(rules, "setOutcomeValue", identifier="SOLUTION"), "baseValue", "EXPLANATION",
                baseType="identifier")

    def all_or_nothing(self, rules: ET.Element, otherwise: ET.Element | None = None) -> ET.Element:
        """SCORE = the points when the response is the correct one, else `otherwise` (0: QTI's `match_correct`,
        in points); the right answer gets the points exactly, whatever shares add up to."""
        cond = add(rules, "responseCondition")
        first = add(cond, "responseIf")
        test = add(first, "match")
        add(test, "variable", identifier="RESPONSE")
        add(test, "correct", identifier="RESPONSE")
        add(add(first, "setOutcomeValue", identifier="SCORE"), "baseValue", num(self.q.points), baseType="float")
        last = add(cond, "responseElse")
        if otherwise is None:
            add(add(last, "setOutcomeValue", identifier="SCORE"), "baseValue", "0", baseType="float")
        else:
            last.extend(otherwise)
        return last

    def mapped(self, rules: ET.Element) -> None:
        """SCORE = the response mapped (`mapping`: a share per right part, bounded by 0 and the points)."""
        shares = ET.Element("rules")
        add(add(shares, "setOutcomeValue", identifier="SCORE"), "mapResponse", identifier="RESPONSE")
        self.all_or_nothing(rules, shares)

    def mapping(self, declared: ET.Element, entries: list[tuple[str, float]], **more: str) -> None:
        found = add(declared, "mapping", lowerBound="0", upperBound=num(self.q.points), defaultValue="0", **more)
        for key, value in entries:
            add(found, "mapEntry", mapKey=key, mappedValue=repr(value))

    # -- the end of every item
    def finish(self) -> None:
        for ident, text in self.feedback:
            if text:
                self.html(add(self.root, "modalFeedback", outcomeIdentifier="FEEDBACK", identifier=ident,
                              showHide="show"), text, False)
        if self.q.explanation:
            self.html(add(self.root, "modalFeedback", outcomeIdentifier="SOLUTION", identifier="EXPLANATION",
                          showHide="show"), self.q.explanation, False)
        for what in sorted(self.lost):
            self.losses.append(Loss.of(self.entry, f"QTI 2.1 has no {what}; its text is kept"))

    def xml(self) -> str:
        ET.indent(self.root)
        return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(self.root, encoding="unicode") + "\n"


# -- the types: each declares its response and outcomes, writes its body, then its processing


def choices(item: Item, body: ET.Element, rows: list[tuple[str, str, bool, str | None]], many: bool) -> None:
    """single, multiple, true or false: rows of (identifier, text, right, feedback)."""
    q = item.q
    right = [ident for ident, _, good, _ in rows if good]
    declared = item.response("multiple" if many else "single", "identifier", right)
    partial = many and getattr(q, "partial_credit", False)
    if partial:
        share = q.points / len(right)
        item.mapping(declared, [(ident, share if good else -share) for ident, _, good, _ in rows])
    item.feedback = [(ident, feedback or "") for ident, _, _, feedback in rows if feedback]
    item.outcomes()
    interaction = add(body, "choiceInteraction", responseIdentifier="RESPONSE",
                      shuffle="true" if item.shuffle else "false", maxChoices="0" if many else "1")
    item.html(add(interaction, "prompt"), q.text, True)
    for ident, text, _, _ in rows:
        item.html(add(interaction, "simpleChoice", identifier=ident), text, True)
    item.processing(item.mapped if partial else item.all_or_nothing)


def single(item: Item, body: ET.Element) -> None:
    choices(item, body, [(f"C{i + 1}", c.text, c.correct, c.feedback) for i, c in enumerate(item.q.choices)], False)


def multiple(item: Item, body: ET.Element) -> None:
    choices(item, body, [(f"C{i + 1}", c.text, c.correct, c.feedback) for i, c in enumerate(item.q.choices)], True)


def truefalse(item: Item, body: ET.Element) -> None:
    q, t = item.q, item.t
    choices(item, body, [("TRUE", t["true"], q.answer, q.feedback_true),
                         ("FALSE", t["false"], not q.answer, q.feedback_false)], False)


def fill(item: Item, body: ET.Element) -> None:
    q = item.q
    ignore = set(q.ignore)
    case = "case" in ignore
    accepted: dict[str, None] = {}
    for answer in q.answers:
        accepted[answer] = None
        if "accents" in ignore:
            accepted[unaccented(answer)] = None
        if "punctuation" in ignore:
            accepted[no_punctuation(answer)] = None
            if "accents" in ignore:
                accepted[no_punctuation(unaccented(answer))] = None
    keys = list({(k.lower() if case else k): k for k in reversed(accepted)}.values())[::-1]
    declared = item.response("single", "string", [q.answers[0]])
    item.mapping(declared, [(k, q.points) for k in keys])
    for entry in declared.iter("mapEntry"):
        entry.set("caseSensitive", "false" if case else "true")
    item.outcomes()
    item.html(add(body, "p"), q.text, True)
    add(add(body, "p"), "textEntryInteraction", responseIdentifier="RESPONSE",
        expectedLength=str(max(len(a) for a in q.answers)))
    item.processing(item.mapped)
    kept = [rule for rule in ("accents", "spaces", "punctuation") if rule in ignore]
    if kept:
        also = [w for r, w in (("accents", "accents"), ("punctuation", "punctuation")) if r in ignore]
        variants = f"; its answers without {' or '.join(also)} are accepted too" if also else ""
        item.losses.append(Loss.of(item.entry, f"ignore: {', '.join(kept)} not carried: QTI 2.1 compares a typed "
                                   f"answer as written{', case aside' if case else ''}{variants}"))


def order(item: Item, body: ET.Element) -> None:
    q = item.q
    idents = [f"I{i + 1}" for i in range(len(q.items))]
    item.response("ordered", "identifier", idents)
    item.outcomes()
    interaction = add(body, "orderInteraction", responseIdentifier="RESPONSE", shuffle="true")
    item.html(add(interaction, "prompt"), q.text, True)
    shown = derange(list(range(len(idents))), random.Random(item.entry.name))  # never written in the right order
    for i in shown:
        item.html(add(interaction, "simpleChoice", identifier=idents[i]), q.items[i], True)

    def per_place(outer: ET.Element) -> None:
        share = repr(q.points / len(idents))
        rules = ET.Element("rules")
        add(add(rules, "setOutcomeValue", identifier="SCORE"), "baseValue", "0", baseType="float")
        for place, ident in enumerate(idents, 1):
            cond = add(add(rules, "responseCondition"), "responseIf")
            test = add(cond, "match")
            add(add(test, "index", n=str(place)), "variable", identifier="RESPONSE")
            add(test, "baseValue", ident, baseType="identifier")
            total = add(add(cond, "setOutcomeValue", identifier="SCORE"), "sum")
            add(total, "variable", identifier="SCORE")
            add(total, "baseValue", share, baseType="float")
        item.all_or_nothing(outer, rules)

    item.processing(per_place if q.partial_credit else item.all_or_nothing)


def match(item: Item, body: ET.Element) -> None:
    q = item.q
    rights = [p.right for p in q.pairs] + list(q.distractors)
    pairs = [f"L{i + 1} R{i + 1}" for i in range(len(q.pairs))]
    declared = item.response("multiple", "directedPair", pairs)
    if q.partial_credit:
        item.mapping(declared, [(pair, q.points / len(pairs)) for pair in pairs])
    item.outcomes()
    interaction = add(body, "matchInteraction", responseIdentifier="RESPONSE", shuffle="true",
                      maxAssociations=str(len(pairs)))
    item.html(add(interaction, "prompt"), q.text, True)
    lefts = add(interaction, "simpleMatchSet")
    for i, pair in enumerate(q.pairs):
        item.html(add(lefts, "simpleAssociableChoice", identifier=f"L{i + 1}", matchMax="1"), pair.left, True)
    right_set = add(interaction, "simpleMatchSet")
    for i, right in enumerate(rights):
        add(right_set, "simpleAssociableChoice", item.bank.plain(right), identifier=f"R{i + 1}", matchMax="1")
    item.processing(item.mapped if q.partial_credit else item.all_or_nothing)


def rewrite(item: Item, body: ET.Element) -> None:
    q, t = item.q, item.t
    item.response("single", "string", [])
    item.outcomes()
    item.html(add(body, "p"), q.text, True)
    if q.original:
        item.html(add(add(body, "blockquote"), "p"), q.original, True)
    interaction = add(body, "extendedTextInteraction", responseIdentifier="RESPONSE")
    item.html(add(interaction, "prompt"), q.hint or t["rw_hint"], True)
    rubric = add(body, "rubricBlock", view="scorer")
    item.html(add(rubric, "p", t["rw_key_model"] + " "), q.answer, True)
    checklist = add(rubric, "ul")
    for entry in q.checklist:
        item.html(add(add(checklist, "li"), "p", t["rw_key_item"] + " "), entry, True)
    item.processing(None)
    item.losses.append(Loss.of(item.entry, "self-assessed in the course: an essay graded by hand in the LMS "
                               "(extendedTextInteraction), the model answer and the checklist for the grader"))


WRITERS: dict[str, Callable[[Item, ET.Element], None]] = {
    "single": single, "multiple": multiple, "truefalse": truefalse, "fill": fill, "order": order,
    "match": match, "rewrite": rewrite}


def item_xml(bank: Bank, entry: Entry, ident: str, shuffle: bool = False) -> tuple[str, list[Loss]] | None:
    """The item's XML and what it lost; None for a type QTI 2.1 has no writer for here. `shuffle`: the
    choices in another order for each learner (a quiz that shuffles, or a pool of the assessment)."""
    writer = WRITERS.get(entry.question.type)
    if writer is None:
        return None
    item = Item(bank, entry, ident, shuffle)
    body = ET.Element("itemBody")
    writer(item, body)
    # itemBody goes after the declarations and before the processing
    rules = item.root.find("responseProcessing")
    assert rules is not None
    item.root.insert(list(item.root).index(rules), body)
    item.finish()
    return item.xml(), item.losses
