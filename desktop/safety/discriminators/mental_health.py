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
        if thoughts is None and harm is None:
            return None
        plan = msg.find("suicide_plan")
        extra = ("plan, means or intent described: act now",) if plan else ()
        return emergency(thoughts or harm, plan, extra=extra)
