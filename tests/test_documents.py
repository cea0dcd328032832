"""What a buyer expects beside the lessons, in the built sites: the documents to print (the job aid and
the worksheet in the learners' edition; the role cards, the observation grid and the three forms of a
funded training in the trainer's) each print in Chromium as one A4 portrait page holding the sheet
alone, black on white in either colour scheme, and pass axe on screen; every page of both editions
shows the module's edition and links to the accessibility statement and the legal notice, which
hold what their forms require."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT
from playwright.sync_api import Page
from pypdf import PdfReader
from test_browser_quiz import SHOTS, run_axe

LEARNERS = {"fiche-reflexe/": "Fiche réflexe · Répondre non à un client",
            "fiche-elements-de-langage/": "Éléments de langage · un refus fréquent"}
TRAINERS = {"formateur/cartes-de-role/": "Cartes de rôle · Répondre non à un client",
            "formateur/grille-observation/": "Grille d’observation · jeu de rôle",
            "formateur/emargement/": "Feuille d’émargement · Répondre non à un client",
            "formateur/satisfaction/": "Votre avis sur la formation · Répondre non à un client",
            "formateur/evaluation-a-froid/": "Un mois après · Répondre non à un client"}
EDITION = "Édition 2 — décembre 2026"
A4 = (595, 842)  # points, to the nearest one


def words(text: str) -> str:
    """A PDF's text with its spaces and line breaks made one space, for comparisons."""
    return re.sub(r"[\s\u00a0\u202f]+", " ", text).strip()


def first_pixel(pdf: Path) -> tuple[int, int, int]:
    """The colour of the printed page's top left corner (its margin), as poppler renders it."""
    root = pdf.with_name(pdf.stem + "-corner")
    subprocess.run(["pdftoppm", "-r", "10", "-singlefile", str(pdf), str(root)], check=True)  # PPM: the default
    ppm = root.with_suffix(".ppm").read_bytes()
    root.with_suffix(".ppm").unlink()
    header = re.match(rb"P6\s+\d+\s+\d+\s+255\s", ppm)
    assert header, ppm[:20]
    r, g, b = ppm[header.end(): header.end() + 3]
    return r, g, b


def print_one(page: Page, url: str, title: str, scheme: str, name: str) -> None:
    page.emulate_media(color_scheme=scheme)
    page.goto(url)
    screen = words(page.locator("article").inner_text())
    pdf = SHOTS / f"document-{name}-{scheme}.pdf"
    SHOTS.mkdir(exist_ok=True)
    page.pdf(path=pdf, format="A4", prefer_css_page_size=True, print_background=True)
    reader = PdfReader(pdf)
    assert len(reader.pages) == 1, f"{url} prints on {len(reader.pages)} pages"
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == A4
    printed = words(reader.pages[0].extract_text())
    assert printed.startswith(words(title)), printed[:120]
    # the sheet alone: not the page's title and introduction, not the site's header, menus or footer
    assert "Pour l’imprimer" in screen and "Pour l’imprimer" not in printed
    assert EDITION not in printed and "Mentions légales" not in printed and "Rechercher" not in printed
    # black on white, the margins too, whatever the screen's colour scheme
    if shutil.which("pdftoppm"):
        assert first_pixel(pdf) == (255, 255, 255), scheme
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-singlefile", str(pdf),
                        str(SHOTS / f"document-{name}-{scheme}")], check=True)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", list(LEARNERS))
def test_a_learners_document_prints_on_one_a4_page(page: Page, course_site: tuple[Path, str], path: str,
                                                   scheme: str) -> None:
    print_one(page, course_site[1] + path, LEARNERS[path], scheme, path.strip("/"))


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", list(TRAINERS))
def test_a_trainers_document_prints_on_one_a4_page(page: Page, trainer_site: tuple[Path, str], path: str,
                                                   scheme: str) -> None:
    print_one(page, trainer_site[1] + path, TRAINERS[path], scheme, path.strip("/").replace("formateur/", ""))


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_on_the_documents_and_the_guide(page: Page, course_site: tuple[Path, str],
                                            trainer_site: tuple[Path, str], scheme: str) -> None:
    page.emulate_media(color_scheme=scheme)
    pages = [course_site[1] + p for p in (*LEARNERS, "accessibilite/", "mentions-legales/")]
    pages += [trainer_site[1] + p for p in (*TRAINERS, "formateur/")]
    found = {}
    for url in pages:
        page.goto(url)
        if problems := run_axe(page):
            found[url] = problems
    assert found == {}


