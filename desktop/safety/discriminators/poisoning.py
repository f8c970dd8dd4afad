"""Poisonings and ingestions: button battery, opioid toxidrome, paracetamol, other overdoses."""

from __future__ import annotations

import re

from desktop.safety.discriminators.base import (
    CALL,
    Discriminator,
    Hit,
    Level,
    emergency,
    emergency_hit,
    register,
    why,
)
from desktop.safety.discriminators.general import cue
from desktop.safety.message import Message

POISONS = "your poison control centre (US 1-800-222-1222) or NHS 111 / TOXBASE advice"
_TABLETS = re.compile(
    r"(?<!\d)(\d{1,3})\s*(?:x\s*\d+\s*(?:mg|g)\s*)?(?:\w+\s+){0,2}(?:tablets|tabs|pills|caplets|capsules)"
)
# "7,5 g" is 7.5 g as European writers put it, not 5 g
_GRAMS = re.compile(r"(?<![\d.,])(\d{1,3}(?:[.,]\d+)?)\s*(?:g|grams?)(?!\w)")
_COUNT_DRUG = re.compile(
    r"(?<![\d.])(\d{1,3})\s+(?:\w+\s+)?(?:paracetamol|acetaminophen|tylenol|panadol|co-?codamol|"
    r"calpol)(?!\s*(?:mg|g)\b)"
)
_X_MG = re.compile(r"(\d{1,3})\s*x\s*(\d{2,4})\s*mg")
# Whole packs: a UK pack holds 16-32 x 500 mg (8-16 g), a US bottle far more; any whole pack
# taken at once is above the 75 mg/kg threshold for most people.
_PACKS = re.compile(
    r"(?<!\w)(?:an?|one|two|three|four|five|several|some|few|\d{1,2}|whole|full|entire)\s+"
    r"(?:whole\s+|full\s+)?(?:boxes|box|packets?|packs?|bottles?|blister\s+packs?|strips?|tubs?)"
    r"(?=\s+(?:of\s+)?(?:\w+\s+)?(?:paracetamol|acetaminophen|tylenol|panadol|co-?codamol|calpol))"
)


@register
class ButtonBattery(Discriminator):
    """Any swallowed (or nose/ear) button battery, or two or more magnets: emergency."""

    kind = "button_battery"
    flag = "overdose_poisoning"
    label = "Swallowed button battery or magnets"
    advice = (
        "A swallowed button battery can burn through the gullet within 2 hours, even with no "
        "symptoms: go to the emergency department now (or "
        + CALL
        + "). Do not make the child sick; "
        "if over 1 year old and it was within 12 hours, give 10 ml of honey every 10 minutes on the way."
    )

    def evaluate(self, msg: Message) -> Hit | None:
        m = msg.find("button_battery")
        return emergency(m) if m else None


@register
class OpioidToxidrome(Discriminator):
    """Opioid use with pinpoint pupils, slow breathing or reduced consciousness (the triad)."""

    kind = "opioid_toxidrome"
    flag = "overdose_poisoning"
    label = "Possible opioid overdose"
    advice = (
        f"Possible opioid overdose: {CALL}. Give naloxone if available (nasal or injection; "
        "repeat after 2-3 minutes if no response), start rescue breaths/CPR if not breathing "
        "normally, recovery position, and stay with them: naloxone wears off before many opioids."
    )

    def evaluate(self, msg: Message) -> Hit | None:
        opioid = msg.find("opioid")
        signs = msg.all_current("opioid_signs")
        low = msg.find("unresponsive", "confusion", "airway_compromise")
        rr = msg.vitals.rr
        slow = (f"respiratory rate {rr}",) if rr is not None and rr <= 10 else ()
        if opioid and (
            signs or slow or (low and low.concept != "confusion") or (low and msg.find("overdose"))
        ):
            return emergency(opioid, signs[0] if signs else None, low, extra=slow)
        pupils = next(
            (s for s in signs if "pupil" in s.text or "mios" in s.text or "miotic" in s.text), None
        )
        if pupils and (low or slow or len(signs) >= 2):
            return emergency(pupils, low, extra=slow)
        return None


def _paracetamol_amount(msg: Message) -> str | None:
    """Describes an amount above the licensed daily maximum (4 g or 8 x 500 mg), if stated."""
    for m in _X_MG.finditer(msg.text):
        grams = int(m.group(1)) * int(m.group(2)) / 1000
        if grams > 4:
            return f"{m.group(0)} = {grams:g} g"
    for m in _COUNT_DRUG.finditer(msg.text):
        if int(m.group(1)) > 8:
            return m.group(0)
    for m in _TABLETS.finditer(msg.text):
        if int(m.group(1)) > 8:
            return m.group(0)
    for m in _GRAMS.finditer(msg.text):
        if float(m.group(1).replace(",", ".")) > 4:
            return m.group(0)
    m = _PACKS.search(msg.text)
    if m:
        return m.group(0)
    # "i took 24 about an hour ago": a bare count after a taking verb, the drug named elsewhere
    for m in _TOOK_COUNT.finditer(msg.text):
        if int(m.group(1)) > 8:
            return m.group(0)
    return None


_TOOK_COUNT = re.compile(
    r"(?<!\w)(?:took|taken|swallowed|downed|ate)\s+(?:about\s+|around\s+|like\s+|maybe\s+|nearly\s+)?"
    r"(\d{1,3})(?![\d.,])(?!\s*(?:mg|g|mls?|grams?|hours?|hrs?|mins?|minutes?|days?|years?|weeks?|"
    r"months?|%|am|pm|o'clock)(?!\w))"
)


