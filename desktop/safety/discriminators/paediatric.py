"""Children: fever under 3 months (NICE NG143 red), dehydration (NICE CG84 red flags)."""

from __future__ import annotations

import re

from desktop.safety.discriminators.base import (
    CALL,
    Discriminator,
    Hit,
    emergency,
    register,
    urgent,
)
from desktop.safety.message import Message

_MOTHERS_BREAST = re.compile(
    r"(?<!\w)(?:(?:one\s+of\s+)?my\s+(?:left\s+|right\s+)?(?:breasts?|nipples?)|mastitis)(?!\w)"
)
_BABY_HOT = re.compile(
    r"(?<!\w)(?:baby|he|she|son|daughter)(?:'s|\s+is|\s+has|\s+feels)\s+(?:[\w']+\s+)?(?:hot|a\s+temp\w*|"
    r"temp\w*|fever\w*|feverish|burning\s+up)(?!\w)"
)


@register
class InfantFever(Discriminator):
    kind = "infant_fever"
    label = "Fever in a baby under 3 months"
    advice = (
        "A baby under 3 months with a temperature of 38 °C or more needs to be seen urgently "
        f"in hospital: go to the emergency department now, or {CALL} if floppy, hard to wake, "
        "breathing fast or not feeding."
    )
    urgent_advice = (
        "A baby aged 3-6 months with a temperature of 39 °C or more should be seen by a doctor "
        "today."
    )

    def evaluate(self, msg: Message) -> Hit | None:
        age = msg.patient.age_years
        if age is None:
            return None
        v = msg.vitals
        fever = msg.find("fever")
        hot = v.temp_c is not None and v.temp_c >= 38.0
        temp = (f"temperature {v.temp_c:g} °C",) if v.temp_c is not None else ()
        low = v.temp_c is not None and v.temp_c < 36.0
        if _MOTHERS_BREAST.search(msg.text) and not _BABY_HOT.search(msg.text):
            return None  # the feeding mother's breast and temperature (mastitis), not the baby's
        if age < 0.25 and (hot or low or (fever and v.temp_c is None)):
            return emergency(fever, extra=(f"age {msg.patient.age_text or 'newborn'}",) + temp)
        if age < 0.5 and v.temp_c is not None and v.temp_c >= 39.0:
            return urgent(fever, extra=(f"age {msg.patient.age_text}",) + temp)
        return None


@register
class ChildDehydration(Discriminator):
    """Vomiting or diarrhoea in a child with red-flag signs (no urine, sunken eyes, lethargy)."""

    kind = "paediatric_dehydration"
    label = "Possible severe dehydration in a child"
    advice = (
        "A child with vomiting or diarrhoea who is floppy, very sleepy, has sunken eyes or "
        f"has not passed urine for 12 hours or more needs to be seen now: {CALL} or go to the "
        "emergency department. Keep offering small sips of fluid (oral rehydration solution)."
    )
    urgent_advice = (
        "A child who is not keeping fluids down should be seen today; offer small frequent sips "
        "of oral rehydration solution and watch for fewer wet nappies, sunken eyes or drowsiness."
    )

    def evaluate(self, msg: Message) -> Hit | None:
        if not msg.patient.child:
            return None
        sign = msg.find("dehydration_severe")
        gi = msg.find("vomiting", "diarrhoea")
        if sign and (gi or "nappies" in sign.text or "diaper" in sign.text or "urine" in msg.text):
            return emergency(sign, gi)
        if sign and msg.find("fever"):
            return emergency(sign, msg.find("fever"))
        return None
