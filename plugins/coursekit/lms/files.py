"""What every package does with files: the run-time scripts put into the built site, and the zip
written whole or not at all (a `.part` file renamed at the end, removed on a failure)."""

from __future__ import annotations

import zipfile
from collections.abc import Iterable, Mapping
from pathlib import Path

RUNTIME = Path(__file__).parent / "runtime"
FOLDER = "assets/coursekit/lms"  # where a package's own scripts go, beside the site's


class ExportError(Exception):
    """The package cannot be made: one line, for the trainer."""


def add_scripts(built: Path, names: Iterable[str], texts: Mapping[str, str] | None = None) -> None:
    """The run-time scripts `names` into `built`/FOLDER; `texts` gives some of them another content."""
    target = built / FOLDER
    target.mkdir(parents=True, exist_ok=True)
    for name in names:
        text = (texts or {}).get(name)
        (target / name).write_text(text if text is not None else (RUNTIME / name).read_text(encoding="utf-8"),
                                   encoding="utf-8")


def write_zip(target: Path, texts: Mapping[str, str], files: Iterable[tuple[str, Path]]) -> None:
    """The zip `target`: `texts` (name -> content) first, then `files` (name in the zip, file on disk)."""
    partial = target.with_name(target.name + ".part")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as zipped:
            for name, text in texts.items():
                zipped.writestr(name, text)
            for name, path in files:
                zipped.write(path, name)
        partial.replace(target)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise ExportError(f"cannot write {target.as_posix()}: {exc.strerror or exc}") from None
