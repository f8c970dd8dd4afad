"""BE-FAST stroke, thunderclap headache, seizures, unresponsiveness, head injury, cauda equina."""

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
from desktop.safety.message import Mention, Message

_COLLAPSE = re.compile(r"collapsed|passed out|keeled|slumped")


@register
class Stroke(Discriminator):
    """BE-FAST: Balance, Eyes, Face, Arm/leg, Speech, Time. One new focal deficit is enough."""

    kind = "stroke"
    label = "Possible stroke"
    advice = (
        f"These can be stroke signs (BE-FAST): {CALL}. Note the time the symptoms started (or "
        "when the person was last seen well); treatment is time-critical. Nothing by mouth."
    )
    urgent_advice = (
        "Stroke-like symptoms that have gone (a possible TIA) need a specialist assessment "
        f"within 24 hours; if any symptom comes back or persists, {CALL}."
    )

    def evaluate(self, msg: Message) -> Hit | None:
        deficit = msg.find("face_droop", "unilateral_weakness", "speech")
        named = msg.find("stroke_named")
        resolved = msg.find("resolved")
        if resolved and deficit:
            # "had a stroke, fully recovered, but now slurred again": the recovery was before
            back = [
                m for m in msg.all_current("symptom_returned") if m.sentence == deficit.sentence
            ]
            if back:
                resolved = None
        if (deficit or msg.find("tia_named")) and resolved and not msg.find("sudden_onset"):
            return urgent(deficit, msg.find("tia_named"), resolved)  # transient: a TIA
        if deficit and not named and _bells_pattern(msg, deficit):
            # lower motor neurone pattern: the forehead is weak too and nothing else is
            return urgent(deficit, extra=("whole side of the face including the forehead, "
                                          "limbs and speech normal: Bell's palsy pattern",))
        if deficit or named:
            return emergency(deficit, named)
        eyes = msg.find("vision_loss")
        balance = msg.find("balance_loss")
        sudden = msg.find("sudden_onset")
        if eyes and balance:
            return emergency(eyes, balance)
        if (eyes or balance) and (sudden or "sudden" in (eyes or balance).text):  # type: ignore[union-attr]
            return emergency(eyes or balance, sudden)
        tia = msg.find("tia_named")
        if tia:
            return urgent(tia)
        return None


_FOREHEAD = re.compile(
    r"(?<!\w)(?:including\s+(?:my|his|her|the)\s+forehead|forehead\s+(?:too|as\s+well|is\s+(?:also\s+)?"
    r"(?:weak|drooping|affected|flat))|can't\s+(?:raise|lift|wrinkle|move)\s+(?:my|his|her|the)\s+"
    r"(?:eyebrow|forehead|brow))(?!\w)"
)
_REST_NORMAL = re.compile(
    r"(?<!\w)(?:arms?\s+(?:and|&)\s+legs?\s+(?:are\s+)?(?:fine|ok|okay|normal|strong)|limbs\s+(?:are\s+)?"
    r"(?:fine|normal|ok)|speech\s+(?:is\s+)?(?:fine|normal|ok)|talking\s+(?:fine|normally))(?!\w)"
)


def _bells_pattern(msg: Message, deficit: Mention) -> bool:
    """Facial weakness including the forehead with limbs or speech said to be normal."""
    if deficit.concept != "face_droop" or msg.find("unilateral_weakness", "speech"):
        return False
    return bool(_FOREHEAD.search(msg.text) and _REST_NORMAL.search(msg.text))


@register
class ThunderclapHeadache(Discriminator):
    """Sudden severe headache peaking within a minute ('worst ever'): possible SAH."""

    kind = "thunderclap_headache"
    label = "Sudden severe headache"
    advice = f"A sudden, severe ('worst ever') headache can be bleeding in the brain: {CALL}."

    def evaluate(self, msg: Message) -> Hit | None:
        sah = msg.find("sah_named")
        if sah:
            return emergency(sah)
        onset = msg.find("sudden_onset")
        headache = msg.find("headache")
        if headache and onset:
            return emergency(headache, onset)
        if (
            onset
            and ("thunderclap" in onset.text or "worst" in onset.text)
            and "headache" in msg.text
        ):
            return emergency(onset)
        return None


