"""The answer protection's two sides in Python: what the browser script recomputes.

Every question type grades through these, so that the page never holds a
correct answer in clear: a salted SHA-256 token per right answer, and the texts
that would give answers away sealed with a keystream derived from the same
salt. Each function names its twin in the script: keep them in step. No model
and no heavy import here: the renderer imports it even when the build cache
holds every quiz. See README, "What the answer protection does".
"""

from __future__ import annotations

import base64
import hashlib
import json
import unicodedata
from collections.abc import Iterable
from typing import Any


def token(salt: str, qid: str, *parts: object) -> str:
    """The salted hash the browser recomputes to grade an answer (script: `tok`)."""
    text = "|".join([salt, qid, *map(str, parts)])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def seal(salt: str, qid: str, payload: dict[str, Any]) -> str:
    """XOR the JSON payload with SHA-256(salt|qid|seal|n) blocks, base64 (script: `unseal`)."""
    data = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    stream = bytearray()
    counter = 0
    while len(stream) < len(data):
        stream += hashlib.sha256(f"{salt}|{qid}|seal|{counter}".encode()).digest()
        counter += 1
    # one XOR of two big integers, not one per byte
    mixed = int.from_bytes(data, "big") ^ int.from_bytes(stream[: len(data)], "big")
    return base64.b64encode(mixed.to_bytes(len(data), "big")).decode("ascii")


def unaccented(text: str) -> str:
    """`text` without its accents (« Été » → « Ete »), in NFC."""
    return unicodedata.normalize("NFC", "".join(
        c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn"))


def unpunctuated(text: str) -> str:
    """`text` with each punctuation mark or symbol made a space."""
    return "".join(" " if unicodedata.category(c)[0] in "PS" else c for c in text)


def normalize(text: str, ignore: Iterable[str]) -> str:
    """Typed answers as both sides compare them (script: `norm`): keep in step."""
    flags = set(ignore)
    text = unicodedata.normalize("NFC", text)
    if "case" in flags:
        text = text.lower()
    if "accents" in flags:
        text = unaccented(text)
    if "punctuation" in flags:
        text = unpunctuated(text)
    if "spaces" in flags or "punctuation" in flags:
        text = " ".join(text.split())
    return text.strip()
