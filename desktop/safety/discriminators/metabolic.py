"""Diabetic emergencies: DKA / HHS (JBDS criteria) and severe hypoglycaemia."""

from __future__ import annotations

from desktop.safety.discriminators.base import (
    CALL,
    Discriminator,
    Hit,
    emergency,
    register,
    urgent,
)
from desktop.safety.message import Message


@register
class DKAHHS(Discriminator):
    """DKA: glucose > 11 with ketones >= 3 / acidosis, or diabetes with vomiting, abdominal pain,
    deep breathing; HHS: glucose >= 30 with dehydration or drowsiness."""

    kind = "dka_hhs"
    flag = "diabetic_emergency"
    label = "Possible diabetic ketoacidosis or hyperosmolar state"
    advice = (
        f"High blood sugar with ketones, vomiting, drowsiness or deep fast breathing can be "
        f"diabetic ketoacidosis (or HHS): {CALL} or go to the emergency department now. Do not "
        "stop insulin."
    )
    urgent_advice = (
        "Blood sugar this high needs a same-day review: check ketones now, keep drinking water, "
        f"and follow your sick-day rules; if ketones are raised or you vomit, {CALL}."
    )

    def evaluate(self, msg: Message) -> Hit | None:
        named = msg.find("dka_named")
        if named:
            return emergency(named)
        g = msg.vitals.glucose_mmol
        gtxt = (f"glucose {g:g} mmol/L",) if g is not None else ()
        ketones = msg.find("ketones_high")
        diabetic = msg.find("diabetes")
        high = g is not None and g >= 11
        if ketones and (high or diabetic or "ketone" not in ketones.text):
            return emergency(ketones, diabetic, extra=gtxt)
        sick = msg.find("vomiting", "confusion", "unresponsive", "abdominal_pain", "tachypnoea")
        if high and sick and (g is not None and g >= 20 or diabetic):
            return emergency(sick, diabetic, extra=gtxt)
        if g is not None and g >= 30:
            return emergency(extra=gtxt)
        if high and g is not None and g >= 20:
            return urgent(diabetic, extra=gtxt)
        return None


@register
class Hypoglycaemia(Discriminator):
    """Glucose < 4 (or a named hypo) with confusion, drowsiness, seizure or unable to swallow."""

    kind = "hypoglycaemia"
    flag = "diabetic_emergency"
    label = "Severe low blood sugar"
    advice = (
        f"A low blood sugar with drowsiness, confusion, a seizure or inability to swallow: {CALL}. "
        "Do not give food or drink by mouth if not fully awake; give glucagon if available. If awake "
        "and able to swallow, give 15-20 g fast-acting sugar now."
    )
    urgent_advice = (
        "Treat a low blood sugar now with 15-20 g fast-acting sugar, recheck in 15 minutes, then "
        "eat a longer-acting carbohydrate; find out why it happened today."
    )

    def evaluate(self, msg: Message) -> Hit | None:
        g = msg.vitals.glucose_mmol
        hypo = msg.find("hypo_named")
        low = g is not None and g < 4.0
        if not (low or hypo):
            return None
        gtxt = (f"glucose {g:g} mmol/L",) if low and g is not None else ()
        if hypo and "severe" in msg.text:
            return emergency(hypo, extra=gtxt)
        neuro = msg.find("confusion", "unresponsive", "seizure")
        if neuro:
            return emergency(hypo, neuro, extra=gtxt)
        if low and g is not None and g < 3.0 or hypo:
            return urgent(hypo, extra=gtxt)
        return None