# "How much paracetamol would be too much?": asking for the limit, nothing taken
_DOSE_QUESTION = re.compile(
    r"(?<!\w)(?:how\s+(?:much|many)\s+(?:[\w']+\s+){0,4}(?:would|is|are|be|counts?|can)\s+(?:be\s+)?"
    r"too\s+(?:much|many)|what\s+(?:is|'s)\s+(?:the\s+)?(?:max\w*|safe|upper)\s+(?:dose|limit|amount)|"
    r"is\s+it\s+too\s+(?:much|many)\s+(?:to|if))(?!\w)"
)


_FOUND_WITH = cue(
    "child found with medicine, some missing",
    r"(?:found|caught|discovered)\s+(?:[\w']+\s+){0,3}with\s+(?:an?\s+|the\s+|my\s+|his\s+|her\s+)?"
    r"(?:open\w*\s+|empty\s+)?(?:[\w']+\s+)?(?:bottle|packet|pack|box|tub|blister|strip|pot)\s+of\s+"
    r"(?:[\w']+\s+){0,2}(?:tablets?|pills?|capsules?|medicine|tabs)",
    r"(?:\d{1,3}|some|a\s+few|several|two|three|four|five|six)\s+(?:tablets?\s+|pills?\s+|capsules?\s+)?"
    r"(?:are\s+|were\s+)?missing",
)
_IRON = cue(
    "iron tablets",
    r"(?:ferrous\s+(?:sulph|sulf|fumar|glucon)\w*|iron\s+(?:tablets?|pills?|supplements?))\s+"
    r"(?:[\w']+\s+){0,4}(?:missing|gone|swallow\w*|ate|eaten|chew\w*|in\s+(?:his|her)\s+mouth)",
)


@register
class ParacetamolOverdose(Discriminator):
    """Any paracetamol overdose (more than the licensed dose, or staggered): treatment depends on
    a 4-hour level and may be needed before symptoms."""

    kind = "paracetamol_overdose"
    flag = "overdose_poisoning"
    label = "Paracetamol (acetaminophen) overdose"
    advice = (
        "Paracetamol (acetaminophen) overdose can damage the liver even when the person feels well "
        f"at first: go to the emergency department now (or {CALL}); the antidote works best within "
        "8 hours. Take the packet and note the time taken."
    )

    def evaluate(self, msg: Message) -> Hit | None:
        para = msg.find("paracetamol")
        if para is None:
            return None
        od = msg.find("overdose")
        amount = _paracetamol_amount(msg)
        if od and od.text not in ("ingestion",):
            return emergency(para, od, extra=(amount,) if amount else ())
        if amount and re.search(
            r"\b(?:took|taken|swallowed|had|ingested|has\s+taken|ate)\b", msg.text
        ):
            return emergency(para, extra=(amount,))
        if ("staggered" in msg.text or "too many" in msg.text or "too much" in msg.text) and not (
            _DOSE_QUESTION.search(msg.text)
        ):
            return emergency(para, extra=("more than the safe dose",))
        return None


@register
class Poisoning(Discriminator):
    """Other overdoses and poisonings (intentional or accidental)."""

    kind = "overdose_poisoning"
    label = "Possible overdose or poisoning"
    advice = (
        f"Possible overdose or poisoning: {CALL} or contact {POISONS}, even if the person seems "
        "well (harm can be delayed). Do not make them sick. Keep the packaging to show what was "
        "taken and when."
    )

    def evaluate(self, msg: Message) -> Hit | None:
        m = msg.find("overdose")
        if m is None:
            # a child found with an opened medicine container and tablets missing, or with iron
            # tablets (TOXBASE: iron is among the most toxic childhood ingestions), is an
            # ingestion until proven otherwise, whether or not anyone saw them swallow
            found = _FOUND_WITH.find(msg) or _IRON.find(msg)
            if found and msg.patient.child and (msg.patient.age_years or 0) < 12:
                return emergency_hit(("found", found),
                               extra=("a child may have swallowed medicine",))
            swallowed = msg.find("ingested_medicine")
            if swallowed and msg.patient.child and (msg.patient.age_years or 0) < 12:
                return emergency(
                    swallowed, extra=("a child swallowed medicine not meant for them",)
                )
            return None
        if msg.find("paracetamol") and m.text == "ingestion":
            return None
        return emergency(m)


@register
class CarbonMonoxide(Discriminator):
    """Carbon monoxide: headache, dizziness, nausea or confusion with a fuel-burning source,
    symptoms tied to one place, or several people in one home ill at once."""

    kind = "carbon_monoxide"
    flag = "overdose_poisoning"
    label = "Possible carbon monoxide poisoning"
    advice = (
        "These can be carbon monoxide poisoning: get everyone into fresh air now, turn off "
        f"fuel-burning appliances if safe, and {CALL}. Do not go back in until the source is "
        "checked (UK gas emergency 0800 111 999)."
    )
    urgent_advice = (
        "Several people ill with headaches at home can be carbon monoxide: get fresh air, have "
        "appliances checked, and get medical advice today; if anyone is drowsy or confused, "
        f"{CALL}."
    )

    def evaluate(self, msg: Message) -> Hit | None:
        named = msg.find("co_named")
        symptom = msg.find(
            "headache", "haemodynamic_compromise", "vomiting", "confusion", "unresponsive"
        )
        # an alarm without anyone ill is a gas-safety call, not a medical emergency
        if named and (symptom or "poisoning" in named.text):
            return emergency(named, symptom)
        source = msg.find("co_source")
        if source and symptom:
            return emergency(source, symptom)
        cluster = msg.find("household_cluster")
        place = msg.find("co_place")
        if place and cluster and symptom:
            return emergency(place, cluster, symptom)
        if (place or cluster) and msg.find("headache") and symptom:
            # symptoms tied to home, or a household ill together: the classic clue, checked today
            return Hit(Level.URGENT, why(place or cluster, msg.find("headache"), symptom))
        return None
