"""The embeds as a Python-Markdown extension: `[[quiz: id]]` alone in its paragraph becomes a widget.

The processor sees the blocks of a page once Markdown's containers have taken
off their indentation and markers, and applies the same one-line test
(`embeds.embed_in`) as the scan that reports problems before the build.

The MkDocs plugin gives `EmbedExtension` its own render callback. A host that
runs Python-Markdown extensions but no MkDocs plugin (Zensical) loads
`CourseKitExtension` by its entry point (`markdown_extensions: - coursekit`),
which checks and renders the course itself (`standalone`).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from markdown import Extension, Markdown
from markdown.blockprocessors import BlockProcessor
from markdown.preprocessors import Preprocessor
from markdown.util import AtomicString

from ..core.embeds import embed_in

if TYPE_CHECKING:
    from ..core.course import Part
    from .standalone import StandaloneCourse

# Our custom elements are block-level: Markdown must not wrap them in <p>. Python-Markdown puts a
# widget's HTML back in place of its paragraph only if the HTML starts with a block-level tag: each
# template whose first tag is one of ours names it here (tests/test_journey_pages.py checks them all).
ELEMENTS = ("ck-quiz", "ck-scenario", "ck-progress", "ck-continue", "ck-exam", "ck-attestation", "ck-practice")

# HTML, or parts that each come under a heading of the page (an answer key's quizzes)
Render = Callable[[str, str, int], "str | list[Part]"]
HEADING = re.compile(r"h[1-6]")


class EmbedProcessor(BlockProcessor):
    def __init__(self, parser, render: Render) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parser)
        self.render = render
        self.count = 0

    def _find(self, block: str) -> tuple[int, re.Match[str]] | None:
        if "\n" not in block:  # the usual case: the embed is a paragraph of its own
            match = embed_in(block)
            return (0, match) if match else None
        for index, line in enumerate(block.split("\n")):
            match = embed_in(line)
            if match:
                return index, match
        return None

    def _in_list(self, parent: etree.Element) -> bool:
        """Whether `parent` is a list item or inside one (where embeds are not rendered)."""
        if parent.tag == "li":
            return True
        root = getattr(self.parser, "root", None)
        return root is not None and any(parent is e for li in root.iter("li") for e in li.iter())

    def test(self, parent: etree.Element, block: str) -> bool:
        # Every block of every page comes here: most are turned away without a regex.
        return "[[" in block and self._find(block) is not None and not self._in_list(parent)

    def run(self, parent: etree.Element, blocks: list[str]) -> bool:
        block = blocks.pop(0)
        found = self._find(block)
        assert found is not None
        index, match = found
        lines = block.split("\n")
        before, after = "\n".join(lines[:index]), "\n".join(lines[index + 1:])
        if after.strip():
            blocks.insert(0, after)
        if before.strip():
            self.parser.parseBlocks(parent, [before])
        self.count += 1
        html = self.render(match.group("kind"), match.group("id") or "", self.count)
        stash = self.parser.md.htmlStash
        if isinstance(html, str):
            etree.SubElement(parent, "p").text = AtomicString(stash.store(html))  # no inline pattern to try
            return True
        # Real headings, one level under the page's last one: the `toc` extension gives them their
        # anchor and lists them in the page's table of contents.
        root = getattr(self.parser, "root", parent)
        above = [int(e.tag[1]) for e in root.iter() if isinstance(e.tag, str) and HEADING.fullmatch(e.tag)]
        level = min(above[-1] + 1 if above else 2, 6)
        for part in html:
            etree.SubElement(parent, f"h{level}").text = AtomicString(stash.store(part.title))
            etree.SubElement(parent, "p").text = AtomicString(stash.store(str(part.html)))
        return True


class EmbedExtension(Extension):
    """Registered by the plugin in `on_config`; `render(kind, id, n)` returns HTML."""

    def __init__(self, render: Render, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.render = render

    def extendMarkdown(self, md: Markdown) -> None:
        md.block_level_elements.extend(e for e in ELEMENTS if e not in md.block_level_elements)
        # Below the indented-code processor (80) so that code is never an embed.
        md.parser.blockprocessors.register(EmbedProcessor(md.parser, self.render), "coursekit", 75)


class CourseKitExtension(EmbedExtension):
    """The embeds on their own, in any host that runs Python-Markdown extensions.

    Hosts make one extension for each page: the course is checked when the
    first page is converted, and again only once a quiz or scenario file
    changes (`standalone.course`). A problem in the course files stops the
    build with every problem, each at its file and line.
    """

    course: StandaloneCourse

    def __init__(self, **kwargs: Any) -> None:
        self.config = {
            "quizzes_dir": ["", "Folder of the quiz files (default: quizzes), relative to the current folder"],
            "scenarios_dir": ["", "Folder of the scenario files (default: scenarios)"],
            "docs_dir": ["", "Folder of the lessons (default: the config file's docs_dir, else docs)"],
            "language": ["", "Language of the widgets, fr or en (default: the theme's language)"],
            "edition": ["", "learner (default: an answer key or a scenario map is an error) or trainer"],
            "storage_namespace": ["", "Prefix of saved results (default: from site_url and site_name, "
                                      "as the MkDocs plugin computes it)"],
            "config_file": ["mkdocs.yml", "The site's configuration, read for docs_dir, site_url, site_name "
                                          "and the theme's language (if it exists)"],
        }
        super().__init__(self._render, **kwargs)

    def extendMarkdown(self, md: Markdown) -> None:
        super().extendMarkdown(md)
        # Checked when a page is converted, not here: MkDocs makes an extension when it reads its
        # configuration, where a problem would come out as "Failed to load extension".
        md.preprocessors.register(CheckCourse(md, self), "coursekit", 40)

    def _render(self, kind: str, ident: str, count: int) -> str | list[Part]:
        return self.course.render(kind, ident, count)


class CheckCourse(Preprocessor):
    """Before each page: the course, checked (by the first page of a build, or after a change)."""

    def __init__(self, md: Markdown, extension: CourseKitExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, lines: list[str]) -> list[str]:
        from . import standalone
        self.extension.course = standalone.course(self.extension.getConfigs())
        return lines


def makeExtension(**kwargs: Any) -> CourseKitExtension:  # noqa: N802 - Python-Markdown's name
    """For `markdown_extensions: - coursekit.hosts.markdown` (the module's dotted name)."""
    return CourseKitExtension(**kwargs)
