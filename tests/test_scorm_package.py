"""`coursekit export scorm12|scorm2004`: the zips of the course, their manifests checked against the
official XSD files (lxml) and by hand where the XSDs are too loose, every link inside the zip, nothing
loaded from elsewhere, and the launcher playing the course in Chromium."""

from __future__ import annotations

import re
import subprocess
import zipfile
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from conftest import MINIMAL_CONFIG, ROOT, serve, write_tree
from coursekit.lms.manifest import SCHEMAS
from lxml import etree
from playwright.sync_api import Page, expect
from scorm_lms import VERSIONS, export, unzip

CP = {"scorm12": "http://www.imsproject.org/xsd/imscp_rootv1p1p2", "scorm2004": "http://www.imsglobal.org/xsd/imscp_v1p1"}
ADLCP = {"scorm12": "http://www.adlnet.org/xsd/adlcp_rootv1p2", "scorm2004": "http://www.adlnet.org/xsd/adlcp_v1p3"}
IMSSS = "http://www.imsglobal.org/xsd/imsss"
SITE_NAME = "Répondre non à un client"


@pytest.fixture(scope="module")
def packages(scorm_zips: dict[str, tuple[Path, str]], tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path]]:
    """Each version's zip of the course (conftest.scorm_zips: exported once a run), and the folder it is unzipped into."""
    out = tmp_path_factory.mktemp("scorm")
    made = {}
    for version in VERSIONS:
        target, said = scorm_zips[version]
        assert said == f"Wrote {target.as_posix()} ({version}; mastery score 80 %, the pass mark of " \
                       "evaluation-finale; frame-ancestors *).\n"
        made[version] = (target, unzip(target, out / version))
    return made


# -- the manifest against the official XSD files ------------------------------------------
class Corrected(etree.Resolver):
    """libxml2 refuses SCORM 1.2's ims_xml.xsd (it declares the xml namespace as the default one)."""

    def resolve(self, url, pubid, context):  # type: ignore[no-untyped-def]
        if url.endswith("ims_xml.xsd"):
            text = (SCHEMAS / "scorm12" / "ims_xml.xsd").read_text(encoding="utf-8")
            return self.resolve_string(text.replace('xmlns="http://www.w3.org/XML/1998/namespace"', ""), context)
        return None


def xsd(version: str, folder: Path) -> etree.XMLSchema:
    """The package's own schema files (imsmd_rootv1p2p1.xsd left out: libxml2 finds it not deterministic,
    and the manifest carries no IMS-MD metadata)."""
    imports = {"scorm12": [(CP["scorm12"], "imscp_rootv1p1p2.xsd"), (ADLCP["scorm12"], "adlcp_rootv1p2.xsd")],
               "scorm2004": [(CP["scorm2004"], "imscp_v1p1.xsd"), (ADLCP["scorm2004"], "adlcp_v1p3.xsd"),
                             ("http://www.adlnet.org/xsd/adlseq_v1p3", "adlseq_v1p3.xsd"),
                             ("http://www.adlnet.org/xsd/adlnav_v1p3", "adlnav_v1p3.xsd"), (IMSSS, "imsss_v1p0.xsd")]}
    driver = '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">' + "".join(
        f'<xs:import namespace="{ns}" schemaLocation="{(folder / name).as_uri()}"/>'
        for ns, name in imports[version]) + "</xs:schema>"
    parser = etree.XMLParser()
    parser.resolvers.add(Corrected())
    return etree.XMLSchema(etree.fromstring(driver.encode(), parser, base_url=(folder / "driver.xsd").as_uri()))


@pytest.mark.parametrize("version", VERSIONS)
def test_the_manifest_validates_against_the_schema_files_in_the_zip(packages, version: str) -> None:
    _zip, folder = packages[version]
    schema = xsd(version, folder)
    manifest = etree.parse(str(folder / "imsmanifest.xml"))
    assert schema.validate(manifest), schema.error_log
    # the same schema rejects a manifest broken as it could be (it is a real check)
    broken = etree.parse(str(folder / "imsmanifest.xml"))
    broken.getroot().find(f"{{{CP[version]}}}organizations").tag = f"{{{CP[version]}}}organisations"
    assert not schema.validate(broken)
    # every schema file the manifest names is in the zip
    locations = manifest.getroot().get("{http://www.w3.org/2001/XMLSchema-instance}schemaLocation").split()
    assert locations[1::2] and all((folder / name).is_file() for name in locations[1::2])


