"""GI bleeding (with haemodynamic signs), major haemorrhage, torsion (testicular/ovarian)."""

from __future__ import annotations

import re

from desktop.safety import settled
from desktop.safety.context import Category
from desktop.safety.discriminators.base import (
    CALL,
    Discriminator,
    Hit,
    emergency,
    register,
    urgent,
)
from desktop.safety.message import Message

_NOT_BACKGROUND = {Category.NEGATED, Category.FAMILY, Category.HYPOTHETICAL}

_BLACK_STOOL = re.compile(r"black|dark")  # not "tarry": that is melaena whatever the cause
_DARKENS_STOOL = re.compile(
    r"(?<!\w)(?:iron|ferrous|ferric|feroglobin|bismuth|pepto[\s-]?bismol|activated\s+charcoal|"
    r"liquorice|licorice|blueberr\w*)(?!\w)"
)


def _unstable(msg: Message) -> list[str]:
    v, out = msg.vitals, []
    if v.hr is not None and v.hr > 100:
        out.append(f"heart rate {v.hr}")
    if v.sbp is not None and v.sbp < 100:
        out.append(f"systolic BP {v.sbp}")
    if v.hr and v.sbp and v.hr / v.sbp >= 1.0:
        out.append(f"shock index {v.hr / v.sbp:.1f}")
    return out


@register
class GIBleed(Discriminator):
    """Haematemesis, coffee-ground vomit or melaena; rectal bleeding with haemodynamic signs."""

    kind = "gi_bleed"
    flag = "severe_bleeding"
    label = "Possible gastrointestinal bleeding"
    advice = (
        f"Vomiting blood, black tarry stools or heavy bleeding from the bottom: {CALL} or go to "
        "the emergency department now, especially with dizziness, fainting or a fast pulse. "
        "Nothing to eat or drink."
    )
    urgent_advice = (
        "Blood from the back passage should be assessed today; if it is heavy, or comes with "
        f"dizziness, fainting or a fast pulse, {CALL}."
    )

    def evaluate(self, msg: Message) -> Hit | None:
        upper = msg.find("upper_gi_bleed")
        if upper and _BLACK_STOOL.search(upper.text) and _DARKENS_STOOL.search(msg.text):
            # iron or bismuth turn stools black: checked today unless there are signs of loss
            unstable = msg.find("haemodynamic_compromise", "shock_signs")
            if unstable is None and not _unstable(msg):
                return urgent(upper, extra=("a medicine that darkens stools is named",))
        if upper:
            return emergency(
                upper, msg.find("haemodynamic_compromise"), extra=tuple(_unstable(msg))
            )
        lower = msg.find("lower_gi_bleed")
        if lower is None:
            return None
        unstable = msg.find("haemodynamic_compromise", "shock_signs")
        vitals = _unstable(msg)
        heavy = msg.find("major_bleeding")
        if unstable or vitals or heavy or msg.find("anticoagulant"):
            return emergency(lower, unstable or heavy, extra=tuple(vitals))
        if settled.small_bleed_from_known_piles(msg):
            return None  # a little bright red blood with known piles, well: routine
        return urgent(lower)


@register
class MajorHaemorrhage(Discriminator):
    """Manchester 'exsanguinating haemorrhage' / 'uncontrollable major haemorrhage'."""

    kind = "severe_bleeding"
    label = "Severe bleeding"
    advice = (
        f"Severe bleeding: {CALL}. Press firmly and continuously on the wound with a clean "
        "cloth; if bleeding from a limb does not stop, a tourniquet above the wound may be needed."
    )

    def evaluate(self, msg: Message) -> Hit | None:
        m = msg.find("major_bleeding")
        if m:
            return emergency(m)
        return None


@register
class Torsion(Discriminator):
    """Sudden severe testicular pain (torsion until proven otherwise); sudden one-sided pelvic
    pain with vomiting in someone with ovaries or a known cyst."""

    kind = "torsion"
    label = "Possible testicular or ovarian torsion"
    advice = (
        "Sudden severe pain in a testicle (or one side of the pelvis with vomiting) can be a "
        "twisted testicle or ovary: go to the emergency department now; surgery within 6 hours "
        "saves it. Nothing to eat or drink."
    )

    def evaluate(self, msg: Message) -> Hit | None:
        named = msg.find("torsion_named")
        if named:
            return emergency(named)
        scrotal = msg.find("scrotal_pain")
        if scrotal and "kicked" not in scrotal.text and "hit" not in scrotal.text:
            acute = msg.find("sudden_onset", "vomiting")
            if (
                acute
                or msg.patient.child
                or (msg.patient.age_years or 99) < 30
                or "severe" in msg.text
            ):
                return emergency(scrotal, acute)
            return urgent(scrotal)
        pelvic = msg.find("early_pregnancy_pain", "abdominal_pain")
        # a known cyst or ovary condition is background: found "at a scan last month" counts
        ovary = next(
            (m for m in msg.mentions.get("ovarian", ()) if not (m.statuses & _NOT_BACKGROUND)),
            None,
        )
        acute = msg.find("sudden_onset", "vomiting")
        severe = re.search(r"(?<!\w)(?:severe|agoni\w+|excruciating|worst|unbearable)(?!\w)", msg.text)
        if ovary and pelvic is None and acute and re.search(
            r"(?<!\w)pain(?!\w)[^.]{0,60}(?<!\w)(?:left|right|one\s+side|that\s+side)(?!\w)", msg.text
        ):
            pelvic = acute  # "sharp pain that came on suddenly on the left" with a known cyst
        if ovary and pelvic is None and acute and severe and re.search(r"(?<!\w)pain", msg.text):
            pelvic = acute  # "my cyst pain came on suddenly and is now severe"
        if pelvic and ovary and (acute or severe):
            return emergency(pelvic, ovary, acute, extra=("severe",) if severe and not acute else ())
        return None
