"""GIFT out and in: the French course's questions exported (every type GIFT carries), read back by an
independent parser (pygiftparser 1.1, in .venv-gift/) and by `coursekit import gift`, the same
questions; what GIFT cannot carry said at its file and line; French typography and GIFT's special
characters kept; the commands' mistakes in one line."""

from __future__ import annotations

import collections
import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, write_tree
from coursekit.banks.source import Bank, collect
from coursekit.hosts.cli import main
from coursekit.quiz.check import parse_quiz

GIFT_PYTHON = ROOT / ".venv-gift" / "bin" / "python"
CARRIED = ("single", "multiple", "truefalse", "fill", "match")
KINDS = {"single": "SelectSet", "multiple": "MultipleChoicesSet", "truefalse": "TrueFalseSet", "fill": "ShortSet",
         "match": "MatchingSet", "rewrite": "Essay"}


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def course_questions() -> list[tuple[str, int, dict[str, Any]]]:
    """Every question of the course's quiz files, read here with ruamel alone: (file, line, question)."""
    from ruamel.yaml import YAML

    found = []
    for path in sorted((ROOT / "quizzes").glob("*.yml")):
        data = YAML(typ="rt").load(path.read_text(encoding="utf-8"))
        for index, q in enumerate(data["questions"]):
            found.append((f"quizzes/{path.name}", data["questions"].lc.item(index)[0] + 1, q))
    return found


def read_gift(path: Path) -> list[dict[str, Any]]:
    if not GIFT_PYTHON.exists():
        pytest.fail("pygiftparser's environment .venv-gift is missing: run tests/run.sh (it makes it)")
    done = subprocess.run([str(GIFT_PYTHON), str(ROOT / "tests" / "gift_reader.py"), str(path)],
                          capture_output=True, text=True, check=True, encoding="utf-8")
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, Bank]:
    out = tmp_path_factory.mktemp("gift") / "cours.gift"
    code = main(["export", "gift", "-f", str(ROOT / "mkdocs.yml"), "-o", str(out)])
    assert code == 0
    return out, out.read_text(encoding="utf-8"), collect(ROOT / "mkdocs.yml", None, "quiz")


def test_every_question_is_exported_and_the_losses_are_said(exported, capsys) -> None:
    path, text, _ = exported
    questions = course_questions()
    types = collections.Counter(q.get("type") for _, _, q in questions)
    assert text.count("\n::") == len(questions) - types["order"]
    code, out, err = run(capsys, "export", "gift", "-f", str(ROOT / "mkdocs.yml"), "-o", str(path))
    assert code == 0
    losses = err.splitlines()
    assert all(re.fullmatch(r"quizzes/[a-z0-9-]+\.yml:\d+: warning: question '[^']+' \(\w+\): .+", line)
               for line in losses)
    assert out.strip() == (f"Wrote {path.as_posix()} ({len(questions)} questions in {len(list((ROOT / 'quizzes').glob('*.yml')))} "
                           f"categories; {len(losses)} warnings)")
    for file, line, q in questions:
        said = [x for x in losses if x.startswith(f"{file}:{line}: warning: question '{q['id']}' ({q['type']}):")]
        if q["type"] == "order":
            assert said == [f"{file}:{line}: warning: question '{q['id']}' (order): GIFT has no ordering question; "
                            "left out"]
        if q["type"] == "match" and q.get("distractors"):
            assert any("no distractors" in x and q["distractors"][0] in x for x in said)
        if q["type"] == "rewrite":
            assert any("graded by hand" in x for x in said)
        if q["type"] in ("single", "truefalse") and q.get("points", 1) == 1:
            assert said == []


def test_an_independent_parser_reads_the_same_questions(exported) -> None:
    path, _, _ = exported
    read = {q["title"]: q for q in read_gift(path)}
    questions = course_questions()
    expected = collections.Counter(KINDS[q["type"]] for _, _, q in questions if q["type"] != "order")
    assert collections.Counter(q["kind"] for q in read.values()) == expected
    assert all(q["valid"] for q in read.values())
    for file, _, q in questions:
        if q["type"] == "order":
            continue
        got = read[f"{Path(file).stem}/{q['id']}"]
        if q["type"] in ("single", "multiple"):
            assert len(got["answers"]) == len(q["choices"])
            assert got["right"] == [bool(c.get("correct")) for c in q["choices"]]
        elif q["type"] == "fill":
            answers = q["answers"] if isinstance(q["answers"], list) else [q["answers"]]
            assert got["answers"] == answers
        elif q["type"] == "match":
            assert len(got["answers"]) == len(q["pairs"])
        elif q["type"] == "truefalse":
            assert got["tf"] == q["answer"]
        assert bool(got["general"]) == bool(q.get("explanation") or q["type"] == "rewrite")


