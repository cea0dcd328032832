"""`coursekit export gift|moodle-xml|qti21` and `coursekit import gift`: the course's questions as a bank
for an LMS's own quiz engine, and a GIFT file read into quiz files (`banks/`)."""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path

MODULES = {"gift": "gift", "moodle-xml": "moodle_xml", "qti21": "qti"}  # format -> banks/<module>.py
SUFFIXES = {"gift": "-gift.txt", "moodle-xml": "-moodle.xml", "qti21": "-qti21.zip"}
OK, PROBLEMS, CANNOT = 0, 1, 2


def run_bank_export(args: argparse.Namespace, config_file: Path) -> int:
    from ..banks.source import collect
    from ..lms.files import ExportError
    from ..lms.package import slug
    from .cli import Stop

    if args.frame_ancestors or args.activity_id or args.lrs:
        raise Stop(f"--frame-ancestors, --activity-id and --lrs are for packages (scorm12, scorm2004, xapi), "
                   f"not {args.version}")
    name = f"coursekit.banks.{MODULES[args.version]}"
    try:
        module = importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name != name:
            raise
        raise Stop(f"the {args.version} export is not available in this version of coursekit") from None
    try:
        bank = collect(config_file, args.quizzes or None, args.by)
        target = args.output or Path(slug(bank.title) + SUFFIXES[args.version])
        losses = module.export(bank, target)
    except ExportError as exc:
        print(f"coursekit: {exc}", file=sys.stderr)
        return PROBLEMS
    except OSError as exc:  # a format that let one through: still one line
        print(f"coursekit: cannot write {target.as_posix()}: {exc.strerror or exc}", file=sys.stderr)
        return PROBLEMS
    for loss in losses:
        print(loss, file=sys.stderr)
    questions = len(bank.entries)
    categories = len(bank.categories)
    print(f"Wrote {target.as_posix()} ({_count(questions, 'question')} in {_count(categories, 'category')}; "
          f"{_count(len(losses), 'warning')})")
    return OK


def _count(number: int, word: str) -> str:
    plural = word[:-1] + "ies" if word.endswith("y") else word + "s"
    return f"{number} {word if number == 1 else plural}"


def add_import(commands: argparse._SubParsersAction[argparse.ArgumentParser], epilog: str) -> None:
    imports = commands.add_parser(
        "import", help="read a question bank (GIFT) into quiz files",
        description="Read a GIFT file (Moodle › Question bank › Export, or written by hand) and write one quiz file "
        "per $CATEGORY (its name from the category's last part; a file without category makes one quiz named "
        "after FILE). GIFT's // comments stay as YAML comments. Each file written is checked as `coursekit check` "
        "checks a trainer's own; a question that a quiz cannot hold (numerical, essay, description, a missing word "
        "in mid-sentence…) is listed with its line in the GIFT file, as a warning.", epilog=epilog)
    imports.add_argument("format", choices=("gift",), help="the bank's format")
    imports.add_argument("file", metavar="FILE", type=Path, help="the GIFT file (UTF-8)")
    imports.add_argument("-o", "--output", metavar="DIR", type=Path, default=Path("quizzes"),
                         help="the folder to write the quiz files into (default: quizzes)")
    imports.add_argument("--force", action="store_true", help="replace quiz files that exist already")
    imports.set_defaults(run=run_import)


def run_import(args: argparse.Namespace) -> int:
    from ..banks.gift_import import ImportStop, import_file
    from .cli import Stop

    try:
        written, notes, errors = import_file(args.file, args.output, args.force)
    except ImportStop as exc:
        raise Stop(str(exc)) from None
    for note in notes:
        print(note, file=sys.stderr)
    for error in errors:
        print(error, file=sys.stderr)
    questions = sum(count for _, count in written)
    files = ", ".join(path.as_posix() for path, _ in written) or "no file"
    print(f"Wrote {files} ({_count(questions, 'question')}; {_count(len(notes), 'warning')}, "
          f"{_count(len(errors), 'error')})")
    return PROBLEMS if errors else OK
