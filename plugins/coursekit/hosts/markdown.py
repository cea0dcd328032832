"""The embeds as a Python-Markdown extension: `[[quiz: id]]` alone in its paragraph becomes a widget.

The processor sees the blocks of a page once Markdown's containers have taken
off their indentation and markers, and applies the same one-line test
(`embeds.embed_in`) as the scan that reports problems before the build.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Callable

from markdown import Extension, Markdown
from markdown.blockprocessors import BlockProcessor
from markdown.util import AtomicString

from ..core.embeds import embed_in

# Our custom elements are block-level: Markdown must not wrap them in <p>.
ELEMENTS = ("ck-quiz", "ck-scenario")

Render = Callable[[str, str, int], str]


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
        html = self.render(match.group("kind"), match.group("id"), self.count)
        placeholder = self.parser.md.htmlStash.store(html)
        etree.SubElement(parent, "p").text = AtomicString(placeholder)  # no inline pattern to try
        return True


class EmbedExtension(Extension):
    """Registered by the plugin in `on_config`; `render(kind, id, n)` returns HTML."""

    def __init__(self, render: Render) -> None:
        super().__init__()
        self.render = render

    def extendMarkdown(self, md: Markdown) -> None:
        md.block_level_elements.extend(e for e in ELEMENTS if e not in md.block_level_elements)
        # Below the indented-code processor (80) so that code is never an embed.
        md.parser.blockprocessors.register(EmbedProcessor(md.parser, self.render), "coursekit", 75)