def same_html(bank: Bank, a: str | None, b: str | None, inline: bool = True) -> bool:
    """Two texts that the site shows the same (the same cleaned HTML)."""
    return bank.html(a or "", inline) == bank.html(b or "", inline)


def test_round_trip_through_the_import(exported, tmp_path: Path, capsys) -> None:
    path, _, bank = exported
    code, out, err = run(capsys, "import", "gift", str(path), "-o", str(tmp_path))
    assert code == 0, err
    imported = {}
    for file in tmp_path.glob("*.yml"):
        loaded, problems = parse_quiz(file, file.name, file.stem)
        assert loaded is not None and not problems
        imported[loaded.model.title] = {q.id: q for q in loaded.model.questions}
    seen = collections.Counter()
    for category in bank.categories:
        for entry in category.entries:
            q = entry.question
            if q.type not in CARRIED:
                continue
            got = imported[entry.quiz_title][q.id]
            seen[q.type] += 1

            def same(a: str | None, b: str | None, inline: bool = True) -> bool:
                return same_html(bank, a, b, inline)
            assert got.type == q.type and same(got.text, q.text) and same(got.explanation, q.explanation, False)
            if q.type in ("single", "multiple"):
                assert [c.correct for c in got.choices] == [c.correct for c in q.choices]
                assert all(same(a.text, b.text) and same(a.feedback, b.feedback) for a, b in zip(got.choices, q.choices, strict=True))
            elif q.type == "truefalse":
                assert got.answer == q.answer
                assert same(got.feedback_true, q.feedback_true) and same(got.feedback_false, q.feedback_false)
            elif q.type == "fill":
                assert got.answers == q.answers
            else:
                assert [bank.plain(p.right) for p in got.pairs] == [bank.plain(p.right) for p in q.pairs]
                assert all(same(a.left, b.left) for a, b in zip(got.pairs, q.pairs, strict=True))
    types = collections.Counter(q["type"] for _, _, q in course_questions())
    assert seen == {t: types[t] for t in CARRIED}
    assert len([n for n in err.splitlines() if "warning: an essay" in n]) == types["rewrite"]


TRICKY = """\
title: "Signes : ~ = # { } et \\\\"
questions:
  - id: signes
    type: single
    text: "Que vaut {a} = #1 ~ b : c\u202f? «\u00a0d’accord\u00a0»"
    choices:
      - text: "x = y ; z\u00a0!"
        correct: true
        feedback: "Oui : {1}\u202f!"
      - text: "a ~ b # c"
    explanation: |
      Première ligne : «\u00a0un\u00a0».

      Seconde ligne\u202f; fin.
  - id: mot
    type: fill
    text: "Le mot : ?"
    answers: ["a*b", "l’été"]
    ignore: [accents]
    points: 2
"""


def test_special_characters_and_typography_survive(tmp_path: Path, capsys) -> None:
    write_tree(tmp_path, {"mkdocs.yml": "site_name: Essai\ndocs_dir: course\nplugins:\n  - coursekit\n",
                          "course/index.md": "[[quiz: signes]]\n", "quizzes/signes.yml": TRICKY})
    out = tmp_path / "signes.gift"
    code, _, err = run(capsys, "export", "gift", "-f", str(tmp_path / "mkdocs.yml"), "-o", str(out))
    assert code == 0
    text = out.read_text(encoding="utf-8")
    assert r"Que vaut \{a\} \= \#1 \~ b \: c" + "\u202f? «\xa0d’accord\xa0»" in text
    assert r"=x \= y ; z" + "\xa0!#Oui \\: \\{1\\}\u202f!" in text
    assert "####<p>Première ligne \\: «\xa0un\xa0».</p>\\n<p>Seconde ligne\u202f; fin.</p>" in text
    assert "=a\\*b\n" in text and "=l’été\n" in text
    assert "$CATEGORY: $course$/top/Essai/Signes \\: ~ \\= # { } et \\\\" not in text  # a category is taken as written
    assert "$CATEGORY: $course$/top/Essai/Signes : ~ = # { } et \\" in text
    assert err.splitlines() == [
        "quizzes/signes.yml:15: warning: question 'mot' (fill): GIFT has no points: Moodle gives it the default mark 1, "
        "not 2",
        "quizzes/signes.yml:15: warning: question 'mot' (fill): GIFT's short answer ignores case only; lost: ignore case "
        "(Moodle's short answer from GIFT ignores it: the course minds it), accents"]
    # pygiftparser leaves GIFT's escapes in the texts (Moodle takes them away), and ends the answers at an
    # escaped brace (\} in a feedback): the first question is read whole, the answers up to the first feedback
    read = [q for q in read_gift(out) if q["title"] == "signes/signes"]
    assert re.sub(r"\\([~=#{}:])", r"\1", read[0]["text"]) == "Que vaut {a} = #1 ~ b : c\u202f? «\xa0d’accord\xa0»"
    assert [re.sub(r"\\([~=#{}:])", r"\1", a) for a in read[0]["answers"]] == ["x = y ; z\xa0!"]
    assert read[0]["right"] == [True]
    code, _, err = run(capsys, "import", "gift", str(out), "-o", str(tmp_path / "back"))
    assert code == 0, err
    (back,) = (tmp_path / "back").glob("*.yml")
    loaded, problems = parse_quiz(back, back.name, back.stem)
    assert not problems and loaded is not None
    q = loaded.model.questions[0]
    assert q.text == "Que vaut {a} = #1 ~ b : c\u202f? «\xa0d’accord\xa0»"
    assert [c.text for c in q.choices] == ["x = y ; z\xa0!", "a ~ b # c"]
    assert q.explanation == "Première ligne : «\xa0un\xa0».\n\nSeconde ligne\u202f; fin."
    assert loaded.model.questions[1].answers == ["a*b", "l’été"]


