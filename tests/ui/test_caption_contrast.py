"""Captions in the transcript are readable: WCAG AA contrast (>= 4.5:1) on the white page."""

from __future__ import annotations

import re

from desktop.ui.chat import render
from desktop.ui.chat.render import (
    DARK_CAPTION,
    DARK_ROLE_COLORS,
    LIGHT_CAPTION,
    LIGHT_ROLE_COLORS,
    message_html,
    stopped_html,
)
from desktop.ui.color_scheme import DARK


def _luminance(hex_color: str) -> float:
    channels = [int(hex_color[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(fg: str, bg: str = "#ffffff") -> float:
    a, b = sorted((_luminance(fg), _luminance(bg)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def test_captions_and_role_labels_meet_aa_contrast() -> None:
    html = message_html("assistant", "text", "(interrupted)") + stopped_html()
    colours = set(re.findall(r"color:\s*(#[0-9a-fA-F]{6})", html))
    assert render.CAPTION_COLOR == LIGHT_CAPTION and LIGHT_CAPTION in colours
    for colour in colours | set(LIGHT_ROLE_COLORS.values()):
        assert contrast(colour) >= 4.5, colour
    assert contrast("#888888") < 4.5  # the old caption grey failed
    base = DARK[next(r for r in DARK if r.name == "Base")]
    for colour in {DARK_CAPTION, *DARK_ROLE_COLORS.values()}:
        assert contrast(colour, base) >= 4.5, colour