def built_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


FOOTER = re.compile(r'<p class="md-copyright__highlight pied"><span class="pied__edition">(?P<edition>[^<]*)</span>'
                    r' · <a href="(?P<a11y>[^"]+)">(?P<a11y_text>[^<]*)</a> · <a href="(?P<legal>[^"]+)">(?P<legal_text>[^<]*)</a></p>')


@pytest.mark.parametrize("edition", ["learners", "trainers"])
def test_every_page_shows_the_edition_and_its_two_links(course_site: tuple[Path, str],
                                                        trainer_site: tuple[Path, str], edition: str) -> None:
    site = (course_site if edition == "learners" else trainer_site)[0]
    pages = built_pages(site)
    assert len(pages) > 30
    problems = []
    for path in pages:
        found = FOOTER.search(path.read_text(encoding="utf-8"))
        where = path.relative_to(site).as_posix()
        if not found:
            problems.append(f"{where}: no edition line in the footer")
            continue
        assert html.unescape(found["edition"]) == EDITION
        assert html.unescape(found["a11y_text"]) == "Accessibilité\u00a0: non conforme"
        assert html.unescape(found["legal_text"]) == "Mentions légales"
        for link in (found["a11y"], found["legal"]):
            # relative to the page, or from the site's root (the 404 page, served at any depth)
            target = site / link.lstrip("/") if link.startswith("/") else path.parent / link
            if not (target / "index.html").is_file():
                problems.append(f"{where}: {link} leads nowhere")
    assert problems == []


def text_of(site: Path, page: str) -> str:
    return html.unescape((site / page / "index.html").read_text(encoding="utf-8"))


def test_the_accessibility_statement_and_the_legal_notice(course_site: tuple[Path, str]) -> None:
    site = course_site[0]
    statement = text_of(site, "accessibilite")
    # the RGAA's headings, in its order
    headings = re.findall(r'<h2 id="[^"]*">([^<]+)<', statement)
    assert headings == ["État de conformité", "Résultats des tests", "Contenus non accessibles",
                        "Établissement de cette déclaration", "Retour d’information et contact", "Voies de recours"]
    assert "est <strong>non conforme</strong> avec le référentiel général d’amélioration de l’accessibilité (RGAA)" in statement
    assert "axe-core" in statement and "clavier seul" in statement and "Ce que ces tests ne couvrent pas" in statement
    assert "Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX 07" in statement
    assert "article 47 de la loi n°\u00a02005-102 du 11 février 2005" in statement
    assert statement.count("[Nom de l’entreprise]") >= 2 and "[adresse du site]" in statement
    notice = text_of(site, "mentions-legales")
    assert re.findall(r'<h2 id="[^"]*">([^<]+)<', notice)[:3] == ["Éditeur", "Directeur de la publication", "Hébergeur"]
    assert "[raison sociale]" in notice and "[nom de l’hébergeur]" in notice
    assert 'href="../sources/"' in notice and 'href="../accessibilite/"' in notice
    # the job aid, linked from the synthesis; the worksheet, from the synthesis and its lesson
    assert 'href="../fiche-reflexe/"' in text_of(site, "synthese")
    assert 'href="../fiche-elements-de-langage/"' in text_of(site, "synthese")
    assert 'href="../../fiche-elements-de-langage/"' in text_of(site, "partie-2/elements-de-langage")
    # the trainer's pages are not in the learners' site
    assert not (site / "formateur").exists() and (ROOT / "course" / "formateur" / "emargement.md").exists()