@register
class StatusEpilepticus(Discriminator):
    """Seizure over 5 minutes, repeated without recovery, a first seizure, or not waking."""

    kind = "status_epilepticus"
    flag = "unresponsive_or_seizure"
    label = "Prolonged, repeated or first seizure"
    advice = (
        f"{CALL[0].upper() + CALL[1:]}. A seizure lasting over 5 minutes, or repeated seizures "
        "without recovery, needs emergency treatment (buccal midazolam or rectal diazepam if "
        "prescribed). Protect the head, do not restrain, nothing in the mouth; recovery position "
        "after the shaking stops."
    )
    urgent_advice = (
        "After a seizure that has stopped, with full recovery, the person should be reviewed "
        f"today; if it lasts over 5 minutes, repeats, or they do not wake up, {CALL}."
    )

    def evaluate(self, msg: Message) -> Hit | None:
        long = msg.find("prolonged_seizure")
        if long:
            return emergency(long)
        seizure = msg.find("seizure")
        if seizure is None:
            return None
        other = msg.find("first_seizure", "unresponsive", "airway_compromise", "head_injury")
        if other:
            return emergency(seizure, other)
        if msg.pregnant:
            return emergency(seizure, msg.pregnant)
        if settled.recovered_after_usual_episode(msg):
            return None  # a known epileptic's usual seizure with full recovery
        return urgent(seizure)


@register
class Unresponsive(Discriminator):
    """Unresponsive, no pulse, GCS <= 8, or only responds to pain (AVPU P/U)."""

    kind = "unresponsive"
    flag = "unresponsive_or_seizure"
    label = "Collapse or unresponsiveness"
    advice = (
        f"{CALL[0].upper() + CALL[1:]}. If the person is not breathing normally, start CPR "
        "and use a defibrillator (AED) if available; otherwise recovery position and stay with them."
    )

    def evaluate(self, msg: Message) -> Hit | None:
        mentions = msg.all_current("unresponsive")
        m = next((x for x in mentions if not _COLLAPSE.match(x.text)), None)
        m = m or (mentions[0] if mentions else None)
        if m:
            if _COLLAPSE.match(m.text) and "and" not in m.text:
                other = msg.find(
                    "chest_pain", "wheeze_breathing", "airway_compromise", "confusion", "seizure"
                )
                return emergency(m, other) if other else urgent(m)
            return emergency(m)
        g = msg.vitals.gcs
        if g is not None and g <= 8:
            return emergency(extra=(f"GCS {g}",))
        weak = msg.all_current("reduced_response")
        other = msg.find("confusion", "seizure", "dehydration_severe")
        if len({w.text for w in weak}) >= 2 or (weak and other):
            return emergency(*weak[:2], other)
        return None


@register
class HeadInjuryAnticoagulant(Discriminator):
    """NICE NG232: head injury on anticoagulant or with red flags needs CT, so emergency care."""

    kind = "head_injury_anticoagulant"
    flag = "head_injury"
    label = "Head injury on a blood thinner"
    advice = (
        "A head injury while taking a blood thinner (anticoagulant) needs a CT scan even if the "
        f"person seems well: go to the emergency department now, or {CALL} if drowsy, vomiting or confused."
    )

    def evaluate(self, msg: Message) -> Hit | None:
        head = msg.find("head_injury")
        if head is None:
            return None
        thinner = msg.find("anticoagulant")
        if thinner:
            return emergency(head, thinner)
        return None


