"""Reassuring context that turns an *urgent* finding into a routine one (never an emergency).

Routine mimics of same-day problems, as the NHS 111 / NICE CKS pathways treat them: a problem
already assessed and excluded by tests ("ECG normal, troponin negative", "CT ruled out a clot"),
a known chronic condition that is stable ("stable angina, GTN use unchanged, for review"),
musculoskeletal chest-wall pain (reproducible on pressing, worse with movement), an episode
that was treated and has fully recovered ("had a hypo, had juice, now 7.4 and I feel normal",
"one of his usual seizures, back to normal"), and a long-standing unchanged symptom.
These only ever lower an urgent result: emergency rules do not read them.
"""

from __future__ import annotations

import re

from desktop.safety.matching import compile_terms
from desktop.safety.message import Message

EXCLUDED_BY_TESTS = compile_terms(
    r"(?:ecg|ekg)\s+(?:[\w']+\s+){0,4}(?:was\s+|is\s+|were\s+|came\s+back\s+)?(?:normal|nsr|fine|ok|"
    r"clear|unremarkable)",
    r"(?:ecg|ekg)\s+(?:nsr|sinus)",
    r"no\s+ischa?emic\s+changes",
    r"(?:hs-?)?trop\w*\s+(?:x\s*\d\s+)?(?:neg\w*|normal|negative)",
    r"(?:ct|scan|ctpa|x-?ray|tests?|bloods?|d-?dimer|ultrasound|doppler)\s+(?:[\w']+\s+){0,5}"
    r"(?:ruled\s+out|excluded|normal|clear|negative|was\s+fine|were\s+fine)",
    r"ruled\s+out\s+(?:a\s+|an\s+)?(?:[\w']+\s+){0,2}(?:clot|pe|dvt|heart\s+attack|mi|acs)",
    r"d/c\s+with|discharged\s+(?:with|home)",
)
STABLE_CHRONIC = compile_terms(
    r"stable\s+(?:angina|copd|asthma|ihd|heart\s+failure)",
    r"(?:unchanged|no\s+change|same\s+as\s+(?:always|usual))",
    r"for\s+(?:a\s+)?(?:med(?:ication)?|annual|routine|regular)\s+review",
    r"for\s+(?:months|years|ages)",
    r"(?:had|have|had\s+them|had\s+it)\s+(?:for|since)\s+(?:years|months|ages|i\s+was)",
    r"(?:the\s+)?same\s+(?:since|for|as\s+(?:before|always|usual))",
)
# Chest-wall pain named by a clinician ...
MUSCULOSKELETAL = compile_terms(
    r"chest\s+wall",
    r"reproducible",
    r"on\s+palpation",
    r"costochondritis",
    r"(?:pulled|strained)\s+(?:a\s+)?(?:chest\s+)?muscle",
)
# ... or described by the person: only with normal tests or in someone under 40
LAY_MUSCULOSKELETAL = compile_terms(
    r"(?:tender|sore|hurts)\s+(?:[\w']+\s+){0,2}(?:to\s+(?:touch|press)|when\s+(?:i\s+)?press\w*)",
    r"worse\s+(?:with|on)\s+(?:movement|moving|twisting)",
    r"worse\s+(?:when|if)\s+(?:i\s+|he\s+|she\s+)?(?:twist|move|turn|bend|press|lift|stretch)\w*",
    r"when\s+(?:i\s+|he\s+|she\s+)?press(?:es)?\s+on",
    r"after\s+(?:lifting|moving\s+furniture|the\s+gym|a\s+workout)",
    r"for\s+a\s+(?:second|split\s+second|moment)",
)
RECOVERED = compile_terms(
    r"(?:back\s+to\s+(?:normal|(?:his|her|my)\s+(?:normal|usual)\s+self)|(?:feel|feels|feeling)"
    r"\s+(?:normal|fine|ok|okay|well|better)\s*(?:now|again)?|fully\s+recovered|recovered\s+fully"
    r"|(?:now|is)\s+(?:fine|normal|well|ok|okay)|(?:fine|normal|ok|okay|well)\s+(?:now|again|since|"
    r"this\s+morning|today))",
)
USUAL_EPISODE = compile_terms(
    r"(?:one\s+of\s+)?(?:his|her|my|their)\s+usual",
    r"(?:typical|normal)\s+(?:for\s+(?:him|her|me)|seizure|fit)",
    r"like\s+(?:his|her|my)\s+(?:usual|normal|others)",
)
TREATED_HYPO = compile_terms(
    r"(?:had|took|gave\s+(?:him|her)|ate|drank)\s+(?:some\s+)?(?:[\w']+\s+){0,2}(?:juice|sugar|"
    r"sweets|biscuits?|glucose|dextrose|jelly\s+babies|lucozade|coke|cola|toast)",
)
_GLUCOSE_NOW = re.compile(r"(?<!\w)(?:now|then|after)\s+(?:it'?s\s+|up\s+to\s+|is\s+)?(\d{1,2}(?:\.\d)?)")
SMALL_BLEED_PILES = compile_terms(r"piles", r"ha?emorrhoids?", r"(?:anal\s+)?fissure")
SMALL_AMOUNT = compile_terms(
    r"streak\w*", r"(?:a\s+)?(?:bit|spot|spots|few\s+drops|drops?|little|small\s+amount)\s+of",
    r"on\s+the\s+(?:toilet\s+)?paper", r"when\s+(?:i\s+)?wipe", r"some\s+bright\s+red",
)
WORSENING = compile_terms(r"worse\w*", r"more\s+(?:often|frequent)", r"at\s+rest", r"unstable", r"new", r"severe")


