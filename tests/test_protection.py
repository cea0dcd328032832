"""What the answer protection does, and what it does not (README): a learner's script.

`recover` reads only a built page, as « Save page as » keeps it: the salt, the ids and
the tokens in the HTML attributes. It re-implements the script's `tok` and `unseal`
(quiz.js) and tells, with no guessing, which choices are right, the right order and the
right pairs, and opens the sealed texts. It cannot tell the accepted answers of a fill-in
question (salted hashes), except what the sealed payload holds: the first accepted
answer with `reveal: true`, nothing with `reveal: false`.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from conftest import ROOT

# -- the learner's script ---------------------------------------------------------------


def tok(*parts: object) -> str:
    """quiz.js `tok`: the first 16 hex digits of SHA-256 of the parts joined by `|`."""
    return hashlib.sha256("|".join(map(str, parts)).encode("utf-8")).hexdigest()[:16]


def unseal(salt: str, qid: str, text: str) -> dict[str, Any]:
    """quiz.js `unseal`: XOR with SHA-256(salt|qid|seal|n) blocks, then JSON."""
    data = bytearray(base64.b64decode(text)) if text else bytearray()
    for n in range(0, len(data), 32):
        block = hashlib.sha256(f"{salt}|{qid}|seal|{n // 32}".encode()).digest()
        for i in range(min(32, len(data) - n)):
            data[n + i] ^= block[i]
    return json.loads(data.decode("utf-8")) if data else {}


def _text(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment)).strip()


def _attr(tag: str, name: str) -> str | None:
    m = re.search(rf'\s{name}(?:="([^"]*)")?[\s>]', tag)
    return None if m is None else html.unescape(m.group(1) or "")


QUIZ = re.compile(r"(<ck-(?:quiz|exam)\b[^>]*>)(.*?)</ck-(?:quiz|exam)>", re.S)  # an exam: a salt a question
QUESTION = re.compile(r'(<fieldset class="ck-q"[^>]*>)(.*?)</fieldset>', re.S)


def recover(page: str) -> dict[str, dict[str, Any]]:
    """{quiz id: {question id: what the page gives away}} for every quiz of a saved page."""
    found: dict[str, dict[str, Any]] = {}
    for quiz_tag, quiz_body in QUIZ.findall(page):
        salt = _attr(quiz_tag, "data-salt") or ""
        questions: dict[str, Any] = {}
        for tag, body in QUESTION.findall(quiz_body):
            qid, kind = _attr(tag, "data-q") or "", _attr(tag, "data-type")
            salt = _attr(tag, "data-salt") or _attr(quiz_tag, "data-salt") or ""
            tokens = (_attr(tag, "data-t") or "").split(",")
            sealed = unseal(salt, qid, _attr(tag, "data-s") or "")
            got: dict[str, Any] = {"type": kind, "sealed": sealed}
            if kind in ("single", "multiple", "truefalse"):
                labels = [_text(t) for t in re.findall(r'<label class="ck-choice__label"[^>]*>(.*?)</label>', body, re.S)]
                got["right"] = [labels[i] for i, t in enumerate(tokens) if tok(salt, qid, i, 1) == t]
            elif kind == "order":
                shown = [_text(t) for t in re.findall(r'<span class="ck-order__text">(.*?)</span>', body, re.S)]
                got["right"] = [next(shown[v] for v in range(len(shown)) if tok(salt, qid, k, v) == tokens[k])
                                for k in range(len(tokens))]
            elif kind == "match":
                lefts = [_text(t) for t in re.findall(r'<label class="ck-match__left"[^>]*>(.*?)</label>', body, re.S)]
                select = re.search(r"<select[^>]*>(.*?)</select>", body, re.S)
                assert select is not None
                options = {int(v): _text(t) for v, t in re.findall(r'<option value="(\d+)">(.*?)</option>', select.group(1), re.S)}
                got["right"] = {lefts[k]: next(options[v] for v in options if tok(salt, qid, k, v) == tokens[k])
                                for k in range(len(tokens))}
            else:  # fill: salted hashes of normalized answers; only what the seal holds
                got["right"] = [_text(sealed["s"])] if "s" in sealed else []
            questions[qid] = got
        found[_attr(quiz_tag, "data-quiz") or _attr(quiz_tag, "data-exam") or ""] = questions
    return found


def timed_recover(page: str) -> tuple[dict[str, dict[str, Any]], float]:
    start = time.perf_counter()
    found = recover(page)
    return found, time.perf_counter() - start


# -- a quiz of each type, with and without reveal ----------------------------------------

def quiz(reveal: bool, answer: str, other: str) -> str:
    return f"""\
