"""Anaphylaxis (Resuscitation Council UK / WAO criteria) and airway or breathing compromise."""

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

_MUFFLED = re.compile(r"muffled|hot\s+potato|thick\s+voice")
_DROOL = re.compile(
    r"(?<!\w)(?:drool\w*|dribbl\w*|stridor|can't\s+swallow\s+(?:my\s+|his\s+|her\s+)?"
    r"(?:own\s+)?(?:saliva|spit)|can't\s+breathe|struggling\s+to\s+breathe)(?!\w)"
)
_NEG_BEFORE = re.compile(r"(?<!\w)(?:no|not|without|never|nor)\s+(?:[\w']+\s+)?$")
# recurrent attacks that settle on their own ("attacks ... they go away", "panic attacks")
_EPISODIC = re.compile(r"(?<!\w)(?:attacks|episodes|spells|panic\w*)(?!\w)")
_PASSES = re.compile(
    r"(?<!\w)(?:go(?:es)?\s+away|went\s+away|pass(?:es|ed)?|settle[sd]?|stop(?:s|ped)?\s+on\s+(?:its|"
    r"their)\s+own)(?!\w)"
)


def _affirmed(rx: re.Pattern[str], text: str) -> bool:
    """A match of ``rx`` not preceded by a close negation ("no drooling")."""
    return any(not _NEG_BEFORE.search(text[max(0, m.start() - 20) : m.start()])
               for m in rx.finditer(text))


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
        # any swelling mention in the airway counts, not only the first ("lips swelling up,
        # throat feels tight"): angioedema reaching the throat or voice is an emergency
        airway = next((m for m in msg.all_current("angioedema") if any(
            w in m.text for w in ("throat", "tongue", "airway", "swallow", "uvula", "hoarse"))), None)
        if airway:
            return emergency(airway, allergen)
        if abc and (skin or swelling or allergen):
            return emergency(abc, skin or swelling, allergen)
        if swelling and allergen:
            return emergency(swelling, allergen)
        # lay and children's words: a known allergy or a fresh exposure, then throat, voice or
        # chest signs (itchy or tight throat, a changed voice, coughing, wheeze)
        lay = msg.all_current("allergy_airway_lay")
        if allergen and lay:
            kinds = {("cough" if "cough" in m.text else "wheez" if "wheez" in m.text else "throat")
                     for m in lay}
            if skin or len(kinds) >= 2 or any("cough" not in m.text for m in lay):
                return emergency(lay[0], skin, allergen)
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
            texts = {a.text for a in msg.all_current("airway_compromise")}
            # quinsy: a muffled voice with a sore throat, without drooling, stridor or
            # breathing difficulty, is same-day ENT (the throat rule), unless those are written
            quinsy = (
                all(_MUFFLED.search(t) for t in texts)
                and msg.find("sore_throat", "quinsy_signs") is not None
                and not _affirmed(_DROOL, msg.text)
                and not msg.find("wheeze_breathing", "tachypnoea")
            )
            if quinsy:
                return urgent(m, extra=("muffled voice with a sore throat",))
            if (_EPISODIC.search(msg.text) and _PASSES.search(msg.text) and msg.vitals.spo2 is None
                    and not msg.patient.child):
                # attacks that come and go in minutes ("feel I can't breathe" in panic):
                # assessed today, not an airway emergency now
                if "panic" in msg.text:
                    return None  # known panic attacks that pass: routine (GP / talking therapy)
                return urgent(m, extra=("episodes that settle on their own",))
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
