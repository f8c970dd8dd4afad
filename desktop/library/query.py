"""Questions typed in plain language into FTS5 queries for BM25 ranking.

A question ("What is the first-line treatment of ...?") must not need every word to appear in
a passage, so its content words are OR-ed and BM25 ranks passages that hold more (and rarer)
of them higher. Every word is quoted: no user text is ever FTS5 syntax.
"""

from __future__ import annotations

import re

MAX_TERMS = 24
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?", re.UNICODE)

# Function words and question words: they match almost every passage and carry no topic.
_STOPWORD_TEXT = """
    a about above after again against all also am an and any are aren't as at be because been
    before being below between both but by can could did do does doing down during each few for
    from further had has have having he her here hers herself him himself his how i if in into
    is it its itself just me more most my myself no nor not now of off on once only or other
    our ours out over own same she should so some such than that the their theirs them then
    there these they this those through to too under until up very was we were what when where
    which while who whom why will with would you your yours yourself tell please give explain
    describe list should much many s t
"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())


def query_terms(text: str) -> list[str]:
    """Distinct lower-case content words of ``text``, in order, at most :data:`MAX_TERMS`."""
    if not isinstance(text, str):
        raise TypeError("query text must be a string")
    seen: list[str] = []
    for word in _WORD.findall(text.lower()):
        word = word.replace("’", "'")
        if word in STOPWORDS or (len(word) < 2 and not word.isdigit()):
            continue
        if word not in seen:
            seen.append(word)
    return seen[:MAX_TERMS]


def quote(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def match_expression(terms: list[str]) -> str | None:
    """``"a" OR "b" OR ...`` or ``None`` when there is nothing to search for."""
    return " OR ".join(quote(t) for t in terms) if terms else None
