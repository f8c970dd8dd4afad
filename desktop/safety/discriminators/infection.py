"""Sepsis (NICE NG51 high-risk criteria, qSOFA, NEWS2), meningitis, early-warning vitals."""

from __future__ import annotations

import re

from desktop.safety.discriminators.base import (
    CALL,
    Discriminator,
    Hit,
    Level,
    emergency,
    register,
    urgent,
    why,
)
from desktop.safety.message import Message


def _high_risk_vitals(msg: Message) -> list[str]:
    """NICE NG51 high-risk criteria that can be read from vitals."""
    v, out = msg.vitals, []
    if v.sbp is not None and v.sbp <= 90:
        out.append(f"systolic BP {v.sbp} (<= 90)")
    if v.hr is not None and v.hr > 130:
        out.append(f"heart rate {v.hr} (> 130)")
    if v.rr is not None and v.rr >= 25:
        out.append(f"respiratory rate {v.rr} (>= 25)")
    if v.spo2 is not None and v.spo2 < 92 and not v.on_oxygen:
        out.append(f"SpO2 {v.spo2}% (< 92)")
    if v.gcs is not None and v.gcs < 15:
        out.append(f"GCS {v.gcs}")
    return out


@register
class Sepsis(Discriminator):
    kind = "sepsis"
    label = "Possible sepsis"
    advice = (
        "These can be signs of sepsis, which needs antibiotics within the hour: "
        f"{CALL} or go to an emergency department now."
    )
    urgent_advice = (
        "Infection with abnormal observations needs a face-to-face assessment today; if the "
        f"person becomes confused, very drowsy, mottled, breathless or stops passing urine, {CALL}."
    )

    def evaluate(self, msg: Message) -> Hit | None:
        named = msg.find("sepsis_named")
        if named:
            return emergency(named)
        infection = msg.find("fever", "infection")
        v = msg.vitals
        temp_bad = v.temp_c is not None and (v.temp_c >= 38.0 or v.temp_c < 36.0)
        if infection is None and not temp_bad:
            return None
        temp = (f"temperature {v.temp_c:g} °C",) if temp_bad else ()
        immuno = msg.find("immunosuppressed")
        febrile = msg.find("fever") or (v.temp_c is not None and v.temp_c >= 37.5)
        if immuno and febrile:  # NICE NG151: suspected neutropenic sepsis is an emergency
            return emergency(immuno, msg.find("fever"), extra=temp)
        severe = msg.find("shock_signs", "confusion", "unresponsive", "non_blanching_rash")
        high = _high_risk_vitals(msg)
        q, n = msg.qsofa, msg.news2
        scores = []
        if q.total >= 2:
            scores.append(q.describe())
        if n.total >= 7 or n.max_single >= 3:
            scores.append(n.describe())
        if severe or high or scores:
            return emergency(infection, severe, extra=temp + tuple(high) + tuple(scores))
        tachy = msg.find("tachypnoea")
        if tachy:
            return urgent(infection, tachy, extra=temp)
        if n.total >= 5 or (n.total >= 3 and len(n.missing) <= 3):
            return urgent(infection, extra=temp + (n.describe(),))
        return None


@register
class Meningitis(Discriminator):
    """Non-blanching rash; or neck stiffness/photophobia with fever, headache or vomiting."""

    kind = "meningitis"
    label = "Possible meningitis or meningococcal disease"
    advice = (
        f"These can be signs of meningitis or meningococcal sepsis: {CALL}. Do not wait for a "
        "rash; a rash that does not fade under a pressed glass is an emergency."
    )

    def evaluate(self, msg: Message) -> Hit | None:
        rash = msg.find("non_blanching_rash")
        if rash:
            return emergency(rash, msg.find("fever"))
        named = msg.find("meningitis_named")
        if named:
            return emergency(named)
        stiff = msg.find("meningism")
        if stiff:
            other = msg.find("fever", "headache", "vomiting", "confusion", "seizure")
            temp = msg.vitals.temp_c
            if other or (temp is not None and temp >= 38):
                return emergency(stiff, other)
        return None


