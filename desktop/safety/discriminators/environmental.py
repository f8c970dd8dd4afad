"""Heat stroke and hypothermia (NICE CKS heat-related illness; RCUK / WMS hypothermia)."""

from __future__ import annotations

from desktop.safety.discriminators.base import CALL, Discriminator, Hit, emergency, register
from desktop.safety.message import Message


@register
class HeatStroke(Discriminator):
    """Core temperature >= 40 °C with confusion, collapse or a seizure, or heat exposure with
    any of those: heat stroke. Temperature <= 32 °C, or hypothermia / cold exposure with
    confusion or drowsiness: severe hypothermia."""

    kind = "heat_cold_emergency"
    label = "Possible heat stroke or severe hypothermia"
    advice = (
        f"This can be heat stroke or severe hypothermia: {CALL}. Heat: move to a cool place, "
        "remove clothing, cool with water and fanning, ice packs to neck and armpits. Cold: "
        "handle gently, move to warmth, remove wet clothes, wrap in blankets, warm drinks only "
        "if fully awake."
    )

    def evaluate(self, msg: Message) -> Hit | None:
        t = msg.vitals.temp_c
        neuro = msg.find("confusion", "unresponsive", "seizure")
        heat = msg.find("heat_exposure")
        collapse = "collaps" in msg.text or "passed out" in msg.text
        temp = (f"temperature {t:g} °C",) if t is not None else ()
        if t is not None and t >= 40.0 and (neuro or collapse or heat):
            return emergency(neuro, heat, extra=temp)
        if heat and "stroke" in heat.text:
            return emergency(heat, neuro, extra=temp)
        if heat and (neuro or collapse) and (t is None or t >= 38.5):
            return emergency(heat, neuro, extra=temp)
        cold = msg.find("hypothermia")
        if t is not None and t <= 32.0:
            return emergency(cold, neuro, extra=temp)
        if (cold or (t is not None and t < 35.0)) and neuro:
            return emergency(cold, neuro, extra=temp)
        return None
