"""The final assessment measures the course's objectives, and no question gives itself away.

Read from the files alone (no build, no browser): the objectives on the home page, each with an
id `obj-…` (`{ #obj-… }` on the line under it: attr_list gives the item that id); the assessment
of `course.yml`, which draws from one pool per objective (`tag: obj-…`); its page; the quiz files.
Each figure is computed, printed in the assertion message and held to the course's rules:

- pools: at least 40 questions, 20 drawn, shuffled by the exam, 3 attempts, a time limit of
  one to two minutes a question, no answers before the paper is handed in, nor after it (review:
  wrong or score, and `reveal: false`, which keeps the fill-in answers out of the page);
- coverage: every objective has its pool, at least 2 questions of it on every paper, and most
  questions apply the method to a new case (tag `cas`), in words of their own (no run of
  `SHARED_RUN` words taken from the lessons);
- no reuse: no final question is (nearly) a lesson quiz's question, compared on normalised text;
- balance, over every quiz file: the right answer is the longest choice of at most 35 % of the
  single-choice questions (and, lest the tell turn round, the shortest of at most 35 % too); in the
  quizzes that do not shuffle, no place (first, middle, last) holds more than half the right answers;
  40 to 60 % of the true/false questions are true, in the course and in the final pools; every
  multiple-answer question says so (and its count, if it gives one, is right);
- the figures of the new cases (a response rate, the 70 % thought experiment) are computed again,
  and the assessment's page says what course.yml and the pools hold (20 of 48, 3 attempts…);
- the « non sec » as the lessons say: it does not suffice, the silence is the worst answer.

The checks live here; tests/test_assessment_balance.py runs them on the course and plants each
defect in a copy of the files to see it reported.
"""

from __future__ import annotations

import difflib
import itertools
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parent.parent
ASSESSMENT = "evaluation-finale"  # the assessment of course.yml, embedded by course/evaluation.md
FINAL_QUIZ = "evaluation-finale"  # the quiz file that holds the final's questions (drawn by tag)
PAGE = "course/evaluation.md"  # the page that embeds it and says how it goes
NUMBER_WORDS = {6: "six", 7: "sept", 8: "huit"}
NEW_CASE = "cas"  # the tag of a question that applies the method to a situation the lessons do not tell
ITEM = re.compile(r"^[-*]\s+(?P<text>.+?)\s*$")  # an objective: an item of the home page's list…
OBJECTIVE_ID = re.compile(r"^\s+\{:?\s*#(?P<id>obj-[a-z0-9-]+)\s*\}\s*$")  # …with its id on the next line
MIN_POOL, DRAWN, ATTEMPTS = 40, 20, 3
MINUTES_PER_QUESTION = (1.0, 2.0)
LONGEST_MAX = 35.0  # % of single-choice questions whose right answer is the longest choice (or the shortest)
PLACE_MAX = 50.0  # % of the right answers at one place (first, middle, last) in the quizzes that do not shuffle
TRUE_SHARE = (40.0, 60.0)  # % of true/false questions whose answer is « vrai »
SAYS_MULTIPLE = re.compile(r"plusieurs réponses possibles|\b(?P<n>\d+|deux|trois|quatre|cinq) (?:bonnes )?réponses\b")
NUMBERS = {"deux": 2, "trois": 3, "quatre": 4, "cinq": 5}
SAME_TEXT = 0.8  # two question texts this similar (difflib ratio, normalised) are the same question
SAME_OPTIONS = 0.5  # nor may a final question take half its options from a lesson's question
SHARED_RUN = 8  # a new case is told in its own words: no run of this many words from a lesson


@dataclass
class Question:
    quiz: str
    file: str
    line: int
    data: Any

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line} ({self.quiz} › {self.data.get('id', '?')})"

    @property
    def tags(self) -> list[str]:
        return [str(t) for t in self.data.get("tags") or []]


@dataclass
class Files:
    root: Path
    questions: list[Question] = field(default_factory=list)
    objectives: dict[str, tuple[int, str]] = field(default_factory=dict)  # id -> (line, text)
    shuffled: set[str] = field(default_factory=set)  # the quizzes whose choices are shuffled
    revealed: set[str] = field(default_factory=set)  # the quizzes that may show a fill-in's answer
    settings: Any = None


