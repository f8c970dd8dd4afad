"""Acute surgical abdomen: peritonism / perforation and bowel obstruction."""

from __future__ import annotations

import re

from desktop.safety.discriminators.base import CALL, Discriminator, Hit, emergency, register
from desktop.safety.message import Message

_SWOLLEN = re.compile(r"(?<!\w)(?:swollen|distended|bloated|blown\s+up|hard|rigid)(?!\w)")
# an absent stool without absent wind, green vomit or distension
_STOOL_ONLY = re.compile(
    r"(?:not|haven't|hasn't|hadn't|can't|cannot|unable\s+to|no)\s+(?:been\s+able\s+to\s+)?(?:pooed|pooped|"
    r"poo|open(?:ed)?\s+(?:my|his|her|their)?\s*bowels|bowels\s+open\w*|(?:passed|passing|pass)\s+"
    r"(?:[\w']+\s+)?(?:stool|a\s+stool|motion)|bms?|had\s+a\s+(?:poo|bowel\s+movement|bm))"
)


@register
class AcuteAbdomen(Discriminator):
    """Manchester 'abdominal pain' discriminators: signs of peritonism (rigid abdomen,
    guarding, rebound, pain on moving), features of obstruction (bilious or faeculent vomiting,
    no stool or wind, distension), or abdominal pain with shock."""

    kind = "surgical_abdomen"
    label = "Possible acute surgical abdomen"
    advice = (
        "A rigid or very tender tummy, green (bile) vomiting, not passing wind or stool with a "
        f"swollen tummy, or tummy pain with signs of shock need emergency assessment: {CALL} or "
        "go to the emergency department now. Nothing to eat or drink until assessed."
    )

    def evaluate(self, msg: Message) -> Hit | None:
        peritonism = msg.find("peritonism")
        if peritonism:
            return emergency(peritonism, msg.find("abdominal_pain"))
        features = msg.all_current("bowel_obstruction")
        if len({f.text for f in features}) >= 2:
            return emergency(features[0], features[1])
        pain = msg.find("abdominal_pain")
        vomit = msg.find("vomiting")
        if (features and all(_STOOL_ONLY.fullmatch(f.text) for f in features) and not vomit
                and not msg.find("abdomen_hard", "peritonism", "shock_signs")
                and not _SWOLLEN.search(msg.text)):
            # no stool alone (wind still passing, not vomiting) is constipation, seen routinely
            features = []
        if features and (pain or vomit or msg.patient.child):
            # one obstruction feature with pain or vomiting; green vomit in a child is
            # malrotation until proven otherwise
            return emergency(features[0], pain or vomit)
        # lay peritonism: pain on moving or coughing, a hard tummy, with fever, vomiting or
        # each other (the "cough test" and involuntary guarding described by the patient)
        moving = msg.find("pain_on_movement")
        hard = msg.find("abdomen_hard")
        systemic = msg.find("fever", "vomiting", "shock_signs")
        if pain and (moving or hard) and (systemic or (moving and hard)):
            return emergency(pain, moving or hard, systemic)
        sbp = msg.vitals.sbp
        shock = msg.find("shock_signs")
        if pain and (shock or (sbp is not None and sbp < 90)):
            return emergency(pain, shock, extra=(f"systolic BP {sbp}",) if sbp else ())
        return None
