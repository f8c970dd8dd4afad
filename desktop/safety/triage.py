"""``triage(text)``: urgency level (emergency now / urgent today / routine), reasons and advice.

Every registered discriminator reads the same parsed message (concepts with ConText status,
vitals, NEWS2/qSOFA, patient). Education and exam questions ("pathophysiology of MI",
"Which of the following ...") are not emergencies: their findings are kept as reasons but the
level stays routine, unless the writer also describes something happening now.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from desktop.safety import backstop
from desktop.safety.discriminators import REGISTRY, Finding, Level
from desktop.safety.discriminators.base import CALL
from desktop.safety.message import Message, read_message

EXAM = re.compile(
    r"(?<!\w)(?:which\s+of\s+the\s+following|case\s+(?:question|study|scenario|vignette)s?\s*[:-]|usmle|mcqs?|nclex|plab|mrcp|mrcs|osce|"
    r"board\s+(?:exam|question)|exam\s+question|question\s+bank|qbank|step\s+[12]\s+(?:question|"
    r"exam)|most\s+likely\s+(?:diagnosis|cause|underlying|mechanism|explanation|finding|"
    r"organism|pathogen|site|artery|vessel)|(?:next|best\s+next|most\s+appropriate(?:\s+next)?|"
    r"best\s+initial)\s+(?:best\s+)?step|true\s+or\s+false|quiz|flashcards?|revision|revising|"
    r"studying|(?:i'?m|i\s+am)\s+(?:a\s+)?(?:\w+\s+)?student|first\s+aid\s+(?:course|training|"
    r"class)|training\s+question|teaching\s+session|for\s+(?:my|an|the|our)\s+(?:\w+\s+)?(?:exam|"
    r"exams|test|finals|boards|revision|lecture|essay|assignment|presentation|teaching|class|"
    r"course|dissertation|thesis))(?!\w)"
)
_OPTIONS = re.compile(r"(?:^|\n|\s)\(?[a-e][).:]\s+\S.*(?:\n|\s)\(?[b-e][).:]\s+\S", re.S)
# Study framing ("med student here", "for my essay", "revising for my module"): education
# unless a person in trouble now is also described (see ``_live_finding_elsewhere``).
STUDY = re.compile(
    r"(?<!\w)(?:(?:med(?:ical)?|nursing|pharmacy|paramedic|pa|dental|vet)\s+student|"
    r"tutorials?|essay|module|revis(?:e|ing|ion)|exam\s+questions?|lecture|seminar|"
    r"(?:writing|doing|preparing)\s+(?:an?\s+|my\s+)?(?:essay|assignment|presentation|report|"
    r"case\s+study)|why\s+do\s+(?:we|doctors|you|they|nurses)\s+(?:give|use|treat|check|"
    r"avoid|start|stop|measure|do|prescribe)|"
    # teaching material: a simulation, scenario or case written for learners
    r"(?:writing|making|building|designing|creating|planning|preparing|running|setting\s+up)\s+"
    r"(?:an?\s+|my\s+|our\s+|the\s+|some\s+)?(?:\w+\s+)?(?:simulations?|sim|scenarios?|cases?|"
    r"vignettes?|stations?|teaching|training\s+session|mock\s+exam)|"
    r"(?:simulation|sim)\s+(?:scenario|case|session|exercise|training)|"
    r"(?:nurse|clinical|practice|paramedic|medical)\s+educators?|(?:paramedic|clinical|nursing)\s+"
    r"tutors?|osces?(?:\s+stations?)?|teaching\s+(?:session|case|scenario|sim\w*|slides?|day)|"
    r"(?:case|scenario|station)\s+for\s+(?:my\s+|the\s+|our\s+)?(?:students|trainees|learners|"
    r"class|nurses|juniors))(?!\w)"
)
# A real person taken ill during the teaching ("one of the students has collapsed"): not a case.
_REAL_PERSON_NOW = re.compile(
    r"(?<!\w)(?:(?:one\s+of\s+(?:the|my|our)\s+\w+|an?\s+(?:student|colleague|participant|"
    r"candidate|trainee|delegate|learner)|my\s+(?:student|colleague|flatmate|housemate|roommate|friend)|someone\s+(?:in\s+the\s+room|"
    r"here))\s+(?:has\s+|is\s+|just\s+)*(?:collapsed|fainted|fallen|passed\s+out|stopped\s+"
    r"breathing|not\s+breathing|isn't\s+breathing|having|choking|unconscious|fitting|seizing|"
    r"gone\s+blue)|(?:i've|i\s+have|i'm|i\s+am|i)\s+(?:just\s+)?(?:all\s+of\s+a\s+)?suddenly\s+"
    r"(?:got|get|have|had|started|developed|gone|lost|can't|feel)|"
    r"right\s+now|as\s+we\s+speak|in\s+front\s+of\s+me|call(?:ed|ing)?\s+"
    r"(?:999|911|112|an?\s+ambulance))(?!\w)"
)
# A general question about a topic: "What is the classification of ...", "How is X treated?"
GENERAL_QUESTION = re.compile(
    r"(?:^|[.?!;]\s+)(?:what\s+(?:\w+\s+){0,2}(?:is|are|was|were|does|do|causes?|cause)|what's|"
    r"whats|which|(?:what\s+is|what's)\s+the\s+difference|"
    r"how\s+(?:is|are|does|do|long|often|many|much|soon|quickly|common)|"
    r"why\s+(?:is|are|does|do)|when\s+(?:is|are|should|do)|explain|describe|define|list|"
    r"summari[sz]e|compare|tell\s+me\s+about|teach\s+me|outline|discuss)(?!\w)"
    r"|(?<!\w)(?:pathophysiology|pathogenesis|mechanism\s+of|in\s+general|generally|"
    r"textbook|epidemiology|classification|criteria|guidelines?|difference\s+between)(?!\w)"
)
# How-to and what-if questions ("How do I use an auto-injector?", "What should I do if ...").
HOW_TO = re.compile(
    r"(?<!\w)(?:how\s+(?:do|can|should|would|to)\s+(?:i|we|you|one|parents?)?\s*(?:\w+\s+)?"
    r"(?:treat|use|manage|recogni[sz]e|spot|tell|know|ask|apply|store|prevent|assess|talk|help|"
    r"give|respond|check|do|perform|start|carry\s+out|deal\s+with)|what\s+(?:should|do|can|would)\s+(?:i|we|you|one|they)\s+do\s+if|"
    r"what\s+to\s+do\s+if|first\s+aid\s+for|(?:want|wanted|trying)\s+to\s+be\s+prepared|"
    r"preparing|in\s+general|asking\s+(?:in\s+general|for\s+a\s+friend\s+in\s+general)|"
    # curiosity and refresher framing: "out of curiosity, how many ...", "refreshing my first aid"
    r"out\s+of\s+(?:pure\s+|idle\s+)?curiosity|just\s+curious|(?:i'm|i\s+am)\s+(?:just\s+)?curious|"
    r"(?:refresh\w*|brush\w*\s+up\s+on|updat\w*|top\w*\s+up)\s+(?:my\s+|our\s+)?(?:\w+\s+)?"
    r"(?:knowledge|skills|training|first\s+aid))(?!\w)"
)
# Someone describing a person in front of them.
DESCRIBES_PATIENT = re.compile(
    r"(?<!\w)(?:i(?=\s+(?:have|am|feel|think|was|had|took|can|need|got|just|woke|fell|started|"
    r"noticed|keep|am|did|do|don't|can't))|i'm|i've|i'd|my|he|she|his|her|patient|pt|"
    r"this\s+(?:man|woman|child|"
    r"boy|girl|lady|gentleman)|\d{1,3}\s*(?:yo|y/o|m|f|-year-old|year\s+old))(?!\w)"
)
# ... and something happening now, which outranks how-to phrasing.
HAPPENING_NOW = re.compile(
    r"(?<!\w)(?:i\s+(?:have|'ve\s+got|am\s+having|feel|think\s+(?:i|he|she|my))|i'm\s+(?:having|"
    r"feeling|in\s+pain|bleeding|getting|losing|going)|i've\s+(?:got|had|taken|just)|my\s+(?:\w+\s+)?"
    r"(?:is|has|just|can't|won't|isn't|hasn't|was|had|keeps|looks|seems|feels)|(?:he|she|they)\s+"
    r"(?:is|has|just|can't|won't|isn't|hasn't|'s|was|keeps|looks|seems)|right\s+now|at\s+the\s+"
    r"moment|help|currently|tonight|ago|our\s+patient|my\s+patient|in\s+front\s+of\s+me|"
    # a household or group described now ("whole family has headaches", "we all feel sick") and
    # a symptom persisting despite treatment ("still can't finish a sentence")
    r"(?:we|we're|we've|everyone|everybody|all\s+of\s+us|(?:the\s+)?(?:whole\s+)?(?:family|household)|"
    r"the\s+kids)\s+(?:all\s+)?(?:are|have|has|feel|feels|keep|got|'ve|been|is)|"
    r"still\s+(?:can't|cannot|not\s+able|unable|won't|isn't|having|getting|struggling))(?!\w)"
)
# Asking about a relative's past illness as one's own risk ("Dad had an MI at 52 - my risk?").
FAMILY_RISK = re.compile(
    r"(?<!\w)(?:runs?\s+in\s+(?:the\s+|my\s+|our\s+)?famil\w*|genetic|hereditary|inherit\w*|"
    r"(?:my|our|his|her)\s+(?:own\s+)?risk|at\s+risk|more\s+likely|should\s+i\s+(?:\w+\s+){0,3}(?:screen\w*|test\w*|"
    r"check\w*|scan\w*|avoid|worry|be\s+worried)|(?:get|have)\s+(?:my\s+)?\w+\s+(?:checked|"
    r"tested|screened)|be\s+screened|get\s+a\s+scan|"
    r"(?:get|have|book|need|arrange|ask\w*\s+(?:about|for))\s+(?:a\s+|an\s+|my\s+|some\s+)?"
    r"(?:\w+\s+)?(?:scan|screening|check-?up|tests?|referral)|screening\s+(?:advice|test)|"
    r"asking\s+about\s+screening)(?!\w)"
)
_RELATIVE_PAST = re.compile(
    r"(?<!\w)(?:mother|father|mum|mom|dad|brother|sister|sibling|grandmother|grandfather|"
    r"grandma|grandpa|grandad|granddad|granny|gran|nana|nan|aunt|uncle|cousin|parents?|family)\s+(?:\w+\s+)?(?:had|died|was\s+"
    r"diagnosed|has\s+had|suffered|passed)(?!\w)"
)
# An exam stem: a third-person vignette ("A 65-year-old man presents with ...") that ends in an
# exam-style question ("Which artery ...?", "What is the drug of choice?").
_STEM = re.compile(
    r"^(?:a|an)\s+\d{1,3}[\s-]*(?:year|yr|month|week|day)s?[\s-]*old\b|"
    r"^(?:a|an)\s+(?:\w+\s+)?(?:man|woman|boy|girl|child|infant|neonate|patient|gentleman|lady)"
    r"\s+(?:aged|of)\s+\d{1,3}\b"
)
_STEM_QUESTION = re.compile(
    r"(?:^|[.?!]\s+)(?:which|what\s+(?:is|are|was)\s+the|what\s+(?:\w+\s+)?(?:is|are)\s+most|"
    r"how\s+(?:should|would|is)\s+(?:this|the|she|he)|name\s+the|identify|why\s+(?:is|are|was|"
    r"were|do|does|would|should|might)\b)\b[^?]*\?"
    r"|\b(?:most\s+(?:likely|appropriate|probable|common|useful)|of\s+choice|first[\s-]line|"
    r"next\s+step|diagnosis\s+is|investigation\s+of\s+choice)\b[^?]*\?"
)
_ASKING_FOR_HELP = re.compile(
    r"(?<!\w)(?:what\s+(?:should|do|can|must)\s+(?:i|we)\s+do|help|in\s+front\s+of\s+me|"
    r"my\s+patient|our\s+patient|right\s+now|urgent(?:ly)?|emergency)(?!\w)"
)
# Asking to be informed or prepared, about nobody affected now: "so I know what to look for",
# "baby due next month", "to make sure I'm taking it safely".
INFORMATIONAL = re.compile(
    r"(?<!\w)(?:so\s+(?:i|we)\s+(?:know|can\s+(?:recogni[sz]e|spot|tell))|what\s+to\s+look\s+(?:out\s+)?"
    r"for|just\s+in\s+case|to\s+be\s+prepared|(?:baby|she|i|i'm|we're)\s+(?:is\s+|am\s+|are\s+)?"
    r"(?:due|expecting)\s+(?:next|in|on|soon)|(?:is|am|are|'s|'re)\s+due\s+(?:in|next|on|soon|any)|not\s+(?:born|here)\s+yet|before\s+(?:the\s+)?baby\s+"
    r"(?:is\s+born|arrives|comes)|make\s+sure\s+(?:i'?m|i\s+am|we're|i)\s+(?:taking|giving|using|"
    r"take|give|use)\s+(?:it|them|this)?\s*safely|(?:to\s+)?stay\s+(?:within|under)\s+the\s+"
    r"(?:limit|safe)|so\s+(?:i|we)\s+don't\s+(?:take|give)\s+too\s+much|(?:want|wanted|going|trying)\s+"
    r"to\s+(?:teach|educate|train|explain\s+(?:it\s+)?to)|teach(?:ing)?\s+(?:my|our|the)\s+(?:patients|"
    r"staff|students|class|team))(?!\w)"
)
# Written about the person now, which outranks an informational framing.
_ACUTE_NOW = re.compile(
    r"(?<!\w)(?:right\s+now|at\s+the\s+moment|just\s+(?:now|started|collapsed|took|taken)|"
    r"(?:is|am|are)\s+having|(?:i've|i\s+have|he's|she's|has)\s+(?:just\s+)?(?:taken|swallowed|"
    r"collapsed)|help|ago|since\s+(?:this|last|yesterday)|tonight|today)(?!\w)"
)
_RECENT = re.compile(r"(?<!\w)(?:just|now|right\s+now|today|this\s+morning|tonight|ago|help)(?!\w)")


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


def _formal_education(text: str) -> bool:
    """Exam stems, options and family-risk questions: education whatever else is written."""
    if (EXAM.search(text) or _OPTIONS.search(text)) and not _REAL_PERSON_NOW.search(text):
        return True
    if _STEM.search(text) and _STEM_QUESTION.search(text) and not _ASKING_FOR_HELP.search(text):
        return True
    return bool(
        FAMILY_RISK.search(text) and _RELATIVE_PAST.search(text) and not _RECENT.search(text)
    )


def is_education(text: str) -> bool:
    """True for exam, teaching, how-to and family-risk questions that do not describe a person
    in trouble now."""
    if (EXAM.search(text) or _OPTIONS.search(text)) and not _REAL_PERSON_NOW.search(text):
        return True
    if _STEM.search(text) and _STEM_QUESTION.search(text) and not _ASKING_FOR_HELP.search(text):
        return True
    now = HAPPENING_NOW.search(text) is not None
    if STUDY.search(text) and not _REAL_PERSON_NOW.search(text):
        return True
    if INFORMATIONAL.search(text) and not _ACUTE_NOW.search(text):
        return True
    if GENERAL_QUESTION.search(text) and not DESCRIBES_PATIENT.search(text):
        return True
    if HOW_TO.search(text) and not now:
        return True
    return bool(
        FAMILY_RISK.search(text) and _RELATIVE_PAST.search(text) and not _RECENT.search(text)
    )


# Background and setting concepts: on their own they do not show a person unwell now.
_BACKGROUND = frozenset(
    {
        "child", "pregnant", "diabetes", "anticoagulant", "vte_risk", "allergen",
        "airway_disease", "cancer", "symptom_generic", "immunosuppressed", "af", "travel",
        "breastfeeding", "postpartum", "new_drug", "ovarian", "heat_exposure", "wound_recent",
        "symptom_returned", "resolved", "burn_severity",
    }
)
# "when" asks only at the start of a sentence: "peak flow 150 when it's normally 450" is not a
# question (sentences reach this without their "?")
_QUESTION_CUE = re.compile(
    r"\?|(?:^|\s)(?:what|how|which|why|should|can|could|is\s+it|does|do)\s|^\s*when\s"
)


def _live_finding_elsewhere(msg: Message) -> bool:
    """A current finding written in a sentence of its own that describes someone now and is not
    itself a question ("How do I use an EpiPen? My son's lips are swelling up"): a question
    or hypothetical in one sentence does not make the whole message an education question."""
    for name, mentions in msg.mentions.items():
        if name in _BACKGROUND:
            continue
        for m in mentions:
            if not m.current:
                continue
            sentence = msg.sentences[m.sentence]
            if _QUESTION_CUE.search(sentence) or INFORMATIONAL.search(sentence):
                continue
            if DESCRIBES_PATIENT.search(sentence) or HAPPENING_NOW.search(sentence):
                return True
    return False


def _suppressed(msg: Message) -> tuple[str, ...]:
    out = []
    for mentions in msg.mentions.values():
        for m in mentions:
            if not m.current:
                status = "/".join(sorted(s.value for s in m.statuses if s.value != "possible"))
                out.append(f"'{m.text}' ({status})")
    return tuple(dict.fromkeys(out))


@dataclass(frozen=True)
class _BackstopKind:
    """How a learned backstop's finding is named, levelled and advised."""

    target: str
    kind: str
    level: Level
    label: str
    advice: str


