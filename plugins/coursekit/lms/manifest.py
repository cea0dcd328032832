"""`imsmanifest.xml` for SCORM 1.2 and SCORM 2004 4th Edition: one organisation, one item, one SCO.

The mastery score is the final assessment's pass mark: `adlcp:masteryscore`
(0 to 100) in SCORM 1.2, the primary objective's `minNormalizedMeasure` (0 to 1,
satisfied by measure) in SCORM 2004.
"""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import quoteattr

SCHEMAS = Path(__file__).parent / "schemas"
LAUNCHER = "scorm-launch.html"

CP12 = "http://www.imsproject.org/xsd/imscp_rootv1p1p2"
ADLCP12 = "http://www.adlnet.org/xsd/adlcp_rootv1p2"
CP2004 = "http://www.imsglobal.org/xsd/imscp_v1p1"
ADLCP2004 = "http://www.adlnet.org/xsd/adlcp_v1p3"
ADLSEQ = "http://www.adlnet.org/xsd/adlseq_v1p3"
ADLNAV = "http://www.adlnet.org/xsd/adlnav_v1p3"
IMSSS = "http://www.imsglobal.org/xsd/imsss"
XSI = "http://www.w3.org/2001/XMLSchema-instance"

LOCATIONS = {
    "scorm12": [(CP12, "imscp_rootv1p1p2.xsd"), ("http://www.imsglobal.org/xsd/imsmd_rootv1p2p1",
                                                "imsmd_rootv1p2p1.xsd"), (ADLCP12, "adlcp_rootv1p2.xsd")],
    "scorm2004": [(CP2004, "imscp_v1p1.xsd"), (ADLCP2004, "adlcp_v1p3.xsd"), (ADLSEQ, "adlseq_v1p3.xsd"),
                  (ADLNAV, "adlnav_v1p3.xsd"), (IMSSS, "imsss_v1p0.xsd")],
}


def schema_files(version: str) -> list[Path]:
    """The schema files a package of `version` carries at its root."""
    return sorted(p for p in (SCHEMAS / ("scorm12" if version == "scorm12" else "scorm2004")).iterdir()
                  if p.suffix in {".xsd", ".dtd"})


def text(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def manifest(version: str, ident: str, title: str, pass_mark: float, files: list[str]) -> str:
    """The manifest of a package whose SCO is the launcher, listing `files` (paths in the zip)."""
    locations = " ".join(f"{ns} {name}" for ns, name in LOCATIONS[version])
    listed = "".join(f"      <file href={quoteattr(name)}/>\n" for name in files)
    if version == "scorm12":
        head = (f'<manifest identifier={quoteattr(ident)} version="1" xmlns="{CP12}" xmlns:adlcp="{ADLCP12}"\n'
                f'          xmlns:xsi="{XSI}" xsi:schemaLocation="{locations}">\n'
                "  <metadata>\n    <schema>ADL SCORM</schema>\n    <schemaversion>1.2</schemaversion>\n  </metadata>\n")
        mastery = f"        <adlcp:masteryscore>{pass_mark:g}</adlcp:masteryscore>\n"
        kind = 'adlcp:scormtype="sco"'
    else:
        head = (f'<manifest identifier={quoteattr(ident)} version="1" xmlns="{CP2004}" xmlns:adlcp="{ADLCP2004}"\n'
                f'          xmlns:adlseq="{ADLSEQ}" xmlns:adlnav="{ADLNAV}" xmlns:imsss="{IMSSS}"\n'
                f'          xmlns:xsi="{XSI}" xsi:schemaLocation="{locations}">\n'
                "  <metadata>\n    <schema>ADL SCORM</schema>\n"
                "    <schemaversion>2004 4th Edition</schemaversion>\n  </metadata>\n")
        mastery = ("        <imsss:sequencing>\n          <imsss:objectives>\n"
                   '            <imsss:primaryObjective objectiveID="mastery" satisfiedByMeasure="true">\n'
                   f"              <imsss:minNormalizedMeasure>{pass_mark / 100:g}</imsss:minNormalizedMeasure>\n"
                   "            </imsss:primaryObjective>\n          </imsss:objectives>\n"
                   "        </imsss:sequencing>\n")
        kind = 'adlcp:scormType="sco"'
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + head +
            '  <organizations default="course">\n    <organization identifier="course">\n'
            f"      <title>{text(title)}</title>\n"
            '      <item identifier="course-item" identifierref="course-sco" isvisible="true">\n'
            f"        <title>{text(title)}</title>\n"
            + mastery +
            "      </item>\n    </organization>\n  </organizations>\n  <resources>\n"
            f'    <resource identifier="course-sco" type="webcontent" {kind} href="{LAUNCHER}">\n'
            + listed + "    </resource>\n  </resources>\n</manifest>\n")
