"""Chest pain (ACS), aortic dissection / ruptured AAA, pulmonary embolism, limb ischaemia."""

from __future__ import annotations

import re

from desktop.safety import settled
from desktop.safety.context import Category
from desktop.safety.discriminators.base import (
    CALL,
    Discriminator,
    Hit,
    Level,
    emergency,
    register,
    urgent,
)
from desktop.safety.message import Message

_CARDIAC_QUALITY = re.compile(
    r"crush|squeez|heav|weight|pressure|tight|band|elephant|grip|vice|retrosternal|substernal"
)
_NOT_BACKGROUND = {Category.NEGATED, Category.FAMILY, Category.HYPOTHETICAL}
# a relative's clot given as the reason for a question about the writer's own risk
RELATIVE_CLOT = re.compile(
    r"(?<!\w)(?:mother|mum|mom|father|dad|sister|brother|aunt|auntie|uncle|gran\w*|nan|cousin|friend|"
    r"daughter|son)\s+(?:had|has\s+had|once\s+had|got)\s+(?:a\s+)?(?:dvt|clot|blood\s+clot|pe)(?!\w)"
)
_HAEMOPTYSIS = re.compile(
    # the words can stand apart: "coughed up a bit of blood", "coughing up bright red blood"
    r"ha?emoptysis|cough\w*\s+(?:up\s+)?(?:[\w']+\s+){0,5}?(?:blood|bloody)(?!\s+(?:pressure|tests?|"
    r"sugars?|results?|thinners?))|blood\s+(?:in|when\s+i\s+cough)\s*(?:my\s+)?"
    r"(?:phlegm|sputum|spit)?|blood[\s-]stained\s+(?:phlegm|sputum)"
)
_ARM_JAW = re.compile(r"arm|jaw|neck|shoulder|radiat|spread")
_SMOKER = re.compile(r"(?<!\w)(?:smok\w*|ex-?smoker|pack[\s-]years?)(?!\w)")
_SEVERE = re.compile(r"(?<!\w)(?:severe|agoni\w*|excruciating|worst|terrible|unbearable|10/10)(?!\w)")
_LASTING = re.compile(
    r"(?:for|over|last\w*|since)\s+(?:(?:about|around|nearly|almost|more\s+than|over)\s+)?"
    r"(?:(?:1[5-9]|[2-9]\d|\d{3})\s*(?:min\w*|m)|(?:an?|one|two|three|few|\d+)\s+hours?|"
    r"half\s+an\s+hour|an?\s+hour|this\s+morning|last\s+night)"
)


_PLEURITIC = re.compile(
    r"(?<!\w)(?:pleuritic|(?:when|as|if)\s+(?:i|he|she)\s+(?:breathe|breathes|take)\s+(?:in|a\s+deep)|"
    r"on\s+(?:deep\s+)?(?:breathing|inspiration)|worse\s+(?:on|with|when)\s+(?:breathing|"
    r"(?:i|he|she)\s+breathe))(?!\w)"
)
_SHARP = re.compile(r"(?<!\w)(?:sharp|stabbing|catching|knife[\s-]like)(?!\w)")


_SAID_AGE = re.compile(r"(?<!\w)(?:i'm|i\s+am|he's|she's|aged)\s+(\d{2})(?=\s*(?:,|and|\b(?:years?|yo|y/o)\b))")


def _young_pleuritic(msg: Message) -> bool:
    """Sharp pleuritic chest pain in someone under 35 who is not breathless."""
    age = msg.patient.age_years
    if age is None and (said := _SAID_AGE.search(msg.text)):
        age = float(said.group(1))
    if age is None or age >= 35 or msg.find("wheeze_breathing", "speech_breathless", "vte_risk"):
        return False
    if msg.vitals.spo2 is not None and msg.vitals.spo2 < 96:
        return False
    return bool(_PLEURITIC.search(msg.text) and _SHARP.search(msg.text))