@pytest.mark.parametrize("version", VERSIONS)
def test_what_the_schema_files_are_too_loose_to_check(packages, version: str) -> None:
    _zip, folder = packages[version]
    root = etree.parse(str(folder / "imsmanifest.xml")).getroot()
    ns = {"cp": CP[version], "adlcp": ADLCP[version], "imsss": IMSSS}
    meta = [e.text for e in root.find("cp:metadata", ns)]
    assert meta == ["ADL SCORM", "1.2" if version == "scorm12" else "2004 4th Edition"]
    # one SCO, its type attribute in the case of its version (scormtype in 1.2, scormType in 2004)
    (resource,) = root.findall("cp:resources/cp:resource", ns)
    right, wrong = ("scormtype", "scormType") if version == "scorm12" else ("scormType", "scormtype")
    assert resource.get(f"{{{ADLCP[version]}}}{right}") == "sco"
    assert resource.get(f"{{{ADLCP[version]}}}{wrong}") is None
    assert resource.get("type") == "webcontent" and resource.get("href") == "scorm-launch.html"
    # the default organisation exists, it and its one item have the course's title
    organisations = root.find("cp:organizations", ns)
    (organisation,) = organisations.findall("cp:organization", ns)
    assert organisations.get("default") == organisation.get("identifier")
    (item,) = organisation.findall("cp:item", ns)
    assert organisation.findtext("cp:title", namespaces=ns) == item.findtext("cp:title", namespaces=ns) == SITE_NAME
    assert item.get("identifierref") == resource.get("identifier")
    identifiers = [e.get("identifier") for e in root.iter() if e.get("identifier")]
    assert len(identifiers) == len(set(identifiers)) == 4
    # the mastery score: the final assessment's pass mark (course.yml: 80), a number
    if version == "scorm12":
        assert float(item.findtext("adlcp:masteryscore", namespaces=ns)) == 80
    else:
        objective = item.find("imsss:sequencing/imsss:objectives/imsss:primaryObjective", ns)
        assert objective.get("satisfiedByMeasure") == "true"
        assert float(objective.findtext("imsss:minNormalizedMeasure", namespaces=ns)) == 0.8


# -- the files and the links ------------------------------------------------------------
class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str, str]] = []  # (tag, attribute, value)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in {"href", "src", "poster", "data", "action", "srcset"} and value:
                self.found.append((tag, name, value))


@pytest.mark.parametrize("version", VERSIONS)
def test_every_link_in_the_zip_reaches_a_file_of_the_zip(packages, version: str) -> None:
    zipped, folder = packages[version]
    names = set(zipfile.ZipFile(zipped).namelist())
    root = etree.parse(str(folder / "imsmanifest.xml")).getroot()
    listed = {e.get("href") for e in root.iter(f"{{{CP[version]}}}file")}
    schemas = {n for n in names if n.endswith((".xsd", ".dtd"))}
    assert listed == names - schemas - {"imsmanifest.xml"}  # the manifest lists the SCO's every file
    assert {"index.html", "scorm-launch.html", "scorm-launch.css", "csp-policy.txt", "evaluation.html",
            "partie-1/quatre-appels.html"} <= names
    checked = 0
    for page in sorted(n for n in names if n.endswith(".html")):
        parser = Links()
        parser.feed((folder / page).read_text(encoding="utf-8"))
        for tag, attribute, value in parser.found:
            parts = urlsplit(value)
            if parts.scheme in {"mailto", "tel", "data"} or (parts.scheme and tag == "a"):
                continue  # a link the learner follows to another site, not something the page loads
            assert not parts.scheme and not parts.netloc, f"{page}: <{tag} {attribute}={value}> loads from elsewhere"
            if not parts.path:
                continue  # #fragment
            target = unquote(urlsplit(urljoin(page, value)).path)
            assert not target.endswith("/"), f"{page}: {value} names a folder: an LMS serves no index.html for it"
            assert target in names, f"{page}: {value} -> {target} is not in the zip"
            checked += 1
    assert checked > 1000


