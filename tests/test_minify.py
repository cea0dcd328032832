"""The script's two minifiers: tdewolff/minify where it has a wheel (local names shortened), rjsmin
where it has none (macOS: comments and spaces only). Both keep the interface strings' placeholder,
and the script rjsmin gives still grades a quiz in Chromium."""

from __future__ import annotations

import gzip
import importlib.util
import sys

import pytest
from coursekit.core import assets
from playwright.sync_api import Page, Route
from test_browser_quiz import answer_all_right, open_quiz, result, submit

TDEWOLFF = importlib.util.find_spec("minify") is not None


def script_of(built: dict[str, str]) -> str:
    return next(content for name, content in built.items() if name.endswith(".js"))


@pytest.fixture
def rjsmin_script() -> str:
    """The French script as a system without tdewolff-minify builds it."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(sys.modules, "minify", None)  # `import minify` then raises ImportError
        return script_of(assets.build.__wrapped__("fr"))  # type: ignore[attr-defined]


def test_without_tdewolff_rjsmin_minifies_the_script(rjsmin_script: str) -> None:
    assert "const T=ck.t," in rjsmin_script  # names as written: comments and spaces only
    assert rjsmin_script.count('"retry":"Recommencer"') == 1
    assert "__CK_STRINGS__" not in rjsmin_script


@pytest.mark.skipif(not TDEWOLFF, reason="tdewolff-minify has no wheel for this system")
def test_tdewolff_shortens_the_local_names(rjsmin_script: str) -> None:
    script = script_of(assets.build("fr"))
    assert "const T=ck.t," not in script and "ck.storage" not in script  # `ck` is a local name too
    assert script.count('"retry":"Recommencer"') == 1
    assert "__CK_STRINGS__" not in script
    assert len(gzip.compress(script.encode(), 9)) < len(gzip.compress(rjsmin_script.encode(), 9)) - 500


def test_the_rjsmin_script_grades_a_quiz(page: Page, rjsmin_script: str) -> None:
    served: list[str] = []

    def rjsmin(route: Route) -> None:
        served.append(route.request.url)
        route.fulfill(body=rjsmin_script, content_type="text/javascript; charset=utf-8")

    page.route("**/assets/coursekit/coursekit.*.js", rjsmin)
    open_quiz(page)
    answer_all_right(page)
    submit(page)
    assert "Votre score\u00a0: 7 sur 7 (100\u00a0%)" in result(page)
    assert len(served) == 1
