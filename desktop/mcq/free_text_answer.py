"""Free-text answer parsing for the MedAlpaca-style generate-and-parse baseline."""

from __future__ import annotations

import re

from desktop.mcq.prompts import ANSWER_PREFIX
from desktop.questions.record import normalise_text


def parse_answer(text: str, options: dict[str, str]) -> str | None:
    """Find the chosen label in generated text, or ``None`` (an invalid answer).

    Tries, in order: "Answer: B" / "answer is (B)", a leading "B." / "(B)", a lone label
    word, then an option text quoted in full (only when exactly one option matches).
    """
    labels = list(options)
    alternation = "|".join(re.escape(label) for label in sorted(labels, key=len, reverse=True))
    flags = re.IGNORECASE if all(len(label) > 1 for label in labels) else 0
    patterns = [
        rf"(?i:{re.escape(ANSWER_PREFIX[:-1])}|answer is|correct answer is|option)"
        rf"\s*[:\-]?\s*\(?({alternation})\b",
        rf"^\s*\(?({alternation})\s*[\).:]",
        rf"^\s*\(?({alternation})\)?\s*$",
    ]
    by_fold = {label.casefold(): label for label in labels}
    for pattern in patterns:
        match = re.search(pattern, text, flags | re.MULTILINE)
        if match:
            return by_fold.get(match.group(1).casefold(), match.group(1))
    if flags:  # word labels (yes/no/maybe): a single one mentioned is the answer
        words = {w.casefold() for w in re.findall(rf"\b({alternation})\b", text, flags)}
        if len(words) == 1:
            return by_fold.get(next(iter(words)))
    norm = normalise_text(text)
    hits = [
        lab for lab, opt in options.items() if normalise_text(opt) and normalise_text(opt) in norm
    ]
    return hits[0] if len(hits) == 1 else None
