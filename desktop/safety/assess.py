"""``assess(user_text)``: red flags, emergency notice, dose questions and missing details."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from desktop.safety.dosing import is_dose_question, missing_dose_context
from desktop.safety.matching import normalize
from desktop.safety.red_flags import RedFlag, find_red_flags

DISCLAIMER = (
    "Decision support, not a clinician. Answers come from a small offline language model and "
    "may be wrong or out of date: verify them against current guidelines and your own clinical "
    "judgement. In an emergency, call your local emergency number."
)
EMERGENCY_HEADER = (
    "Possible emergency. If this is happening now, call your local emergency number "
    "(for example 911, 112 or 999) immediately; do not wait for this assistant's answer."
)


@dataclass(frozen=True)
class SafetyAssessment:
    red_flags: list[RedFlag] = field(default_factory=list)
    emergency_notice: str | None = None  # show BEFORE the model's answer
    dose_question: bool = False
    missing_context: list[str] = field(default_factory=list)  # only for dose questions

    @property
    def is_emergency(self) -> bool:
        return bool(self.red_flags)

    @property
    def needs_attention(self) -> bool:
        return bool(self.red_flags or self.missing_context)

    @property
    def dose_notice(self) -> str | None:
        """Short text for the user when a dose question lacks details (else ``None``)."""
        if not self.missing_context:
            return None
        return (
            "A safe dose depends on details not given here: "
            + ", ".join(self.missing_context)
            + ". Add them for a better answer, and check any dose against a current formulary."
        )


def emergency_notice(flags: list[RedFlag]) -> str | None:
    """Text to show before the answer: one header plus each flag's specific advice."""
    if not flags:
        return None
    lines = [EMERGENCY_HEADER]
    for flag in flags:
        lines.append(f"- {flag.label or flag.name}: {flag.advice}")
    return "\n".join(lines)


def assess(user_text: str) -> SafetyAssessment:
    """Screen one user message (any text; never raises for a string)."""
    if not isinstance(user_text, str):
        raise TypeError("assess() needs the user's text as a string")
    text = normalize(user_text)
    flags = find_red_flags(text)
    dose = is_dose_question(text)
    return SafetyAssessment(
        red_flags=flags,
        emergency_notice=emergency_notice(flags),
        dose_question=dose,
        missing_context=missing_dose_context(text) if dose else [],
    )


def safety_instructions(assessment: SafetyAssessment) -> str | None:
    """Extra system-prompt text that makes the model address red flags and missing details."""
    parts: list[str] = []
    if assessment.red_flags:
        names = ", ".join((f.label or f.name).lower() for f in assessment.red_flags)
        parts.append(
            f"Safety note: the user's message may describe an emergency ({names}). Begin your "
            "answer by saying that this may be an emergency and that they should contact "
            "emergency services now; then give brief, practical information."
        )
    if assessment.dose_question:
        if assessment.missing_context:
            missing = "; ".join(assessment.missing_context)
            parts.append(
                "Safety note: the user asks about a drug dose but has not given: "
                f"{missing}. Start your answer by stating that the correct dose depends on "
                "these details and ask for them. Do not present a single dose as certain; "
                "if you give typical ranges, say they must be checked against a current "
                "formulary or local guideline."
            )
        else:
            parts.append(
                "Safety note: the user asks about a drug dose. Say which patient details the "
                "dose depends on, and that it must be checked against a current formulary or "
                "local guideline; do not present a dose as certain."
            )
    return "\n".join(parts) if parts else None


def augment_messages(
    messages: list[dict[str, Any]], assessment: SafetyAssessment | None = None
) -> list[dict[str, Any]]:
    """Copy of ``messages`` (engine format) with the safety note added to the system message.

    ``assessment`` defaults to assessing the last user message. The stored history is not
    changed; only the prompt sent to the model is.
    """
    out = [dict(m) for m in messages]
    if assessment is None:
        last_user = next((m for m in reversed(out) if m.get("role") == "user"), None)
        if last_user is None:
            return out
        assessment = assess(str(last_user.get("content", "")))
    note = safety_instructions(assessment)
    if note is None:
        return out
    if out and out[0].get("role") == "system":
        base = str(out[0].get("content", "")).rstrip()
        out[0]["content"] = f"{base}\n\n{note}" if base else note
    else:
        out.insert(0, {"role": "system", "content": note})
    return out


def augment_user_text(user_text: str, assessment: SafetyAssessment | None = None) -> str:
    """``user_text`` with the safety note appended (for templates without a system role)."""
    note = safety_instructions(assessment or assess(user_text))
    return user_text if note is None else f"{user_text}\n\n({note})"