@register
class AcuteCoronarySyndrome(Discriminator):
    """Manchester 'cardiac pain' and the NHS 999 criteria: chest pain that spreads, feels
    tight, heavy or crushing, comes with breathlessness, sweating or nausea, started suddenly
    or has lasted over 15 minutes; or ECG/troponin evidence of ACS. Other chest pain: urgent."""

    kind = "acute_coronary_syndrome"
    label = "Possible heart attack (acute coronary syndrome)"
    advice = (
        f"Chest pain like this can be a heart attack: {CALL}. Do not drive yourself. Chew "
        "300 mg aspirin if not allergic and not already advised otherwise. A 12-lead ECG is "
        "needed within 10 minutes; follow local ACS/STEMI pathways."
    )
    urgent_advice = (
        "Chest pain needs assessment today, with an ECG. If it becomes severe, lasts more than "
        f"15 minutes, spreads to the arm, jaw or back, or comes with sweating or breathlessness, {CALL}."
    )

    def evaluate(self, msg: Message) -> Hit | None:
        named = msg.find("acs_named")
        pain = msg.find("chest_pain")
        if named:
            return emergency(named, pain)
        if pain is None:
            # anginal equivalent: arm/jaw pain with nausea, sweating or breathlessness
            feats = msg.all_current("cardiac_features")
            radiating = next((f for f in feats if _ARM_JAW.search(f.text)), None)
            other = next((f for f in feats if not _ARM_JAW.search(f.text)), None)
            if radiating and other:
                return emergency(radiating, other)
            # indigestion-like or epigastric pain with sweating, greyness or breathlessness:
            # an anginal equivalent (common in diabetes, older people and women)
            atypical = msg.find("atypical_cardiac_pain")
            if atypical and (radiating or other):
                return emergency(atypical, radiating or other)
            return None
        feature = msg.find("cardiac_features", "sudden_onset")
        if feature:
            return emergency(pain, feature)
        if _CARDIAC_QUALITY.search(pain.text):
            return emergency(pain)
        if _young_pleuritic(msg) and not settled.excluded_or_stable(msg):
            # sharp one-sided pain on breathing in, young, not breathless: a small primary
            # pneumothorax (BTS 2023) or pleurisy is seen today, not as a heart attack
            return urgent(pain, extra=("sharp pain on breathing in, under 35, not breathless",))
        lasting = _LASTING.search(msg.text)
        if lasting:
            return emergency(pain, extra=(f"lasting '{lasting.group(0)}'",))
        shock = msg.find("haemodynamic_compromise", "shock_signs")
        if shock:
            return emergency(pain, shock)
        if msg.vitals.sbp is not None and msg.vitals.sbp < 90:
            return emergency(pain, extra=(f"systolic BP {msg.vitals.sbp}",))
        if settled.excluded_or_stable(msg):
            return None  # chest-wall pain, tests already normal, or stable known angina
        if re.fullmatch(r"angina\w*(?:\s+pain)?", pain.text) and not settled.WORSENING.search(
            msg.text
        ):
            return None  # a diagnosis mentioned, not a new pain
        return urgent(pain)


@register
class AorticDissection(Discriminator):
    """Aortic dissection detection risk score: abrupt, severe or tearing chest/back pain; BP
    or pulse differential between arms; or a named dissection."""

    kind = "aortic_dissection"
    label = "Possible aortic dissection"
    advice = (
        f"Sudden tearing chest or back pain can be a tear in the aorta: {CALL}. Keep the "
        "person still; do not give aspirin or blood thinners until a dissection is excluded."
    )

    def evaluate(self, msg: Message) -> Hit | None:
        named = msg.find("aortic_named")
        if (
            named
            and "aaa" not in named.text
            and "aneurysm" not in named.text
            and "pulsatile" not in named.text
        ):
            return emergency(named)
        tearing = msg.find("aortic_pain")
        pain = msg.find("chest_pain", "back_pain", "abdominal_pain")
        sudden = msg.find("sudden_onset")
        if tearing and (pain or sudden or "tear" in tearing.text or "rip" in tearing.text):
            return emergency(tearing, pain)
        return None


@register
class RupturedAneurysm(Discriminator):
    """Known or pulsatile abdominal aortic aneurysm with pain, collapse or low BP."""

    kind = "ruptured_aaa"
    flag = "aortic_dissection"
    label = "Possible leaking abdominal aortic aneurysm"
    advice = f"Pain with a known or suspected aortic aneurysm can mean it is leaking: {CALL}."

    def evaluate(self, msg: Message) -> Hit | None:
        aaa = msg.find("aortic_named")
        if aaa is None or not any(w in aaa.text for w in ("aaa", "aneurysm", "pulsatile")):
            return self._unnamed(msg)
        other = msg.find("abdominal_pain", "back_pain", "haemodynamic_compromise", "shock_signs")
        if other or "ruptur" in aaa.text:
            return emergency(aaa, other)
        if msg.vitals.sbp is not None and msg.vitals.sbp < 100:
            return emergency(aaa, extra=(f"systolic BP {msg.vitals.sbp}",))
        return None

    @staticmethod
    def _unnamed(msg: Message) -> Hit | None:
        """NICE CKS AAA: over 60 (or a smoker over 50) with sudden or severe back / abdominal
        pain and collapse or near-collapse is a rupture until proven otherwise."""
        age = msg.patient.age_years
        if age is None or age < 50 or (age < 60 and not _SMOKER.search(msg.text)):
            return None
        pain = msg.find("back_pain", "abdominal_pain")
        faint = msg.find("haemodynamic_compromise", "shock_signs")
        severe = msg.find("pain_out_of_proportion", "sudden_onset") or _SEVERE.search(msg.text)
        if pain and faint and severe:
            return emergency(pain, faint, extra=(f"age {age:g}",))
        return None


