"""Does coursekit parse and render each quiz once per change of its file?

    python bench/check_caches.py [--lessons 3]

Builds a small synthetic course five times in one process, the way
`mkdocs serve` rebuilds (a fresh config each time, module state kept):
first build, a rebuild with nothing changed, a rebuild after editing one
quiz file, one after editing one lesson, one after editing the quiz
template (overridden in the theme's custom_dir). One quiz is embedded a
second time on another page. Counts, per build, the quiz files parsed
(`quiz.check.load_file`), the quizzes rendered (`QuizRenderer._quiz`) and the embeds
served (`Renderer.quiz`). Prints them as JSON; exits 1 unless exactly the
changed quizzes are parsed and rendered (all of them after a template edit)
and every embed is served.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
import sys
import tempfile
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

import generate  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--lessons", type=int, default=3)
    args = ap.parse_args(argv)

    from coursekit.core import html
    from coursekit.quiz import check as loader
    from coursekit.quiz import render
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    calls: Counter[str] = Counter()
    load_file, quiz, render_quiz = loader.load_file, render.QuizRenderer.quiz, render.QuizRenderer._quiz

    def counted_load(*a, **k):  # type: ignore[no-untyped-def]
        calls["parsed"] += 1
        return load_file(*a, **k)

    def counted_quiz(self, *a, **k):  # type: ignore[no-untyped-def]
        calls["embeds"] += 1
        return quiz(self, *a, **k)

    def counted_render(self, *a, **k):  # type: ignore[no-untyped-def]
        calls["rendered"] += 1
        return render_quiz(self, *a, **k)

    loader.load_file = counted_load  # type: ignore[assignment]
    render.QuizRenderer.quiz = counted_quiz  # type: ignore[method-assign]
    render.QuizRenderer._quiz = counted_render  # type: ignore[method-assign]
    logging.getLogger("mkdocs").setLevel(logging.ERROR)

    work = Path(tempfile.mkdtemp(prefix="coursekit-cache-"))
    try:
        config_file = generate.write_courses(work, args.lessons, ("coursekit",))["coursekit"]
        quiz_file = generate.first_quiz_file(work)
        lesson_file = generate.first_lesson_file(work, "coursekit")
        (lesson_file.parent.parent / "encore.md").write_text(
            f"# Encore\n\n[[quiz: {quiz_file.stem}]]\n", encoding="utf-8")
        # the quiz template, overridden in the theme's custom_dir
        template = config_file.parent / "overrides" / "coursekit" / "quiz.html"
        template.parent.mkdir(parents=True)
        template.write_text((Path(html.TEMPLATES) / "coursekit" / "quiz.html").read_text(encoding="utf-8"),
                            encoding="utf-8")
        config_file.write_text(config_file.read_text(encoding="utf-8").replace(
            "  name: material\n", "  name: material\n  custom_dir: overrides\n"), encoding="utf-8")
        quizzes = args.lessons * generate.QUIZZES_PER_LESSON
        steps = [  # (name, file edited, files parsed, quizzes rendered)
            ("first build", None, quizzes, quizzes),
            ("nothing changed", None, 0, 0),
            ("one quiz file edited", quiz_file, 1, 1),
            ("one lesson edited", lesson_file, 0, 0),
            ("quiz template edited", template, 0, quizzes),
        ]
        report, ok = [], True
        for name, edited, parsed, rendered in steps:
            if edited:
                text = edited.read_text(encoding="utf-8")
                first, rest = text.split("\n", 1)
                edited.write_text(first.rstrip('"') + (' (modifié)"' if first.endswith('"') else " (modifié)")
                                  + "\n" + rest, encoding="utf-8")
            calls.clear()
            config = load_config(config_file=str(config_file), site_dir=str(work / "site"))
            config.plugins.on_startup(command="serve", dirty=False)  # as serve: what a rebuild may keep
            build(config, dirty=False)
            row = {"build": name, "quiz files": quizzes, "parsed": calls["parsed"],
                   "quizzes rendered": calls["rendered"], "embeds": calls["embeds"]}
            ok &= calls["parsed"] == parsed and calls["rendered"] == rendered \
                and calls["embeds"] == quizzes + 1
            report.append(row)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(json.dumps({"ok": ok, "builds": report}, indent=1))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