def test_the_commands_say_their_mistakes_in_one_line(tmp_path: Path, capsys) -> None:
    config = str(ROOT / "mkdocs.yml")
    code, out, err = run(capsys, "export", "gift", "p1-acepter", "-f", config, "-o", str(tmp_path / "x.gift"))
    assert (code, out) == (1, "")
    assert err == "coursekit: there is no quiz 'p1-acepter' in quizzes/; did you mean `p1-accepter`?\n"
    with pytest.raises(SystemExit) as stop:
        main(["export", "gift", "--by", "lesson", "-f", config])
    assert stop.value.code == 2
    assert "argument --by: invalid choice: 'lesson'" in capsys.readouterr().err
    (tmp_path / "file").write_text("", encoding="utf-8")
    code, out, err = run(capsys, "export", "gift", "-f", config, "-o", str(tmp_path / "file" / "x.gift"))
    assert code == 1 and err.startswith("coursekit: cannot write ") and err.count("\n") == 1
    assert not list(tmp_path.glob("**/*.part"))
    code, _, err = run(capsys, "export", "gift", "p1-accepter", "--by", "pool", "-f", config)
    assert code == 1 and err.startswith("coursekit: --by pool exports the pools") and err.count("\n") == 1
    code, _, err = run(capsys, "export", "scorm12", "p1-accepter", "-f", config)
    assert code == 2 and err == "coursekit: quiz names and --by are for question banks (gift, moodle-xml, qti21), not scorm12\n"
    code, _, err = run(capsys, "import", "gift", str(tmp_path / "none.gift"), "-o", str(tmp_path))
    assert code == 2 and err.startswith("coursekit: cannot read ") and err.count("\n") == 1


def test_by_pool_one_category_per_pool(tmp_path: Path, capsys) -> None:
    out = tmp_path / "pools.gift"
    code, got, _ = run(capsys, "export", "gift", "--by", "pool", "-f", str(ROOT / "mkdocs.yml"), "-o", str(out))
    assert code == 0
    text = out.read_text(encoding="utf-8")
    from ruamel.yaml import YAML
    pools = YAML(typ="safe").load((ROOT / "course.yml").read_text(encoding="utf-8"))["assessments"]
    pools = next(iter(pools.values()))["pools"]
    cats = re.findall(r"^\$CATEGORY: \$course\$/top/Répondre non à un client/Évaluation finale/Lot (\d+) \(étiquette\u00a0: ([\w-]+)\)$",
                      text, re.M)
    assert cats == [(str(n), p["tag"]) for n, p in enumerate(pools, 1)]
    draws = re.findall(r"^// the course draws (\d+) questions? from this category$", text, re.M)
    assert [int(d) for d in draws] == [p["draw"] for p in pools]
    tagged = sum(1 for _, _, q in course_questions() if set(q.get("tags", [])) & {p["tag"] for p in pools})
    assert f"({tagged} questions in {len(pools)} categories;" in got