def load(root: Path = ROOT) -> Files:
    yaml = YAML(typ="rt")
    files = Files(root)
    for path in sorted((root / "quizzes").glob("*.y*ml")):
        data = yaml.load(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):  # not a quiz (yet): the build says what is wrong with it
            continue
        if data.get("shuffle"):
            files.shuffled.add(path.stem)
        if data.get("reveal", True):
            files.revealed.add(path.stem)
        found = data.get("questions") or []
        for index, q in enumerate(found):
            files.questions.append(Question(path.stem, f"quizzes/{path.name}", found.lc.item(index)[0] + 1, q))
    lines = (root / "course/index.md").read_text(encoding="utf-8").split("\n")
    for number, (line, after) in enumerate(itertools.pairwise(lines), 1):
        item, ident = ITEM.match(line), OBJECTIVE_ID.match(after)
        if item and ident:
            files.objectives[ident["id"]] = (number, item["text"])
    files.settings = yaml.load((root / "course.yml").read_text(encoding="utf-8"))
    return files


def plain(text: Any) -> str:
    """What the learner sees of a choice: no Markdown emphasis or code marks."""
    return re.sub(r"[*`]", "", str(text)).strip()


def normalise(text: Any) -> str:
    """Lower case, no accents, no punctuation or quotes, single spaces: for comparing wordings."""
    text = unicodedata.normalize("NFKD", plain(text).lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^a-z0-9%]+", " ", text).split())


def options(q: Question) -> list[str]:
    d = q.data
    if d.get("type") in ("single", "multiple"):
        return [normalise(c["text"]) for c in d["choices"]]
    if d.get("type") == "order":
        return [normalise(i) for i in d["items"]]
    if d.get("type") == "match":
        return [normalise(f"{p['left']} {p['right']}") for p in d["pairs"]]
    return []


def final_questions(files: Files) -> list[Question]:
    return [q for q in files.questions if q.quiz == FINAL_QUIZ]


def lesson_questions(files: Files) -> list[Question]:
    return [q for q in files.questions if q.quiz != FINAL_QUIZ]


# -- figures ----------------------------------------------------------------------------
def longest_right(questions: list[Question], shortest: bool = False) -> tuple[list[Question], int]:
    """The single-choice questions whose right answer is at least as long as every other choice
    (with `shortest`: at most as long)."""
    singles = [q for q in questions if q.data.get("type") == "single"]
    found = []
    for q in singles:
        right = [len(plain(c["text"])) for c in q.data["choices"] if c.get("correct")]
        others = [len(plain(c["text"])) for c in q.data["choices"] if not c.get("correct")]
        if right and others and (right[0] <= min(others) if shortest else right[0] >= max(others)):
            found.append(q)
    return found, len(singles)


def places(files: Files) -> dict[str, list[Question]]:
    """Where the right answer sits in the single-choice questions of the quizzes that show their
    choices in the file's order (the exam shuffles its papers' choices, and so does `shuffle: true`)."""
    found: dict[str, list[Question]] = {"first": [], "middle": [], "last": []}
    for q in lesson_questions(files):
        if q.data.get("type") != "single" or q.quiz in files.shuffled:
            continue
        rights = [k for k, c in enumerate(q.data["choices"]) if c.get("correct")]
        last = len(q.data["choices"]) - 1
        found["first" if rights[0] == 0 else "last" if rights[0] == last else "middle"].append(q)
    return found


def true_share(questions: list[Question]) -> tuple[int, int]:
    tf = [q for q in questions if q.data.get("type") == "truefalse"]
    return sum(1 for q in tf if q.data.get("answer") is True), len(tf)


def percent(part: int, whole: int) -> float:
    return 100 * part / whole if whole else 0.0


