"""Suicidal thoughts, intent with a plan, and self-harm."""

from __future__ import annotations

from desktop.safety.discriminators.base import (
    Discriminator,
    Hit,
    emergency,
    register,
)
from desktop.safety.message import Message

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

    def evaluate(self, msg: Message) -> Hit | None:
        thoughts = msg.find("suicidal")
        harm = msg.find("self_harm")
        plan = msg.find("suicide_plan")
        if thoughts is None and harm is None:
            # no suicidal words, but a plan or means with despair, or two plan/means signals
            plans = {m.text for m in msg.all_current("suicide_plan")}
            despair = msg.find("despair")
            if plan and (despair or len(plans) >= 2):
                return emergency(plan, despair, extra=("plan, means or intent described",))
            return None
        extra = ("plan, means or intent described: act now",) if plan else ()
        return emergency(thoughts or harm, plan, extra=extra)