@register
class CriticalVitals(Discriminator):
    """NEWS2 >= 7 (emergency response); 5-6 or a single red parameter (urgent review)."""

    kind = "critical_vitals"
    label = "Dangerously abnormal observations (NEWS2)"
    advice = (
        f"These observations score high on NEWS2 (high clinical risk): {CALL} or get an "
        "emergency (critical-care) assessment now."
    )
    urgent_advice = (
        "These observations score medium on NEWS2: the person needs an urgent clinical review "
        "today (within the hour in hospital); repeat observations at least hourly."
    )

    def evaluate(self, msg: Message) -> Hit | None:
        if msg.patient.age_years is not None and msg.patient.age_years < 16:
            return None  # NEWS2 is validated for adults only
        v = msg.vitals
        if len(v.given()) == 1:
            # one value written ("my pulse is 32"): an extreme value with a symptom of poor
            # perfusion is enough (Manchester 'shock' / 'significant bradycardia')
            symptom = msg.find("haemodynamic_compromise", "confusion", "unresponsive", "chest_pain")
            extreme_one = (
                (v.sbp is not None and v.sbp < 80)
                or (v.spo2 is not None and v.spo2 < 88 and not v.on_oxygen)
                or (v.hr is not None and (v.hr >= 150 or v.hr <= 40))
                or (v.rr is not None and (v.rr >= 30 or v.rr <= 8))
            )
            if extreme_one and symptom:
                return emergency(symptom, extra=("an extreme single value: " + v.describe(),))
            return None
        if len(v.given()) < 2:
            return None
        n = msg.news2
        if n.total >= 7:
            return Hit(Level.EMERGENCY, (n.describe(),))
        v = msg.vitals
        extreme = (
            (v.sbp is not None and v.sbp < 80)
            or (v.spo2 is not None and v.spo2 < 88)
            or (v.rr is not None and (v.rr >= 30 or v.rr <= 8))
            or (v.hr is not None and (v.hr >= 150 or v.hr <= 35))
        )
        if extreme:
            return Hit(Level.EMERGENCY, (n.describe(), "an extreme single value"))
        if n.total >= 5 or n.max_single >= 3:
            return Hit(Level.URGENT, (n.describe(),) + why(msg.find("confusion")))
        return None


_SICKLE = re.compile(r"(?<!\w)(?:sickle[\s-]?cell|scd|hbss|sickler)(?!\w)")


@register
class SickleCellCrisis(Discriminator):
    """Sickle cell disease (NICE CG143): chest pain, breathlessness or fever (acute chest
    syndrome, sepsis), stroke signs or priapism are emergencies; a painful crisis is urgent."""

    kind = "sickle_cell"
    label = "Sickle cell crisis"
    advice = (
        "In sickle cell disease, chest pain, breathlessness, fever, weakness or a painful "
        f"erection lasting over 2 hours need emergency care now: {CALL} or go to hospital."
    )
    urgent_advice = (
        "A painful crisis not settling with your usual painkillers needs assessment today "
        f"(your haematology day unit or hospital); if fever, chest pain or breathlessness start, {CALL}."
    )

    def evaluate(self, msg: Message) -> Hit | None:
        if not _SICKLE.search(msg.text):
            return None
        acute = msg.find(
            "chest_pain", "wheeze_breathing", "fever", "unilateral_weakness", "face_droop"
        )
        t = msg.vitals.temp_c
        if acute or (t is not None and t >= 38.0) or "priapism" in msg.text:
            return emergency(acute, extra=("sickle cell disease",))
        if re.search(r"(?<!\w)(?:crisis|pain)", msg.text):
            return urgent(extra=("sickle cell pain crisis",))
        return None
