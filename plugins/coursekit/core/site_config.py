"""What coursekit needs of a site's `mkdocs.yml`, read without MkDocs.

The command line (`coursekit check`) and the Markdown extension run where
MkDocs may not be installed (Zensical reads `mkdocs.yml` itself), so the file is
read here as plain YAML: `!ENV` is read as MkDocs reads it (the first variable
set, else the last item as the default), `!relative` as the file's folder, and
any other tag (`!!python/name:…` for an emoji index) as nothing, since none of
them names a course folder. `INHERIT` is merged as MkDocs merges it (mappings
key by key, anything else replaced; paths relative to the file given). The
course's options are the `coursekit` plugin's, else the `coursekit` Markdown
extension's; MkDocs' defaults otherwise.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.constructor import SafeConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .kinds import folder_options
from .problems import CourseError

CONFIG_FILES = ("mkdocs.yml", "mkdocs.yaml")
# how the extension may be named under `markdown_extensions`
EXTENSION_NAMES = ("coursekit", "coursekit.hosts.markdown", "coursekit.hosts.markdown:CourseKitExtension")


@dataclass
class SiteConfig:
    """The site settings and coursekit options that the course's checks and widgets depend on."""

    root: Path  # the configuration file's folder: the course's paths are relative to it
    docs_dir: Path
    site_url: str = ""
    site_name: str = ""
    theme_language: str | None = None
    options: dict[str, Any] = field(default_factory=dict)  # the plugin's or the extension's
    exclude_docs: str = ""  # MkDocs' option: the pages left out of the site, as .gitignore lines

    @property
    def edition(self) -> str:
        """`learner` (the default) or `trainer`: the plugin's option (`core.course.EDITIONS`)."""
        return str(self.options.get("edition") or "learner")

    def excluded(self) -> Callable[[str], bool]:
        """Whether MkDocs leaves a page out of the site (its path in the lessons' folder): a dotfile, one in
        `templates/`, or one that `exclude_docs` names."""
        from pathspec.gitignore import GitIgnoreSpec  # MkDocs' own matcher (it depends on pathspec)

        return GitIgnoreSpec.from_lines([".*", "/templates/", *self.exclude_docs.splitlines()]).match_file

    def folders(self, base: Path | None = None) -> dict[str, Path]:
        """Each kind's folder (`quizzes_dir`…), relative to `base` (the configuration's folder by default)."""
        base = self.root if base is None else base
        return {option: base / str(self.options.get(option) or default)
                for option, default in folder_options().items()}

    def namespace(self) -> str:
        """The storage namespace the plugin would use: saved results are the same on every host."""
        configured = self.options.get("storage_namespace")
        if configured:
            return str(configured)
        return storage_namespace(self.site_url, self.site_name)


def storage_namespace(site_url: str | None, site_name: str) -> str:
    """As the plugin computes it from MkDocs' `site_url` (which MkDocs ends with a `/`) and `site_name`."""
    return hashlib.sha256(f"{site_url or ''}|{site_name}".encode()).hexdigest()[:8]


def find_config(start: Path | None = None) -> Path | None:
    """`mkdocs.yml` (or `.yaml`) in `start` (the current folder by default, then named as it is)."""
    start = Path() if start is None else start
    return next((start / name for name in CONFIG_FILES if (start / name).is_file()), None)


def read_config(path: Path) -> SiteConfig:
    """The site's configuration; a CourseError in plain words if it cannot be read."""
    root = path.resolve().parent
    data = _load(path, root, ())
    theme = data.get("theme")
    language = theme.get("language") if isinstance(theme, dict) else None
    url = str(data.get("site_url") or "")
    return SiteConfig(
        root=root,
        docs_dir=root / str(data.get("docs_dir") or "docs"),
        site_url=url if not url or url.endswith("/") else url + "/",
        site_name=str(data.get("site_name") or ""),
        theme_language=str(language) if language else None,
        options=coursekit_options(data),
        exclude_docs=str(data.get("exclude_docs") or ""),
    )


def _load(path: Path, root: Path, seen: tuple[Path, ...]) -> dict[str, Any]:
    """A configuration file's settings, merged over those of the file it inherits (`INHERIT`)."""
    shown = path.as_posix()
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        where = f"{seen[-1].as_posix()}: INHERIT names {shown}, which" if seen else shown
        raise CourseError(f"{where}: no such file (give the site's configuration with -f FILE)") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise CourseError(f"{shown}: cannot be read ({exc})") from None
    yaml = YAML(typ="safe", pure=True)
    yaml.Constructor = _constructor(root)
    try:
        data = yaml.load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{shown}:{mark.line + 1}" if mark else shown
        raise CourseError(f"{where}: YAML syntax error: {exc.problem or exc.context}") from None
    except YAMLError as exc:
        raise CourseError(f"{shown}: YAML syntax error: {exc}") from None
    if not isinstance(data, dict):
        raise CourseError(f"{shown}: expected a mapping of settings (`site_name: …`)")
    parent = data.pop("INHERIT", None)
    if not parent:
        return data
    inherited = path.parent / str(parent)
    if inherited.resolve() in [p.resolve() for p in (*seen, path)]:
        raise CourseError(f"{shown}: INHERIT names {inherited.as_posix()}, which inherits this file in turn")
    return _merge(_load(inherited, root, (*seen, path)), data)


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    """As MkDocs merges an inherited configuration: mappings key by key, any other value replaced."""
    merged = dict(base)
    for key, value in over.items():
        old = merged.get(key)
        merged[key] = _merge(old, value) if isinstance(old, dict) and isinstance(value, dict) else value
    return merged


def coursekit_options(data: dict[str, Any]) -> dict[str, Any]:
    """The options of the `coursekit` plugin, else of the `coursekit` Markdown extension."""
    for key, names in (("plugins", ("coursekit",)), ("markdown_extensions", EXTENSION_NAMES)):
        entries = data.get(key)
        items = list(entries.items()) if isinstance(entries, dict) else [
            next(iter(e.items())) if isinstance(e, dict) and len(e) == 1 else (e, None)
            for e in entries or [] if isinstance(e, (str, dict))]
        for name, options in items:
            if name in names:
                return dict(options) if isinstance(options, dict) else {}
    return {}


def _constructor(root: Path) -> type[SafeConstructor]:
    class Constructor(SafeConstructor):
        pass

    def env(loader: SafeConstructor, node: Node) -> Any:
        if isinstance(node, ScalarNode):
            names, default = [loader.construct_scalar(node)], None
        elif isinstance(node, SequenceNode):
            items = [loader.construct_object(item, deep=True) for item in node.value]
            names, default = items[:-1], items[-1] if len(items) > 1 else None
            if len(items) == 1:
                names = items
        else:
            return None
        for name in names:
            if isinstance(name, str) and name in os.environ:
                return os.environ[name]
        return default

    def relative(loader: SafeConstructor, node: Node) -> Any:
        return str(root)

    def other(loader: SafeConstructor, suffix: str, node: Node) -> Any:
        if isinstance(node, MappingNode):
            return loader.construct_mapping(node, deep=True)
        if isinstance(node, SequenceNode):
            return loader.construct_sequence(node, deep=True)
        return None

    Constructor.add_constructor("!ENV", env)
    Constructor.add_constructor("!relative", relative)
    Constructor.add_multi_constructor("!", other)
    Constructor.add_multi_constructor("tag:yaml.org,2002:python/", other)
    return Constructor
