"""Clinical safety checks on the user's text (Qt-free): red flags, dose questions, disclaimer."""

from desktop.safety.assess import (
    DISCLAIMER,
    EMERGENCY_HEADER,
    SafetyAssessment,
    assess,
    augment_messages,
    augment_user_text,
    emergency_notice,
    safety_instructions,
)
from desktop.safety.red_flags import RULES, RedFlag

__all__ = [
    "DISCLAIMER",
    "EMERGENCY_HEADER",
    "RULES",
    "RedFlag",
    "SafetyAssessment",
    "assess",
    "augment_messages",
    "augment_user_text",
    "emergency_notice",
    "safety_instructions",
]