def excluded_or_stable(msg: Message) -> bool:
    """Already assessed and excluded, known and stable, or musculoskeletal."""
    t = msg.text
    young = msg.patient.age_years is not None and msg.patient.age_years < 40
    return bool(
        EXCLUDED_BY_TESTS.search(t)
        or MUSCULOSKELETAL.search(t)
        or (LAY_MUSCULOSKELETAL.search(t) and young)
        or (STABLE_CHRONIC.search(t) and not WORSENING.search(t))
    )


def recovered_after_usual_episode(msg: Message) -> bool:
    """A known person's usual episode with full recovery ("one of his usual seizures ... back
    to normal")."""
    return bool(RECOVERED.search(msg.text) and USUAL_EPISODE.search(msg.text))


def hypo_treated_and_recovered(msg: Message) -> bool:
    """A hypo treated with sugar and now normal (a later reading >= 4, or feeling normal)."""
    t = msg.text
    if not TREATED_HYPO.search(t):
        return False
    later = _GLUCOSE_NOW.search(t)
    if later and float(later.group(1)) >= 4.0:
        return True
    return RECOVERED.search(t) is not None


WELL = compile_terms(
    r"(?:feel|feels|feeling|otherwise|i'm|he's|she's)\s+(?:[\w']+\s+)?(?:well|fine|ok|okay)",
    r"no\s+(?:dizziness|dizzy|light-?headed\w*)",
    r"(?:eating|drinking)\s+(?:and\s+(?:eating|drinking)\s+)?(?:normally|fine|ok|as\s+usual)",
)
WELL_OR_BETTER = compile_terms(
    r"(?:is|are|seems?|feels?|looks?)\s+(?:[\w']+\s+)?(?:well|better|fine|ok|okay|much\s+better)",
    r"(?:back\s+to\s+normal|improving|on\s+the\s+mend)",
)
ALREADY_PASSED = compile_terms(
    r"yesterday", r"(?:\d+|two|three|a\s+few)\s+days\s+ago", r"last\s+(?:night|week)",
)
ALREADY_TREATED = compile_terms(
    r"(?:on|started|taking|been\s+on|had)\s+(?:[\w']+\s+){0,2}(?:antibiotics|antivirals|treatment)"
    r"\s+(?:for|since)\s+(?:\d+|a\s+few|two|three|four|five)\s+days",
    r"already\s+(?:seen|treated|diagnosed|on\s+antibiotics)",
)
HEALED = compile_terms(
    r"healed(?:\s+(?:up|fine|well|nicely))?", r"cleared\s+up", r"(?:all\s+)?gone\s+now",
    r"(?:fully\s+)?better\s+now",
)
TREATMENT_QUESTION = compile_terms(
    r"which\s+(?:antibiotic|medicine|drug|tablet|cream|dose)",
    r"what\s+(?:antibiotic|medicine|drug|dose|cream)",
    r"is\s+(?:it\s+)?safe\s+(?:to\s+(?:take|give|use)|for)",
)


def longstanding(msg: Message) -> bool:
    """A symptom present for months or years and unchanged."""
    return STABLE_CHRONIC.search(msg.text) is not None and not WORSENING.search(msg.text)


def small_bleed_from_known_piles(msg: Message) -> bool:
    """A little bright red blood with known piles in someone who feels well."""
    t = msg.text
    return bool(SMALL_BLEED_PILES.search(t) and SMALL_AMOUNT.search(t) and WELL.search(t))
