"""Anaphylaxis (Resuscitation Council UK / WAO criteria) and airway or breathing compromise."""

from __future__ import annotations

from desktop.safety.discriminators.base import (
    CALL,
    Discriminator,
    Hit,
    emergency,
    register,
)
from desktop.safety.message import Message


@register
class Anaphylaxis(Discriminator):
    """Sudden airway swelling, or breathing/circulation problems with skin changes or a
    likely allergen; or anaphylaxis named as happening now."""

    kind = "anaphylaxis"
    label = "Possible anaphylaxis"
    advice = (
        f"This may be anaphylaxis: {CALL}. Use an adrenaline (epinephrine) auto-injector into "
        "the outer thigh if one is available; lie the person flat with legs raised (sit up if "
        "breathing is hard). Give a second dose after 5 minutes if not better."
    )

    def evaluate(self, msg: Message) -> Hit | None:
        named = msg.find("anaphylaxis_named")
        if named:
            return emergency(named)
        swelling = msg.find("angioedema")
        skin = msg.find("urticaria")
        allergen = msg.find("allergen")
        abc = msg.find(
            "wheeze_breathing", "airway_compromise", "haemodynamic_compromise", "shock_signs"
        )
        if swelling and any(
            w in swelling.text for w in ("throat", "tongue", "airway", "swallow", "uvula", "hoarse")
        ):
            return emergency(swelling, allergen)
        if abc and (skin or swelling or allergen):
            return emergency(abc, skin or swelling, allergen)
        if swelling and allergen:
            return emergency(swelling, allergen)
        return None


@register
class AirwayBreathing(Discriminator):
    """Manchester 'airway compromise' / 'inadequate breathing': cannot breathe or speak in
    sentences, stridor, cyanosis, silent chest, SpO2 < 90 or RR >= 30 / <= 8."""

    kind = "airway_breathing"
    flag = "breathing_difficulty"
    label = "Severe breathing difficulty"
    advice = (
        f"Severe difficulty breathing is an emergency: {CALL}. Sit the person upright; use their "
        "reliever inhaler if they have asthma; if choking, give back blows and abdominal thrusts."
    )

    def evaluate(self, msg: Message) -> Hit | None:
        m = msg.find("airway_compromise")
        if m:
            return emergency(m)
        v = msg.vitals
        breath = msg.find("wheeze_breathing", "tachypnoea")
        speech = msg.find("speech_breathless")
        if speech and (breath or "asthma" in msg.text or "copd" in msg.text):
            return emergency(speech, breath)
        if v.spo2 is not None and v.spo2 < 90 and not v.on_oxygen:
            return emergency(breath, extra=(f"SpO2 {v.spo2}%",))
        if breath and v.rr is not None and (v.rr >= 30 or v.rr <= 8):
            return emergency(breath, extra=(f"respiratory rate {v.rr}",))
        if breath and v.spo2 is not None and v.spo2 < 92:
            return emergency(breath, extra=(f"SpO2 {v.spo2}%",))
        return None
