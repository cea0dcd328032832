"""Embeds wherever Markdown renders them: the scan before the build finds what the page will
show (admonitions, details, tabs, `<div markdown>`…), with its line; a line that looks like an
embed and is not one is a warning, never in code."""

from __future__ import annotations

import random
from pathlib import Path

import markdown
import pytest
from conftest import TRAINER
from coursekit.core.embeds import scan
from coursekit.hosts.markdown import EmbedExtension
from test_build import QUIZ

EXTENSIONS = ["admonition", "attr_list", "md_in_html", "pymdownx.details", "pymdownx.superfences",
              "pymdownx.tabbed", "footnotes"]
CONFIG = """\
site_name: T
docs_dir: course
theme:
  name: material
  font: false
plugins:
  - coursekit
markdown_extensions:
  - admonition
  - attr_list
  - md_in_html
  - pymdownx.details
  - pymdownx.superfences
  - pymdownx.tabbed:
      alternate_style: true
"""


def rendered(text: str) -> list[str]:
    """The ids of the embeds that Markdown renders, in order."""
    found: list[str] = []

    def render(kind: str, ident: str, count: int) -> str:
        found.append(ident)
        return f"<ck-quiz>{ident}</ck-quiz>"

    markdown.Markdown(extensions=[*EXTENSIONS, EmbedExtension(render)]).convert(text)
    return found


def scanned(text: str) -> list[str]:
    return [e.id for e in scan(text)[0]]


PLACES = {  # where an embed is rendered: the lesson, and the line of the embed
    "admonition": ("!!! note\n    [[quiz: {id}]]\n", 2),
    "admonition-later": ('!!! tip "Un titre"\n\n    Du texte.\n\n    [[quiz: {id}]]\n\n    Encore.\n', 5),
    "details": ('??? note "Voir"\n    [[quiz: {id}]]\n', 2),
    "details-open": ("???+ question\n\n    [[quiz: {id}]]\n", 3),
    "nested": ("!!! note\n    Avant.\n\n    ??? tip\n        [[quiz: {id}]]\n", 5),
    "md-in-html": ("<div markdown>\n\n[[quiz: {id}]]\n\n</div>\n", 3),
    "tab": ('=== "Un"\n\n    [[quiz: {id}]]\n\n=== "Deux"\n\n    Autre.\n', 3),
    "quote": ("> [[quiz: {id}]]\n", 1),
    "under-text": ("Du texte juste au-dessus.\n[[quiz: {id}]]\n", 2),
}
NOT_RENDERED = {  # code, raw HTML, a comment, a list: never an embed
    "fenced": "```markdown\n[[quiz: {id}]]\n```\n",
    "fenced-in-admonition": "!!! note\n    ```\n    [[quiz: {id}]]\n    ```\n",
    "indented": "Texte.\n\n    [[quiz: {id}]]\n",
    "indented-in-admonition": "!!! note\n    Texte.\n\n        [[quiz: {id}]]\n",
    "raw-html": "<div>\n[[quiz: {id}]]\n</div>\n",
    "comment": "<!--\n[[quiz: {id}]]\n-->\n",
    "list": "- [[quiz: {id}]]\n",
    "list-paragraph": "- Un point.\n\n    [[quiz: {id}]]\n",
    "list-in-admonition": "!!! note\n    1. Un point.\n\n        [[quiz: {id}]]\n",
}


@pytest.mark.parametrize("place", PLACES)
def test_the_scan_finds_an_embed_where_markdown_renders_it(place: str) -> None:
    text, line = PLACES[place]
    text = text.format(id="q")
    assert rendered(text) == ["q"]
    assert [(e.line, e.kind, e.id) for e in scan(text)[0]] == [(line, "quiz", "q")]


@pytest.mark.parametrize("place", NOT_RENDERED)
def test_the_scan_finds_no_embed_where_markdown_renders_none(place: str) -> None:
    text = NOT_RENDERED[place].format(id="q")
    assert rendered(text) == []
    assert scanned(text) == []


