"""The embed syntax: a line `[[quiz: etapes]]` alone in its paragraph.

Chosen because it stays visible as plain text where the plugin is off, is not
Jinja (`{{ }}`, `{% %}`) so mkdocs-macros leaves it alone, and no pymdownx
extension uses it.

Two readers must agree on what is an embed: `scan`, which reads a lesson before
the build to report unknown ids with `file:line`, and `EmbedProcessor`, which
renders. The processor sees the blocks of a page once Markdown's containers
(admonitions, `???` details, `===` tabs, block quotes, `<div markdown>`…) have
taken off their indentation and markers; `scan` follows the same containers
line by line, so that both apply the one test `embed_in` to the same text: a
line indented by at most three spaces within its container. Fenced and indented
code and raw HTML never reach a BlockProcessor's paragraphs, and `scan` skips
them too. An embed inside a list is not rendered (a list item is no place for a
quiz), and `scan` says so.

`scan` also returns the lines that look like an embed but are not one (text on
the same line, a list, a capital, one bracket…): near misses, for a warning.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from .kinds import embed_names

# the id is optional for the embeds of the whole course (`[[progress]]`): such a match has id None
EMBED = re.compile(r"^ {0,3}\[\[\s*(?P<kind>[a-z]+)\s*(?::\s*(?P<id>[^\]\s]+)\s*)?\]\]\s*$")
FENCE = re.compile(r"^ *(`{3,}|~{3,})")
# The first line of a container whose content is indented by four spaces under it: an admonition
# (`!!! note`), details (`??? note`, `???+ note`), a tab (`=== "Un"`).
OPENER = re.compile(r"(?:!!! ?[\w-]|\?{3}\+? ?[\w\"-]|===[+!]* +\")")
# The first line of a container that holds text on that line too: a list item, a definition, a
# footnote; its next lines are indented by four spaces.
ITEM = re.compile(r"(?P<list>(?:[*+-]|\d+\.) +)|: {1,3}(?=\S)|\[\^[^\]]+\]: ?")
QUOTE = re.compile(r"(?: {0,3}> ?)+")
HTML = re.compile(r"<(?P<tag>[a-zA-Z][a-zA-Z0-9]*)(?=[\s/>]|$)(?P<attrs>[^>]*)")
MARKDOWN_ATTR = re.compile(r"\smarkdown(?:\s*=\s*[\"']?(?!0)[\w]*[\"']?)?(?=[\s/>]|$)")
# Elements that open a raw HTML block at the start of a line (Python-Markdown's list)
_TAGS = (
    "address article aside blockquote body canvas center colgroup dd details div dl dt fieldset "
    "figcaption figure footer form group h1 h2 h3 h4 h5 h6 header hgroup hr html iframe legend li main "
    "map math menu nav noscript object ol option output p pre progress script section style summary "
    "table tbody td textarea tfoot th thead tr ul video")
BLOCK_TAGS = frozenset(_TAGS.split())
CODE_SPAN = re.compile(r"(?<!\\)(`+)(.+?)(?<!`)\1(?!`)")
# what a trainer may have meant as an embed: one or two brackets, a word, a colon
LOOSE = re.compile(r"(?P<open>\[{1,2})[ \t]*(?P<kind>[^\W\d_]+)[ \t]*:[ \t]*(?P<id>[^\[\]]*)(?P<close>\]{0,2})")
SINGLE = re.compile(r"\[\s*(?:quiz|answers|scenario|map)\s*:", re.IGNORECASE)


def embed_in(line: str) -> re.Match[str] | None:
    """The embed that a line of a block is, if it is one: the one test of both readers."""
    match = EMBED.match(line)
    return match if match and match.group("kind") in embed_names() else None


@dataclass(frozen=True)
class Embed:
    line: int
    kind: str
    id: str


@dataclass(frozen=True)
class NearMiss:
    """A line that looks like an embed and is not one: what is written, what was meant, and why."""

    line: int
    written: str
    kind: str  # the embed it was meant to be (one of `kinds.embed_names()`)
    id: str
    why: str  # list, alone, indented, brackets, case, kind, space, no-id

    def message(self, known: Mapping[str, str] | None = None) -> str:
        """The warning; `known` maps the lower-case ids of existing documents to their ids."""
        ident = self.id
        if known is not None and ident not in known.values():
            ident = known.get(ident.lower(), known.get(re.sub(r"\s+", "-", ident.lower()), ident))
        meant = f"[[{self.kind}: {ident or 'id'}]]"
        written = f"`{self.written}`"
        if self.why == "list":
            return (f"{written} is inside a list, where embeds are not rendered: put {meant} in a paragraph "
                    "of its own, not indented, outside the list")
        if self.why == "alone":
            return f"{written} is not rendered: an embed is alone on its line; put {meant} on a line of its own"
        if self.why == "indented":
            return (f"{written} is not rendered: indented by four spaces or more, it is text of the paragraph "
                    f"above; write {meant} with the indentation of that paragraph")
        reason = {
            "brackets": "write it with two brackets on each side",
            "case": "the kind is written in lower case",
            "kind": f"there is no kind '{self.written_kind}' (the kinds: {', '.join(embed_names())})",
            "space": "an id has no spaces (it is the file's name without .yml: letters, digits, '-' and '_')",
            "no-id": "the id of the document comes after the colon (the file's name without .yml)",
        }.get(self.why, "")
        return f"{written} is not an embed: {reason}; write {meant}"

    @property
    def written_kind(self) -> str:
        match = LOOSE.search(self.written)
        return match.group("kind") if match else self.kind


def scan(text: str) -> tuple[list[Embed], list[NearMiss]]:
    """Embeds of a Markdown source with their 1-based lines, and the near misses.

    Follows the containers of Markdown as its block parser does: a container's
    content is the lines indented under it (four spaces), a line indented less
    ends it; inside a container, a block that starts four spaces further is
    indented code. Fenced code, raw HTML blocks and HTML comments are skipped.
    """
    embeds: list[Embed] = []
    misses: list[NearMiss] = []
    if "[[" not in text and not SINGLE.search(text):  # no embed, nor anything like one
        return embeds, misses
    if "\r" in text:  # line breaks as Markdown reads them
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\t" in text:
        text = text.expandtabs(4)
    # the open containers: the column of their content, whether a list, the block of their first line
    stack: list[tuple[int, bool, int]] = []
    block = 0  # the number of the block the line is in
    fence: str | None = None
    code = -1  # the depth (number of containers) of the indented code the lines are in, or -1
    new = True  # the line starts a block
    raw: tuple[str, int] | None = None  # a raw HTML block: its tag ("--" for a comment), its depth
    md_tags: list[str] = []  # the open `<div markdown>` elements
    for number, line in enumerate(text.split("\n"), 1):
        if fence is not None:
            opening = FENCE.match(line)
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence) \
                    and not line.strip()[len(opening.group(1)):].strip():
                fence = None
            continue
        if raw is not None:
            raw = _raw_after(raw, line)
            new = new or raw is None
            continue
        body = line.lstrip(" ")
        if not body:
            new = True
            continue
        indent = len(line) - len(body)
        if body[0] == "<" and indent <= 3:  # raw HTML is found before any container
            if md_tags and body.startswith(f"</{md_tags[-1]}") and body[len(md_tags[-1]) + 2:].lstrip()[:1] == ">":
                md_tags.pop()
                new = True
                stack.clear()
                continue
            if body.startswith("<!--"):
                if "-->" not in body[4:]:
                    raw = ("--", 1)
                new = True
                stack.clear()
                continue
            tag = HTML.match(body)
            if tag and tag.group("tag").lower() in BLOCK_TAGS:
                name = tag.group("tag").lower()
                if MARKDOWN_ATTR.search(tag.group("attrs")):
                    if not re.search(rf"</{name}\s*>", body, re.IGNORECASE):
                        md_tags.append(name)
                else:
                    raw = _raw_after((name, 0), body)
                new = True
                stack.clear()  # no container holds an HTML block
                continue
        if stack and indent < stack[-1][0] and not (not new and stack[-1][1] and _lazy(body, indent, block, stack)):
            while stack and indent < stack[-1][0]:
                stack.pop()
            new = True  # what follows a container's content is a block of its own
        if new:
            block += 1
        depth = len(stack)
        rel = indent - (stack[-1][0] if stack else 0)
        if rel >= 4:
            if code == depth or new:  # indented code
                code, new = depth, False
            elif "[" in body:  # a paragraph's line, indented
                _near(body, number, any(c[1] for c in stack), misses, "indented")
            continue
        code = -1
        first, new = new, False
        opening = FENCE.match(body)
        if opening:
            fence = opening.group(1)
            continue
        if body[0] == "#":  # a heading is a block of its own
            new = True
        if body[0] == ">":
            body = body[QUOTE.match(body).end():]  # type: ignore[union-attr]
            opening = FENCE.match(body)
            if opening:
                fence = opening.group(1)
                continue
            if not body.strip() or len(body) - len(body.lstrip(" ")) >= 4:
                continue
            body = body.lstrip(" ")
        elif OPENER.match(body):
            stack.append((indent + 4, False, block))
            new = True
            continue
        item = ITEM.match(body)
        if item and (first or item.group("list") is None):
            stack.append((indent + 4, item.group("list") is not None, block))
            body = body[item.end():]
            if not body.strip() or len(body) - len(body.lstrip(" ")) >= 4:
                continue
        if "[" not in body:
            continue
        in_list = any(c[1] for c in stack)
        match = embed_in(body)
        if match and not in_list:
            embeds.append(Embed(number, match.group("kind"), match.group("id") or ""))
        else:
            _near(body, number, in_list, misses)
    return embeds, misses


def _lazy(body: str, indent: int, block: int, stack: list[tuple[int, bool, int]]) -> bool:
    """Whether a line less indented than the list above it, in the same block, stays in the list.

    A list item takes the lines that follow it (lazy lines), but not a line that opens a block of
    its own, nor an embed of the item's first block (the block is the parent's: the embed is
    found there before the list is). Found by comparing with Markdown's output."""
    if OPENER.match(body) or ITEM.match(body) or FENCE.match(body):
        return False
    if any(not c[1] and indent < c[0] for c in stack):  # it ends a container around the list
        return False
    if block == stack[-1][2]:
        return embed_in(body) is None
    return all(c[1] for c in stack)  # inside another container, the list's next blocks take no lazy line


