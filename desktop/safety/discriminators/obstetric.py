"""Pregnancy: ectopic, bleeding, pre-eclampsia / eclampsia, reduced fetal movements."""

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

_WEEKS = re.compile(r"(\d{1,2})\s*(?:\+\s*\d\s*)?(?:weeks?|wks?|/40)")
MATERNITY = f"{CALL} or contact your maternity unit (labour ward) now"


_POSTNATAL_WEEKS_OVER_6 = re.compile(
    r"(?<!\w)(?:[7-9]|[1-9]\d|seven|eight|nine|ten)\s+weeks?\s+(?:after|since|ago|post)|"
    r"(?:[3-9]|1[0-2])\s+months?\s+(?:after|since|ago|post)"
)


_STILL_MOVING = re.compile(
    r"(?<!\w)(?:still\s+(?:a\s+few|some|the\s+odd|feeling\s+(?:some|a\s+few|the\s+odd))\s+(?:small\s+)?(?:kicks|"
    r"movements?|moves?|wriggles|flutters)|only\s+(?:some|a\s+few)\s+(?:small\s+)?(?:moves?|movements?|kicks)|"
    r"(?:some|a\s+few)\s+(?:small\s+)?(?:kicks|movements?|moves?)\s+(?:still|today)|"
    # "I've felt a couple of kicks but nowhere near her normal": fewer, not none
    r"(?:felt|feeling|had|noticed|getting)\s+(?:a\s+couple\s+of|a\s+few|some|one\s+or\s+two|two\s+or\s+"
    r"three|the\s+odd)\s+(?:small\s+|little\s+|weak\s+|tiny\s+)?(?:kicks|movements|moves|wriggles|flutters))(?!\w)"
)
_NO_MOVEMENT = re.compile(
    r"(?<!\w)(?:not\s+(?:moved|moving|kicked)\s+at\s+all|no\s+(?:movements?|kicks)\s+(?:at\s+all|since)|haven't\s+felt|"
    r"stopped\s+(?:moving|kicking))(?!\w)"
)


def _weeks(msg: Message) -> int | None:
    m = _WEEKS.search(msg.text)
    return int(m.group(1)) if m and msg.pregnant else None


@register
class EctopicPregnancy(Discriminator):
    """Early pregnancy (or missed period) with one-sided pain, shoulder-tip pain or fainting."""

    kind = "ectopic_pregnancy"
    flag = "pregnancy_emergency"
    label = "Possible ectopic pregnancy"
    advice = (
        "Pain on one side of the tummy, shoulder-tip pain, fainting or bleeding in early "
        f"pregnancy can be an ectopic pregnancy: {CALL} or go to the emergency department now."
    )

    def evaluate(self, msg: Message) -> Hit | None:
        named = msg.find("obstetric_named")
        if named and "ectopic" in named.text:
            return emergency(named)
        preg = msg.pregnant
        if preg is None:
            return None
        weeks = _weeks(msg)
        early = weeks is None or weeks < 14
        pain = msg.find("early_pregnancy_pain")
        faint = msg.find("haemodynamic_compromise")
        if (
            early
            and pain
            and (faint or msg.find("vaginal_bleeding") or "shoulder" in pain.text or weeks)
        ):
            return emergency(preg, pain, faint)
        if early and pain and "severe" in pain.text:
            return emergency(preg, pain)
        belly = msg.find("abdominal_pain")
        collapse = faint is not None and any(
            w in faint.text for w in ("collaps", "faint", "passed out", "black", "syncop")
        )
        if early and belly and collapse:
            return emergency(preg, belly, faint)  # any tummy pain with collapse: rupture first
        if early and belly and faint and re.search(r"(?<!\w)(?:left|right|one)(?!\w)", belly.text):
            return emergency(preg, belly, faint)  # one-sided pain with light-headedness
        return None


@register
class ObstetricBleeding(Discriminator):
    """Bleeding in pregnancy (any trimester) or heavy bleeding after birth."""

    kind = "obstetric_bleeding"
    flag = "pregnancy_emergency"
    label = "Bleeding in pregnancy or after birth"
    advice = (
        f"Bleeding in pregnancy or heavy bleeding after birth needs assessment now: {MATERNITY}."
    )
    urgent_advice = (
        "Light spotting in early pregnancy without pain should be checked today by your early "
        f"pregnancy unit, GP or midwife; if it becomes heavy or painful, {CALL}."
    )

    def evaluate(self, msg: Message) -> Hit | None:
        preg = msg.pregnant
        bleed = msg.find("vaginal_bleeding")
        if preg is None or bleed is None:
            named = msg.find("obstetric_named")
            if named and any(
                w in named.text for w in ("abruption", "previa", "praevia", "accreta")
            ):
                return emergency(named)
            return None
        pain = msg.find("early_pregnancy_pain", "abdominal_pain")
        weeks = _weeks(msg)
        if bleed.text == "spotting" and not pain and (weeks is None or weeks < 14):
            return urgent(preg, bleed)
        return emergency(preg, bleed, pain)


