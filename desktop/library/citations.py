"""Citation markers in a model's answer: find them, and drop any that names no given passage.

A small model happily writes ``[4]`` when it was given three passages, or ``[12]`` out of
nowhere; such a marker would point a clinician at a source that does not exist.
"""

from __future__ import annotations

import re

# [1]  [1, 2]  [1,3]  [2-3]  [1; 2]  (bracketed numbers only; no other text inside)
_MARKER = re.compile(r"[ \t]?\[(\d{1,4}(?:\s*[,;–-]\s*\d{1,4})*)\]")
_PART = re.compile(r"(\d+)\s*[–-]\s*(\d+)|(\d+)")
MAX_RANGE = 50


def _numbers(inner: str) -> list[int]:
    out: list[int] = []
    for a, b, single in _PART.findall(inner):
        if single:
            out.append(int(single))
        else:
            lo, hi = int(a), int(b)
            if 0 < hi - lo <= MAX_RANGE:
                out.extend(range(lo, hi + 1))
            else:
                out.extend((lo, hi))
    return out


def cited_numbers(text: str) -> list[int]:
    """Every number cited in ``text``, in order of first appearance."""
    seen: list[int] = []
    for match in _MARKER.finditer(text):
        for n in _numbers(match.group(1)):
            if n not in seen:
                seen.append(n)
    return seen


def clean_citations(text: str, n_passages: int) -> tuple[str, list[int]]:
    """``text`` with markers limited to ``1..n_passages`` (empty markers removed) and the
    numbers that remain cited, in order."""
    valid = range(1, n_passages + 1)

    def fix(match: re.Match[str]) -> str:
        keep = list(dict.fromkeys(n for n in _numbers(match.group(1)) if n in valid))
        if not keep:
            return ""
        lead = match.group(0)[0] if match.group(0)[0] in " \t" else ""
        return f"{lead}[{', '.join(str(n) for n in keep)}]"

    cleaned = _MARKER.sub(fix, text)
    return cleaned, cited_numbers(cleaned)
