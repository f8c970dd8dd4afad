"""One user message, read once for triage: concepts with their ConText status, vitals, patient."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from desktop.safety.context import Category, find_modifiers, modifiers_for
from desktop.safety.labs import Labs, parse_labs
from desktop.safety.lexicon import CONCEPTS, lexicon_words, vocabulary
from desktop.safety.matching import expand_informal, normalize, sentences
from desktop.safety.scores import Score, news2, qsofa
from desktop.safety.spelling import Speller
from desktop.safety.vitals import Patient, Vitals, parse_patient, parse_vitals

_SPELLER = Speller(vocabulary(), protected=lexicon_words())
# These statuses mean "not a current problem of this patient".
NOT_CURRENT = {Category.NEGATED, Category.HISTORICAL, Category.HYPOTHETICAL, Category.FAMILY}
# A hypothetical framing the writer then says is real ("Hypothetically, if someone took ... -
# asking because it was me", "would it be dangerous if a toddler swallowed one? I think mine
# might have"): the "if" no longer makes the findings hypothetical.
REVEAL = re.compile(
    r"(?<!\w)(?:asking\s+(?:because|cos|coz|as|since)\s+(?:it\s+(?:was|is)|it's|that\s+(?:was|is)|"
    r"this\s+(?:was|is))\s+(?:actually\s+|really\s+)?(?:me|mine|my\s+\w+|him|her|us)|"
    # "asking because the one on my hand ...", "asking because mine have ached for a week"
    r"asking\s+(?:because|cos|coz|as|since)\s+(?:the\s+one\s+(?:on|in|i|my)|mine(?=\s)|my\s+(?!friend)\w+\s+"
    r"(?:is|has|have|keeps|was)|i've\s+(?:got|been|had)|i\s+(?:have|think|took|did))|"
    r"asking\s+for\s+(?:myself|me|my\s+(?:son|daughter|child|baby|husband|wife|partner|mum|mom|"
    r"dad|kid|toddler))(?!\s+in\s+general)|"
    r"(?:it\s+(?:was|is)|it's)\s+(?:actually|really)\s+(?:me|my\s+\w+)|"
    r"(?:it|this|that)\s+(?:actually\s+|really\s+)?(?:happened|is\s+happening)\s+to\s+(?:me|my\s+\w+|"
    r"him|her|us)|not\s+(?:really\s+|just\s+)?(?:hypothetical(?:ly)?|a\s+hypothetical)|"
    r"i\s+think\s+(?:mine|my\s+\w+|he|she|i|they|we)\s+(?:might|may|could|must)\s+(?:have|had|"
    r"be|'ve)|(?:he|she|mine|my\s+\w+)\s+(?:might|may)\s+(?:actually\s+)?have\s+(?:done|"
    r"swallowed|taken|eaten|drunk))(?!\w)"
)


_NUM = r"(?:[4-9]|[1-3]\d|4[0-2]|twenty[\s-]?\w*|thirty[\s-]?\w*)"
# what follows a duration or an age, never a gestation ("3 weeks ago", "6 weeks old", "2 weeks
# post-op", "3 weeks into chemo", "for 3 weeks now")
_NOT_GESTATION = (
    r"(?!\s*(?:\+\s*\d\s*)?(?:ago|old|of|since|later|after|before|back|post|into|in|out|on|off|"
    r"now|running|straight|late|overdue|early|with|without|and\s+(?:still|it)|\w+\s+old)\b)"
)
_GESTATION_SUBJECT = re.compile(
    r"(?<!\w)(?:(?:partner|wife|girlfriend|fianc\w*|missus|sister|patient|lady|woman|mum|"
    r"she)\s+(?:is|was|'s)|(?:she's|i'm|i\s+am))\s+(?:only\s+|nearly\s+|almost\s+|just\s+|"
    r"about\s+|around\s+|over\s+)?" + _NUM + r"\s*(?:\+\s*\d\s*)?(?:weeks?|wks?)" + _NOT_GESTATION
    + r"|(?<!\w)" + _NUM + r"\s*(?:weeks?|wks?)\s+gone(?!\w)"
)
# a bare "36 weeks" (not "for / past / last / over 3 weeks") in a message about a pregnancy
_GESTATION_BARE = re.compile(
    r"(?<!\w)(?<!for\s)(?<!past\s)(?<!last\s)(?<!over\s)(?<!next\s)(?<!few\s)(?<!within\s)(?<!in\s)(?<!every\s)(?<!after\s)"
    r"(?<!than\s)(?<!each\s)(?<!per\s)(?<!by\s)(?<!last\s)"
    r"(?<!baby\s)(?<!son\s)(?<!boy\s)(?<!girl\s)(?<!daughter\s)(?<!infant\s)"
    + _NUM + r"\s*(?:\+\s*\d\s*)?(?:weeks?|wks?)" + _NOT_GESTATION
)
_PREGNANCY_CONTEXT = re.compile(
    r"(?<!\w)(?:midwi\w+|bump|antenatal|ante-natal|maternity|first\s+baby|(?:first|second|third)\s+"
    r"pregnancy|primip\w*|multip\w*|fetal|foetal|kicks?|kicking|baby(?:'s|\s+is|\s+has)\s+"
    r"(?:been\s+)?(?:moving|kicking|quiet)|due\s+(?:date|in)|edd|contractions?|waters|labour|labor|"
    r"scan)(?!\w)"
)


@dataclass(frozen=True)
class Mention:
    concept: str
    text: str
    sentence: int
    statuses: frozenset[Category] = frozenset()

    @property
    def current(self) -> bool:
        return not (self.statuses & NOT_CURRENT)


@dataclass
class Message:
    raw: str
    text: str  # normalised and spell-corrected
    sentences: list[str]
    mentions: dict[str, list[Mention]] = field(default_factory=dict)
    vitals: Vitals = field(default_factory=Vitals)
    patient: Patient = field(default_factory=Patient)
    labs: Labs = field(default_factory=Labs)

    def find(self, *concepts: str) -> Mention | None:
        """The first current (affirmed) mention of any of ``concepts``."""
        for name in concepts:
            for m in self.mentions.get(name, ()):
                if m.current:
                    return m
        return None

    def all_current(self, name: str) -> list[Mention]:
        return [m for m in self.mentions.get(name, ()) if m.current]

    def suppressed(self, *concepts: str) -> list[Mention]:
        """Mentions present but not current (negated, historical, ...): shown as reasons."""
        return [m for n in concepts for m in self.mentions.get(n, ()) if not m.current]

    @cached_property
    def revealed(self) -> bool:
        """The writer says the hypothetical they asked about is real (see ``REVEAL``)."""
        return REVEAL.search(self.text) is not None

    @cached_property
    def new_confusion(self) -> bool:
        return self.find("confusion", "unresponsive") is not None

    @cached_property
    def news2(self) -> Score:
        return news2(self.vitals, self.new_confusion)

    @cached_property
    def qsofa(self) -> Score:
        return qsofa(self.vitals, self.new_confusion)

    @cached_property
    def pregnant(self) -> Mention | None:
        found = self.find("pregnant")
        if found is not None:
            return found
        # Gestation written the way midwives and partners say it ("36 weeks, first baby",
        # "my partner is 38 weeks", "34 weeks gone"): pregnancy, not a duration
        m = _GESTATION_SUBJECT.search(self.text)
        if m is None and _PREGNANCY_CONTEXT.search(self.text):
            m = _GESTATION_BARE.search(self.text)
        if m is None:
            return None
        i = next((n for n, s in enumerate(self.sentences) if m.group(0) in s), 0)
        return Mention("pregnant", m.group(0), i)


def _find_mentions(sents: list[str]) -> dict[str, list[Mention]]:
    out: dict[str, list[Mention]] = {}
    for i, sentence in enumerate(sents):
        mods = find_modifiers(sentence)
        for concept in CONCEPTS:
            excluded: list[tuple[int, int]] | None = None  # computed only when a match needs it
            for m in concept.pattern.finditer(sentence):
                if m.end() == m.start():
                    continue
                if concept.exclude is not None:
                    if excluded is None:
                        excluded = [
                            (x.start(), x.end()) for x in concept.exclude.finditer(sentence)
                        ]
                    if any(s < m.end() and m.start() < e for s, e in excluded):
                        continue
                statuses = frozenset(
                    mod.category for mod in modifiers_for(sentence, m.start(), m.end(), mods)
                )
                out.setdefault(concept.name, []).append(
                    Mention(concept.name, m.group(0), i, statuses)
                )
    return out


def read_message(raw: str) -> Message:
    """Normalise, correct typos, split, find concepts with context, parse vitals."""
    text = _SPELLER.correct(expand_informal(normalize(raw)))
    sents = list(sentences(text))
    mentions = _find_mentions(sents)
    if REVEAL.search(text):
        mentions = {
            name: [
                Mention(m.concept, m.text, m.sentence, m.statuses - {Category.HYPOTHETICAL})
                for m in ms
            ]
            for name, ms in mentions.items()
        }
    return Message(
        raw=raw,
        text=text,
        sentences=sents,
        mentions=mentions,
        vitals=parse_vitals(text),
        patient=parse_patient(text),
        labs=parse_labs(text),
    )