@register
class PreEclampsia(Discriminator):
    """NICE NG133: BP >= 160/110 in pregnancy, or >= 140/90 with headache, visual disturbance,
    epigastric pain or sudden swelling; seizure in pregnancy (eclampsia)."""

    kind = "pre_eclampsia"
    flag = "pregnancy_emergency"
    label = "Possible pre-eclampsia"
    advice = (
        "A severe headache, problems with vision, pain under the ribs, sudden swelling or a fit "
        f"in pregnancy or soon after birth can be pre-eclampsia: {MATERNITY}."
    )
    urgent_advice = (
        "Raised blood pressure in pregnancy needs assessment today (blood pressure and urine "
        "protein) by your maternity day unit or midwife."
    )

    def evaluate(self, msg: Message) -> Hit | None:
        named = msg.find("obstetric_named")
        if named and "eclampsia" in named.text:
            return emergency(named)
        preg = msg.pregnant
        postnatal = msg.find("postpartum")
        if postnatal is not None:
            # NICE NG133: pre-eclampsia can start up to 6 weeks after the birth
            if _POSTNATAL_WEEKS_OVER_6.search(msg.text):
                return None
            preg = postnatal
        elif preg is None:
            return None
        else:
            weeks = _weeks(msg)
            if weeks is not None and weeks < 20:
                return None
        v = msg.vitals
        sign = msg.find("pre_eclampsia_signs", "seizure")
        bp = (f"BP {v.sbp}/{v.dbp}",) if v.sbp else ()
        if v.sbp is not None and (v.sbp >= 160 or (v.dbp or 0) >= 110):
            return emergency(preg, sign, extra=bp)
        if sign:
            return emergency(preg, sign, extra=bp)
        if v.sbp is not None and (v.sbp >= 140 or (v.dbp or 0) >= 90):
            return urgent(preg, extra=bp)
        return None


@register
class ReducedFetalMovements(Discriminator):
    """RCOG: reduced or absent fetal movements after 24 weeks: assess the same day, now."""

    kind = "reduced_fetal_movements"
    flag = "pregnancy_emergency"
    label = "Reduced baby movements"
    advice = (
        "Fewer or no baby movements: contact your maternity unit now (not tomorrow, and do not "
        "rely on a home heartbeat monitor); they will see you today."
    )

    urgent_advice = (
        "Fewer baby movements than usual: contact your maternity unit or labour ward today, "
        "now rather than at your next appointment (do not rely on a home heartbeat monitor). If "
        f"the movements stop, or there is pain or bleeding, {MATERNITY}."
    )

    def evaluate(self, msg: Message) -> Hit | None:
        rfm = msg.find("reduced_fetal_movements")
        if rfm is None:
            return None
        weeks = _weeks(msg)
        if weeks is not None and weeks < 24:
            return None  # movements are first felt between 16 and 24 weeks
        if _STILL_MOVING.search(msg.text) and not _NO_MOVEMENT.search(msg.text):
            # fewer movements with some still felt: maternity triage today (RCOG: do not wait
            # for tomorrow or the next appointment), not an ambulance
            return urgent(rfm, msg.pregnant, extra=("some movements still felt",))
        return emergency(rfm, msg.pregnant)


@register
class LabourEmergency(Discriminator):
    """Cord prolapse, preterm rupture of membranes, preterm labour, shoulder dystocia."""

    kind = "labour_emergency"
    flag = "pregnancy_emergency"
    label = "Possible labour emergency"
    advice = f"This can be a labour emergency: {MATERNITY}."

    def evaluate(self, msg: Message) -> Hit | None:
        weeks = _weeks(msg)
        labour = msg.find("contractions")
        # the most serious named event counts, not the first written ("waters broke ... cord")
        named = next(
            (m for m in msg.all_current("obstetric_named") if "cord" in m.text),
            msg.find("obstetric_named"),
        )
        if labour and weeks is not None and weeks < 37:
            return emergency(labour, msg.pregnant, extra=(f"{weeks} weeks (preterm)",))
        if named is None or any(
            w in named.text
            for w in ("ectopic", "eclampsia", "abruption", "previa", "praevia", "accreta")
        ):
            return None
        if any(w in named.text for w in ("waters", "membranes", "rom")) and (
            weeks is None or weeks >= 37
        ):
            return None  # waters breaking at term: call the maternity unit, not an emergency
        return emergency(named)
