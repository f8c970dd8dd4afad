"""Clinical safety checks on the user's text (Qt-free): triage, red flags, dose questions, disclaimer."""

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
from desktop.safety.discriminators import Level
from desktop.safety.red_flags import RULES, RedFlag
from desktop.safety.triage import TriageResult, triage

__all__ = [
    "DISCLAIMER",
    "EMERGENCY_HEADER",
    "Level",
    "RULES",
    "RedFlag",
    "SafetyAssessment",
    "TriageResult",
    "assess",
    "augment_messages",
    "augment_user_text",
    "emergency_notice",
    "safety_instructions",
    "triage",
]
