"""``triage(text)``: urgency level (emergency now / urgent today / routine), reasons and advice.

Every registered discriminator reads the same parsed message (concepts with ConText status,
vitals, NEWS2/qSOFA, patient). Education and exam questions ("pathophysiology of MI",
"Which of the following ...") are not emergencies: their findings are kept as reasons but the
level stays routine, unless the writer also describes something happening now.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from desktop.safety.discriminators import REGISTRY, Finding, Level
from desktop.safety.message import Message, read_message

EXAM = re.compile(
    r"(?<!\w)(?:which\s+of\s+the\s+following|usmle|mcqs?|nclex|plab|mrcp|mrcs|osce|"
    r"board\s+(?:exam|question)|exam\s+question|question\s+bank|qbank|step\s+[12]\s+(?:question|"
    r"exam)|most\s+likely\s+(?:diagnosis|cause|underlying|mechanism|explanation|finding|"
    r"organism|pathogen|site)|(?:next|best\s+next|most\s+appropriate(?:\s+next)?|best\s+initial)"
    r"\s+(?:best\s+)?step|true\s+or\s+false|quiz|flashcards?|for\s+(?:my|an|the)\s+(?:exam|"
    r"exams|test|finals|boards|revision|lecture|essay|assignment|presentation|teaching|class))(?!\w)"
)
_OPTIONS = re.compile(r"(?:^|\n|\s)\(?[a-e][).:]\s+\S.*(?:\n|\s)\(?[b-e][).:]\s+\S", re.S)
EDUCATION = re.compile(
    r"(?:^|[.?!]\s+)(?:what\s+(?:is|are)\s+(?:the\s+)?(?:pathophysiology|pathogenesis|"
    r"mechanism|mechanisms|causes?|signs|symptoms|features|criteria|risk\s+factors|complications|"
    r"epidemiology|difference|differences|definition|management|treatment|aetiology|etiology|"
    r"histology|classification|prognosis)|explain|describe|define|list|summari[sz]e|compare|"
    r"how\s+(?:is|are|does|do)\s+(?:\w+\s+){0,4}(?:diagnosed|treated|managed|classified|work|"
    r"caused|develop|happen)|why\s+(?:does|do|is|are)|tell\s+me\s+about|teach\s+me|"
    r"(?:i'?m|i\s+am)\s+(?:a\s+)?(?:student|studying|revising|learning))"
    r"|(?<!\w)(?:pathophysiology|pathogenesis|mechanism\s+of|in\s+general|generally|"
    r"textbook|lecture|essay|epidemiology)(?!\w)"
)
# Someone describing a person in front of them now, which outranks an education phrasing.
HAPPENING_NOW = re.compile(
    r"(?<!\w)(?:i\s+(?:have|am|'m|feel|think\s+i)|i'm|i've|my\s+(?:\w+\s+)?(?:is|has|just|"
    r"can't|won't)|(?:he|she|they)\s+(?:is|has|just|can't|won't|'s)|right\s+now|at\s+the\s+"
    r"moment|help|please|currently|this\s+(?:morning|evening|afternoon)|tonight|an?\s+hour\s+ago|"
    r"minutes\s+ago|our\s+patient|my\s+patient|in\s+front\s+of\s+me|on\s+the\s+ward|in\s+(?:the\s+)?"
    r"(?:ed|a&e|er|resus|clinic|surgery)|(?:we|i)\s+(?:have|got|saw|see)\s+(?:a|an)\s+\d+)(?!\w)"
)


@dataclass(frozen=True)
class TriageResult:
    level: Level
    findings: tuple[Finding, ...] = ()  # those at the result's level first, then lower
    education: bool = False  # read as an education / exam question
    suppressed: tuple[str, ...] = field(default=())  # what context removed (for the reasons)
    message: Message | None = field(default=None, compare=False, repr=False)

    @property
    def emergencies(self) -> list[Finding]:
        return [f for f in self.findings if f.level == Level.EMERGENCY]

    @property
    def urgent(self) -> list[Finding]:
        return [f for f in self.findings if f.level == Level.URGENT]

    @property
    def kinds(self) -> list[str]:
        return [f.kind for f in self.findings]

    def reasons(self) -> list[str]:
        out = [f"{f.label}: {'; '.join(f.reasons)}" for f in self.findings if f.reasons]
        if self.education:
            out.append("read as an education or exam question, not a patient in front of you")
        return out


def is_education(text: str) -> bool:
    """True for exam / teaching questions that do not describe a patient now."""
    exam = EXAM.search(text) is not None or _OPTIONS.search(text) is not None
    if exam:
        return True
    return EDUCATION.search(text) is not None and HAPPENING_NOW.search(text) is None


def _suppressed(msg: Message) -> tuple[str, ...]:
    out = []
    for mentions in msg.mentions.values():
        for m in mentions:
            if not m.current:
                status = "/".join(sorted(s.value for s in m.statuses if s.value != "possible"))
                out.append(f"'{m.text}' ({status})")
    return tuple(dict.fromkeys(out))


def triage(text: str) -> TriageResult:
    """Triage one user message (any string; never raises for a string)."""
    if not isinstance(text, str):
        raise TypeError("triage() needs the user's text as a string")
    msg = read_message(text)
    findings = [f for d in REGISTRY if (f := d.run(msg)) is not None]
    education = is_education(msg.text)
    if education:
        # keep what fired as information; an exam question is not an emergency
        findings = [
            Finding(f.kind, f.flag, Level.ROUTINE, f.label, f.advice, f.reasons) for f in findings
        ]
    findings.sort(key=lambda f: -int(f.level))
    level = max((f.level for f in findings), default=Level.ROUTINE)
    return TriageResult(level, tuple(findings), education, _suppressed(msg), msg)
