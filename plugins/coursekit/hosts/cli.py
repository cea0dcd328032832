"""The `coursekit` command: the course's checks, schemas, assets and policy, without a site build.

For editors, pre-commit hooks and CI (`check`, `schema`), and for hosts that
run no MkDocs plugin (`assets`, `csp`). It reads `mkdocs.yml` itself, so it
runs where MkDocs is not installed. Every message is in plain words, never a
traceback. Exit status: 0 done (warnings allowed), 1 problems found in the
course files, 2 the command could not run (no configuration, a wrong option,
a folder that cannot be written).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from ..core.problems import CourseError, Problem, relative_path
from ..core.site_config import SiteConfig, find_config, read_config

OK, PROBLEMS, CANNOT = 0, 1, 2
PACKAGES = ("scorm12", "scorm2004", "xapi")
BANKS = ("gift", "moodle-xml", "qti21")  # question banks: banks/<module>.export
BY = ("quiz", "pool")
EXIT_CODES = ("exit status: 0 done (warnings allowed), 1 problems in the course files, "
              "2 the command could not run")


class Stop(Exception):
    """The command cannot run: its message, and exit status 2."""


def main(argv: Sequence[str] | None = None) -> int:
    commands = parser()
    args, extra = commands.parse_known_args(argv)
    # argparse takes positional arguments in one place only: quiz ids after the options
    # (`export gift --by quiz p1-accepter`) are quiz ids all the same
    if isinstance(getattr(args, "quizzes", None), list):
        args.quizzes += [x for x in extra if not x.startswith("-")]
        extra = [x for x in extra if x.startswith("-")]
    if extra:
        commands.error(f"unrecognized arguments: {' '.join(extra)}")
    try:
        code: int = args.run(args)
    except (Stop, CourseError) as exc:
        print(f"coursekit: {exc}", file=sys.stderr)
        return CANNOT
    except KeyboardInterrupt:
        return 130
    return code


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="coursekit", description="Quizzes and role-play scenarios for a course site: check the course "
        "files, and give what a host without the coursekit plugin needs.", epilog=EXIT_CODES)
    commands = top.add_subparsers(title="commands", metavar="COMMAND", required=True)

    check = commands.add_parser(
        "check", help="report every problem in the course files, with its file and line",
        description="Check every quiz and scenario file, the course settings (course.yml: the lessons, logo and "
        "quizzes it names too) and every embed in the lessons, as a build would, and "
        "report every problem with its file and line. The folders come from mkdocs.yml: the options of "
        "the coursekit plugin, or of the coursekit Markdown extension. The pages that exclude_docs leaves out "
        "are not read, and in the learners' edition (the option edition: learner, the default) an answer key "
        "or a scenario map is an error: check the trainer's edition with -f and its configuration "
        "(e.g. -f mkdocs-formateur.yml).", epilog=EXIT_CODES)
    _config_option(check)
    check.add_argument("--strict", action="store_true", help="warnings fail too (exit status 1)")
    check.set_defaults(run=run_check)

    from ..core.schema import kind_names
    from ..i18n import languages
    schema = commands.add_parser(
        "schema", help="the JSON Schema of the quiz or scenario files, for editors",
        description="Print the JSON Schema of a kind of course file, or write one file per kind with -o. "
        "An editor with a YAML language server then completes keys and underlines mistakes; put "
        "`# yaml-language-server: $schema=PATH` as the first line of a quiz file.", epilog=EXIT_CODES)
    schema.add_argument("kind", nargs="?", choices=kind_names(), help="the kind of file (with no -o)")
    schema.add_argument("-o", "--output", metavar="DIR", type=Path,
                        help="write " + " and ".join(f"{k}.schema.json" for k in kind_names()) + " into DIR")
    schema.set_defaults(run=run_schema)

    assets = commands.add_parser(
        "assets", help="write the widgets' script and stylesheet, for a host that runs no plugin",
        description="Write the widgets' script and stylesheet (their names carry a hash of their content) into "
        "DIR/assets/coursekit/, remove the ones an earlier version wrote there, and print the lines to add "
        "to mkdocs.yml. DIR is the lessons' folder (docs_dir). In the trainer's edition (the option "
        "edition: trainer) the stylesheet holds the answer key's and the maps' rules too.", epilog=EXIT_CODES)
    assets.add_argument("dir", metavar="DIR", type=Path, help="the lessons' folder (docs_dir)")
    _config_option(assets)
    assets.add_argument("--language", choices=languages(),
                        help="language of the widgets (default: the option `language`, else the theme's)")
    assets.set_defaults(run=run_assets)

    policy = commands.add_parser(
        "csp", help="write the Content Security Policy files of a built site",
        description="Compute the Content Security Policy of a built site folder and write csp-policy.txt, "
        "csp-nginx.conf and _headers into it. The theme's inline scripts (outside the page's content element) "
        "are allowed by their hash; a lesson's inline script (inside it) is left out and reported.",
        epilog=EXIT_CODES)
    policy.add_argument("site", metavar="SITE", type=Path, help="the built site folder")
    policy.add_argument("--frame-ancestors", nargs="+", metavar="SOURCE",
                        help="the sites that may show the pages in a frame, e.g. \"'self'\" "
                        "https://lms.example.com (default: the plugin's option in mkdocs.yml, else 'self')")
    policy.add_argument("--style-src", nargs="+", metavar="HASH", default=[],
                        help="hashes of stylesheets that the theme's script inserts, added to style-src, e.g. "
                        "\"'sha256-…='\" (the browser's console gives it when it blocks one)")
    _config_option(policy)
    policy.set_defaults(run=run_csp)

    export = commands.add_parser(
        "export", help="write the course as a SCORM or xAPI package (zip), or its questions as a bank, for an LMS",
        description="Build the learners' site for an LMS (links to files, no absolute address) and zip it with "
        "a launcher page (the one SCO: it shows the course in a frame), imsmanifest.xml and its schema files. "
        "The mastery score is the final assessment's pass mark (course.yml). SCORM 1.2 is the one the "
        "Moodle app plays. xapi writes tincan.xml instead, and the pages send xAPI statements to the LRS that "
        "the launch address names (the « tincan » launch: endpoint, auth, actor, registration). gift, moodle-xml and "
        "qti21 write the quizzes' questions instead, for the LMS's own quiz engine (a question bank, one category per "
        "quiz or per pool of the final assessment); what a format cannot carry is said as file:line: warning.",
        epilog=EXIT_CODES)
    export.add_argument("version", metavar="FORMAT", choices=PACKAGES + BANKS,
                        help="a package: scorm12, scorm2004 (the SCORM version) or xapi (a TinCan package: tincan.xml, "
                        "statements to an LRS); or a question bank: gift, moodle-xml (Moodle XML) or qti21 "
                        "(a QTI 2.1 content package, zip)")
    export.add_argument("quizzes", nargs="*", metavar="QUIZ",
                        help="banks only: the quizzes to export, by id (their file name without .yml; default: every "
                        "quiz), with --by quiz")
    export.add_argument("--by", choices=BY, default="quiz",
                        help="banks only: one category per quiz (quiz, the default), or per pool of the final "
                        "assessment of course.yml (pool), so that the LMS draws random questions as the course does")
    export.add_argument("-o", "--output", metavar="FILE", type=Path,
                        help="the file to write (default: the site's name and the format, e.g. cours-scorm12.zip, "
                        "cours-gift.txt, cours-moodle.xml, cours-qti21.zip)")
    export.add_argument("--frame-ancestors", nargs="+", metavar="SOURCE",
                        help="the sites that may show the course in a frame, written in the package's policy files, "
                        "e.g. https://lms.example.com (default: *, any site: the LMS's address is often not known)")
    export.add_argument("--activity-id", metavar="IRI",
                        help="xapi: the course's activity id, e.g. https://formation.example.com/repondre-non/ "
                        "(default: the site's site_url)")
    export.add_argument("--lrs", nargs="+", metavar="SOURCE",
                        help="xapi: the LRS sites the pages may send statements to, written in the package's "
                        "policy files (connect-src), e.g. https://lrs.example.com (default: https:, any https site)")
    _config_option(export)
    export.set_defaults(run=run_export)
    from .banks_cli import add_import
    add_import(commands, EXIT_CODES)
    return top


def _config_option(command: argparse.ArgumentParser) -> None:
    command.add_argument("-f", "--config-file", metavar="FILE", type=Path,
                         help="the site's configuration (default: mkdocs.yml in the current folder)")


def _config(args: argparse.Namespace, needed: bool = True) -> SiteConfig | None:
    path = args.config_file or find_config()
    if path is None:
        if needed:
            raise Stop("no mkdocs.yml in the current folder; run the command where it is, or give it with -f FILE")
        return None
    return read_config(path)


# -- check ------------------------------------------------------------------------
def run_check(args: argparse.Namespace) -> int:
    from ..core.course import Course, edition_problem
    from ..core.html import Html
    from ..i18n import pick_language

    site = _config(args)
    assert site is not None
    if not site.docs_dir.is_dir():
        raise Stop(f"the lessons' folder {relative_path(site.docs_dir, site.root)}/ does not exist "
                   "(docs_dir in mkdocs.yml)")
    if wrong := edition_problem(site.edition):
        raise Stop(f"the coursekit option `edition`: {wrong}")
    lang = pick_language(site.options.get("language"), site.theme_language)
    course = Course(site.root, site.docs_dir, site.folders(), Html(lang, site.namespace(), []),
                    edition=site.edition, excluded=site.excluded())
    problems = course.check()
    for kind in course.kinds:  # the cross-checks a build runs once the lessons are read (course.yml's)
        link = getattr(kind, "link", None)
        if link is not None:
            problems.extend(link(course))
    for problem in problems:
        print(_line(problem))
    errors = sum(p.level == "error" for p in problems)
    warnings = len(problems) - errors
    if problems:
        print(f"coursekit: {_count(errors, 'error')}, {_count(warnings, 'warning')} in the course files")
    else:
        found = ", ".join(_count(len(kind.docs), kind.name) for kind in course.kinds if getattr(kind, "counted", True))
        edition = "; the trainer's edition" if site.edition == "trainer" else ""
        print(f"coursekit: no problem in the course files ({found}{edition})")
    return PROBLEMS if errors or (args.strict and warnings) else OK


def _line(problem: Problem) -> str:
    """`file:line: error: message`, the form editors and CI annotate."""
    where = f"{problem.file}:{problem.line}" if problem.line else problem.file
    return f"{where}: {problem.level}: {problem.message}"


def _count(number: int, word: str) -> str:
    plural = "zes" if word == "quiz" else "s"
    return f"{number} {word}{plural if number != 1 else ''}"


# -- schema -----------------------------------------------------------------------
def run_schema(args: argparse.Namespace) -> int:
    from ..core.schema import FILE_NAME, kind_names, schema

    if args.output is None:
        if args.kind is None:
            raise Stop(f"say which schema ({' or '.join(kind_names())}), or write them all with -o DIR")
        print(json.dumps(schema(args.kind), indent=2, ensure_ascii=False))
        return OK
    names = [args.kind] if args.kind else list(kind_names())
    written = []
    for name in names:
        path = args.output / FILE_NAME.format(name=name)
        _write(path, json.dumps(schema(name), indent=2, ensure_ascii=False) + "\n")
        written.append(path.as_posix())
    print(f"Wrote {' and '.join(written)}.")
    return OK


def _write(path: Path, text: str) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise Stop(f"cannot write {path.as_posix()}: {exc.strerror or exc}") from None


# -- assets -----------------------------------------------------------------------
def run_assets(args: argparse.Namespace) -> int:
    from ..core import assets
    from ..i18n import pick_language

    site = _config(args, needed=False)
    configured = site.options.get("language") if site else None
    lang = pick_language(args.language or configured, site.theme_language if site else None)
    built = assets.build(lang, trainer=site is not None and site.edition == "trainer")
    folder = args.dir / assets.FOLDER
    if folder.is_dir():
        for old in sorted(folder.glob("coursekit.*")):
            if old.relative_to(args.dir).as_posix() not in built:
                old.unlink()
                print(f"Removed {old.as_posix()} (an earlier version).")
    for name, content in built.items():
        _write(args.dir / name, content)
    scripts = [name for name in built if name.endswith(".js")]
    styles = [name for name in built if name.endswith(".css")]
    print(f"Wrote {', '.join((args.dir / n).as_posix() for n in built)} ({lang}).")
    if site is not None and args.dir.resolve() != site.docs_dir.resolve():
        print(f"Note: {args.dir.as_posix()} is not the lessons' folder of mkdocs.yml "
              f"({relative_path(site.docs_dir, site.root)}); the host copies only the files of that folder.")
    print("\nList them in mkdocs.yml (their names change with each version of coursekit):\n")
    print("extra_javascript:\n" + "".join(f"  - {n}\n" for n in scripts) +
          "extra_css:\n" + "".join(f"  - {n}\n" for n in styles), end="")
    return OK


# -- csp --------------------------------------------------------------------------
def run_csp(args: argparse.Namespace) -> int:
    from ..core import csp
    from ..core.csp_site import site_policy, style_source_problems

    if not args.site.is_dir():
        raise Stop(f"{args.site.as_posix()} is not a folder; build the site first and give its folder")
    sources = args.frame_ancestors
    if sources is None:
        site = _config(args, needed=False)
        sources = (site.options.get("frame_ancestors") if site else None) or list(csp.FRAME_ANCESTORS)
    if problems := csp.frame_source_problems(sources):
        raise Stop("--frame-ancestors: " + "; ".join(problems))
    if problems := style_source_problems(args.style_src):
        raise Stop("--style-src: " + "; ".join(problems))
    value, notes = site_policy(args.site, sources, args.style_src)
    for note in notes:
        print(_line(note))
    csp.write(str(args.site), value)
    allowed = len(csp.HASH.findall(value))
    print(f"Wrote {', '.join((args.site / name).as_posix() for name in csp.FILES)}: "
          f"{_count(allowed, 'inline script')} of the theme allowed.")
    return OK


# -- export -----------------------------------------------------------------------
def run_export(args: argparse.Namespace) -> int:
    from ..core import csp
    from ..lms.package import FRAME_ANCESTORS, ExportError, export

    path = args.config_file or find_config()
    if path is None:
        raise Stop("no mkdocs.yml in the current folder; run the command where it is, or give it with -f FILE")
    if args.version in BANKS:
        from .banks_cli import run_bank_export
        return run_bank_export(args, path)
    if args.quizzes or args.by != "quiz":
        raise Stop(f"quiz names and --by are for question banks ({', '.join(BANKS)}), not {args.version}")
    sources = args.frame_ancestors or list(FRAME_ANCESTORS)
    if problems := csp.frame_source_problems(sources):
        raise Stop("--frame-ancestors: " + "; ".join(problems))
    if args.version == "xapi":
        return run_export_xapi(args, path, sources)
    if args.activity_id or args.lrs:
        raise Stop("--activity-id and --lrs are for xapi packages only")
    try:
        target, ident, mark = export(args.version, path, args.output, sources)
    except ExportError as exc:
        print(f"coursekit: {exc}", file=sys.stderr)
        return PROBLEMS
    print(f"Wrote {target.as_posix()} ({args.version}; mastery score {mark:g} %, the pass mark of {ident}; "
          f"frame-ancestors {' '.join(sources)}).")
    return OK


def run_export_xapi(args: argparse.Namespace, path: Path, sources: list[str]) -> int:
    from ..lms.package import ExportError
    from ..lms.xapi import LRS, activity_problem, export, lrs_problems

    if args.activity_id and (wrong := activity_problem(args.activity_id)):
        raise Stop(f"--activity-id: {wrong}")
    lrs = args.lrs or list(LRS)
    if problems := lrs_problems(lrs):
        raise Stop("--lrs: " + "; ".join(problems))
    try:
        target, ident = export(path, args.output, sources, args.activity_id, lrs)
    except ExportError as exc:
        print(f"coursekit: {exc}", file=sys.stderr)
        return PROBLEMS
    print(f"Wrote {target.as_posix()} (xapi; activity id {ident}; statements to {' '.join(lrs)}; "
          f"frame-ancestors {' '.join(sources)}).")
    return OK


if __name__ == "__main__":
    sys.exit(main())