# -- checks: each returns its problems, `file:line: message` ----------------------------------
def balance(files: Files) -> list[str]:
    problems = []
    longest, singles = longest_right(files.questions)
    share = percent(len(longest), singles)
    if share > LONGEST_MAX:
        problems.append(f"quizzes/: the right answer is the longest choice in {len(longest)} of {singles} "
                        f"single-choice questions ({share:.0f} %, at most {LONGEST_MAX:.0f} %): "
                        + ", ".join(q.where for q in longest))
    shortest, _ = longest_right(files.questions, shortest=True)
    share = percent(len(shortest), singles)
    if share > LONGEST_MAX:
        problems.append(f"quizzes/: the right answer is the shortest choice in {len(shortest)} of {singles} "
                        f"single-choice questions ({share:.0f} %, at most {LONGEST_MAX:.0f} %): "
                        + ", ".join(q.where for q in shortest))
    at = places(files)
    total = sum(len(found) for found in at.values())
    for place, found in at.items():
        if percent(len(found), total) > PLACE_MAX:
            problems.append(f"quizzes/: the right answer is the {place} choice in {len(found)} of {total} "
                            f"single-choice questions shown unshuffled (at most {PLACE_MAX:.0f} %): "
                            + ", ".join(q.where for q in found))
    for label, group in (("the course", files.questions), ("the final pools", final_questions(files))):
        true, total = true_share(group)
        share = percent(true, total)
        if not TRUE_SHARE[0] <= share <= TRUE_SHARE[1]:
            problems.append(f"quizzes/: {true} of {total} true/false questions of {label} are « vrai » "
                            f"({share:.0f} %, {TRUE_SHARE[0]:.0f} to {TRUE_SHARE[1]:.0f} % expected)")
    for q in files.questions:
        if q.data.get("type") != "multiple":
            continue
        said = SAYS_MULTIPLE.search(str(q.data["text"]))
        right = sum(1 for c in q.data["choices"] if c.get("correct"))
        if not said:
            problems.append(f"{q.where}: a multiple-answer question that does not say so "
                            "(« plusieurs réponses possibles », or how many)")
        elif said["n"] and int(NUMBERS.get(said["n"], said["n"])) != right:
            problems.append(f"{q.where}: the text announces {said['n']} answers, {right} are right")
    return problems


def pools(files: Files) -> list[str]:
    a = (files.settings.get("assessments") or {}).get(ASSESSMENT)
    if a is None:
        return [f"course.yml:1: no assessment '{ASSESSMENT}'"]
    at = f"course.yml:{files.settings['assessments'].lc.key(ASSESSMENT)[0] + 1}"
    finals = final_questions(files)
    sizes = {p["tag"]: sum(1 for q in finals if p["tag"] in q.tags) for p in a["pools"] if "tag" in p}
    total, drawn = sum(sizes.values()), sum(p["draw"] for p in a["pools"])
    problems = []
    if any("tag" not in p for p in a["pools"]):
        problems.append(f"{at}: every pool draws from an objective's tag (obj-…)")
    if total < MIN_POOL or drawn != DRAWN:
        problems.append(f"{at}: the pools hold {total} questions and {drawn} are drawn "
                        f"(at least {MIN_POOL}, and {DRAWN}, expected); per pool: {sizes}")
    if a.get("attempts") != ATTEMPTS:
        problems.append(f"{at}: {a.get('attempts')} attempts, {ATTEMPTS} expected")
    if a.get("review", "wrong") not in ("wrong", "score"):
        problems.append(f"{at}: review '{a.get('review')}' shows the answers; 'wrong' or 'score' expected")
    if FINAL_QUIZ in files.revealed:
        problems.append(f"quizzes/{FINAL_QUIZ}.yml:1: `reveal: false` expected: the page would hold the "
                        "answers of its fill-in questions, which the exam never shows")
    limit = a.get("time_limit")
    low, high = (DRAWN * m for m in MINUTES_PER_QUESTION)
    if not limit or not low <= limit <= high:
        problems.append(f"{at}: time limit {limit} minutes for {DRAWN} questions ({low:g} to {high:g} expected)")
    for p in a["pools"]:
        if "tag" in p and sizes[p["tag"]] < 2 * p["draw"]:
            problems.append(f"{at}: the pool '{p['tag']}' holds {sizes[p['tag']]} questions for {p['draw']} drawn: "
                            "too few for another paper at the next attempt")
    return problems


