"""The `mkdocs.yml` of the browser tests' small French courses: Material in French with the light and
dark palettes (each switched by its toggle; or none), the course's stylesheet, the plugin, and `nav` as given."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LESSON_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\.md\)")

PALETTES = """\
  palette:
    - media: "(prefers-color-scheme: light)"
      scheme: default
      toggle: {icon: material/weather-night, name: Passer au thème sombre}
    - media: "(prefers-color-scheme: dark)"
      scheme: slate
      toggle: {icon: material/weather-sunny, name: Passer au thème clair}
"""


def material_config(name: str, nav: dict[str, str], features: tuple[str, ...] = ("navigation.instant",),
                    palettes: bool = True) -> str:
    """A course called `name`, its navigation `nav` (title -> page), with Material's `features`, and
    its two palettes unless `palettes` is false."""
    listed = "".join(f"    - {feature}\n" for feature in features)
    return (f"site_name: {name}\n"
            'site_url: !ENV [SITE_URL, "http://127.0.0.1:8000/"]\n'
            "docs_dir: course\n"
            "theme:\n"
            "  name: material\n"
            "  language: fr\n"
            "  font: false\n"
            + (f"  features:\n{listed}" if features else "")
            + (PALETTES if palettes else "")
            + "extra_css:\n  - stylesheets/extra.css\n"
            "plugins:\n  - coursekit\n"
            "nav:\n" + "".join(f"  - {title}: {page}\n" for title, page in nav.items()))


def course_scenario(name: str) -> str:
    """The course's scenario `name` (scenarios/<name>.yml), its links to the course's lessons made plain
    text: a small site has none of those lessons, and the build checks every link."""
    return LESSON_LINK.sub(r"\1", (ROOT / "scenarios" / f"{name}.yml").read_text(encoding="utf-8"))
