"""Sentence splitting, word-boundary patterns and cheap negation handling ("no chest pain")."""

from __future__ import annotations

import re
from collections.abc import Iterator

MAX_CHARS = 50_000  # longer text: only the start is screened (keeps the check instant)
NEGATION_WINDOW = 6  # words before a finding that a cue like "no" may negate
LOOKBACK_CHARS = 200  # how far back the clause of a finding is searched

_SENTENCE_END = re.compile(r"[.!?;\n]+(?=\s|$)|\n")
_CLAUSE_BREAK = re.compile(
    r"\b(?:but|however|although|though|yet|except|whereas|presents?|presenting|presented|"
    r"complains?|complaining|complained|reports?|reporting|reported|develop(?:s|ed)?|"
    r"now\s+has|and\s+has|c/o)\b|[:()]"
)
# "not sure", "no improvement" ... do not negate the finding that follows.
_PSEUDO_NEGATION = re.compile(
    r"\b(?:not\s+sure|not\s+certain|no\s+idea|not\s+only|no\s+doubt|not\s+clear|"
    r"no\s+improvement|not\s+improv\w*|not\s+respond\w*|no\s+response|no\s+better|"
    r"not\s+better|no\s+known\s+\w+)\b"
)
_NEG_BEFORE = re.compile(
    r"\b(?:no|not|never|nor|neither|without|denies|denied|denying|deny|negative\s+for|"
    r"free\s+of|absence\s+of|absent|resolved|isn't|wasn't|doesn't|didn't|don't|hasn't|"
    r"haven't|aren't|weren't|cannot\s+be|no\s+longer|ruled\s+out)\b"
)
_NEG_AFTER = re.compile(
    r"^[\s,]*(?:(?:has|have|had|was|were|is|are)\s+(?:been\s+)?)?"
    r"(?:ruled\s+out|excluded|absent|resolved|negative|denied)\b"
)
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})
_SPACES = re.compile(r"[^\S\n]+")


def normalize(text: str) -> str:
    """Lower-case, straight apostrophes, single spaces; truncated to ``MAX_CHARS``."""
    text = text[:MAX_CHARS].translate(_APOSTROPHES).lower()
    return _SPACES.sub(" ", text)


# Texting spellings and contractions written without the apostrophe ("dont", "cant",
# "tonite"): written out so the lexicon and the ConText triggers read them like the full forms.
_INFORMAL = {
    "dont": "don't",
    "doesnt": "doesn't",
    "didnt": "didn't",
    "cant": "can't",
    "wont": "won't",
    "isnt": "isn't",
    "wasnt": "wasn't",
    "arent": "aren't",
    "werent": "weren't",
    "hasnt": "hasn't",
    "havent": "haven't",
    "hadnt": "hadn't",
    "couldnt": "couldn't",
    "wouldnt": "wouldn't",
    "shouldnt": "shouldn't",
    "ive": "i've",
    "youre": "you're",
    "theyre": "they're",
    "shes": "she's",
    "hes": "he's",
    "thats": "that's",
    "whats": "what's",
    "tonite": "tonight",
    "nite": "night",
    "2nite": "tonight",
    "2day": "today",
    "u": "you",
    "ur": "your",
    "pls": "please",
    "plz": "please",
    "cuz": "because",
    "coz": "because",
    "bc": "because",
    "b4": "before",
    "wanna": "want to",
    "gonna": "going to",
    "gotta": "got to",
    "wat": "what",
    "wen": "when",
    "abt": "about",
}
_INFORMAL_RX = re.compile(r"(?<![\w'/&+.-])(" + "|".join(_INFORMAL) + r")(?![\w'/&+-])")
# "im" is also "IM" (intramuscular): only read as "i'm" before words that follow "I am".
_IM = re.compile(
    r"(?<![\w'])im(?=\s+(?:so|very|really|not|having|feeling|going|in|bleeding|pregnant|scared|"
    r"worried|getting|losing|on|taking|still|just|a|an|the|\d|sure|sorry|fine|ok|okay|ill|sick|"
    r"tired|exhausted|done|alone|dying|struggling|afraid|frightened|terrified|male|female)\b|"
    r"\s+\d{1,3}(?=\s*(?:and|yo|y/o|years?|yrs?|weeks?|wks?|months?|,)))"
)