IMPORTED = """\
// Une banque écrite à la main.
$CATEGORY: $course$/top/Formation/Les refus

// La première question.
::Q1::[markdown]Quelle est la **première** étape\\u202f?{
  =Les refus sont naturels#Oui.
  ~L’accepter#Non\\: c’est la troisième.
  ####Tout commence par là.
}

::Combien::Combien de refus pour un oui ?{#10:2}

::Essai::Racontez un refus.{}

::Trou::Le client a dit {=non} hier.

Un texte seul, sans réponse.

::Double::Deux fois ?{=Oui ~Oui}

$CATEGORY: $course$/top/Formation/Vrai ou faux
::V::Le silence est poli.{F#Si, il l’est.#Non, il ne l’est pas.}
"""


def test_import_lists_what_it_cannot_carry_with_the_gift_line(tmp_path: Path, capsys) -> None:
    source = tmp_path / "banque.gift"
    source.write_text(IMPORTED.replace("\\u202f", "\u202f"), encoding="utf-8")
    code, out, err = run(capsys, "import", "gift", str(source), "-o", str(tmp_path / "q"))
    shown = source.as_posix()
    assert code == 1
    assert err.splitlines() == [
        f"{shown}:11: warning: a numerical question ({{#…}}), which a quiz has no type for; not imported",
        f"{shown}:13: warning: an essay ({{}}), which no quiz question grades; not imported",
        f"{shown}:15: warning: a missing word in mid-sentence (text after the answers); a quiz asks its question "
        "first; not imported",
        f"{shown}:17: warning: no answers between {{ }}: a description, which a quiz cannot hold; not imported",
        f"{shown}:19: error: question 2 (id 'Double'): the choice 'Oui' appears twice (the quiz file "
        f"{(tmp_path / 'q' / 'les-refus.yml').as_posix()} is not written)"]
    assert out.startswith(f"Wrote {(tmp_path / 'q' / 'vrai-ou-faux.yml').as_posix()} (1 question; 4 warnings, 1 error)")
    assert not (tmp_path / "q" / "les-refus.yml").exists()
    written = (tmp_path / "q" / "vrai-ou-faux.yml").read_text(encoding="utf-8")
    assert written == ("title: Vrai ou faux\nquestions:\n  - id: V\n    type: truefalse\n    text: Le silence est poli.\n"
                       "    answer: false\n    feedback_true: Si, il l’est.\n    feedback_false: Non, il ne l’est pas.\n")
    # the first category alone, its double removed: written, comments kept, typography as it was
    source.write_text(IMPORTED.replace("\\u202f", "\u202f").split("::Combien")[0], encoding="utf-8")
    code, _, err = run(capsys, "import", "gift", str(source), "-o", str(tmp_path / "r"))
    assert code == 0 and err == ""
    text = (tmp_path / "r" / "les-refus.yml").read_text(encoding="utf-8")
    assert text.startswith("# Une banque écrite à la main.\ntitle: Les refus\nquestions:\n  # La première question.\n"
                           "  - id: Q1\n    type: single\n    text: Quelle est la **première** étape\u202f?\n")
    assert "feedback: \"Non: c’est la troisième.\"" in text
    code, _, err = run(capsys, "import", "gift", str(source), "-o", str(tmp_path / "r"))
    assert code == 2 and "already there" in err and "--force" in err


def test_a_file_without_category_is_one_quiz_named_after_it(tmp_path: Path, capsys) -> None:
    source = tmp_path / "Mes questions.gift"
    source.write_text("Vrai ?{T}\n\nFaux ?{FALSE}\n", encoding="utf-8")
    code, out, _ = run(capsys, "import", "gift", str(source), "-o", str(tmp_path / "q"))
    assert code == 0
    loaded, problems = parse_quiz(tmp_path / "q" / "mes-questions.yml", "x", "mes-questions")
    assert loaded is not None and not problems
    assert loaded.model.title == "Mes questions"
    assert [(q.id, q.answer) for q in loaded.model.questions] == [("q1", True), ("q2", False)]


def test_quiz_ids_may_follow_the_options(tmp_path: Path, capsys) -> None:
    """`export gift --by quiz p1-accepter p2-ecouter`: the ids after the options name the quizzes, as before them;
    an unknown option after them is still refused."""
    config = str(ROOT / "mkdocs.yml")
    code, out, _ = run(capsys, "export", "gift", "-f", config, "-o", str(tmp_path / "x.gift"), "--by", "quiz",
                       "p1-accepter", "p2-ecouter")
    assert code == 0 and " in 2 categories; " in out
    text = (tmp_path / "x.gift").read_text(encoding="utf-8")
    assert text.count("$CATEGORY:") == 2 and "::p1-accepter/" in text and "::p2-ecouter/" in text
    with pytest.raises(SystemExit) as stop:
        main(["export", "gift", "-f", config, "p1-accepter", "--nope"])
    assert stop.value.code == 2 and "unrecognized arguments: --nope" in capsys.readouterr().err
