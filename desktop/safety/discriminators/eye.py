"""Eye emergencies: chemical injury, penetrating injury, acute angle closure, sudden vision loss."""

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
class EyeEmergency(Discriminator):
    kind = "eye_emergency"
    label = "Eye emergency"
    advice = (
        "For a chemical in the eye, rinse it now with lots of clean running water for at least "
        "20 minutes (keep the eye open, remove contact lenses), then go to the emergency "
        "department. Sudden loss of vision, a penetrating eye injury or a painful red eye with "
        f"haloes and vomiting also need emergency eye care now ({CALL} if unsure)."
    )

    def evaluate(self, msg: Message) -> Hit | None:
        chem = msg.find("eye_chemical")
        if chem:
            return emergency(chem)
        other = msg.find("eye_other_emergency")
        if other:
            return emergency(other)
        pain = msg.find("eye_pain_severe", "red_eye")
        if pain and (msg.find("vomiting") or any(w in msg.text for w in ("halo", "rainbow"))):
            # acute angle-closure glaucoma: a painful red eye with haloes, blurring or vomiting
            return emergency(pain, msg.find("vomiting"))
        vision = msg.find("vision_loss")
        if vision and any(
            w in vision.text for w in ("lost", "loss", "blind", "curtain", "amaurosis", "can't see")
        ):
            return emergency(vision)
        return None
