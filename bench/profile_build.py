"""Profile one `mkdocs build` of a synthetic course with coursekit (cProfile).

    python bench/profile_build.py --lessons 1000 [--out /tmp/ck.prof] [--top 25] [--rebuild | --warm]

Prints where the time goes: each coursekit step (inclusive time), the
MkDocs plugin events, and the functions with the most time of their own.
cProfile slows pure-Python code down about twice as much as C code, so
read the shares, not the seconds; `run.py` gives the real times.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

import generate  # noqa: E402

STEPS = [  # (label, file suffix, function)
    ("on_config: quiz and scenario files (build cache, parsing)", "coursekit/core/documents.py", "load_dir"),
    ("  of which parsing and checks", "coursekit/core/validate.py", "load_file"),
    ("  of which YAML events (libyaml)", "coursekit/core/yaml.py", "_read_fast"),
    ("on_config: build cache read", "coursekit/core/cache.py", "__init__"),
    ("on_config: scan lessons for embeds", "coursekit/core/course.py", "_scan"),
    ("quizzes into the pages' Markdown (cache or rendering)", "coursekit/quiz/render.py", "quiz"),
    ("  of which rendering (Markdown, Jinja, tokens)", "coursekit/quiz/render.py", "_quiz"),
    ("widgets into the pages' HTML (on_page_context)", "coursekit/hosts/mkdocs.py", "on_page_context"),
    ("CSP: inline scripts hashed as pages are written", "coursekit/core/csp.py", "page"),
    ("on_post_build: build cache written", "coursekit/core/cache.py", "save"),
    ("on_post_build: CSP of the pages not seen", "coursekit/core/csp.py", "site_policy"),
    ("Markdown -> HTML of the pages (quizzes included)", "mkdocs/structure/pages.py", "render"),
    ("pages: search indexing + theme templates", "mkdocs/commands/build.py", "_build_page"),
    ("  of which search indexing (Material)", "material/plugins/search/plugin.py", "on_page_context"),
    ("search index written (Material)", "material/plugins/search/plugin.py", "on_post_build"),
    ("whole build", "mkdocs/commands/build.py", "build"),
]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--lessons", type=int, default=1000)
    ap.add_argument("--builder", default="coursekit", choices=("coursekit", "plain"))
    ap.add_argument("--out", type=Path, default=None, help="keep the profile (for snakeviz, pstats…)")
    ap.add_argument("--top", type=int, default=25)
    ap.add_argument("--rebuild", action="store_true",
                    help="profile a serve-style rebuild after editing one quiz (one lesson for plain)")
    ap.add_argument("--warm", action="store_true",
                    help="profile a next build (another process built the course first: build cache filled)")
    args = ap.parse_args()

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    work = Path(tempfile.mkdtemp(prefix="coursekit-prof-"))
    config_file = generate.write_courses(work, args.lessons, (args.builder,))[args.builder]
    if args.warm:
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config_file), "-d",
                        str(work / "site")], check=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    config = load_config(config_file=str(config_file), site_dir=str(work / "site"))
    if args.rebuild:  # as serve: a first build, an edit, a fresh config, the same process
        build(config, dirty=False)
        edited = generate.first_quiz_file(work) if args.builder == "coursekit" \
            else generate.first_lesson_file(work, args.builder)
        head, rest = edited.read_text(encoding="utf-8").split("\n", 1)
        edited.write_text(head.rstrip('"') + (' ~"' if head.endswith('"') else " ~") + "\n" + rest, encoding="utf-8")
        config = load_config(config_file=str(config_file), site_dir=str(work / "site"))
    profile = cProfile.Profile()
    profile.enable()
    build(config, dirty=False)
    profile.disable()
    shutil.rmtree(work, ignore_errors=True)
    out = args.out or Path(tempfile.gettempdir()) / f"coursekit-{args.builder}-{args.lessons}.prof"
    profile.dump_stats(out)

    stats = pstats.Stats(str(out))
    raw = stats.stats  # type: ignore[attr-defined]
    total = next((ct for (f, _, fn), (_, _, _, ct, _) in raw.items()
                  if f.endswith("mkdocs/commands/build.py") and fn == "build"), 1.0)
    what = "serve-style rebuild" if args.rebuild else "next build" if args.warm else "first build"
    print(f"## {args.builder}, {args.lessons} lessons, {what}: {total:.1f} s under cProfile\n")
    print("| step | s (inclusive) | share |\n|:---|---:|---:|")
    for label, suffix, name in STEPS:
        # inclusive time of the outermost calls only (recursive entries counted once)
        t = sum(ct for (f, _, fn), (_, _, _, ct, _) in raw.items() if f.endswith(suffix) and fn == name)
        if t:
            print(f"| {label} | {t:.2f} | {t / total:.0%} |")
    print(f"\n### Top {args.top} functions by own time\n")
    print("| function | calls | own s | inclusive s |\n|:---|---:|---:|---:|")
    rows = sorted(raw.items(), key=lambda kv: kv[1][2], reverse=True)[: args.top]
    for (f, line, fn), (_, calls, tt, ct, _) in rows:
        short = "/".join(Path(f).parts[-2:]) if "/" in f else f
        print(f"| `{short}:{line}({fn})` | {calls} | {tt:.2f} | {ct:.2f} |")
    print(f"\nprofile: {out}")


if __name__ == "__main__":
    main()
