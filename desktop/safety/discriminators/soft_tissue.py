"""Necrotising soft-tissue infection (necrotising fasciitis)."""

from __future__ import annotations

import re

from desktop.safety.discriminators.base import CALL, Discriminator, Hit, emergency, register
from desktop.safety.message import Message

_UNWELL = re.compile(
    r"(?<!\w)(?:(?:feel|feels|feeling|look|looks|looking)\s+(?:really\s+|very\s+|so\s+)?(?:ill|"
    r"unwell|rough|awful|terrible|dreadful|sick)|shiver\w*|rigors?|vomit\w*)(?!\w)"
)


@register
class NecrotisingFasciitis(Discriminator):
    """Pain out of proportion to what the skin shows, after a wound, with dusky, purple,
    blistering or crackling skin or a systemically unwell person (LRINEC-style features)."""

    kind = "necrotising_fasciitis"
    flag = "sepsis"
    label = "Possible necrotising fasciitis (flesh-destroying infection)"
    advice = (
        f"Severe pain out of proportion, with purple, dusky or blistering skin, can be a "
        f"flesh-destroying infection that needs surgery and antibiotics now: {CALL} or go to the "
        "emergency department now."
    )

    def evaluate(self, msg: Message) -> Hit | None:
        skin = msg.find("skin_necrosis")
        if skin and ("fasc" in skin.text or "flesh" in skin.text):
            return emergency(skin)
        pain = msg.find("pain_out_of_proportion")
        wound = msg.find("wound_recent", "cellulitis", "skin_infection")
        fever = msg.find("fever")
        t = msg.vitals.temp_c
        unwell = fever or _UNWELL.search(msg.text) or (t is not None and t >= 38.0)
        if pain and skin:
            return emergency(pain, skin, wound)
        if pain and wound and unwell:
            return emergency(pain, wound, fever, extra=("systemically unwell",))
        if skin and wound and unwell:
            # dusky, black or blistering skin at a wound in someone systemically unwell
            return emergency(skin, wound, fever, extra=("systemically unwell",))
        return None