def coverage(files: Files) -> list[str]:
    problems = []
    objectives = files.objectives
    if not 6 <= len(objectives) <= 8:
        problems.append(f"course/index.md:1: {len(objectives)} objectives with an id (obj-…), 6 to 8 expected")
    a = (files.settings.get("assessments") or {}).get(ASSESSMENT) or {"pools": []}
    draws = {p["tag"]: p["draw"] for p in a["pools"] if "tag" in p}
    for ident, (line, text) in objectives.items():
        if draws.get(ident, 0) < 2:
            problems.append(f"course/index.md:{line}: the objective '{ident}' ({text}) has {draws.get(ident, 0)} "
                            "question(s) on a paper; at least 2 expected (a pool `tag: {ident}` drawing 2)")
    for tag in draws:
        if tag not in objectives:
            problems.append(f"course.yml:1: the pool '{tag}' is no objective of course/index.md")
    finals = final_questions(files)
    for q in finals:
        objs = [t for t in q.tags if t.startswith("obj-")]
        if len(objs) != 1 or objs[0] not in objectives:
            problems.append(f"{q.where}: tags {q.tags}: exactly one objective of course/index.md expected")
    for q in lesson_questions(files):
        if any(t.startswith("obj-") for t in q.tags):
            problems.append(f"{q.where}: a lesson question tagged {q.tags} would be drawn into the final")
    cases = [q for q in finals if NEW_CASE in q.tags]
    if len(cases) * 2 <= len(finals):
        problems.append(f"quizzes/{FINAL_QUIZ}.yml:1: {len(cases)} of {len(finals)} questions apply the method "
                        f"to a new case (tag `{NEW_CASE}`); most of them expected")
    for ident in objectives:
        mine = [q for q in finals if ident in q.tags]
        if len(mine) < 2 or not any(NEW_CASE in q.tags for q in mine):
            problems.append(f"quizzes/{FINAL_QUIZ}.yml:1: the objective '{ident}' has {len(mine)} questions, "
                            f"{sum(NEW_CASE in q.tags for q in mine)} on a new case (2 and 1 at least)")
    problems += own_words(files, cases)
    return problems


def runs(text: str) -> set[tuple[str, ...]]:
    words = normalise(text).split()
    return {tuple(words[i:i + SHARED_RUN]) for i in range(len(words) - SHARED_RUN + 1)}


def own_words(files: Files, cases: list[Question]) -> list[str]:
    """A new case's text and options borrow no run of SHARED_RUN words from a lesson page."""
    lessons: set[tuple[str, ...]] = set()
    for folder in ("partie-1", "partie-2"):
        for path in (files.root / "course" / folder).glob("*.md"):
            lessons |= runs(path.read_text(encoding="utf-8"))
    problems = []
    for q in cases:
        texts = [q.data["text"]] + [c["text"] for c in q.data.get("choices") or []] \
            + list(q.data.get("items") or []) + [f"{p['left']} {p['right']}" for p in q.data.get("pairs") or []]
        taken = sorted({" ".join(run) for t in texts for run in runs(t) & lessons})
        if taken:
            problems.append(f"{q.where}: a new case told in a lesson's words: « {taken[0]} »")
    return problems


def reuse(files: Files) -> list[str]:
    problems = []
    lessons = [(q, normalise(q.data["text"]), set(options(q))) for q in lesson_questions(files)]
    for q in final_questions(files):
        text, mine = normalise(q.data["text"]), options(q)
        for other, other_text, theirs in lessons:
            ratio = difflib.SequenceMatcher(None, text, other_text).ratio()
            shared = sum(1 for o in mine if o in theirs) / len(mine) if mine else 0.0
            if ratio >= SAME_TEXT or shared >= SAME_OPTIONS:
                problems.append(f"{q.where}: too close to {other.where} (text {ratio:.0%} alike, "
                                f"{shared:.0%} of its options the same)")
    return problems


def non_sec(files: Files) -> list[str]:
    """The lessons' word on the « non sec »: it does not suffice, and the silence is worse."""
    problems = []
    for ident, (line, text) in files.objectives.items():
        if "non sec" in text and "pire" in text and "silence" not in text:
            problems.append(f"course/index.md:{line}: the objective '{ident}' calls the « non sec » one of the worst")
    for line, text in enumerate((files.root / "course/index.md").read_text(encoding="utf-8").split("\n"), 1):
        if re.search(r"non sec\W+(?:sont|est)\s+(?:les|la)\s+pires?", text):
            problems.append(f"course/index.md:{line}: the « non sec » called the worst; the lessons say the silence is")
    return problems


