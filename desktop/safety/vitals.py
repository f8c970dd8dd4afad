"""Vital signs and patient details parsed out of free text (units, ranges, shorthand).

Handles "BP 82/45", "blood pressure 90 over 60", "sys 85", "HR 130", "pulse of 44 bpm",
"RR 28", "resp rate 30/min", "SpO2 88% on RA", "sats 91 on 4L", "T 39.4", "temp 102.5F",
"38,6°C", "GCS 12" / "E3V4M5", "BM 2.1", "glucose 450 mg/dL", and ranges ("HR 120-140": the
worse end). Values outside physiological limits are ignored rather than guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Words between a label and its value; several may follow one another ("pulse is only 32",
# "sats are down to 88"), each with its own spacing.
_SEP = r"(?:\s*(?:of|is|was|were|are|=|:|at|@|-|~|around|about|approx\.?|reading|measured|now|"
_SEP += r"only|just|still|showing|shows|says|said|reads|down\s+to|up\s+to|dropped\s+to|"
_SEP += r"dropping\s+to|fell\s+to|rose\s+to|increased\s+to|decreased\s+to|to|has\s+been|have\s+been|"
_SEP += r"been|running(?:\s+at)?|sitting\s+at|staying|between))*\s*"
_NUM = r"(\d{1,3}(?:[.,]\d+)?)"
_RANGE = _NUM + r"(?:\s*(?:-|–|to)\s*" + _NUM + r")?"


def _rx(label: str, tail: str = "") -> re.Pattern[str]:
    return re.compile(r"(?<![\w/])(?:" + label + r")" + _SEP + _RANGE + tail, re.IGNORECASE)


_BP = re.compile(
    r"(?<![\w/])(?:bp|b/p|nibp|abp|blood\s+pressure|blood\s+pressures|pressure|bps)"
    + _SEP
    + r"(\d{2,3})\s*(?:/|over|\\)\s*(\d{2,3})",
    re.IGNORECASE,
)
# "BP machine said 160/105", "blood pressure at the pharmacy was 150/95": a few words between
_BP_NEAR = re.compile(
    r"(?<![\w/])(?:bp|b/p|blood\s+pressure)(?:\s+[a-z']+){1,4}\s+(\d{2,3})\s*(?:/|over)\s*(\d{2,3})"
    r"(?![\d/])",
    re.IGNORECASE,
)
_BP_BARE = re.compile(r"(?<![\w/.])(\d{2,3})\s*/\s*(\d{2,3})\s*(?:mm\s*hg|mmhg)", re.IGNORECASE)
_SBP = _rx(r"sbp|systolic(?:\s+(?:bp|blood\s+pressure|pressure))?|sys")
_HR = _rx(
    r"hr|heart\s+rate|heart\s+rates|pulse(?:\s+rate)?|pulse\s+ox\s+hr|p\.|pr(?=\s*\d{2,3}\s*bpm)|"
    r"tachy(?:cardic|cardia)?|brady(?:cardic|cardia)?|hrt\s+rate|heart\s+beat|heartbeat|"
    r"ventricular\s+rate|rate|bpm",
    r"(?!\s*(?:/|%|mm|kg|mg|min\s+walk))",
)
_HR_SUFFIX = re.compile(r"(?<![\w/.])(\d{2,3})\s*(?:bpm|beats\s*(?:per|/|a)\s*min\w*)", re.I)
_RR = _rx(
    r"rr|resp(?:iratory)?\.?(?:\s+rate)?|resps|respirations|breathing\s+rate|breaths|"
    r"respiration\s+rate|rest\s+rate",
    r"(?!\s*(?:/\s*\d|%|mm|kg))",
)
_RR_SUFFIX = re.compile(
    r"(?<![\w/.])(\d{1,2})\s*(?:breaths?\s*(?:per|/|a)\s*min\w*|/min\s+(?:breaths|resp))", re.I
)
_SPO2 = _rx(
    r"spo2|sp02|spo₂|sao2|o2\s+sats?|o2\s+saturation|sats?|saturations?|saturating|"
    r"sating|oxygen\s+sat\w*|oxygen\s+level|o2\s+level|o2|pulse\s+ox\w*|oximetry|ox\s+sat",
    r"\s*%?",
)
_SPO2_SUFFIX = re.compile(
    r"(?<![\w/.])(\d{2,3})\s*%\s*(?:on|in)\s*(?:ra|room\s+air|air|\d+\s*l|o2|oxygen|nc|nrb)",
    re.I,
)
_O2 = re.compile(
    r"(?<!\w)(?:on|with|receiving|requiring|needs?|needing)\s+(?:\d+(?:\.\d+)?\s*(?:l|litres?|"
    r"liters?|lpm)(?:/min)?(?:\s+(?:of\s+)?(?:o2|oxygen))?|o2|oxygen|supplemental\s+o2|"
    r"high[\s-]flow|nasal\s+(?:cannula|specs|prongs)|nc|nrb|non[\s-]?rebreather|venturi|"
    r"\d+\s*%\s*(?:fio2|o2|venturi)|cpap|bipap|niv)",
    re.I,
)
_TEMP = _rx(
    r"t|temp|temperature|tmax|t\s*max|febrile|pyrexial|pyrexia|fever|spiking|spiked|"
    r"temps|core\s+temp|thermometer\s+(?:says|said|reads|read|showed|shows)|temp\s+up\s+to",
    r"\s*(°|º|˚|deg(?:rees?)?\.?)?\s*(c|f|celsius|fahrenheit|centigrade)?(?![a-z])",
)
_TEMP_SUFFIX = re.compile(
    r"(?<![\w/.])(\d{2,3}(?:[.,]\d+)?)\s*(?:°|º|˚|deg(?:rees?)?\.?)\s*(c|f|celsius|fahrenheit)?"
    r"|(?<![\w/.])(\d{2,3}[.,]\d)\s*(c|f)(?![a-z])",
    re.I,
)
_GCS = re.compile(
    r"(?<!\w)(?:gcs|glasgow(?:\s+coma\s+(?:scale|score))?)" + _SEP + r"(\d{1,2})", re.I
)
_GCS_EVM = re.compile(r"(?<!\w)e\s*([1-4])\s*,?\s*v\s*([1-5t])\s*,?\s*m\s*([1-6])(?!\w)", re.I)
_GLUCOSE = re.compile(
    r"(?<![\w/])(?:glucose|blood\s+sugars?|sugars?|bms?|bgs?|cbg|gluc|blood\s+glucose|"
    r"fingerstick|finger[\s-]prick|fsbg|rbs|bsl|glucometer|cbg|(?:meter|monitor|libre|sensor|cgm|"
    r"dexcom|reader)\s+(?:says|said|reads|read|shows|showed|is|was))(?:'s)?\s*(?:level|reading)?"
    + _SEP
    + r"(\d{1,4}(?:[.,]\d+)?)\s*(mmol(?:/l)?|mg\s*/?\s*dl|mg)?",
    re.I,
)
_GLUCOSE_OFF_SCALE = re.compile(
    r"(?<![\w/])(?:glucose|blood\s+sugars?|sugars?|bms?|cbg|glucometer|(?:sugar\s+|glucose\s+)?"
    r"(?:meter|monitor|libre|sensor|cgm|dexcom|reader))\s+(?:level\s+|reading\s+)?(?:says|said|"
    r"reads|read|shows|showed|is|was|just\s+says|only\s+says|:)?\s*['\"]?(hi|high|lo|low)['\"]?"
    r"(?=\s*(?:$|[,.;!?)]|and\b|on\b))",
    re.I,
)
_AGE_YEARS = re.compile(
    r"(?<![\w.])(\d{1,3})\s*(?:-|\s)?\s*(?:years?|yrs?|yo|y/o|y\.o\.|y)(?:\s*(?:-|\s)?\s*old)?"
    r"(?=[\s,.;:)]|$|m\b|f\b|male|female|man|woman|boy|girl)"
    r"|(?:aged?|age)\s*(?::|of|is)?\s*(\d{1,3})(?!\s*(?:months?|weeks?|days?|mo|wks?))"
    # "he's 3", "she is only 4 and ..."
    r"|(?<!\w)(?:he's|she's|he\s+is|she\s+is|they're|who's|who\s+is|i'm|i\s+am|(?:mum|mom|dad|"
    r"mother|father|husband|wife|partner|nan|gran|grandma|grandad|granddad|grandpa)(?:'s|\s+is))\s+"
    r"(?:only\s+|just\s+|now\s+)?"
    r"(\d{1,2})(?=\s*(?:$|[,.;!?)]|and\b|years?\b|yrs?\b))",
    re.I,
)
_AGE_YOUNG = re.compile(
    r"(?<![\w.])(\d{1,3})\s*(?:-|\s)?\s*(months?|mo|mths?|weeks?|wks?|days?)\s*(?:-|\s)?\s*old"
    r"|(?:aged?|age)\s*(?::|of|is)?\s*(\d{1,3})\s*(months?|mo|mths?|weeks?|wks?|days?)"
    # "my baby is 5 weeks", "he's only 10 days" (not "... weeks ago" or "... weeks pregnant")
    r"|(?:baby|infant|newborn|son|daughter|child|little\s+one|he|she)\s*(?:'s|\s+is)\s+(?:only\s+|"
    r"just\s+)?(\d{1,2})\s*(months?|mo|mths?|weeks?|wks?|days?)(?!\s*(?:ago|pregnant|gestation|"
    r"along|later|since|of|post|after))",
    re.I,
)
_AGE_SLASH = re.compile(r"(?<![\w./])(\d{1,2})\s*/\s*(52|12)(?![\d/])")  # 3/52 = 3 weeks
_BARE_TEMP = re.compile(r"(?<![\d.,/])(3[4-9]|4[0-2])[.,](\d)(?![\d.])")
_TEMP_CONTEXT = re.compile(r"(?<!\w)(?:temp\w*|fever\w*|febrile|hot|thermometer|pyrex\w*)(?!\w)")
_AGE_SEX = re.compile(r"(?<![\w.])(\d{1,3})\s*(m|f)(?![\w])", re.I)
_MALE = re.compile(
    r"(?<!\w)(?:male|man|boy|gentleman|men|he|him|his|father|husband|son|brother|grandfather|"
    r"(?<![\d.])\d+\s*m|mr|testic\w*|scrot\w*|prostat\w*)(?!\w)",
    re.I,
)
_FEMALE = re.compile(
    r"(?<!\w)(?:female|woman|women|girl|lady|she|her|hers|mother|wife|daughter|sister|"
    r"grandmother|(?<![\d.])\d+\s*f|mrs|ms|miss|pregnan\w*|ovar\w*|uter\w*|vagin\w*|period|periods)(?!\w)",
    re.I,
)
_INFANT_WORDS = re.compile(r"(?<!\w)(?:newborn|new-born|neonat\w*|newborns)(?!\w)", re.I)
_CHILD_WORDS = re.compile(
    r"(?<!\w)(?:infant|baby|toddler|child|kid|son|daughter|boy|girl|paed\w*|pediatric|grandson|"
    r"granddaughter|grandchild\w*|grandkids?|preschooler|nursery)(?!\w)",
    re.I,
)


@dataclass
class Vitals:
    """What was written (``None`` = not given). ``spans`` records the text each came from."""

    sbp: int | None = None
    dbp: int | None = None
    hr: int | None = None
    rr: int | None = None
    spo2: int | None = None
    on_oxygen: bool = False
    temp_c: float | None = None
    gcs: int | None = None
    glucose_mmol: float | None = None
    spans: dict[str, str] = field(default_factory=dict)

    def describe(self) -> str:
        """The values written, as text ("heart rate 32, SpO2 85%")."""
        names = {
            "sbp": "systolic BP",
            "hr": "heart rate",
            "rr": "respiratory rate",
            "spo2": "SpO2",
            "temp_c": "temperature",
            "gcs": "GCS",
        }
        unit = {"spo2": "%", "temp_c": " °C"}
        return ", ".join(f"{names[k]} {getattr(self, k):g}{unit.get(k, '')}" for k in self.given())

    def given(self) -> list[str]:
        return [
            k for k in ("sbp", "hr", "rr", "spo2", "temp_c", "gcs") if getattr(self, k) is not None
        ]


@dataclass
class Patient:
    age_years: float | None = None
    sex: str | None = None  # "male" | "female" | None
    child: bool = False  # described as a child, infant or baby
    age_text: str = ""


def _num(s: str | None) -> float | None:
    if s is None:
        return None
    try:
        return float(s.replace(",", "."))
    except ValueError:
        return None


def _worst(a: float | None, b: float | None, low_is_bad: bool) -> float | None:
    if b is None:
        return a
    if a is None:
        return b
    return min(a, b) if low_is_bad else max(a, b)


def parse_vitals(text: str) -> Vitals:
    """Vitals in ``text`` (lower-cased). First plausible value of each kind wins."""
    v = Vitals()
    for m in list(_BP.finditer(text)) + list(_BP_BARE.finditer(text)) + list(
        _BP_NEAR.finditer(text)
    ):
        s, d = int(m.group(1)), int(m.group(2))
        if 40 <= s <= 300 and 20 <= d <= 200 and s > d:
            v.sbp, v.dbp, v.spans["bp"] = s, d, m.group(0)
            break
    if v.sbp is None:
        for m in _SBP.finditer(text):
            s = _worst(_num(m.group(1)), _num(m.group(2)), low_is_bad=True)
            if s is not None and 40 <= s <= 300:
                v.sbp, v.spans["bp"] = int(s), m.group(0)
                break
    for m in list(_HR.finditer(text)) + list(_HR_SUFFIX.finditer(text)):
        groups = m.groups()
        a, b = _num(groups[0]), _num(groups[1]) if len(groups) > 1 else None
        hr = _worst(a, b, low_is_bad=False)
        if hr is not None and a is not None and a < 45 and b is None:
            hr = a
        if hr is not None and 20 <= hr <= 260 and float(hr).is_integer():
            v.hr, v.spans["hr"] = int(hr), m.group(0)
            break
    for m in list(_RR.finditer(text)) + list(_RR_SUFFIX.finditer(text)):
        groups = m.groups()
        a, b = _num(groups[0]), _num(groups[1]) if len(groups) > 1 else None
        rr = _worst(a, b, low_is_bad=False)
        if rr is not None and a is not None and a <= 10 and b is None:
            rr = a
        if rr is not None and 2 <= rr <= 80 and float(rr).is_integer():
            v.rr, v.spans["rr"] = int(rr), m.group(0)
            break
    for m in list(_SPO2.finditer(text)) + list(_SPO2_SUFFIX.finditer(text)):
        groups = m.groups()
        sat = _worst(_num(groups[0]), _num(groups[1]) if len(groups) > 1 else None, True)
        if sat is not None and 50 <= sat <= 100:
            v.spo2, v.spans["spo2"] = int(sat), m.group(0)
            break
    o2 = _O2.search(text)
    if o2 and not re.match(r"\w+\s+(?:ra|room\s+air|air)\b", o2.group(0)):
        v.on_oxygen, v.spans["oxygen"] = True, o2.group(0)
    for m in _TEMP.finditer(text):
        t = _worst(_num(m.group(1)), _num(m.group(2)), low_is_bad=False)
        c = _to_celsius(t, m.group(4))
        if c is not None:
            v.temp_c, v.spans["temp"] = c, m.group(0)
            break
    if v.temp_c is None:
        for m in _TEMP_SUFFIX.finditer(text):
            t = _num(m.group(1) or m.group(3))
            c = _to_celsius(t, m.group(2) or m.group(4))
            if c is not None:
                v.temp_c, v.spans["temp"] = c, m.group(0)
                break
    if v.temp_c is None and _TEMP_CONTEXT.search(text):
        m = _BARE_TEMP.search(text)
        if m:
            v.temp_c, v.spans["temp"] = float(f"{m.group(1)}.{m.group(2)}"), m.group(0)
    m_evm = _GCS_EVM.search(text)
    if m_evm:
        verbal = 1 if m_evm.group(2).lower() == "t" else int(m_evm.group(2))
        v.gcs, v.spans["gcs"] = int(m_evm.group(1)) + verbal + int(m_evm.group(3)), m_evm.group(0)
    else:
        for m in _GCS.finditer(text):
            g = int(m.group(1))
            if 3 <= g <= 15:
                v.gcs, v.spans["gcs"] = g, m.group(0)
                break
    for m in _GLUCOSE.finditer(text):
        g = _num(m.group(1))
        unit = (m.group(2) or "").lower()
        if g is None:
            continue
        if unit.startswith("mg") or (not unit.startswith("mmol") and g > 40):
            g = g / 18.0
        if 0.5 <= g <= 120:
            v.glucose_mmol, v.spans["glucose"] = round(g, 1), m.group(0)
            break
    if v.glucose_mmol is None:
        # meters show "HI" above their range (33.3 mmol/L, 600 mg/dL) and "LO" below ~1.1
        m = _GLUCOSE_OFF_SCALE.search(text)
        if m:
            v.glucose_mmol = 33.3 if m.group(1).startswith("hi") else 1.1
            v.spans["glucose"] = m.group(0)
    return v


def _to_celsius(value: float | None, unit: str | None) -> float | None:
    if value is None:
        return None
    u = (unit or "").lower()
    if u.startswith("f") or (not u.startswith("c") and 89 <= value <= 113):
        value = (value - 32) * 5 / 9
    if 25.0 <= value <= 45.0:
        return round(value, 1)
    return None


_UNIT_YEARS = {"y": 1.0, "m": 1 / 12, "w": 1 / 52, "d": 1 / 365}


def parse_patient(text: str) -> Patient:
    """Age, sex and whether a child is described (from the first age mentioned)."""
    p = Patient()
    hits = [(m.start(), "years", m) for m in [_AGE_YEARS.search(text)] if m]
    hits += [(m.start(), "young", m) for m in [_AGE_YOUNG.search(text)] if m]
    hits += [(m.start(), "sex", m) for m in [_AGE_SEX.search(text)] if m]
    hits += [(m.start(), "slash", m) for m in [_AGE_SLASH.search(text)] if m]
    if hits:
        _, kind, m = min(hits, key=lambda h: h[0])
        if kind == "years":
            p.age_years = float(m.group(1) or m.group(2) or m.group(3))
        elif kind == "young":
            n = int(m.group(1) or m.group(3) or m.group(5))
            unit = (m.group(2) or m.group(4) or m.group(6)).lower()
            key = "m" if unit.startswith(("mo", "mth")) else unit[0]
            p.age_years = n * _UNIT_YEARS[key]
        elif kind == "slash":
            p.age_years = int(m.group(1)) / int(m.group(2))
        else:
            p.age_years = float(m.group(1))
            p.sex = "male" if m.group(2).lower() == "m" else "female"
        p.age_text = m.group(0).strip()
    if p.age_years is not None and p.age_years > 120:
        p.age_years, p.age_text = None, ""
    if p.sex is None:
        male = len(_MALE.findall(text))
        female = len(_FEMALE.findall(text))
        if male or female:
            p.sex = "male" if male > female else "female" if female > male else None
    if _INFANT_WORDS.search(text) and p.age_years is None:
        p.age_years = 0.05
    p.child = bool(_CHILD_WORDS.search(text) or _INFANT_WORDS.search(text)) or (
        p.age_years is not None and p.age_years < 16
    )
    return p