def lesson(rng: random.Random, depth: int = 0, top: bool = True) -> list[str]:
    """Random Markdown made of what lessons hold, an embed at several places."""
    out: list[str] = []
    for _ in range(rng.randint(1, 4)):
        kind = rng.choice(["p", "embed", "embed", "under", "over", "list", "box", "box", "fence", "code",
                           "quote", "h"] + (["div", "raw", "comment"] if top else []))
        if kind == "p":
            block = ["Du texte."]
        elif kind == "h":
            block = ["## Titre"]
        elif kind == "embed":
            block = ["E"]
        elif kind == "under":
            block = ["E", "Texte dessous."]
        elif kind == "over":
            block = ["Texte dessus.", "E"]
        elif kind == "list":
            block = [rng.choice(["- a", "1. a"]), rng.choice(["- E", "- b", "  E"])]
            block += ["", "    E"] if rng.random() < .5 else []
        elif kind == "box":
            head = rng.choice(["!!! note", '??? tip "Plus"', '=== "Un"'])
            inner = lesson(rng, depth + 1, False) if depth < 3 else ["x"]
            block = [head] + [""] * rng.randint(0, 1) + ["    " + line if line else "" for line in inner]
        elif kind == "fence":
            block = ["```", "E", "```"]
        elif kind == "code":
            block = ["    E", ""]
        elif kind == "quote":
            block = ["> E"]
        elif kind == "div":
            block = ["<div markdown>", "", *lesson(rng, depth + 1, False), "", "</div>"]
        elif kind == "raw":
            block = ["<div>", "E", "</div>"]
        else:
            block = ["<!--", "E", "-->"]
        out += block + [""] * (rng.random() < .8)
    return out


def test_the_scan_and_markdown_agree_on_random_lessons() -> None:
    rng = random.Random(3)
    for _ in range(400):
        lines = lesson(rng)
        text = "\n".join(line.replace("E", f"[[quiz: l{n}]]") for n, line in enumerate(lines, 1)) + "\n"
        assert scanned(text) == rendered(text), text


# -- near misses ---------------------------------------------------------------------
NEAR = """\
# Leçon

Voir le quiz [[quiz: etapes]] ci-dessous.

- [[quiz: etapes]]

[[Quiz: Etapes]]

[[quizz: etapes]]

[quiz: etapes]

[[quiz: etapes]

[[quiz: les etapes]]

Du texte.
    [[quiz: etapes]]
"""


def test_near_misses_say_why_at_their_line() -> None:
    embeds, misses = scan(NEAR)
    assert embeds == []
    assert [(m.line, m.why) for m in misses] == [
        (3, "alone"), (5, "list"), (7, "case"), (9, "kind"), (11, "brackets"), (13, "brackets"), (15, "space"),
        (18, "indented")]
    known = {"etapes": "etapes"}
    messages = [m.message(known) for m in misses]
    assert messages[1] == ("`[[quiz: etapes]]` is inside a list, where embeds are not rendered: put "
                           "[[quiz: etapes]] in a paragraph of its own, not indented, outside the list")
    assert messages[2] == "`[[Quiz: Etapes]]` is not an embed: the kind is written in lower case; write [[quiz: etapes]]"
    assert messages[3] == ("`[[quizz: etapes]]` is not an embed: there is no kind 'quizz' (the kinds: quiz, "
                           "answers, scenario, map, progress, continue, exam, attestation, practice); write [[quiz: etapes]]")
    assert messages[0] == ("`Voir le quiz [[quiz: etapes]] ci-dessous.` is not rendered: an embed is alone on its "
                           "line; put [[quiz: etapes]] on a line of its own")
    assert messages[4] == "`[quiz: etapes]` is not an embed: write it with two brackets on each side; write [[quiz: etapes]]"
    assert messages[6].startswith("`[[quiz: les etapes]]` is not an embed: an id has no spaces")


def test_no_near_miss_in_code_or_prose() -> None:
    text = (
        "Écrivez `[[quiz: mon-quiz]]` ou `[[Quiz: X]]` sur une ligne.\n\n"
        "```markdown\n[[Quiz: x]]\n- [[quiz: x]]\nVoir [[quiz: x]]\n```\n\n"
        "    [[quizz: x]]\n    - [[quiz: x]]\n\n"
        "<!-- [[quiz: x]] -->\n\n"
        "[Note : un lien](https://example.org), [[Page wiki]], [voir: ici], [Remarque: rien].\n"
    )
    assert scan(text) == ([], [])


# -- real builds ------------------------------------------------------------------------
def placements(ident: str) -> tuple[str, dict[str, int]]:
    """A lesson with one embed of `ident-<place>` at each place, and the line of each."""
    text, lines = "# Partout\n\n", {}
    for place, (body, line) in PLACES.items():
        lines[place] = text.count("\n") + line
        text += body.format(id=f"{ident}-{place}") + "\n"
    return text, lines


