"""Major trauma (high-energy or penetrating mechanism) and serious burns."""

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
from desktop.safety.discriminators.general import SHOCK_HARM
from desktop.safety.message import Message

_SMALL = re.compile(
    r"(?<!\w)(?:small|tiny|minor|little|superficial|coin[\s-]sized|\d(?:\.\d)?\s*cm|red\s+and\s+sore|"
    # a coin or fingertip for size is well under 1% of the body surface
    r"size\s+of\s+(?:a\s+|an\s+)?(?:\d{1,2}p|\d{1,2}\s*(?:pence|cent)|coin|penny|pound\s+coin|quarter|"
    r"dime|nickel|stamp|thumbnail|fingernail|fingertip|pea|grape|button)|"
    r"no\s+blisters?)(?!\w)"
)
_PEDAL = re.compile(r"(?<!\w)(?:came|fell|come|falling)\s+off\s+(?:[\w']+\s+)?(?:bike|bicycle|scooter)(?!\w)")
_ISOLATED = re.compile(
    r"(?<!\w)(?:onto|on\s+to|landed\s+on|banged|bashed|hurt|grazed|bruised|scraped|twisted|cut|knocked)\s+"
    r"(?:my|his|her|their|an?)\s+(?:outstretched\s+|left\s+|right\s+)?"
    r"(?:hand|arm|wrist|elbow|knee|shoulder|palm|ankle|shin|leg|hip|thumb|finger)|foosh(?!\w)"
)
_PALM_SIZE = re.compile(
    r"(?<!\w)(?:size\s+of|as\s+big\s+as|smaller\s+than|bigger\s+than|like)\s+(?:a|an|his|her|my|their|the)\s+"
    r"(?:child's\s+|adult's\s+)?(?:palm|hand)(?!\w)"
)
_COOLED_SETTLED = re.compile(
    r"(?<!\w)(?:cooled|under\s+(?:the\s+)?(?:cold\s+)?(?:tap|water)|running\s+water)(?!\w)[^?]*"
    r"(?<!\w)(?:settled|calm(?:er)?|happy|playing|fine\s+now|stopped\s+crying)(?!\w)"
)
_LARGE = re.compile(
    r"(?<!\w)(?:large|big|huge|whole|entire|most\s+of|all\s+over|chest|face|neck|genital\w*|"
    r"nappy\s+area|circumferential|all\s+(?:the\s+)?way\s+round)(?!\w)"
)
_DEEP = re.compile(r"white|charred|leathery|painless|doesn't\s+hurt|inhal|electr|face|airway|mouth")


@register
class MajorTrauma(Discriminator):
    kind = "major_trauma"
    label = "Possible major trauma"
    advice = (
        f"A high-energy or penetrating injury can cause hidden internal injuries: {CALL}. Do not "
        "move the person if a neck or back injury is possible (unless in danger); press on any "
        "bleeding; leave impaled objects in place."
    )

    def evaluate(self, msg: Message) -> Hit | None:
        m = msg.find("major_trauma_mechanism")
        if m and _PEDAL.search(m.text) and _ISOLATED.search(msg.text) and not msg.find(
            "head_injury", "unresponsive", "haemodynamic_compromise", "major_bleeding",
            "shock_signs", "confusion",
        ):
            # a fall from a pedal bike or scooter onto one hand / limb, nothing else hurt: an
            # isolated limb injury for the same-day injury rules (Ottawa, scaphoid), not major trauma
            return None
        return emergency(m) if m else None


@register
class Burns(Discriminator):
    """Burns needing emergency care: face/airway/hands/genitals, large area, full thickness,
    circumferential, electrical or chemical, smoke inhalation, or any significant burn in a child."""

    kind = "burns"
    label = "Serious burn"
    advice = (
        "Cool the burn under cool running water for 20 minutes, remove jewellery, cover loosely "
        f"with cling film. For burns of the face, airway, hands or genitals, large or deep burns, "
        f"electrical or chemical burns, or smoke inhalation: {CALL} or go to the emergency department now."
    )

    urgent_advice = (
        "Keep cooling under cool running water to 20 minutes in all, cover loosely with cling "
        "film and have the burn checked today (GP, urgent care or minor injuries unit); a "
        "blistering burn in a child needs its size and depth assessed."
    )

    def evaluate(self, msg: Message) -> Hit | None:
        burn = msg.find("burn")
        if burn is None:
            return None
        if "shock" in burn.text and not SHOCK_HARM.search(msg.text):
            return None  # a domestic shock with no burn or symptoms (RCEM: no tests needed)
        if "inhalation" in burn.text or "electr" in burn.text or "fire" in burn.text:
            return emergency(burn)
        severe = msg.find("burn_severity")
        if severe and severe.text in ("palm", "hand") and _PALM_SIZE.search(msg.text):
            severe = None  # "about the size of her palm" is a measure of area (~1%), not the site
        small = _SMALL.search(msg.text)
        if severe and small and not _DEEP.search(msg.text):
            if msg.patient.child and "blister" in msg.text:
                return urgent(burn, extra=("small blistering burn in a child",))
            return None  # a small superficial burn, even on a hand: first aid and review
        if severe:
            return emergency(burn, severe)
        young = msg.find("child") or (msg.patient.age_years is not None and msg.patient.age_years < 16)
        if msg.patient.child and young and ("blister" in msg.text):
            if _COOLED_SETTLED.search(msg.text) and not _LARGE.search(msg.text):
                # a small blistering scald already cooled, the child settled: a same-day burns
                # assessment (dressing, size check), not an ambulance
                return urgent(burn, extra=("blistering burn in a child, cooled and settled",))
            return emergency(burn, extra=("blistering burn in a child",))
        return None
