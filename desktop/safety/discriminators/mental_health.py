"""Suicidal thoughts, intent with a plan, self-harm, and postpartum psychosis."""

from __future__ import annotations

import re

from desktop.safety.discriminators.base import (
    Discriminator,
    Hit,
    emergency,
    register,
    urgent,
)
from desktop.safety.message import Message

# A plan signal that is only a time word or the word "plan" is weak on its own ("going to take
# my tablets tomorrow"); means gathered, a note, a method or a final act are not.
_WEAK_PLAN = re.compile(
    r"^(?:plan\w*|tonight|this\s+weekend|tomorrow|on\s+\w+(?:\s+\w+)?|right\s+now|at\s+the\s+moment|"
    r"(?:going|gonna|intend\w*|decided)\s+to\s+take|means|intent\w*)$"
)
_NO_INTENT = re.compile(
    r"(?<!\w)(?:(?:i'd|i\s+would|would)\s+never\s+(?:do|act|go\s+through)|(?:won't|will\s+not|wouldn't|"
    r"would\s+not)\s+(?:act|do\s+(?:it|anything))|(?:i'm|i\s+am|i'll\s+be|i\s+will\s+be|i\s+can\s+keep\s+"
    r"myself)\s+safe|no\s+(?:intention|intent"
    r"|plans?)\s+(?:to|of)|not\s+going\s+to\s+(?:do|act)|(?:don't|doesn't|do\s+not|does\s+not)\s+"
    r"want\s+to\s+die|not\s+(?:actively\s+)?suicidal)(?!\w)"
)
_LOW_LETHALITY = re.compile(
    r"(?<!\w)(?:superficial|shallow|scratches|healing|healed|(?:don't|doesn't|do\s+not|does\s+not)\s+"
    r"want\s+to\s+die|not\s+(?:actively\s+)?suicidal|no\s+(?:suicidal\s+)?(?:intent|intention))(?!\w)"
)

CRISIS = (
    "Crisis support: 988 (Suicide & Crisis Lifeline, US), 116 123 (Samaritans, UK and Ireland) "
    "or your local crisis line."
)


@register
class SuicideRisk(Discriminator):
    """Active suicidal thoughts or self-harm now; a plan, means, intent or attempt raises it
    to acting now."""

    kind = "suicide_self_harm"
    label = "Risk of suicide or self-harm"
    advice = (
        "If there is immediate danger, call your local emergency number now. Do not leave the "
        "person alone and remove access to means of harm (medicines, ligatures, weapons). " + CRISIS
    )

    urgent_advice = (
        "Thoughts of suicide or self-harm without a plan still need help today: contact your GP "
        "or the local mental health crisis team today. If the thoughts get stronger or you make "
        "a plan, call your local emergency number. " + CRISIS
    )

    def evaluate(self, msg: Message) -> Hit | None:
        thoughts = msg.find("suicidal")
        harm = msg.find("self_harm")
        plan = msg.find("suicide_plan")
        plans = {m.text for m in msg.all_current("suicide_plan")}
        if thoughts is None and harm is None:
            # no suicidal words, but a plan or means with despair, or several plan/means
            # signals of which one is gathering means or a final act ("collecting pills",
            # "take them all", a goodbye note)
            despair = msg.find("despair")
            strong = any(not _WEAK_PLAN.match(p) for p in plans)
            if plan and (despair or (len(plans) >= 2 and strong)):
                return emergency(plan, despair, extra=("plan, means or intent described",))
            return None
        denied = msg.suppressed("suicide_plan") or _NO_INTENT.search(msg.text)
        if plan and not (denied and all(_WEAK_PLAN.match(p) for p in plans)):
            return emergency(thoughts or harm, plan, extra=("plan, means or intent described: act now",))
        # thoughts without a plan (a time word alone is not one when intent is denied), and
        # the plan or intent explicitly denied: same-day help
        if thoughts and denied:
            return urgent(thoughts, extra=("no plan or intent described",))
        if harm and not thoughts and _LOW_LETHALITY.search(msg.text):
            return urgent(harm, extra=("superficial self-harm without suicidal intent",))
        return emergency(thoughts or harm)


# Weeks after the birth beyond which a new psychosis is not read as postpartum here (onset is
# mostly in the first two weeks, nearly always within six; RCOG Good Practice Paper 14).
_POSTNATAL_LATE = re.compile(
    r"(?<!\w)(?:(?:[7-9]|[1-9]\d)\s+weeks?|(?:[2-9]|1[0-2])\s+months?|a\s+year|years?)\s+"
    r"(?:after|since|ago|post)"
)


# A baby's age inside the six postnatal weeks ("baby is 10 days old", "our 3-week-old")
_YOUNG_BABY = re.compile(
    r"(?<!\w)(?:(?:[1-9]|[1-3]\d|4[0-2])[\s-]*days?|[1-6][\s-]*weeks?)[\s-]*old(?!\w)|"
    r"(?<!\w)newborn(?!\w)"
)


@register
class PostpartumPsychosis(Discriminator):
    """Days to weeks after a birth: delusions (often about the baby), hallucinations or
    paranoia are postpartum psychosis, a psychiatric emergency (RCOG, NICE CG192)."""

    kind = "postpartum_psychosis"
    label = "Possible postpartum psychosis"
    advice = (
        "New delusions, hallucinations or paranoia in the weeks after a birth can be postpartum "
        "psychosis, a psychiatric emergency: call your local emergency number or go to the "
        "emergency department now. Stay with her and do not leave her alone with the baby. "
        + CRISIS
    )

    def evaluate(self, msg: Message) -> Hit | None:
        after_birth = msg.find("postpartum")
        if after_birth is None and _YOUNG_BABY.search(msg.text):
            # "our baby is 10 days old": the birth given as the baby's age, not named
            after_birth = msg.find("child")
        psychotic = msg.find("psychotic_features") or msg.find("hallucinations")
        if after_birth is None or psychotic is None or _POSTNATAL_LATE.search(msg.text):
            return None
        return emergency(after_birth, psychotic)
