"""The build cache: a second build parses and renders nothing it has seen, and gives the same site.

Each build here is a real `mkdocs build` in its own process, as a trainer runs it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import TRAINER_CONFIG
from coursekit.core import cache as cache_module
from coursekit.core import documents
from coursekit.core.cache import BuildCache
from coursekit.core.documents import FileType, load_dir
from coursekit.scenario import Scenarios
from test_build import QUIZ as QUIZ_TEXT
from test_build import site
from test_scenario_build import SCENARIO as SCENARIO_TEXT

CACHE = Path(".cache/plugin/coursekit/build.cache")
# Builds the site in this process, then says which heavy modules the build imported.
PROBE = """\
import builtins, sys
from mkdocs.commands.build import build
from mkdocs.config import load_config
opened = []
real_open = builtins.open
def spy(file, *args, **kwargs):
    opened.append(str(file))
    return real_open(file, *args, **kwargs)
builtins.open = spy
build(load_config("mkdocs.yml"))
builtins.open = real_open
print(" ".join(m for m in ("pydantic", "ruamel.yaml", "coursekit.quiz.model", "coursekit.scenario.model") if m in sys.modules))
print(" ".join(sorted({f.rsplit("/", 1)[-1] for f in opened if f.endswith(".yml") and "/quizzes/" in f})))
"""


def probe(root: Path, what: str = "modules", **env: str) -> str:
    """Build `root` in a new process: the heavy modules it imported, or the quiz files it opened."""
    proc = subprocess.run([sys.executable, "-c", PROBE], cwd=root, capture_output=True, text=True,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **env}, timeout=120)
    assert proc.returncode == 0, proc.stderr
    modules, opened = (proc.stdout + "\n").split("\n")[:2]
    return modules.strip() if what == "modules" else opened.strip()


def pages(site_dir: Path) -> dict[str, bytes]:
    return {p.relative_to(site_dir).as_posix(): p.read_bytes() for p in sorted(site_dir.rglob("*"))
            if p.is_file() and p.suffix != ".gz" and p.name != "sitemap.xml.gz"}


def test_a_second_build_parses_nothing_and_writes_the_same_site(build, tmp_path: Path) -> None:
    files = site(**{"mkdocs.yml": TRAINER_CONFIG, "course/scenario.md": "# Jeu\n\n[[scenario: catalogue]]\n",
                    "course/guide.md": "# Guide\n\n[[answers: *]]\n\n[[map: *]]\n",
                    "scenarios/catalogue.yml": SCENARIO_TEXT})
    first = build(files)
    assert first.code == 0, first.log
    assert (tmp_path / CACHE).is_file()
    cold = pages(first.site)
    # the next build, in a new process, finds everything in the cache: no YAML parser, no models
    assert probe(tmp_path) == ""
    assert pages(first.site) == cold
    # without the cache, the same site again, every file parsed
    config = tmp_path / "mkdocs.yml"
    config.write_text(config.read_text().replace("  - coursekit:\n", "  - coursekit:\n      cache: false\n"))
    assert set(probe(tmp_path).split()) >= {"pydantic", "coursekit.quiz.model", "coursekit.scenario.model"}
    assert pages(first.site) == cold


def test_an_edited_quiz_is_parsed_and_shown_again(build, tmp_path: Path) -> None:
    assert build(site()).code == 0
    edited = build(site(**{"quizzes/etapes.yml": QUIZ_TEXT.replace("Le mode…", "Le mode, vraiment ?")}))
    assert edited.code == 0 and "Le mode, vraiment ?" in edited.html("lecon/index.html")
    # an error in a file the cache knew in its valid state: reported as on a first build
    broken = build(site(**{"quizzes/etapes.yml": QUIZ_TEXT.replace("    type: fill\n", "    type: fil\n")}))
    assert broken.code == 1 and "quizzes/etapes.yml:14: question 2 (id 'mot'): unknown question type 'fil'" \
        in broken.log, broken.log


def test_an_overridden_template_renders_every_quiz_again(build, tmp_path: Path) -> None:
    config = (tmp_path / "mkdocs.yml")
    assert build(site()).code == 0
    text = config.read_text().replace("  font: false\n", "  font: false\n  custom_dir: overrides\n")
    template = (Path(__file__).parent.parent / "plugins/coursekit/templates/coursekit/quiz.html").read_text()
    built = build(site(**{"mkdocs.yml": text, "overrides/coursekit/quiz.html": template.replace(
        '<p class="ck-quiz__meta">', '<p class="ck-quiz__meta" data-mine>')}))
    assert built.code == 0 and "data-mine" in built.html("lecon/index.html")


def test_a_damaged_or_unwritable_cache_is_only_slower(build, tmp_path: Path) -> None:
    first = build(site())
    expected = pages(first.site)
    (tmp_path / CACHE).write_bytes(b"\x00garbage")
    again = build(site())
    assert again.code == 0 and "Traceback" not in again.log and pages(again.site) == expected
    assert (tmp_path / CACHE).read_bytes() != b"\x00garbage"  # written again, whole
    # a file where the cache's folder should be (chmod would not stop root): nothing can be written
    folder = (tmp_path / CACHE).parent
    shutil.rmtree(folder)
    folder.write_text("not a folder")
    unwritable = build(site())
    assert unwritable.code == 0 and "Traceback" not in unwritable.log and pages(unwritable.site) == expected


def test_load_dir_parses_once_and_the_model_comes_back_on_demand(tmp_path: Path, monkeypatch) -> None:
    folder = tmp_path / "scenarios"
    folder.mkdir()
    (folder / "a.yml").write_text(SCENARIO_TEXT, encoding="utf-8")
    calls: list[str] = []

    def counted(path: Path, display: str, doc_id: str):  # type: ignore[no-untyped-def]
        calls.append(doc_id)
        return Scenarios.files.parse(path, display, doc_id)

    monkeypatch.setattr(documents, "_PARSED", {})
    monkeypatch.setattr(cache_module, "_MEMORY", {})
    class Counting(FileType):
        def parse(self, path: Path, display: str, doc_id: str):  # type: ignore[no-untyped-def]
            return counted(path, display, doc_id)

    counting = Counting("scenario", Scenarios.files.parser)
    store = tmp_path / "store"
    first = BuildCache("k", store)
    docs, problems = load_dir(folder, tmp_path, counting, first)
    first.save()
    assert calls == ["a"] and problems == [] and docs["a"].model.title == "Le catalogue"
    documents.forget()  # as a new process would: only the file on disk is left
    cache_module.forget()
    second = BuildCache("k", store)
    again, _ = load_dir(folder, tmp_path, counting, second)
    assert calls == ["a"] and again["a"].version == docs["a"].version
    assert again["a"].model.title == "Le catalogue" and calls == ["a", "a"]  # parsed when asked for
    assert again["a"].lines[("title",)] == 1
    documents.forget()
    cache_module.forget()
    (store / "build.cache").write_bytes(b"")  # an empty file (a build stopped short): parsed again
    load_dir(folder, tmp_path, counting, BuildCache("k", store))
    assert calls == ["a", "a", "a"]


def test_a_file_untouched_for_a_while_is_not_even_read(build, tmp_path: Path) -> None:
    quiz = tmp_path / "quizzes" / "etapes.yml"
    files = site(**{"quizzes/autre.yml": QUIZ_TEXT.replace("Les étapes", "Autre"),
                    "course/autre.md": "# Autre\n\n[[quiz: autre]]\n"})
    assert build(files).code == 0
    old = time.time() - 3600
    for path in (tmp_path / "quizzes").iterdir():
        os.utime(path, (old, old))
    assert probe(tmp_path, "opened") == "autre.yml etapes.yml"  # mtimes changed: read, hashed, recorded
    assert probe(tmp_path, "opened") == ""  # same mtime and size: the recorded hash stands
    quiz.write_text(QUIZ_TEXT.replace("Le mode…", "Le mode !"), encoding="utf-8")
    assert probe(tmp_path, "opened") == "etapes.yml"
    assert "Le mode !" in (tmp_path / "site" / "lecon" / "index.html").read_text(encoding="utf-8")


def test_a_library_upgrade_starts_the_cache_afresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The cached HTML comes from Markdown and the sanitizer: another version of either empties the cache."""
    first = cache_module.BuildCache("upgrade", tmp_path)
    first.put(("quiz", "x"), "<p>old</p>")
    first.save()
    cache_module.forget()
    assert cache_module.BuildCache("upgrade", tmp_path).get(("quiz", "x")) == "<p>old</p>"
    cache_module.forget()
    upgraded = tuple(v.replace("nh3 ", "nh3 9") for v in cache_module._libraries())
    monkeypatch.setattr(cache_module, "_libraries", lambda: upgraded)
    assert cache_module.BuildCache("upgrade", tmp_path).get(("quiz", "x")) is None
