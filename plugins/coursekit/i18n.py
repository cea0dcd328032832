"""Interface strings, in French (with French typography) and English.

The site's `theme.language` picks the set; `{name}` fields are filled in by the
templates (server side) or by the browser script (client side).
"""

from __future__ import annotations

NBSP = "\u00a0"

STRINGS: dict[str, dict[str, str]] = {
    "fr": {
        "quiz": "Quiz",
        "meta": "{n}\u00a0question{s} · seuil de réussite\u00a0: {pass}\u00a0%",
        "question": "Question\u00a0{n}",
        "of": "sur {n}",
        "submit": "Valider",
        "retry": "Recommencer",
        "your_answer": "Votre réponse",
        "choose": "— Choisir —",
        "true": "Vrai",
        "false": "Faux",
        "up": "Monter",
        "down": "Descendre",
        "up_item": "Monter\u00a0: {item}",
        "down_item": "Descendre\u00a0: {item}",
        "order_help": "Utilisez les boutons Monter et Descendre pour ranger les éléments.",
        "moved": "«\u00a0{item}\u00a0»\u00a0: position {pos} sur {n}",
        "right": "Bonne réponse",
        "wrong": "Réponse incorrecte",
        "partial": "Réponse en partie juste",
        "points": "{got}\u00a0/\u00a0{max}\u00a0point{s}",
        "score": "Votre score\u00a0: {got} sur {max} ({pct}\u00a0%)",
        "passed": "Réussi\u00a0! Le seuil de réussite est de {pass}\u00a0%.",
        "failed": "Pas encore\u00a0: le seuil de réussite est de {pass}\u00a0%. Relisez la leçon et recommencez.",
        "missing": "Il reste {n}\u00a0question{s} sans réponse\u00a0: {list}.",
        "mark_right": "bonne réponse",
        "mark_wrong": "votre choix, incorrect",
        "mark_missed": "bonne réponse non cochée",
        "mark_ok": "bien placé",
        "mark_ko": "mal placé",
        "mark_pair_ok": "association juste",
        "mark_pair_ko": "association fausse",
        "expected": "Réponse attendue\u00a0:",
        "expected_order": "Ordre attendu\u00a0:",
        "expected_match": "Associations attendues\u00a0:",
        "restored": "Résultat enregistré le {date}.",
        "result": "Résultat",
        "key_meta": "Fichier {file} · seuil de réussite\u00a0: {pass}\u00a0%",
        "key_answer": "Réponse",
        "key_points": "{n}\u00a0pt",
        "types": "single=choix unique,multiple=choix multiple,truefalse=vrai ou faux,fill=réponse à compléter,order=remise en ordre,match=association",
    },
    "en": {
        "quiz": "Quiz",
        "meta": "{n} question{s} · pass mark: {pass}%",
        "question": "Question {n}",
        "of": "of {n}",
        "submit": "Check answers",
        "retry": "Try again",
        "your_answer": "Your answer",
        "choose": "— Choose —",
        "true": "True",
        "false": "False",
        "up": "Move up",
        "down": "Move down",
        "up_item": "Move up: {item}",
        "down_item": "Move down: {item}",
        "order_help": "Use the Move up and Move down buttons to put the items in order.",
        "moved": "“{item}”: position {pos} of {n}",
        "right": "Correct",
        "wrong": "Incorrect",
        "partial": "Partly correct",
        "points": "{got} / {max} point{s}",
        "score": "Your score: {got} out of {max} ({pct}%)",
        "passed": "Passed! The pass mark is {pass}%.",
        "failed": "Not yet: the pass mark is {pass}%. Read the lesson again and retry.",
        "missing": "{n} question{s} still unanswered: {list}.",
        "mark_right": "correct answer",
        "mark_wrong": "your choice, incorrect",
        "mark_missed": "correct answer, not ticked",
        "mark_ok": "right place",
        "mark_ko": "wrong place",
        "mark_pair_ok": "right pair",
        "mark_pair_ko": "wrong pair",
        "expected": "Expected answer:",
        "expected_order": "Expected order:",
        "expected_match": "Expected pairs:",
        "restored": "Result saved on {date}.",
        "result": "Result",
        "key_meta": "File {file} · pass mark: {pass}%",
        "key_answer": "Answer",
        "key_points": "{n} pt",
        "types": "single=single choice,multiple=multiple choice,truefalse=true or false,fill=fill in,order=ordering,match=matching",
    },
}


def pick_language(configured: str | None, theme_language: str | None) -> str:
    """`fr` for any French locale (fr, fr_CA…), else English."""
    lang = (configured or theme_language or "en").lower()
    return "fr" if lang.startswith("fr") else "en"


def number(value: float, lang: str) -> str:
    """1.5 -> '1,5' in French; whole numbers without decimals."""
    text = f"{value:g}" if value != int(value) else str(int(value))
    return text.replace(".", ",") if lang == "fr" else text