@register
class HeadInjury(Discriminator):
    kind = "head_injury"
    label = "Head injury with warning signs"
    advice = (
        "A head injury with loss of consciousness, repeated vomiting, a seizure, memory loss, "
        f"drowsiness or fluid from the nose or ears needs a CT scan: {CALL} or go to the emergency department now."
    )
    urgent_advice = (
        "After a head injury, watch for drowsiness, vomiting, worsening headache or confusion "
        "over the next 24-48 hours; be seen today if older than 65 or if in doubt."
    )

    def evaluate(self, msg: Message) -> Hit | None:
        head = msg.find("head_injury")
        reds = msg.all_current("head_injury_red_flags")
        if head is None:
            if len({r.text for r in reds}) >= 2:  # "knocked out ... vomited twice"
                return emergency(reds[0], reds[1])
            return None
        red = msg.find("head_injury_red_flags", "seizure", "confusion", "unresponsive")
        if red and _amnesia_only(msg) and msg.find("anticoagulant") is None:
            # NICE NG232: amnesia for the event alone (no loss of consciousness, vomiting,
            # seizure, confusion or anticoagulant) is not a CT-within-1-hour criterion; at 65
            # or over it is CT within 8 hours: assessed today
            return urgent(head, red)
        if red:
            return emergency(head, red)
        if msg.vitals.gcs is not None and msg.vitals.gcs < 15:
            return emergency(head, extra=(f"GCS {msg.vitals.gcs}",))
        if msg.patient.age_years is not None and msg.patient.age_years >= 65:
            return urgent(head, extra=(f"age {msg.patient.age_text}",))
        return None


_AMNESIA = re.compile(r"amnesi|remember|memory")


def _amnesia_only(msg: Message) -> bool:
    """The only head-injury warning sign written is not remembering the event itself."""
    reds = msg.all_current("head_injury_red_flags")
    if not reds or not all(_AMNESIA.search(r.text) for r in reds):
        return False
    if msg.find("seizure", "confusion", "unresponsive", "vomiting"):
        return False
    return msg.vitals.gcs is None or msg.vitals.gcs >= 15


@register
class CaudaEquina(Discriminator):
    """Back pain or sciatica with saddle numbness, retention, incontinence or bilateral signs."""

    kind = "cauda_equina"
    label = "Possible cauda equina syndrome"
    advice = (
        "Back pain with numbness around the bottom or genitals, or new bladder or bowel problems, "
        "can be cauda equina syndrome: go to the emergency department now (emergency MRI); "
        "do not wait for a GP appointment."
    )

    def evaluate(self, msg: Message) -> Hit | None:
        named = msg.find("cauda_named")
        if named:
            return emergency(named)
        signs = msg.all_current("cauda_signs")
        if not signs:
            return None
        back = msg.find("back_pain")
        if back or "saddle" in signs[0].text or "anal tone" in signs[0].text:
            return emergency(back, signs[0])
        if len({s.text for s in signs}) >= 2:
            return emergency(signs[0], signs[1])
        return None


@register
class SpinalCordCompression(Discriminator):
    """NICE NG234 metastatic spinal cord compression: known cancer (or bone metastases) with
    new leg weakness, difficulty walking, a sensory level, or bladder / bowel change."""

    kind = "spinal_cord_compression"
    flag = "cauda_equina"
    label = "Possible spinal cord compression"
    advice = (
        "New leg weakness, numbness or bladder/bowel change in someone with cancer can be "
        f"spinal cord compression: go to the emergency department now ({CALL}) and lie flat "
        "if the back hurts; contact the acute oncology team. Treatment within 24 hours saves "
        "walking."
    )

    def evaluate(self, msg: Message) -> Hit | None:
        cancer = next(
            (
                m
                for m in msg.mentions.get("cancer", ())
                if not (m.statuses & {Category.NEGATED, Category.FAMILY, Category.HYPOTHETICAL})
            ),
            None,
        )
        if cancer is None:
            return None
        legs = msg.find("leg_weakness", "cauda_signs")
        if legs:
            return emergency(cancer, legs, msg.find("back_pain"))
        return None