# The learned backstops, tried in this order (one today: see ``backstop.TARGETS``).
_BACKSTOPS = (
    _BackstopKind(
        "emergency", "resembles_emergency", Level.EMERGENCY, "Reads like an emergency",
        "no specific rule matched, but a learned check rates this message as likely describing "
        f"an emergency: if it is happening now, {CALL}; if you are not sure it is, get urgent "
        "advice now (your doctor, NHS 111 or your local urgent line)",
    ),
)  # fmt: skip


def _no_current_finding(msg: Message) -> bool:
    """No clinical word the lexicon knows is current: none at all, or every one negated, past,
    family or hypothetical ("Family history: brother DVT and PE"). The backstop weighs how
    current findings are written; it neither invents one nor re-reads what ConText set aside."""
    clinical = [ms for name, ms in msg.mentions.items() if name not in _BACKGROUND]
    return not any(m.current for ms in clinical for m in ms)


def _backstop_finding(text: str) -> Finding | None:
    """The first learned backstop that fires on ``text`` (see ``backstop.py``), as a finding."""
    for spec in _BACKSTOPS:
        model = backstop.shipped(spec.target)
        if model is None:
            continue
        score = model.score(text)
        if not score.fired:
            continue
        words = ", ".join(f"'{w}'" for w in score.words)
        reason = f"learned check {score.probability:.2f} (fires at {model.model.threshold:.2f})"
        reasons = (reason + (f"; words that weighed most: {words}" if words else ""),)
        return Finding(spec.kind, spec.kind, spec.level, spec.label, spec.advice, reasons)
    return None


