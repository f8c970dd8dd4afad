"""Helpers shared by the readers: option labels and mapping an answer key to a label."""

from __future__ import annotations

import re
import string

from desktop.questions.record import normalise_text

LETTERS = string.ascii_uppercase
_LABEL_PREFIX = re.compile(r"^\(?([A-Za-z])\s*[\).:\-]\s*(.*)$", re.DOTALL)
_OPTION_LINE = re.compile(r"^\s*\(?([A-J])\s*[\).:\]]\s+(\S.*?)\s*$")


def option_line(line: str) -> tuple[str, str] | None:
    """``"B) Naloxone"``, ``"(B) Naloxone"``, ``"B. Naloxone"`` -> ``("B", "Naloxone")``."""
    match = _OPTION_LINE.match(line)
    return (match.group(1), match.group(2)) if match else None


def letter_labels(n: int) -> list[str]:
    if n > len(LETTERS):
        raise ValueError(f"too many options ({n}); at most {len(LETTERS)} are supported")
    return list(LETTERS[:n])


def split_label_prefix(text: str) -> tuple[str | None, str]:
    """``"A. Tetany"`` -> ``("A", "Tetany")``; text without a label prefix -> ``(None, text)``."""
    match = _LABEL_PREFIX.match(text.strip())
    if match:
        return match.group(1).upper(), match.group(2).strip()
    return None, text.strip()


def resolve_answer(raw: object, options: dict[str, str]) -> str:
    """Map an answer key to an option label, or raise ``ValueError`` saying why not.

    Accepts the label itself (any case, ``"B"``, ``"(b)"``), label plus text (``"B: Tetany"``,
    ``"B. Tetany"``) and the bare option text (``"Tetany"``).
    """
    if raw is None:
        raise ValueError("no answer given")
    text = str(raw).strip()
    if not text:
        raise ValueError("empty answer")
    if text in options:
        return text
    by_fold = {label.casefold(): label for label in options}
    bare = text.strip("()").strip()
    if bare.casefold() in by_fold:
        return by_fold[bare.casefold()]
    label, rest = split_label_prefix(text)
    if label is not None and label in options:
        if not rest or normalise_text(rest) == normalise_text(options[label]):
            return label
        # "B: something else" - the letter wins only if the text is a prefix-like match
        if normalise_text(options[label]).startswith(normalise_text(rest)):
            return label
    wanted = normalise_text(text)
    matches = [lab for lab, opt in options.items() if normalise_text(opt) == wanted]
    if len(matches) == 1:
        return matches[0]
    if label is not None and label in options:
        return label
    raise ValueError(f"answer {text[:60]!r} is not one of the options {list(options)}")
