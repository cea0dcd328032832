"""Run by tests/test_bank_gift.py in .venv-gift/ (pygiftparser 1.1, made by tests/run.sh): what an
independent GIFT parser reads in a file, as JSON on stdout, one entry per question."""

import json
import sys

from pygiftparser import parser

with open(sys.argv[1], encoding="utf-8") as f:
    questions = parser.parseFile(f)
found = []
for q in questions:
    answers = q.answers
    items = getattr(answers, "answers", None) or []
    found.append({
        "title": q.title, "kind": type(answers).__name__, "valid": q.valid, "text": q.text,
        "general": q.generalFeedback, "answers": [getattr(a, "answer", "") for a in items],
        "questions": [getattr(a, "question", None) for a in items],
        "feedback": [getattr(a, "feedback", None) for a in items],
        "right": [bool(getattr(a, "select", False)) or (getattr(a, "fraction", 0) or 0) > 0 for a in items],
        "tf": getattr(answers, "answer", None),
    })
print(json.dumps(found, ensure_ascii=False))