def triage(text: str, use_backstop: bool = True) -> TriageResult:
    """Triage one user message (any string; never raises for a string). ``use_backstop=False``
    gives the rules alone (the benchmark prints both).

    The learned backstop is asked only when no rule fired at all, the message is not an
    education question and it holds at least one current clinical finding: a same-day rule
    that fired is a reasoned judgement the backstop does not overrule."""
    if not isinstance(text, str):
        raise TypeError("triage() needs the user's text as a string")
    msg = read_message(text)
    findings = [f for d in REGISTRY if (f := d.run(msg)) is not None]
    education = is_education(msg.text)
    if education and not _formal_education(msg.text) and (
        _live_finding_elsewhere(msg) or msg.revealed  # "... asking because it was me"
    ):
        education = False
    if education:
        # keep what fired as information; an exam question is not an emergency
        findings = [
            Finding(f.kind, f.flag, Level.ROUTINE, f.label, f.advice, f.reasons) for f in findings
        ]
    if use_backstop and not education and not findings and not _no_current_finding(msg):
        extra = _backstop_finding(text)  # as trained: the raw message
        if extra is not None:
            findings.append(extra)
    findings.sort(key=lambda f: -int(f.level))
    level = max((f.level for f in findings), default=Level.ROUTINE)
    return TriageResult(level, tuple(findings), education, _suppressed(msg), msg)
