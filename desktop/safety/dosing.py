"""Dose questions: detect them and list the patient details a safe dose depends on."""

from __future__ import annotations

import re

from desktop.safety.matching import compile_terms, find_affirmed, sentences
from desktop.safety.vitals import Patient, parse_patient

_UNIT = r"(?:mg|mcg|µg|ug|g|grams?|milligrams?|micrograms?|units?|iu|ml|mls|mmol|tablets?|pills?|capsules?|puffs?|drops?)"

DOSE_QUESTION = compile_terms(
    r"what(?:'s|\s+is|\s+are|\s+should\s+be)?\s+(?:the\s+)?(?:\w+\s+){0,3}(?:doses?|dosages?|dosing)",
    r"(?:doses?|dosages?|dosing)\s+(?:of|for)",
    r"(?:max(?:imum)?|starting|initial|loading|maintenance|usual|recommended|correct|right|"
    r"safe|daily|paediatric|pediatric|adult|renal|iv|oral)\s+(?:doses?|dosages?|dosing)",
    r"how\s+much\s+(?:\w+\s+){1,4}(?:should|can|do|to|is|would|may|must)",
    r"how\s+much\s+(?:should|can|do|may|must|would)\s+(?:i|we|you|he|she|they)\s+"
    r"(?:give|take|prescribe|administer|use|start|inject)",
    r"how\s+much\s+\w+\s+(?:for|in|per)",
    rf"how\s+many\s+{_UNIT}",
    r"how\s+(?:often|frequently)\s+(?:should|can|do)\s+(?:i|we|you|he|she|they)\s+"
    r"(?:give|take|administer|prescribe|dose)",
    r"mg\s*/\s*kg",
    r"mg\s+per\s+(?:kg|kilo\w*)",
    r"(?:mcg|µg|ug|units?)\s*/\s*kg",
    r"dose\s+adjust\w*",
    r"(?:adjust|reduce|titrate|increase)\s+the\s+dose",
    rf"(?:can|should)\s+(?:i|we|you|he|she|they)\s+(?:give|take|prescribe|start)\s+\d+(?:\.\d+)?\s*{_UNIT}",
)

# What a dose usually depends on -> phrases showing the user already gave it.
_NUM = r"\d+(?:\.\d+)?"
_IS = r"(?:\s*(?:of|is|was|=|:|about|around|approx\.?|approximately|~))*\s*"

CONTEXT: dict[str, tuple[str, re.Pattern[str]]] = {
    "weight": (
        "body weight (kg)",
        compile_terms(
            rf"{_NUM}\s*(?:kg|kgs|kilo\w*|lbs?|pounds?|stone|st)",
            rf"weigh(?:s|ing|ed|t){_IS}{_NUM}(?:\s*(?:kg|kgs|kilo\w*|lbs?|pounds?|stone|st))?",
            rf"bmi{_IS}{_NUM}",
        ),
    ),
    "renal": (
        "kidney function (eGFR, creatinine or creatinine clearance)",
        compile_terms(
            rf"e?gfr{_IS}(?:<|>|less\s+than|under|over|above|below)?\s*{_NUM}",
            rf"(?:serum\s+)?creat(?:inine)?{_IS}{_NUM}",
            rf"cr\s*cl{_IS}(?:<|>)?\s*{_NUM}",
            r"creatinine\s+clearance\s+(?:of\s+)?(?:<|>)?\s*\d+",
            r"(?:normal|impaired|reduced|poor|good|stable)\s+(?:renal|kidney)\s+function",
            r"(?:renal|kidney)\s+function\s+(?:is\s+)?(?:normal|impaired|reduced|fine|ok)",
            r"(?:renal|kidney)\s+(?:impairment|failure|insufficiency|disease|transplant)",
            r"(?:ckd|chronic\s+kidney\s+disease)(?:\s+stage)?\s*(?:\d[ab]?|[iv]+)?",
            r"aki",
            r"acute\s+kidney\s+injury",
            r"(?:ha?emo|peritoneal\s+)?dialysis",
            r"anuric",
        ),
    ),
    "age": (
        "age",
        compile_terms(
            r"\d+\s*(?:-|\s)?\s*(?:years?|yrs?|yo|y/o|y)(?:\s*(?:-|\s)?\s*old)?",
            r"\d+\s*(?:-|\s)?\s*(?:months?|mo|weeks?|wks?|days?)\s*(?:-|\s)?\s*old",
            r"\d+\s*(?:m|f|male|female|man|woman|boy|girl)",
            r"aged?\s+\d+",
            r"age\s*(?:of|is|:)?\s*\d+",
            r"(?:neonat\w*|newborn|infant|baby|toddler|child|children|kid|teen\w*|"
            r"adolescent|adult|elderly|geriatric|paediatric|pediatric|older\s+(?:person|"
            r"patient|adult))",
        ),
    ),
    "pregnancy": (
        "pregnancy or breastfeeding status",
        compile_terms(
            r"pregnan\w*",
            r"breast[\s-]?feed\w*",
            r"lactat\w*",
            r"postpartum",
            r"trimester",
            r"gestation\w*",
            r"(?:male|man|boy|gentleman|men|he|him|his|father|husband|son)",
            r"\d+\s*(?:m|male)",
            r"post[\s-]?menopaus\w*",
        ),
    ),
}


def is_dose_question(text: str) -> bool:
    """True if ``text`` (normalised) asks for a drug dose, amount or dose adjustment."""
    return any(find_affirmed(DOSE_QUESTION, s) for s in sentences(text))


def _applies(key: str, patient: Patient) -> bool:
    """Whether detail ``key`` matters for the patient described (no pregnancy question for a
    child, a man, or someone past child-bearing age)."""
    if key != "pregnancy":
        return True
    if patient.sex == "male":
        return False
    if patient.age_years is not None and (patient.age_years < 12 or patient.age_years >= 60):
        return False
    return not (patient.child and patient.age_years is None)


def missing_dose_context(text: str) -> list[str]:
    """Human-readable names of the dose-relevant details not mentioned in ``text`` that apply
    to the patient it describes."""
    patient = parse_patient(text)
    return [
        label
        for key, (label, pattern) in CONTEXT.items()
        if _applies(key, patient) and not pattern.search(text)
    ]


def given_dose_context(text: str) -> list[str]:
    """The dose-relevant details the user did give, as written ("18 kg", "4 year old")."""
    out = []
    for key, (_label, pattern) in CONTEXT.items():
        if key == "pregnancy":
            continue
        m = pattern.search(text)
        if m:
            out.append(m.group(0).strip())
    return out
