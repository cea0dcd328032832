"""The benchmark keeps working: its quick mode, the caches it checks, and the fast
paths it led to (libyaml events, plain texts without Markdown) giving the same
results as the slow ones. No timing is asserted: timings on a shared machine vary."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from coursekit.core import validate
from coursekit.core import yaml as loader
from coursekit.quiz.check import FORMAT
from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def test_quick_benchmark_produces_the_table_and_holds_the_asset_budget(tmp_path: Path) -> None:
    out = tmp_path / "quick.json"
    proc = subprocess.run(
        [sys.executable, str(BENCH / "run.py"), "--quick", "--json", str(out), "--workdir", str(tmp_path / "w")],
        capture_output=True, text=True, env=ENV, timeout=120)
    assert proc.returncode == 0, proc.stderr[-3000:]
    for title in ("### Build", "### Bytes", "### Rebuild as `mkdocs serve` does it", "### Machine"):
        assert title in proc.stdout
    for builder in ("coursekit, first build", "coursekit, next builds"):
        assert re.search(rf"^\| 5 \| 125 \| {builder} \| \d+\.\d\d \| \d+\.\d\d \|", proc.stdout, re.M)

    data = json.loads(out.read_text(encoding="utf-8"))
    ours = data["results"]["5"]["coursekit"]
    assert ours["runs"] and ours["wall"] > 0 and ours["rss"] > 0
    assert data["results"]["5"]["coursekit_cold"]["runs"]
    assert ours["rebuild"] and ours["rebuild_what"] == "a quiz file"
    # the budget: the quiz script and stylesheet, gzipped, downloaded once for the whole site
    assert 0 < ours["bytes"]["quiz_assets_gz"] <= data["asset_budget"] == 16 * 1024
    ours_5 = ours["bytes"]["five_pages"] - ours["bytes"]["page_total"]
    assert ours_5 > 0  # the next four lessons cost their HTML only

    site = tmp_path / "w" / "site-5-coursekit"
    lesson = (site / "chapitre-001" / "lecon-0001" / "index.html").read_text(encoding="utf-8")
    assert lesson.count("<ck-quiz") == 5 and "[[quiz:" not in lesson
    plain = (tmp_path / "w" / "site-5-plain" / "chapitre-001" / "lecon-0001" / "index.html").read_text(
        encoding="utf-8")
    assert "ck-quiz" not in plain and "[[quiz:" not in plain


def test_floor_script_prints_the_least_work_against_the_budgets() -> None:
    proc = subprocess.run([sys.executable, str(BENCH / "floor.py"), "--lessons", "5", "--runs", "1"],
                          capture_output=True, text=True, env=ENV, timeout=120)
    assert proc.returncode == 0, proc.stderr[-3000:]
    out = proc.stdout
    for build in ("first build", "next build"):
        assert re.search(rf"^\| {build} \| \d+\.\d{{3}} \| \d+\.\d{{3}} \| \d+\.\d\d \|", out, re.M)
        assert re.search(rf"^{build}: the work it cannot skip \(budget \d+\.\d{{3}}\)$", out, re.M)
    for row in ("pydantic and the quiz models imported", "libyaml's events, no value built",
                "answer protection: a token per input, the explanation sealed", "the shipped templates, views made"):
        assert re.search(rf"^\| {re.escape(row)} \| -?\d+\.\d{{3}} \|$", out, re.M), row
    assert len(re.findall(r"^\| \*\*sum\*\* \| \*\*\d+\.\d{3}\*\* \(\d+\.\d\d × the budget\) \|$", out, re.M)) == 2
    # every value the 125 questions' HTML inserts was counted (several a question)
    inserted = re.search(r"^\| the (\d+) values the templates insert, escaped and joined \|", out, re.M)
    assert inserted and int(inserted.group(1)) > 125 * 5


def test_each_quiz_is_parsed_and_rendered_once_per_change() -> None:
    proc = subprocess.run([sys.executable, str(BENCH / "check_caches.py")],
                          capture_output=True, text=True, env=ENV, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr[-3000:]
    builds = json.loads(proc.stdout)["builds"]
    assert [b["parsed"] for b in builds] == [15, 0, 1, 0, 0]
    assert [b["quizzes rendered"] for b in builds] == [15, 0, 1, 0, 15]  # a template edit renders all again
    assert all(b["embeds"] == 16 for b in builds)


# -- the libyaml fast path reads every file exactly as ruamel does -----------------------------

YAML_CASES = [
    "", "# only a comment\n", "---\n", "title: x\n---\ntitle: y\n", "title: x\ntitle: y\n", "- a\n- b\n",
    "title: >\n  folded one\n  folded two\n\n  after blank\nq: 1\n", "t: >-\n  a\n  b\n", "t: |+\n  x\n\n",
    "t: |\n  lit\n   more\n", "t: |2\n    indented\n", "t: 'single ''quoted'''\n",
    't: "dq \\u00e9 \\n \\t \\" \\\\ \\x41 \\/"\n', 't: "multi\n  line\n\n  dq"\n',
    "t: plain\n  continued\n  on lines\n", "t: a # comment\n# full\nu: b\n",
    "n: [1, 2, 3]\nm: {a: 1, b: [x, y]}\ne: []\nf: {}\n",
    "ints: [0, 1, -1, +1, 010, 0o17, 0x1F, 1_000, 12e3]\n", "floats: [1.5, .5, 1e3, .inf, -.Inf, .nan]\n",
    "bools: [true, True, TRUE, false, yes, no, on, off, y, n]\n", "nulls: [~, null, Null, NULL, ]\nempty:\n",
    "dates: [2024-01-02, 2024-01-02T10:00:00Z]\nsexa: 1:20\n", "k: value: with colon\n", "k: a:b\n",
    "? complex key\n: value\n", "{a: 1}: x\n", "a: &x 1\nb: *x\n", "a: !!str 1\n", "a: !foo bar\n",
    "%YAML 1.1\n---\na: yes\n", "<<: {a: 1}\nb: 2\n", "a: b\n\tc: d\n", "a:\tb\n", "a: b\r\nc: d\r\n",
    "a: b\rc: d\r", "\ufeffa: b\n", "a: b\u2028c\n", "a: \x07bell\n", "a: [unclosed\n", "a: 'unclosed\n",
    "  a: 1\n b: 2\n", "a: 1\n  b: 2\n", "1: one\n2.5: x\ntrue: t\n", "a: éàü « guillemets » — 😀\n",
    "a: -\n", "a: {x: 1, }\n", "- a: 1\n  b: 2\n- a: 3\n", "a:\n- b: 1\n  c: 2\n", "a: !!set {x, y}\n",
    "questions:\n  - id: a\n    type: single\n    choices:\n      - text: x\n        correct: true\n",
]


def _yaml_corpus() -> list[str]:
    files = [p for folder in ("quizzes", "scenarios") for p in sorted((ROOT / folder).glob("*.y*ml"))]
    texts = YAML_CASES + [p.read_text(encoding="utf-8") for p in files]
    return texts + [t.replace("\n", "\r\n") for t in texts]


@pytest.mark.parametrize("text", _yaml_corpus())
def test_libyaml_fast_path_reads_like_ruamel(text: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fast = loader._read_fast(text)
    if fast is not None:  # the same values, of the same types, and the same lines as ruamel's
        data = YAML(typ="rt").load(text)
        assert repr(fast) == repr((loader._plain(data), loader._index_lines(data)))
    path = tmp_path / "etapes.yml"
    path.write_bytes(text.encode("utf-8"))

    def load():  # type: ignore[no-untyped-def]
        got = validate.load_file(path, "quizzes/etapes.yml", "etapes", FORMAT)
        return got if isinstance(got, list) else (got.model.model_dump_json(), got.version, got.lines)

    with_libyaml = load()
    monkeypatch.setattr(loader, "_LIBYAML", None)
    assert with_libyaml == load()
