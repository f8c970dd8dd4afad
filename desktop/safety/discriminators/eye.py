"""Eye emergencies: chemical injury, penetrating injury, acute angle closure, sudden vision loss."""

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

_FRAGMENT = re.compile(r"(?<!\w)(?:metal|glass|wire|shard|splinter|sliver|fragment|grit|speck|chip)(?!\w)")
_VISION_FINE = re.compile(
    r"(?<!\w)(?:vision|sight|seeing|eyesight)\s+(?:seems\s+|is\s+|looks\s+|feels\s+|still\s+)*(?:fine|ok|okay|"
    r"normal|good|unaffected|clear)|(?:can|could)\s+see\s+(?:fine|ok|okay|normally|clearly)|va\s+6/[5-9](?!\d)|"
    r"no\s+(?:obvious\s+)?(?:penetration|visual\s+(?:loss|change))(?!\w)"
)
_OPEN_GLOBE = re.compile(
    r"(?<!\w)(?:penetrat\w*|perforat\w*|open[\s-]globe|pupil|hammer\w*|chisel\w*|metal\s+on\s+metal|"
    r"blood\s+in\s+(?:the|my|his|her)\s+eye|(?:severe|agoni\w*|excruciating)\s+pain|can't\s+open)(?!\w)"
)
_SIGHT_BACK = re.compile(
    r"(?<!\w)(?:(?:sight|vision|it)\s+(?:\w+\s+)?(?:came|come|has\s+come)\s+back|(?:sight|vision)\s+"
    r"(?:\w+\s+)?(?:returned|recovered|cleared))(?!\w)"
)
_STILL = re.compile(
    r"(?<!\w)(?:still\s+(?:can't|cannot|can\s+not|blind|blurr\w*|dark|no\s+vision|lost)|not\s+(?:come|came)"
    r"\s+back|hasn't\s+(?:come|came)\s+back|still\s+(?:no|not))(?!\w)"
)


@register
class EyeEmergency(Discriminator):
    kind = "eye_emergency"
    label = "Eye emergency"
    advice = (
        "For a chemical in the eye, rinse it now with lots of clean running water for at least "
        "20 minutes (keep the eye open, remove contact lenses), then go to the emergency "
        "department. Sudden loss of vision, a penetrating eye injury or a painful red eye with "
        f"haloes and vomiting also need emergency eye care now ({CALL} if unsure)."
    )

    urgent_advice = (
        "Sight lost for a few minutes in one eye that has come back can be a warning of a stroke "
        "(amaurosis fugax, a TIA of the eye): get a specialist assessment within 24 hours (GP, "
        f"urgent care or eye casualty today); if the sight goes again or does not return, {CALL}."
    )

    def evaluate(self, msg: Message) -> Hit | None:
        chem = msg.find("eye_chemical")
        if chem:
            return emergency(chem)
        other = msg.find("eye_other_emergency")
        if other and _FRAGMENT.search(other.text) and _VISION_FINE.search(msg.text) and not (
            _OPEN_GLOBE.search(msg.text)
        ):
            # a fragment on the surface with vision said to be normal and no open-globe sign:
            # same-day removal (the foreign-body rule), not an emergency
            return None
        if other:
            return emergency(other)
        pain = msg.find("eye_pain_severe", "red_eye")
        if pain and (msg.find("vomiting") or any(w in msg.text for w in ("halo", "rainbow"))):
            # acute angle-closure glaucoma: a painful red eye with haloes, blurring or vomiting
            return emergency(pain, msg.find("vomiting"))
        vision = msg.find("vision_loss")
        if vision and (msg.find("resolved") or _SIGHT_BACK.search(msg.text)) and not _STILL.search(
            msg.text
        ):
            # amaurosis fugax: sight lost for minutes and back to normal is a TIA of the eye,
            # specialist assessment within 24 hours (NICE NG128), not an emergency now
            return urgent(vision, msg.find("resolved"))
        if vision and any(
            w in vision.text for w in ("lost", "loss", "blind", "curtain", "amaurosis", "can't see")
        ):
            return emergency(vision)
        return None