# Lay, slang and non-native forms written out as the words the lexicon knows ("bf'ing",
# "boob", "is paining", "dont"): normalisation, so every rule reads them, not one rule each.
_SLANG = (
    (re.compile(r"(?<![\w'])(?:bf'?ing|b/f(?:eeding)?|breast\s*feeding|bfeeding)(?![\w'])"), "breastfeeding"),
    (re.compile(r"(?<![\w'])(?:boobs|titties)(?![\w'])"), "breasts"),
    (re.compile(r"(?<![\w'])(?:boob|tit)(?![\w'])"), "breast"),
    (re.compile(r"(?<![\w'])(?:is|are|was|am)\s+paining(?![\w'])"), "is painful"),
    (re.compile(r"(?<![\w'])paining(?![\w'])"), "hurting"),
    (re.compile(r"(?<![\w'])(?:bitton|biten|bitted|bitin)(?![\w'])"), "bitten"),
    (re.compile(r"(?<![\w'])bleedin(?![\w'])"), "bleeding"),
    # dropped g's ("nothin sudden", "not bein sick", "strugglin to swallow"): written out so the
    # negation and the finding are both read
    (re.compile(r"(?<![\w'])(nothin|somethin|anythin|bein|gettin|goin|feelin|havin|doin|comin|"
                r"strugglin|breathin|vomitin|throwin|spittin|coughin|shakin|sweatin|hurtin|swellin|"
                r"burnin|itchin|wheezin|kickin|movin|eatin|drinkin|sleepin|wakin|talkin|walkin|"
                r"passin|peein|weein|pukin|fittin|jerkin|twitchin|lookin|stoppin|droolin|"
                r"chokin|gaspin|faintin|collapsin|bleedin)'?(?![\w'])"), r"\1g"),
    (re.compile(r"(?<![\w'])then\s+(usual|normal|before)(?![\w'])"), r"than \1"),
)


def expand_informal(text: str) -> str:
    """Write out texting spellings, slang and apostrophe-less contractions (lower-cased text)."""
    text = _IM.sub("i'm", text)
    for rx, repl in _SLANG:
        text = rx.sub(repl, text)
    return _INFORMAL_RX.sub(lambda m: _INFORMAL[m.group(1)], text)


def sentences(text: str) -> Iterator[str]:
    for chunk in _SENTENCE_END.split(text):
        chunk = chunk.strip()
        if chunk:
            yield chunk


def compile_terms(*patterns: str) -> re.Pattern[str]:
    """One case-insensitive regex matching any of ``patterns`` as whole words."""
    return re.compile(r"(?<!\w)(?:" + "|".join(patterns) + r")(?!\w)", re.IGNORECASE)


def is_negated(sentence: str, start: int, end: int) -> bool:
    """True when a negation cue precedes the match in its clause (or "ruled out" follows)."""
    before = sentence[max(0, start - LOOKBACK_CHARS) : start]
    breaks = list(_CLAUSE_BREAK.finditer(before))
    if breaks:
        before = before[breaks[-1].end() :]
    window = _PSEUDO_NEGATION.sub(" ", " ".join(before.split()[-NEGATION_WINDOW:]))
    if _NEG_BEFORE.search(window):
        return True
    return bool(_NEG_AFTER.match(sentence[end : end + 40]))


def find_affirmed(pattern: re.Pattern[str], sentence: str) -> str | None:
    """The first non-negated match of ``pattern`` in ``sentence`` (its text) or ``None``."""
    for match in pattern.finditer(sentence):
        if not is_negated(sentence, match.start(), match.end()):
            return match.group(0)
    return None
