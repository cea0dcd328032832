"""The plugin's page details (hosts/pages.py), on small sites: a page's duration under its title, from its
front matter, in the interface's language; a wrong one stops the build at its line, every one at once; the
table of contents keeps the headings' no-break spaces; each of the two can be turned off."""

from __future__ import annotations

import re

from conftest import MINIMAL_CONFIG

TOC_ENTRY = re.compile(r'<a href="#([^"]+)" class="md-nav__link">\s*<span class="md-ellipsis">\s*(.*?)\s*</span>', re.S)
NBSP = "\u00a0"


def toc(page: str) -> dict[str, str]:
    return dict(TOC_ENTRY.findall(page))


def test_a_duration_and_the_toc_spaces(build) -> None:  # type: ignore[no-untyped-def]
    built = build({
        "course/index.md": "# Accueil\n",
        "course/x.md": f"---\nduree: 12\n---\n\n# Une leçon\n\n## Pour qui{NBSP}?\n\n## Des 70{NBSP}%\n",
        "course/une.md": "---\ntitle: Courte\nduree: 1\n---\n\n# Courte\n",
        "course/deux.md": "---\nduration: 120\n---\n\n# Longue\n",
        "course/sans-titre.md": "---\nduree: 5\n---\n\nPas de titre ici.\n",
    })
    assert built.code == 0, built.log
    page = built.html("x/index.html")
    assert f'</h1>\n<p class="duree">Durée{NBSP}: environ 12{NBSP}minutes</p>' in page
    entries = toc(page)
    assert entries["pour-qui"] == f"Pour qui{NBSP}?"
    assert entries["des-70"] == f"Des 70{NBSP}%"
    assert f'<p class="duree">Durée{NBSP}: environ 1{NBSP}minute</p>' in built.html("une/index.html")
    assert f'<p class="duree">Durée{NBSP}: environ 2{NBSP}h</p>' in built.html("deux/index.html")  # `duration:`
    untitled = built.html("sans-titre/index.html")
    assert f'<p class="duree">Durée{NBSP}: environ 5{NBSP}minutes</p>\n<p>Pas de titre ici.</p>' in untitled
    assert 'class="duree"' not in built.html("index.html")  # no duration, no line


def test_wrong_durations_stop_the_build_each_at_its_line(build) -> None:  # type: ignore[no-untyped-def]
    built = build({
        "course/index.md": "# Accueil\n",
        "course/x.md": "---\nduree: douze\n---\n\n# Une leçon\n",
        "course/y.md": "---\ntitle: Autre\nauthor: A\nduration: 700\n---\n\n# Autre\n",
        "course/z.md": "---\nduree: 10\nduration: 10\n---\n\n# Deux fois\n",
        "course/ok.md": "---\nduree: 12\n---\n\n# Bonne\n",
    })
    assert built.code == 1, built.log
    assert ("course/x.md:2: 'duree' is the page's duration, a whole number of minutes between 1 and 600 "
            "(for example 'duree: 12'), not 'douze'") in built.log
    assert "course/y.md:4: 'duration' is the page's duration" in built.log and "not 700" in built.log
    assert "course/z.md:3: the page's duration is given twice, as 'duree' and as 'duration'" in built.log
    assert "3 problems in the course files (listed above); nothing was built." in built.log
    assert "course/ok.md" not in built.log
    assert "Traceback" not in built.log
    assert not (built.site / "x" / "index.html").exists()


def test_english_and_both_turned_off(build) -> None:  # type: ignore[no-untyped-def]
    lesson = f"---\nduration: 75\n---\n\n# A lesson\n\n## Who for{NBSP}?\n"
    english = build({"mkdocs.yml": MINIMAL_CONFIG.replace("language: fr", "language: en"),
                     "course/index.md": lesson})
    assert english.code == 0, english.log
    assert '</h1>\n<p class="duree">Duration: about 1 h 15 min</p>' in english.html()

    off = MINIMAL_CONFIG.replace("  - coursekit\n", "  - coursekit:\n      toc_nbsp: false\n      durations: false\n")
    built = build({"mkdocs.yml": off, "course/index.md": lesson.replace("75", "douze")})
    assert built.code == 0, built.log  # not read at all: not a problem either
    page = built.html()
    assert 'class="duree"' not in page
    assert toc(page)["who-for"] == "Who for ?"  # Python-Markdown's own title, an ordinary space
