"""Metabolic emergencies: DKA / HHS (JBDS), severe hypoglycaemia, dangerous potassium or
sodium, adrenal crisis."""

from __future__ import annotations

from desktop.safety import settled
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
        deep = msg.find("deep_breathing")
        if deep and diabetic and (sick or high):
            return emergency(deep, diabetic, sick, extra=gtxt)
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
        if settled.hypo_treated_and_recovered(msg):
            return None  # treated with sugar and back to normal: review the insulin routinely
        if low and g is not None and g < 3.0 or hypo:
            return urgent(hypo, extra=gtxt)
        return None


@register
class Electrolytes(Discriminator):
    """UK Kidney Association: potassium >= 6.5 mmol/L (or >= 6.0 with ECG changes) or < 2.5
    is an emergency; sodium <= 120 with neurological symptoms; lactate >= 4."""

    kind = "electrolyte_emergency"
    label = "Dangerous blood result"
    advice = (
        "This blood result is in the range that can stop the heart or cause seizures: it needs "
        f"treatment and cardiac monitoring in hospital now ({CALL} if the person is unwell)."
    )
    urgent_advice = (
        "This blood result is abnormal enough to need a same-day clinical review and repeat test."
    )

    def evaluate(self, msg: Message) -> Hit | None:
        labs = msg.labs
        ecg = msg.find("hyperkalaemia_ecg")
        k = labs.potassium
        if k is not None:
            span = (f"potassium {k:g} mmol/L",)
            if k >= 6.5 or k < 2.5 or (k >= 6.0 and ecg):
                return emergency(ecg, extra=span)
            if k >= 6.0 or k < 3.0:
                return urgent(ecg, extra=span)
        elif ecg:
            return emergency(ecg)
        na = labs.sodium
        if na is not None:
            neuro = msg.find("confusion", "seizure", "unresponsive")
            span = (f"sodium {na:g} mmol/L",)
            if na <= 120 and neuro:
                return emergency(neuro, extra=span)
            if na <= 125 or na >= 160:
                return urgent(neuro, extra=span)
        lac = labs.lactate
        if lac is not None and lac >= 4:
            return emergency(extra=(f"lactate {lac:g} mmol/L",))
        return None


@register
class AdrenalCrisis(Discriminator):
    """Adrenal insufficiency (Addison's, hypopituitarism, steroid dependence) with vomiting,
    diarrhoea, medicines not kept down, faintness, confusion or low blood pressure."""

    kind = "adrenal_crisis"
    label = "Possible adrenal crisis"
    advice = (
        "With adrenal insufficiency, vomiting, not keeping steroid tablets down, faintness or "
        "low blood pressure can be an adrenal crisis: give the emergency hydrocortisone "
        f"injection if you have one and {CALL}; say the person is steroid dependent."
    )

    def evaluate(self, msg: Message) -> Hit | None:
        adrenal = msg.find("adrenal_insufficiency")
        if adrenal is None:
            return None
        trigger = msg.find(
            "cannot_keep_down",
            "vomiting",
            "diarrhoea",
            "haemodynamic_compromise",
            "confusion",
            "shock_signs",
        )
        sbp = msg.vitals.sbp
        if trigger or (sbp is not None and sbp < 90):
            return emergency(adrenal, trigger, extra=(f"systolic BP {sbp}",) if sbp else ())
        if "crisis" in adrenal.text:
            return emergency(adrenal)
        return None