def test_every_placement_is_rendered_and_counted_as_used(build) -> None:
    text, _ = placements("q")
    files = {"mkdocs.yml": CONFIG, "course/index.md": "# Accueil\n", "course/partout.md": text,
             **{f"quizzes/q-{place}.yml": QUIZ for place in PLACES}}
    built = build(files, "--strict")
    assert built.code == 0, built.log
    assert "not used by any lesson" not in built.log
    html = built.html("partout/index.html")
    for place in PLACES:
        assert f'data-quiz="q-{place}"' in html, place
    assert "[[quiz:" not in html


def test_a_wrong_id_anywhere_is_an_error_at_its_line_before_the_site_is_touched(build, tmp_path: Path) -> None:
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "earlier.html").write_text("previous build")
    text, lines = placements("faux")
    built = build({"mkdocs.yml": CONFIG, "course/index.md": "# Accueil\n", "course/partout.md": text,
                   "quizzes/etapes.yml": QUIZ, "course/lecon.md": "[[quiz: etapes]]\n"})
    assert built.code == 1
    for place, line in lines.items():
        assert f"course/partout.md:{line}: [[quiz: faux-{place}]]: there is no quiz 'faux-{place}'" in built.log
    assert f"{len(PLACES)} problems in the course files" in built.log
    assert "Traceback" not in built.log
    assert sorted(p.name for p in (tmp_path / "site").iterdir()) == ["earlier.html"]
    assert (tmp_path / "site" / "earlier.html").read_text() == "previous build"


def test_near_misses_are_warnings_with_file_and_line_and_strict_fails(build) -> None:
    files = {"mkdocs.yml": CONFIG, "course/index.md": "# Accueil\n", "course/lecon.md": NEAR,
             "quizzes/etapes.yml": QUIZ}
    built = build(files)
    assert built.code == 0, built.log
    for line in (3, 5, 7, 9, 11, 13, 15, 18):
        assert f"WARNING -  coursekit: course/lecon.md:{line}: " in built.log, line
    assert "the quiz 'etapes' is not used" not in built.log  # the warnings above say why
    assert "[[quiz: etapes]]" in built.html("lecon/index.html")  # left as text, and said so
    assert build(files, "--strict").code == 1


def test_an_embed_in_a_list_is_not_rendered(build) -> None:
    files = {"mkdocs.yml": CONFIG, "course/index.md": "# Accueil\n",
             "course/lecon.md": "# L\n\n- Un point.\n- [[quiz: etapes]]\n\n[[quiz: etapes]]\n",
             "quizzes/etapes.yml": QUIZ}
    built = build(files)
    assert built.code == 0, built.log
    html = built.html("lecon/index.html")
    assert html.count("<ck-quiz ") == 1
    assert "<li>[[quiz: etapes]]</li>" in html
    assert ("course/lecon.md:4: `[[quiz: etapes]]` is inside a list, where embeds are not rendered"
            in built.log)


def test_a_missing_quiz_folder_is_said_once(build) -> None:
    lessons = {f"course/lecon-{n}.md": f"# L{n}\n\n[[quiz: etapes]]\n\n[[quiz: autre]]\n" for n in range(1, 4)}
    built = build({"mkdocs.yml": CONFIG, "course/index.md": "# Accueil\n", **lessons})
    assert built.code == 1
    assert ("ERROR   -  coursekit: quizzes/: the quiz folder does not exist (plugin option quizzes_dir, "
            "relative to mkdocs.yml); needed by course/lecon-1.md and 2 other lessons") in built.log
    assert "there is no quiz" not in built.log
    assert "1 problem in the course files" in built.log


def test_a_missing_scenario_folder_is_said_once(build) -> None:
    lessons = {"course/a.md": "[[scenario: appel]]\n", "course/b.md": "[[map: appel]]\n"}
    built = build({"mkdocs.yml": CONFIG.replace("  - coursekit\n", TRAINER), "course/index.md": "# Accueil\n", "quizzes/etapes.yml": QUIZ,
                   "course/lecon.md": "[[quiz: etapes]]\n", **lessons})
    assert built.code == 1
    assert ("ERROR   -  coursekit: scenarios/: the scenario folder does not exist (plugin option scenarios_dir, "
            "relative to mkdocs.yml); needed by course/a.md and 1 other lesson") in built.log
    assert "there is no scenario" not in built.log
