"""The suspend data's codec (lms/runtime/scorm-codec.js) under Node: a generated course of 2,000 lessons,
whose results in JSON would pass 4,096 characters many times, stays within the limit, in printable
ASCII, and keeps the progress (lessons opened, quizzes passed, the assessment); a string cut short or
of another course is refused (a fresh start)."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest
from conftest import ROOT

CODEC = ROOT / "plugins" / "coursekit" / "lms" / "runtime" / "scorm-codec.js"
SCRIPT = """
require(process.argv[1]);
const n = 2000, m = {ns: "abcd1234", lessons: []};
for (let i = 0; i < n; i++) m.lessons.push({url: `l/${i}.html`, title: `L${i}`, items: [{kind: "quiz", id: `q${i}`, key: `ck:abcd1234:q${i}:0123456789ab`}]});
m.lessons.push({url: "exam.html", items: [{kind: "exam", id: "final", key: "ck:abcd1234:exam:final:0"}]});
const data = {"ck:abcd1234:journey": {v: 1, read: m.lessons.filter((l, i) => i % 3 === 0).map((l) => l.url), won: {}, ends: {}},
  "ck:abcd1234:exam:final:0": {v: 1, tries: [55], best: 55, passed: false, prev: [], p: null,
    last: {got: 11, max: 20, pct: 55, passed: false, up: false, at: "2025-03-01T10:00:00.000Z"}}};
m.lessons.forEach((l, i) => { if (i % 2 === 0 && i < n) {
  const key = l.items[0].key;
  data["ck:abcd1234:journey"].won[key] = 1;
  data[key] = {v: 1, a: {x: 1, y: [0, 2], z: "une réponse"}, at: new Date(Date.UTC(2025, 0, 1) + i * 1000).toISOString(), got: 3, max: 4, pct: 75, passed: true, best: 87.5};
}});
const ctx = {m, q: {}}, s = coursekitCodec.encode(ctx, data, 4096), back = coursekitCodec.decode(ctx, s);
console.log(JSON.stringify({json: JSON.stringify(data).length, size: s.length, ascii: /^[\\x20-\\x7e]*$/.test(s),
  read: back["ck:abcd1234:journey"].read.length, won: Object.keys(back["ck:abcd1234:journey"].won).length,
  exam: back["ck:abcd1234:exam:final:0"], cut: coursekitCodec.decode(ctx, s.slice(0, -1)),
  other: coursekitCodec.decode({m: {...m, ns: "other"}, q: {}}, s), junk: coursekitCodec.decode(ctx, "K1.x.y|r!!")}));
"""


@pytest.mark.skipif(not shutil.which("node"), reason="needs Node")
def test_a_course_of_2000_lessons_stays_within_4096_characters() -> None:
    proc = subprocess.run(["node", "-e", SCRIPT, str(CODEC)], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["json"] > 20 * 4096 and out["size"] <= 4096 and out["ascii"]
    assert out["read"] == 667 and out["won"] == 1000  # every lesson opened, every quiz passed
    assert out["exam"]["tries"] == [55] and out["exam"]["last"]["pct"] == 55
    assert out["cut"] is None and out["other"] is None and out["junk"] is None