def _raw_after(raw: tuple[str, int], line: str) -> tuple[str, int] | None:
    """A raw HTML block after one more of its lines: still open (its tag and depth), or closed (None)."""
    tag, depth = raw
    if tag == "--":
        return None if "-->" in line else raw
    lower = line.lower()
    depth += len(re.findall(rf"<{tag}(?=[\s/>]|$)", lower)) - len(re.findall(rf"</{tag}\s*>", lower))
    return (tag, depth) if depth > 0 else None


def _near(body: str, number: int, in_list: bool, misses: list[NearMiss], why: str = "") -> None:
    """The near miss that a line holds, if any (never in inline code)."""
    if "`" in body:
        body = CODE_SPAN.sub(lambda m: " " * len(m.group(0)), body)
    for loose in LOOSE.finditer(body):
        word = loose.group("kind")
        kind = word.lower() if word.lower() in embed_names() else _close_kind(word.lower())
        if kind is None or (len(loose.group("open")) == 1 and word.lower() not in embed_names()):
            continue  # prose: "[Note: …]"
        if len(loose.group("open")) == 1 and body[loose.end():loose.end() + 1] == "(":
            continue  # a link
        ident = loose.group("id").strip()
        alone = not (body[:loose.start()] + body[loose.end():]).strip()
        if why:
            reason = why
        elif in_list:
            reason = "list"
        elif not alone:
            reason = "alone"
        elif len(loose.group("open")) != 2 or len(loose.group("close")) != 2:
            reason = "brackets"
        elif word != kind:
            reason = "case" if word.lower() == kind else "kind"
        elif not ident:
            reason = "no-id"
        elif any(c.isspace() for c in ident):
            reason = "space"
        else:
            continue
        written = body.strip() if reason in ("list", "alone") else loose.group(0).strip()
        misses.append(NearMiss(number, written, kind, ident, reason))
        return


def _close_kind(word: str) -> str | None:
    import difflib  # only for a line that looks like an embed and is not one

    close = difflib.get_close_matches(word, embed_names(), n=1, cutoff=0.7)
    return close[0] if close else None