@register
class PulmonaryEmbolism(Discriminator):
    """Sudden breathlessness or pleuritic pain with a VTE risk factor, haemoptysis, hypoxia or
    tachycardia (Wells-style features); or a named suspected PE."""

    kind = "pulmonary_embolism"
    label = "Possible pulmonary embolism (clot in the lung)"
    advice = (
        f"Breathlessness or chest pain with a clot risk can be a pulmonary embolism: {CALL} "
        "or go to the emergency department now."
    )
    urgent_advice = (
        "A swollen, painful calf with a clot risk can be a deep vein thrombosis: get a same-day "
        f"assessment (scan). If breathlessness or chest pain starts, {CALL}."
    )

    def evaluate(self, msg: Message) -> Hit | None:
        named = msg.find("pe_named")
        if named:
            return emergency(named)
        breath = msg.find("wheeze_breathing", "tachypnoea")
        pleur = msg.find("pleuritic")
        risk = msg.find("vte_risk") or next(
            # a clot risk is background: "DVT last month", "surgery last month" still count
            (m for m in msg.mentions.get("vte_risk", ()) if not (m.statuses & _NOT_BACKGROUND)),
            None,
        )
        v = msg.vitals
        sign = []
        if v.spo2 is not None and v.spo2 < 94:
            sign.append(f"SpO2 {v.spo2}%")
        if v.hr is not None and v.hr > 100:
            sign.append(f"HR {v.hr}")
        haemoptysis = _HAEMOPTYSIS.search(msg.text) is not None
        if (breath or pleur) and risk:
            return emergency(breath, pleur, risk, extra=tuple(sign))
        if (breath or pleur) and haemoptysis:
            return emergency(breath, pleur, extra=("coughing up blood",))
        if pleur and sign:
            return emergency(pleur, extra=tuple(sign))
        risks = msg.all_current("vte_risk")
        leg = next(
            (r for r in risks if "calf" in r.text or "leg" in r.text or "dvt" in r.text), None
        )
        if leg and leg.text in ("dvt", "clot") and RELATIVE_CLOT.search(msg.text):
            leg = None  # the clot was a relative's
        if leg and len({r.text for r in risks}) >= 2:
            return urgent(*risks[:2])  # possible DVT: same-day scan
        return None


@register
class LimbIschaemia(Discriminator):
    """The 'six Ps': a cold, pale or pulseless limb with pain, numbness or weakness."""

    kind = "limb_ischaemia"
    label = "Possible acute limb ischaemia"
    advice = (
        f"A cold, pale, painful or numb limb can mean its blood supply is blocked: {CALL}. "
        "Surgery within hours can save the limb."
    )

    def evaluate(self, msg: Message) -> Hit | None:
        signs = msg.all_current("limb_ischaemia_signs")
        if not signs:
            return None
        named = next(
            (m for m in signs if "isch" in m.text or "pulse" in m.text or "embol" in m.text), None
        )
        if named:
            return emergency(named)
        other = msg.find("limb_pain_numb", "af", "unilateral_weakness", "sudden_onset")
        if other or len(signs) >= 2:
            return emergency(signs[0], other or signs[1])
        return None


@register
class HypertensiveEmergency(Discriminator):
    """BP >= 180/120 with symptoms of organ damage (headache, chest pain, vision, confusion)."""

    kind = "hypertensive_emergency"
    label = "Very high blood pressure"
    advice = (
        f"Blood pressure this high with these symptoms can damage the brain, heart or kidneys: "
        f"{CALL} or go to the emergency department now."
    )
    urgent_advice = (
        "Blood pressure this high needs a same-day medical review; recheck it after 5 minutes rest."
    )

    def evaluate(self, msg: Message) -> Hit | None:
        v = msg.vitals
        if v.sbp is None or msg.pregnant:
            return None
        if v.sbp >= 180 or (v.dbp is not None and v.dbp >= 120):
            reading = f"BP {v.sbp}/{v.dbp}" if v.dbp else f"SBP {v.sbp}"
            sym = msg.find("headache", "chest_pain", "vision_loss", "confusion", "wheeze_breathing")
            if sym:
                return emergency(sym, extra=(reading,))
            return Hit(Level.URGENT, (reading,))
        return None
