"""Red-flag rules: phrases in the user's text that suggest an emergency needing help now."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from desktop.safety.matching import compile_terms, find_affirmed, sentences

CALL = "call your local emergency number now (for example 911, 112 or 999)"


@dataclass(frozen=True)
class RedFlag:
    """One detected red flag: ``name`` (stable id), ``advice`` (shown to the user)."""

    name: str
    advice: str
    label: str = ""
    evidence: str = ""  # the phrase that triggered it


@dataclass(frozen=True)
class Rule:
    name: str
    label: str
    advice: str
    any_of: re.Pattern[str] | None = None  # one affirmed phrase is enough
    together: tuple[tuple[re.Pattern[str], ...], ...] = field(default=())  # all in one sentence

    def match(self, sents: list[str]) -> str | None:
        for sentence in sents:
            if self.any_of is not None:
                hit = find_affirmed(self.any_of, sentence)
                if hit:
                    return hit
            for group in self.together:
                hits = [find_affirmed(p, sentence) for p in group]
                if all(hits):
                    return " + ".join(h for h in hits if h)
        return None


_CHEST = r"(?:chest|substernal|retrosternal|central\s+chest)"
_CHEST_PAIN = compile_terms(
    rf"{_CHEST}\s+(?:pain|pressure|tightness|discomfort|heaviness|ache)",
    r"(?:pain|pressure|tightness)\s+in\s+(?:the|my|his|her|their)\s+chest",
    r"angina",
)
_SIDE = r"(?:left|right|one|his\s+left|her\s+left|my\s+left|the\s+left)"

RULES: tuple[Rule, ...] = (
    Rule(
        name="acute_coronary_syndrome",
        label="Possible heart attack (acute coronary syndrome)",
        advice=(
            f"Chest pain like this can be a heart attack: {CALL}. Do not drive yourself. "
            "A 12-lead ECG is needed immediately; follow local ACS/STEMI protocols."
        ),
        any_of=compile_terms(
            r"st[\s-]?(?:segment\s+)?elevations?",
            r"stemi",
            r"crushing\s+(?:chest\s+)?(?:pain|pressure)",
            rf"{_CHEST}\s+(?:pain|pressure|tightness|discomfort)\s+(?:\w+\s+){{0,3}}"
            r"(?:radiat|spread)\w*",
            r"heart\s+attack",
            r"(?:acute\s+)?myocardial\s+infarction",
            r"elephant\s+(?:on|sitting\s+on)\s+(?:my|his|her|the)\s+chest",
        ),
        together=(
            (
                _CHEST_PAIN,
                compile_terms(
                    r"radiat\w*",
                    r"spread\w*\s+to",
                    r"(?:left\s+)?arm",
                    r"jaw",
                    r"sweat\w*",
                    r"diaphore\w*",
                    r"clammy",
                    r"short(?:ness)?\s+of\s+breath",
                    r"breathless\w*",
                    r"nause\w*",
                    r"vomit\w*",
                    r"faint\w*",
                    r"collaps\w*",
                ),
            ),
        ),
    ),
    Rule(
        name="stroke",
        label="Possible stroke",
        advice=(
            f"These can be stroke signs: {CALL}. Note the time the symptoms started (or when "
            "the person was last seen well); treatment is time-critical. Nothing by mouth."
        ),
        any_of=compile_terms(
            r"(?:facial|face|mouth|lip)\s+(?:is\s+)?droop\w*",
            r"droop\w*\s+(?:of\s+the\s+)?(?:face|mouth|smile)",
            r"(?:one|1)[\s-]sided\s+(?:weakness|numbness|paralysis)",
            rf"weakness\s+(?:on|of|in)\s+{_SIDE}\s+(?:side|arm|leg)",
            rf"(?:can't|cannot|unable\s+to)\s+(?:lift|raise|move)\s+{_SIDE}\s+(?:arm|leg)",
            r"slurr\w*\s+(?:speech|words|speaking)",
            r"speech\s+(?:is\s+)?slurr\w*",
            r"sudden(?:ly)?\s+(?:onset\s+(?:of\s+)?)?(?:weakness|numbness|paralysis|confusion|"
            r"loss\s+of\s+(?:vision|speech|balance)|vision\s+loss|difficulty\s+speaking|"
            r"trouble\s+(?:speaking|talking|walking)|unable\s+to\s+speak|can't\s+speak|"
            r"double\s+vision|blindness|dizziness\s+and\s+loss\s+of\s+balance)",
            r"hemipar\w*",
            r"hemipleg\w*",
            r"(?:having|is\s+having)\s+a\s+stroke",
            r"stroke\s+(?:right\s+)?now",
            r"stroke\s+(?:symptoms|signs)\s+(?:now|started|began)",
            r"(?:be-?)?fast\s+(?:positive|screen\s+positive)",
            r"positive\s+(?:be-?)?fast",
        ),
        together=(
            (
                compile_terms(
                    r"(?:arm|leg|face|facial|hand)\s+(?:weakness|numbness)",
                    r"weak(?:ness)?\s+(?:in\s+)?(?:the\s+|one\s+|an?\s+)?(?:arm|leg)",
                    r"(?:face|mouth)\s+(?:looks\s+)?(?:lopsided|uneven)",
                ),
                compile_terms(
                    r"speech\s+(?:difficult\w*|problems?|disturbance)",
                    r"(?:difficulty|trouble|problems?)\s+(?:speaking|talking|finding\s+words)",
                    r"aphasi\w*",
                    r"dysphasi\w*",
                    r"can't\s+(?:speak|talk|get\s+(?:the\s+)?words\s+out)",
                    r"confus\w*",
                ),
            ),
        ),
    ),
    Rule(
        name="anaphylaxis",
        label="Possible anaphylaxis",
        advice=(
            f"This may be anaphylaxis: {CALL}. Use an adrenaline (epinephrine) auto-injector "
            "if one is available; lie the person flat with legs raised (sit up if breathing is "
            "hard). A second dose may be needed after 5 minutes."
        ),
        any_of=compile_terms(
            r"anaphyla\w*",
            r"throat\s+(?:is\s+)?(?:swell\w*|swollen|closing(?:\s+up)?|tight\w*)",
            r"(?:swollen|swelling\s+(?:of\s+)?(?:the\s+)?)\s*(?:throat|tongue)",
            r"(?:tongue|lips?|face)\s+(?:is\s+|are\s+)?(?:swell\w*|swollen)",
        ),
        together=(
            (
                compile_terms(
                    r"wheez\w*",
                    r"(?:difficulty|trouble)\s+breathing",
                    r"short(?:ness)?\s+of\s+breath",
                    r"can't\s+breathe",
                    r"hives",
                    r"swell\w*",
                    r"swollen",
                    r"stridor",
                    r"faint\w*",
                    r"collaps\w*",
                ),
                compile_terms(
                    r"(?:bee|wasp|hornet|insect)\s+sting\w*",
                    r"stung",
                    r"after\s+eating",
                    r"peanuts?",
                    r"(?:tree\s+)?nuts?",
                    r"shellfish",
                    r"allerg\w*",
                    r"after\s+(?:an?\s+)?(?:injection|antibiotic|penicillin|contrast)",
                ),
            ),
        ),
    ),
    Rule(
        name="suicide_self_harm",
        label="Risk of suicide or self-harm",
        advice=(
            "If there is immediate danger, call your local emergency number now. Do not leave "
            "the person alone and remove access to means of harm. Crisis support: 988 (Suicide "
            "& Crisis Lifeline, US), 116 123 (Samaritans, UK and Ireland) or your local crisis "
            "line."
        ),
        any_of=compile_terms(
            r"suicid\w*",
            r"kill(?:ing)?\s+(?:myself|himself|herself|themselves|themself)",
            r"end(?:ing)?\s+(?:my|his|her|their)\s+(?:own\s+)?life",
            r"take\s+(?:my|his|her|their)\s+own\s+life",
            r"want(?:s|ed)?\s+to\s+die",
            r"(?:don't|doesn't|do\s+not|does\s+not)\s+want\s+to\s+(?:live|be\s+alive)",
            r"better\s+off\s+dead",
            r"self[\s-]?harm\w*",
            r"(?:cutting|hurt|hurting|harm|harming)\s+(?:myself|himself|herself|themselves)",
            r"no\s+reason\s+to\s+live",
        ),
    ),
    Rule(
        name="overdose_poisoning",
        label="Possible overdose or poisoning",
        advice=(
            f"Possible overdose or poisoning: {CALL} or your poison control centre, even if "
            "the person seems well (paracetamol/acetaminophen harm can be delayed). Keep the "
            "packaging to show what was taken and when."
        ),
        any_of=compile_terms(
            r"overdos\w*",
            r"took\s+(?:a\s+|an\s+|the\s+)?(?:whole|entire|full)\s+(?:bottle|packet|pack|box)",
            r"(?:took|taken|swallowed)\s+(?:\d+|too\s+many|lots\s+of|a\s+lot\s+of|a\s+handful\s+of)"
            r"\s+(?:\w+\s+)?(?:pills|tablets|capsules)",
            r"(?:swallowed|drank|ingested)\s+(?:some\s+|a\s+|an\s+)?(?:bleach|poison|antifreeze|"
            r"drain\s+cleaner|weed\s*killer|pesticide|batter(?:y|ies)|magnets?)",
            r"(?:button|coin)\s+(?:cell\s+)?batter(?:y|ies)",
            r"(?<!food\s)poison(?:ed|ing)",
        ),
    ),
    Rule(
        name="severe_bleeding",
        label="Severe bleeding",
        advice=(
            f"Severe bleeding: {CALL}. Press firmly and continuously on the wound with a clean "
            "cloth; if bleeding from a limb does not stop, a tourniquet may be needed."
        ),
        any_of=compile_terms(
            r"(?:severe|heavy|massive|uncontrolled|profuse|major)\s+(?:bleeding|blood\s+loss|"
            r"ha?emorrhage)",
            r"bleed\w*\s+(?:heavily|profusely|a\s+lot|badly|everywhere)",
            r"bleeding\s+(?:that\s+)?(?:won't|will\s+not|does\s+not|doesn't|wouldn't|"
            r"can't\s+be)\s+stop\w*",
            r"(?:won't|will\s+not|doesn't|does\s+not)\s+stop\s+bleeding",
            r"(?:spurting|pumping|pouring)\s+blood",
            r"blood\s+(?:is\s+)?(?:spurting|pumping|pouring)",
            r"(?:vomiting|throwing\s+up|coughing\s+up)\s+(?:lots\s+of\s+|large\s+amounts\s+of\s+)?"
            r"blood",
            r"ha?ematemesis",
            r"ha?emoptysis",
            r"ha?emorrhag\w*",
        ),
    ),
    Rule(
        name="sepsis",
        label="Possible sepsis",
        advice=(
            "These can be signs of sepsis, which needs treatment within the hour: "
            f"{CALL} or go to an emergency department now if the person is confused, very "
            "drowsy, breathing fast, has mottled or bluish skin, or is not passing urine."
        ),
        any_of=compile_terms(
            r"sepsis",
            r"septic(?:\s+shock)?",
            r"urosepsis",
            r"neutropenic\s+(?:fever|sepsis)",
        ),
        together=(
            (
                compile_terms(
                    r"fever\w*",
                    r"febrile",
                    r"high\s+temperature",
                    r"rigou?rs",
                    r"shivering",
                    r"infection",
                    r"temperature\s+(?:of\s+)?(?:3[89]|4[0-2])(?:\.\d)?",
                    r"hypotherm\w*",
                ),
                compile_terms(
                    r"confus\w*",
                    r"drows\w*",
                    r"mottled",
                    r"(?:low|dropping)\s+blood\s+pressure",
                    r"hypotens\w*",
                    r"(?:fast|rapid)\s+(?:breathing|heart\s*(?:rate|beat))",
                    r"tachycard\w*",
                    r"tachypn\w*",
                    r"not\s+passing\s+urine",
                    r"no\s+urine",
                    r"cold\s+(?:hands|feet|extremities)",
                    r"blu(?:e|ish)\s+(?:skin|lips)",
                ),
            ),
        ),
    ),
    Rule(
        name="meningitis",
        label="Possible meningitis",
        advice=(
            f"These can be signs of meningitis or meningococcal disease: {CALL}. Do not wait "
            "for a rash to appear; a rash that does not fade under a pressed glass is an "
            "emergency."
        ),
        any_of=compile_terms(
            r"meningi\w*",
            r"non[\s-]?blanching\s+rash",
            r"rash\s+(?:that\s+)?(?:doesn't|does\s+not|won't|didn't)\s+(?:fade|blanch)",
            r"purpur\w*\s+rash",
            r"petechial\s+rash",
        ),
        together=(
            (
                compile_terms(
                    r"stiff\s+neck", r"neck\s+stiffness", r"neck\s+is\s+stiff", r"photophobia"
                ),
                compile_terms(
                    r"fever\w*",
                    r"febrile",
                    r"high\s+temperature",
                    r"headache",
                    r"rash",
                    r"vomit\w*",
                    r"confus\w*",
                    r"drows\w*",
                ),
            ),
        ),
    ),
    Rule(
        name="pregnancy_emergency",
        label="Possible pregnancy emergency",
        advice=(
            f"Bleeding, severe pain, fits, a severe headache or reduced baby movements in "
            f"pregnancy need urgent assessment: {CALL} or contact the maternity unit now."
        ),
        any_of=compile_terms(
            r"ectopic", r"eclampsia", r"placental\s+abruption", r"cord\s+prolapse"
        ),
        together=(
            (
                compile_terms(r"pregnan\w*", r"\d+\s+weeks\s+(?:pregnant|gestation)"),
                compile_terms(
                    r"bleed\w*",
                    r"severe\s+(?:abdominal|tummy|stomach|pelvic|shoulder\s+tip)\s+pain",
                    r"(?:fits?|seizures?|convulsions?)",
                    r"severe\s+headache",
                    r"(?:reduced|no|fewer)\s+(?:fetal|foetal|baby's?)\s+movements?",
                    r"waters?\s+(?:have\s+)?broken",
                ),
            ),
        ),
    ),
    Rule(
        name="diabetic_emergency",
        label="Possible diabetic emergency",
        advice=(
            f"This may be a diabetic emergency (ketoacidosis or a severe hypo): {CALL} if the "
            "person is drowsy, confused, vomiting or breathing deeply. For a hypo in someone "
            "who is awake and can swallow, give fast-acting sugar."
        ),
        any_of=compile_terms(
            r"dka",
            r"(?:diabetic\s+)?keto\s*acidosis",
            r"hyperosmolar",
            r"blood\s+(?:sugar|glucose)\s+(?:of\s+|is\s+|was\s+|at\s+)?"
            r"(?:[2-9]\d(?:\.\d+)?\s*mmol|[4-9]\d\d\s*mg|\d{4}\s*mg)",
            r"severe\s+hypo(?:glyca?emi\w*)?",
            r"hypo(?:glyca?emi\w*)?\s+(?:and\s+)?(?:unconscious|unresponsive|fitting|"
            r"seizing)",
        ),
    ),
    Rule(
        name="thunderclap_headache",
        label="Sudden severe headache",
        advice=(f"A sudden, severe ('worst ever') headache can be a bleed in the brain: {CALL}."),
        any_of=compile_terms(
            r"thunderclap\s+headache",
            r"worst\s+headache\s+(?:of\s+(?:my|his|her|their)\s+life|ever)",
            r"sudden(?:ly)?\s+(?:onset\s+)?(?:severe|excruciating|explosive)\s+headache",
            r"subarachnoid",
        ),
    ),
    Rule(
        name="breathing_difficulty",
        label="Severe breathing difficulty",
        advice=f"Severe difficulty breathing is an emergency: {CALL}.",
        any_of=compile_terms(
            r"(?:can't|cannot|can\s+not|unable\s+to)\s+breathe?",
            r"struggling\s+to\s+breathe",
            r"not\s+breathing",
            r"stopped\s+breathing",
            r"chok(?:ing|ed)",
            r"(?:blue|grey|gray)\s+lips",
            r"lips\s+(?:are\s+|is\s+)?(?:turning\s+|going\s+)?(?:blue|grey|gray)",
            r"cyanos\w*",
            r"cyanotic",
            r"gasping\s+for\s+(?:air|breath)",
            r"severe\s+(?:shortness\s+of\s+breath|breathlessness|dyspno?ea|asthma\s+attack)",
            r"stridor",
        ),
    ),
    Rule(
        name="unresponsive_or_seizure",
        label="Collapse, unresponsiveness or prolonged seizure",
        advice=(
            f"{CALL[0].upper() + CALL[1:]}. If the person is not breathing normally, start CPR "
            "and use a defibrillator (AED) if available. For a seizure over 5 minutes, or "
            "repeated seizures, emergency treatment is needed."
        ),
        any_of=compile_terms(
            r"unresponsive",
            r"unconscious",
            r"(?:won't|will\s+not|can't|cannot)\s+(?:wake|be\s+woken|be\s+roused)(?:\s+up)?",
            r"(?:collapsed|passed\s+out)\s+and\s+(?:is\s+)?(?:not|isn't)",
            r"cardiac\s+arrest",
            r"no\s+pulse",
            r"status\s+epilepticus",
            r"seizur\w*\s+(?:for\s+|lasting\s+)?(?:more\s+than\s+|over\s+|longer\s+than\s+)?"
            r"(?:[5-9]|[1-9]\d)\s*(?:minutes|mins)",
            r"(?:seizure|fit|convulsion)s?\s+(?:won't|will\s+not|not)\s+stop\w*",
        ),
    ),
)


def find_red_flags(text: str) -> list[RedFlag]:
    """Red flags in ``text`` (already normalised with :func:`matching.normalize`)."""
    sents = list(sentences(text))
    flags: list[RedFlag] = []
    for rule in RULES:
        hit = rule.match(sents)
        if hit:
            flags.append(RedFlag(rule.name, rule.advice, rule.label, hit))
    return flags