title: Tous les types
reveal: {"true" if reveal else "false"}
questions:
  - id: un
    type: single
    text: Laquelle ?
    choices:
      - text: Faux départ
        feedback: Non.
      - text: Bonne *réponse*
        correct: true
        feedback: Oui.
      - text: Autre
    explanation: Parce que.
  - id: plusieurs
    type: multiple
    text: Lesquelles ?
    choices:
      - text: Alpha
        correct: true
      - text: Bravo
      - text: Charlie
        correct: true
  - id: vf
    type: truefalse
    text: Vrai ?
    answer: false
    feedback_true: Hélas.
  - id: mot
    type: fill
    text: Le mot ?
    answers: [{answer}, {other}]
    explanation: Une explication qui ne le dit pas.
  - id: ordre
    type: order
    text: Dans l’ordre
    items: [Premier, Deuxième, Troisième, Quatrième]
  - id: paires
    type: match
    text: Associez
    pairs:
      - {{left: Un, right: One}}
      - {{left: Deux, right: Two}}
      - {{left: Trois, right: Three}}
    distractors: [Four]
"""


TRUTH = {
    "un": ["Bonne réponse"], "plusieurs": ["Alpha", "Charlie"], "vf": ["Faux"],
    "ordre": ["Premier", "Deuxième", "Troisième", "Quatrième"],
    "paires": {"Un": "One", "Deux": "Two", "Trois": "Three"},
}


def test_a_saved_page_gives_every_answer_but_fill_ins(build) -> None:  # type: ignore[no-untyped-def]
    built = build({
        "course/index.md": "# Quiz\n\n[[quiz: montre]]\n\n[[quiz: discret]]\n",
        "quizzes/montre.yml": quiz(True, "Zanzibar", "Tombouctou"),
        "quizzes/discret.yml": quiz(False, "Ouagadougou", "Valparaiso"),
    })
    assert built.code == 0, built.log
    page = built.html()
    found, seconds = timed_recover(page)
    print(f"\nrecovered 2 quizzes of 6 questions each from the saved page in {seconds * 1000:.2f} ms")
    for quiz_id in ("montre", "discret"):
        got = found[quiz_id]
        for qid, right in TRUTH.items():
            assert got[qid]["right"] == right, (quiz_id, qid)
    # reveal: true: the expected answer is sealed in the page, shown after a wrong answer
    assert found["montre"]["mot"]["right"] == ["Zanzibar"]
    # reveal: false: no accepted answer anywhere in the page, not even once unsealed
    assert found["discret"]["mot"]["right"] == []
    opened = json.dumps([q["sealed"] for q in found["discret"].values()], ensure_ascii=False)
    for word in ("Ouagadougou", "Valparaiso"):
        assert word.lower() not in page.lower()
        assert word.lower() not in html.unescape(page).lower()
        assert word.lower() not in opened.lower()
    # ...while what the learner is shown either way stays sealed in the page
    assert found["discret"]["mot"]["sealed"] == {"e": "<p>Une explication qui ne le dit pas.</p>"}
    assert found["discret"]["un"]["sealed"]["f"] == ["Non.", "Oui.", None]
    # the hashes of the fill-in answers: found only by trying the right word
    tag = re.search(r'<ck-quiz[^>]*data-quiz="discret"[^>]*>', page)
    assert tag is not None
    salt = _attr(tag.group(0), "data-salt")
    fieldset = re.search(r'<fieldset class="ck-q"[^>]*data-q="mot"[^>]*>', page.split('data-quiz="discret"')[1])
    assert fieldset is not None
    tokens = (_attr(fieldset.group(0), "data-t") or "").split(",")
    assert tok(salt, "mot", "ouagadougou") in tokens and tok(salt, "mot", "bamako") not in tokens


def test_the_real_final_assessment(tmp_path: Path) -> None:
    """The course's final assessment, built by the repository's mkdocs.yml, read as a learner would."""
    from conftest import load_quizzes

    site = tmp_path / "site"
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f", str(ROOT / "mkdocs.yml"), "-d", str(site)],
                          cwd=ROOT, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert proc.returncode == 0, proc.stdout + proc.stderr
    page = (site / "evaluation" / "index.html").read_text(encoding="utf-8")
    found, seconds = timed_recover(page)
    got = found["evaluation-finale"]
    docs, problems = load_quizzes(ROOT / "quizzes", ROOT)
    assert problems == []
    questions: list[Any] = list(docs["evaluation-finale"].model.questions)
    recovered = fill_ins = 0
    for q in questions:
        right = got[q.id]["right"]
        if q.type in ("single", "multiple"):
            assert right == [_text(str(c.text)).replace("*", "") for c in q.choices if c.correct], q.id
        elif q.type == "truefalse":
            assert right == ["Vrai" if q.answer else "Faux"], q.id
        elif q.type == "order":
            assert right == [i.replace("*", "") for i in q.items], q.id
        elif q.type == "match":
            assert right == {p.left: p.right for p in q.pairs}, q.id
        else:
            fill_ins += 1
            continue
        recovered += 1
    reveal = docs["evaluation-finale"].model.reveal
    print(f"\nfinal assessment: {recovered} of {len(questions)} questions recovered with no guessing in "
          f"{seconds * 1000:.2f} ms; {fill_ins} fill-in questions, reveal: {reveal}, expected answer in the seal: "
          f"{[got[q.id]['right'] for q in questions if q.type == 'fill']}")
    assert recovered == len(questions) - fill_ins > 0