@pytest.mark.parametrize("version", VERSIONS)
def test_nothing_is_loaded_from_another_host(packages, version: str) -> None:
    _zip, folder = packages[version]
    # stylesheets: url() only to files of the package or data: (the SVG namespace inside them is no address)
    for sheet in folder.rglob("*.css"):
        for value in re.findall(r"url\(\s*['\"]?([^'\")]+)", sheet.read_text(encoding="utf-8")):
            assert value.startswith("data:") or not urlsplit(value).scheme, f"{sheet.name}: url({value})"
        assert "@import" not in sheet.read_text(encoding="utf-8")
    # coursekit's own files hold no address at all; no page has a canonical or absolute base address
    for own in (p for p in (folder / "assets" / "coursekit").rglob("*") if p.is_file()):  # the run time's lms/ too
        assert not re.search(r"(https?:)?//[a-z0-9.-]+\.[a-z]{2,}", own.read_text(encoding="utf-8")), own.name
    for page in folder.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert 'rel="canonical"' not in text and "127.0.0.1" not in text, page
    assert "frame-ancestors *" in (folder / "csp-policy.txt").read_text()


# -- the launcher in Chromium --------------------------------------------------------------
@pytest.fixture(scope="module")
def served(packages) -> Iterator[dict[str, str]]:
    servers, urls = [], {}
    for version in VERSIONS:
        server, url = serve(packages[version][1])
        server.arm()  # type: ignore[attr-defined]  # the package's own policy, sent as a header
        servers.append(server)
        urls[version] = url
    yield urls
    for server in servers:
        server.shutdown()


@pytest.mark.parametrize("version", VERSIONS)
def test_the_launcher_plays_the_course_in_its_frame(page: Page, served, version: str) -> None:
    url = served[version]
    elsewhere: list[str] = []
    page.on("request", lambda r: elsewhere.append(r.url) if not r.url.startswith((url, "data:")) else None)
    page.goto(url + "scorm-launch.html")
    expect(page).to_have_title(SITE_NAME)
    frame = page.frame_locator("iframe")
    expect(page.locator("iframe")).to_have_attribute("title", SITE_NAME)
    expect(frame.locator("h1")).to_have_text(re.compile(f"^{SITE_NAME}"))
    box = page.locator("iframe").bounding_box()
    assert box is not None and box["width"] == page.viewport_size["width"] and box["height"] > 500
    # a lesson's link, inside the frame: the lesson's file, in the same frame, the launcher still shown
    frame.locator(".md-content a[href$='.html']").filter(has_text="Prendre en main les quiz").click()
    inner = page.frames[1]
    expect(frame.locator("h1")).not_to_have_text(re.compile(f"^{SITE_NAME}"))
    assert inner.url == url + "demo/quiz.html"
    frame.locator(".md-nav a[href$='quatre-appels.html']").first.click()
    expect(frame.locator("h1")).to_contain_text("appels")
    assert page.frames[1].url == url + "partie-1/quatre-appels.html"
    assert page.url == url + "scorm-launch.html"
    assert elsewhere == []


# -- the trainer's mistakes --------------------------------------------------------------------
def one_line_error(proc: subprocess.CompletedProcess[str]) -> str:
    assert "Traceback" not in proc.stderr and proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    return lines[0]


def test_no_final_assessment_is_a_one_line_error(tmp_path: Path) -> None:
    write_tree(tmp_path, {"mkdocs.yml": MINIMAL_CONFIG, "course/index.md": "# Essai\n",
                          "course.yml": "organisation:\n  name: Essai\n"})
    proc = export(tmp_path, "scorm12")
    assert proc.returncode == 1
    assert one_line_error(proc) == ("coursekit: course.yml: no final assessment (assessments:); a SCORM package "
                                    "takes its mastery score from its pass mark")
    assert not list(tmp_path.glob("*.zip*"))


def test_a_mistake_in_course_yml_is_said_with_its_line(tmp_path: Path) -> None:
    write_tree(tmp_path, {"mkdocs.yml": MINIMAL_CONFIG, "course/index.md": "# Essai\n",
                          "course.yml": "assessments:\n  finale:\n    pools:\n      - {tag: a, draw: 1}\n"
                                        "    pass_mark: 180\n"})
    proc = export(tmp_path, "scorm2004")
    assert proc.returncode == 1
    assert re.fullmatch(r"coursekit: course\.yml:5: .*pass_mark.*100.*", one_line_error(proc))


def test_a_wrong_frame_ancestor_is_a_one_line_error() -> None:
    proc = export(ROOT, "scorm12", "--frame-ancestors", "self", "-o", "/nonexistent/x.zip")
    assert proc.returncode == 2
    assert one_line_error(proc).startswith("coursekit: --frame-ancestors: 'self' needs its single quotes")
