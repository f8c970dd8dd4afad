"""Turn free text typed by a user into a safe SQLite FTS5 query."""

from __future__ import annotations

import html
import re

HIGHLIGHT_OPEN = "\ue000"  # private-use markers around matches in raw snippets
HIGHLIGHT_CLOSE = "\ue001"
ELLIPSIS = "…"
_WORD = re.compile(r"\w+", re.UNICODE)
_PHRASE = re.compile(r'"([^"]*)"')
MAX_TERMS = 32


def _quote(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def build_fts_query(text: str, prefix: bool = True) -> str | None:
    """Return an FTS5 MATCH expression for ``text`` or ``None`` when it has no words.

    Every word becomes a quoted string (so ``AND``, ``NEAR(``, ``*``, ``"`` or ``-`` typed by
    the user are plain text, never syntax); words are AND-ed. Text in balanced double quotes
    is searched as a phrase. With ``prefix`` single words also match longer words (``pain``
    finds ``painful``).
    """
    if not isinstance(text, str):
        raise TypeError("search text must be a string")
    parts: list[str] = []
    for index, chunk in enumerate(_PHRASE.split(text)):
        words = _WORD.findall(chunk)
        if not words:
            continue
        if index % 2 == 1 and len(words) > 1:  # inside balanced quotes: a phrase
            parts.append(_quote(" ".join(words)))
        else:
            parts.extend(_quote(w) + ("*" if prefix else "") for w in words)
    if not parts:
        return None
    return " ".join(parts[:MAX_TERMS])


def snippet_to_markdown(raw: str) -> str:
    """Snippet with matches in ``**bold**``."""
    return raw.replace(HIGHLIGHT_OPEN, "**").replace(HIGHLIGHT_CLOSE, "**")


def snippet_to_html(raw: str) -> str:
    """HTML-escaped snippet with matches in ``<b>…</b>`` (safe for a Qt rich-text label)."""
    escaped = html.escape(raw, quote=False)
    return escaped.replace(HIGHLIGHT_OPEN, "<b>").replace(HIGHLIGHT_CLOSE, "</b>")


def snippet_to_plain(raw: str) -> str:
    return raw.replace(HIGHLIGHT_OPEN, "").replace(HIGHLIGHT_CLOSE, "")
