"""Blood results that change triage, parsed out of free text: potassium, sodium, lactate,
calcium (adjusted / corrected / ionised as written) and a lithium level.

Handles "K+ 7.4", "K 6.9 mmol/L", "potassium of 2.3", "Na 118", "sodium is 121",
"lactate 4.6", "lac 5". Values outside what a laboratory can report are ignored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_SEP = (
    r"(?:\s*(?:of|is|was|=|:|at|now|only|level|levels|\+|'s|came\s+back|come\s+back|back|as|"
    r"results?|reading))*\s*"
)
_VALUE = (
    r"(\d{1,3}(?:[.,]\d+)?)(?!\d)(?![.,]\d)(?!\s*(?:%|/|(?:mg|mcg|micrograms?|g|kg|ml|cm|mm|units?|"
    r"years?|yrs?|weeks?|days?|hours?|hrs?|mins?|x|steps)\b))"
)
# not "vitamin K 10", "lac 5 cm" (laceration) - the unit guard above covers the second
_POTASSIUM = re.compile(
    r"(?<![\w/])(?<!vitamin\s)(?:k\+?|potassium|serum\s+k)" + _SEP + _VALUE, re.I
)
_SODIUM = re.compile(r"(?<![\w/])(?:na\+?|sodium|serum\s+na)" + _SEP + _VALUE, re.I)
_LACTATE = re.compile(r"(?<![\w/])(?:lactate|lac|lactic\s+acid)" + _SEP + _VALUE, re.I)
_CALCIUM = re.compile(
    r"(?<![\w/])(?:(?:adj(?:usted)?\.?|corr(?:ected)?\.?|serum|ionised|ionized)\s+)?(?:ca(?:2\+|\+\+)?|calcium)"
    + _SEP + _VALUE,
    re.I,
)
# a level of something else ("sugar level 3.2", "pain level 7") is never a lithium level
_OTHER_LEVEL = "".join(
    rf"(?<!{w}\s)"
    for w in ("sugar", "glucose", "iron", "vitamin", "b12", "d", "calcium", "potassium", "sodium",
              "oxygen", "sats", "pain", "thyroid", "tsh", "hb", "energy", "stress", "alcohol",
              "ferritin", "cholesterol", "ketone", "ketones", "bm", "hba1c", "drug", "digoxin",
              "valproate", "phenytoin", "carbamazepine", "paracetamol", "noise", "water", "a1c")
)
# "lithium level 2.8", "Li 2.1", and "on lithium ... her level came back at 2.8"
_LITHIUM = re.compile(
    r"(?<![\w/])(?:li\+?|lithium(?:\s+(?:level|levels|conc\w*))?|(?:(?:her|his|my|the|a|their)\s+)?"
    r"(?:(?:blood|serum|latest|new|repeat)\s+)?" + _OTHER_LEVEL + r"levels?(?:\s+(?:from|taken)\s+(?:[\w']+\s+){0,3}?"
    r"(?:this\s+)?(?:morning|today|yesterday|afternoon|earlier|last\s+night))?)"
    + _SEP + _VALUE,
    re.I,
)
_ON_LITHIUM = re.compile(r"(?<!\w)(?:lithium|priadel|camcolit|liskonum)(?!\w)", re.I)


@dataclass
class Labs:
    """What was written (``None`` = not given); ``spans`` records the text each came from."""

    potassium: float | None = None  # mmol/L
    sodium: float | None = None  # mmol/L
    lactate: float | None = None  # mmol/L
    calcium: float | None = None  # mmol/L (adjusted when the writer says so)
    lithium: float | None = None  # mmol/L, only when lithium is named in the message
    spans: dict[str, str] = field(default_factory=dict)


def _latest(rx: re.Pattern[str], text: str, low: float, high: float) -> tuple[float, str] | None:
    """The last plausible value written (notes list results oldest first: "K 7.1 -> 5.2")."""
    found = None
    for m in rx.finditer(text):
        value = float(m.group(1).replace(",", "."))
        if low <= value <= high:
            found = value, m.group(0)
    return found


# A value written as the past and now normal ("K was 6.8 last year, it's normal now").
_PAST = re.compile(
    r"(?<!\w)(?:last\s+(?:year|month|time|summer|winter)|(?:some|many|a\s+few|\d+|two|three)?\s*"
    r"(?:years|months)\s+ago|back\s+in\s+(?:19|20)\d\d|in\s+hospital\s+(?:last|before))(?!\w)"
)
_NORMAL_NOW = re.compile(
    r"(?<!\w)(?:(?:is|it's|its|are|been|now|back\s+to)\s+normal(?:\s+now)?|normal\s+(?:now|since)|"
    r"fine\s+(?:now|since)|(?:has\s+been|is)\s+(?:fine|ok|okay)\s+since)(?!\w)"
)


def past_result(text: str) -> bool:
    """True when the values written are the past and said to be normal now."""
    return bool(_PAST.search(text) and _NORMAL_NOW.search(text))


def parse_labs(text: str) -> Labs:
    labs = Labs()
    if past_result(text):
        return labs
    for name, rx, low, high in (
        ("potassium", _POTASSIUM, 1.0, 10.0),
        ("sodium", _SODIUM, 95.0, 185.0),
        ("lactate", _LACTATE, 0.1, 30.0),
        ("calcium", _CALCIUM, 1.0, 5.0),
        ("lithium", _LITHIUM, 0.1, 6.0),
    ):
        if name == "lithium" and not _ON_LITHIUM.search(text):
            continue  # "her level" means a lithium level only when lithium is named
        found = _latest(rx, text, low, high)
        if found is not None:
            setattr(labs, name, found[0])
            labs.spans[name] = found[1]
    return labs