def page_agrees(files: Files) -> list[str]:
    """The assessment's page says what course.yml and the pools hold."""
    a = (files.settings.get("assessments") or {}).get(ASSESSMENT) or {"pools": []}
    total = sum(1 for q in final_questions(files) if any(p.get("tag") in q.tags for p in a["pools"]))
    said = {
        "the questions drawn": f"**{sum(p['draw'] for p in a['pools'])}\u00a0questions** parmi les {total} ",
        "the objectives": f"chacun des {NUMBER_WORDS.get(len(files.objectives), len(files.objectives))} [objectifs",
        "the attempts": f"**{a.get('attempts')}\u00a0tentatives**",
        "the time limit": f"**{a.get('time_limit')}\u00a0minutes** par tentative",
        "the pass mark": f"**{a.get('pass_mark')}\u00a0%**",
    }
    page = (files.root / PAGE).read_text(encoding="utf-8")
    return [f"{PAGE}:1: the page does not say {what} as course.yml and the pools do: « {text} » expected"
            for what, text in said.items() if text not in page]


def case_figures(files: Files) -> list[str]:
    """The figures the new cases compute, computed again from their text."""
    by_id = {q.data.get("id"): q for q in final_questions(files)}
    problems = []
    q = by_id.get("recul-salon")
    if q is not None:  # « Sabine invite 500 clients… Seize d'entre eux répondent » -> 3,2 %, about 3 %
        sent = int(re.search(r"invite (\d+) clients", str(q.data["text"]))[1])
        rate = 100 * 16 / sent
        shown = f"{rate:.1f}".replace(".", ",")
        right = next(str(c["text"]) for c in q.data["choices"] if c.get("correct"))
        if "Seize" not in str(q.data["text"]) or not 3 <= rate <= 4 or f"environ {round(rate)}\u00a0%" not in right \
                or f"16 sur {sent}, cela fait {shown}\u00a0%" not in str(q.data["choices"][0]["feedback"]) \
                or f"16 réponses sur {sent}, soit {shown}\u00a0%" not in str(q.data["explanation"]):
            problems.append(f"{q.where}: 16 replies out of {sent} make {shown} %: the text, the right choice, "
                            "its feedback and the explanation must say so, in the 3 to 4 % of the lessons")
    q = by_id.get("recul-menuisier")
    if q is not None:  # 70 % of the homes canvassed
        homes = int(re.search(r"démarche (\d+) foyers", str(q.data["text"]))[1])
        yes = homes * 70 // 100
        right = next(str(c["text"]) for c in q.data["choices"] if c.get("correct"))
        if f"{yes} chantiers" not in right or f"70\u00a0% de {homes} foyers, cela ferait {yes} chantiers" \
                not in str(q.data["explanation"]):
            problems.append(f"{q.where}: 70 % of {homes} homes make {yes} jobs: the right choice and the "
                            "explanation must say so")
    if len(problems) < 2 and ("recul-salon" not in by_id or "recul-menuisier" not in by_id):
        problems.append(f"quizzes/{FINAL_QUIZ}.yml:1: the questions recul-salon and recul-menuisier, whose "
                        "figures this test computes, are missing: update tests/test_assessment_balance.py")
    return problems


def figures(files: Files) -> str:
    longest, singles = longest_right(files.questions)
    shortest, _ = longest_right(files.questions, shortest=True)
    at = {place: len(found) for place, found in places(files).items()}
    true, tf = true_share(files.questions)
    ftrue, ftf = true_share(final_questions(files))
    finals = final_questions(files)
    per = {ident: sum(ident in q.tags for q in finals) for ident in files.objectives}
    return (f"right answer longest in {len(longest)}/{singles} single-choice ({percent(len(longest), singles):.0f} %), "
            f"shortest in {len(shortest)} ({percent(len(shortest), singles):.0f} %), at each place unshuffled {at}; "
            f"« vrai » {true}/{tf} ({percent(true, tf):.0f} %), in the final {ftrue}/{ftf} "
            f"({percent(ftrue, ftf):.0f} %); final pools {len(finals)} questions, "
            f"{sum(NEW_CASE in q.tags for q in finals)} new cases; per objective {per}")
