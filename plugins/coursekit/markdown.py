"""The embed syntax: a line `[[quiz: etapes]]` alone in its paragraph.

Chosen because it stays visible as plain text where the plugin is off, is not
Jinja (`{{ }}`, `{% %}`) so mkdocs-macros leaves it alone, and no pymdownx
extension uses it. Fenced and indented code never reach a BlockProcessor's
paragraphs, so an example of the syntax inside code is left as written.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Callable
from dataclasses import dataclass

from markdown import Extension, Markdown
from markdown.blockprocessors import BlockProcessor
from markdown.util import AtomicString

KINDS = ("quiz", "answers", "scenario", "map")
# Our custom elements are block-level: Markdown must not wrap them in <p>.
ELEMENTS = ("ck-quiz", "ck-scenario")
EMBED = re.compile(r"^ {0,3}\[\[\s*(?P<kind>[a-z]+)\s*:\s*(?P<id>[^\]\s]+)\s*\]\]\s*$")
FENCE = re.compile(r"^ *(`{3,}|~{3,})")
# a line that may open or close a fence or hold an embed; searched in "\n" + text (a literal
# first character makes the search several times faster than `^` with re.MULTILINE)
CANDIDATE = re.compile(r"\n *(?:`{3}|~{3}|\[\[)")


@dataclass(frozen=True)
class Embed:
    line: int
    kind: str
    id: str


def find_embeds(text: str) -> list[Embed]:
    """Embeds of a Markdown source with their 1-based lines, outside fenced code.

    Used before the build to report unknown ids with `file:line`; the
    BlockProcessor below is what renders. Looks only at the lines that could
    open or close a fence or hold an embed (one regex over the whole text).
    """
    if "\r" in text:  # line breaks as Markdown reads them
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = "\n" + text
    found: list[Embed] = []
    fence: str | None = None
    number, counted = 0, 0
    for candidate in CANDIDATE.finditer(text):
        start = candidate.start() + 1
        number += text.count("\n", counted, start)
        counted = start
        end = text.find("\n", start)
        fence, embed = read_line(text[start:end if end >= 0 else len(text)], number, fence)
        if embed:
            found.append(embed)
    return found


def read_line(line: str, number: int, fence: str | None) -> tuple[str | None, Embed | None]:
    """One line of a lesson: the fence still open after it, and the embed it holds, if any."""
    opening = FENCE.match(line)
    if fence:
        if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence) \
                and not line.strip()[len(opening.group(1)):].strip():
            return None, None
        return fence, None
    if opening:
        return opening.group(1), None
    match = EMBED.match(line)
    if match and match.group("kind") in KINDS:
        return None, Embed(number, match.group("kind"), match.group("id"))
    return None, None


Render = Callable[[str, str, int], str]


class EmbedProcessor(BlockProcessor):
    def __init__(self, parser, render: Render) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parser)
        self.render = render
        self.count = 0

    def _find(self, block: str) -> tuple[int, re.Match[str]] | None:
        if "\n" not in block:  # the usual case: the embed is a paragraph of its own
            match = EMBED.match(block)
            return (0, match) if match and match.group("kind") in KINDS else None
        for index, line in enumerate(block.split("\n")):
            match = EMBED.match(line)
            if match and match.group("kind") in KINDS:
                return index, match
        return None

    def test(self, parent: etree.Element, block: str) -> bool:
        # Every block of every page comes here: most are turned away without a regex.
        return "[[" in block and self._find(block) is not None

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
