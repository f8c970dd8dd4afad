"""``assess(user_text)``: triage (level, reasons, advice), red flags, dose questions and missing
details. The red flags are the triage engine's emergency findings, one per family."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from desktop.safety.discriminators import Finding, Level
from desktop.safety.dosing import given_dose_context, is_dose_question, missing_dose_context
from desktop.safety.matching import normalize
from desktop.safety.red_flags import RedFlag
from desktop.safety.triage import TriageResult, triage

DISCLAIMER = (
    "Decision support, not a clinician. Answers come from a small offline language model and "
    "may be wrong or out of date: verify them against current guidelines and your own clinical "
    "judgement. In an emergency, call your local emergency number."
)
EMERGENCY_HEADER = (
    "Possible emergency. If this is happening now, call your local emergency number "
    "(for example 911, 112 or 999) immediately; do not wait for this assistant's answer."
)
URGENT_HEADER = "Needs medical assessment today (urgent; call emergency services if it worsens)."


@dataclass(frozen=True)
class SafetyAssessment:
    red_flags: list[RedFlag] = field(default_factory=list)
    emergency_notice: str | None = None  # show BEFORE the model's answer
    dose_question: bool = False
    missing_context: list[str] = field(default_factory=list)  # only for dose questions
    given_context: list[str] = field(default_factory=list)  # dose details the user gave
    triage: TriageResult | None = None
    urgent_notice: str | None = None  # urgent-today advice when there is no emergency

    @property
    def level(self) -> Level:
        return self.triage.level if self.triage is not None else Level.ROUTINE

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
        given = f" (Noted: {', '.join(self.given_context)}.)" if self.given_context else ""
        return (
            "A safe dose depends on details not given here: "
            + ", ".join(self.missing_context)
            + f".{given} Add them for a better answer, and check any dose against a current "
            "formulary."
        )


def _why(reasons: tuple[str, ...]) -> str:
    return f"\n  Why: {'; '.join(reasons)}" if reasons else ""


def emergency_notice(flags: list[RedFlag]) -> str | None:
    """Text to show before the answer: one header plus each flag's advice and reasons."""
    if not flags:
        return None
    lines = [EMERGENCY_HEADER]
    for flag in flags:
        why = f"\n  Why: {flag.evidence}" if flag.evidence and ":" in flag.evidence else ""
        lines.append(f"- {flag.label or flag.name}: {flag.advice}{why}")
    return "\n".join(lines)


def urgent_notice(findings: list[Finding]) -> str | None:
    if not findings:
        return None
    lines = [URGENT_HEADER]
    for f in findings:
        lines.append(f"- {f.label}: {f.advice}{_why(f.reasons)}")
    return "\n".join(lines)


def red_flags_from(result: TriageResult) -> list[RedFlag]:
    """One red flag per family of emergency findings; a specific kind's advice wins."""
    by_flag: dict[str, Finding] = {}
    for f in result.emergencies:
        held = by_flag.get(f.flag)
        if held is None or (held.kind == held.flag and f.kind != f.flag):
            by_flag[f.flag] = f
    return [
        RedFlag(f.flag, f.advice, f.label, "; ".join(f.reasons) or f.label)
        for f in by_flag.values()
    ]


def assess(user_text: str) -> SafetyAssessment:
    """Screen one user message (any text; never raises for a string)."""
    if not isinstance(user_text, str):
        raise TypeError("assess() needs the user's text as a string")
    result = triage(user_text)
    flags = red_flags_from(result)
    text = normalize(user_text)
    dose = is_dose_question(text)
    missing = missing_dose_context(text) if dose else []
    return SafetyAssessment(
        red_flags=flags,
        emergency_notice=emergency_notice(flags),
        dose_question=dose,
        missing_context=missing,
        given_context=given_dose_context(text) if dose and missing else [],
        triage=result,
        urgent_notice=None if flags else urgent_notice(result.urgent),
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
        for f in assessment.red_flags:
            parts.append(f"Triage (emergency now) - {f.label}: {f.advice} Why: {f.evidence}")
    elif assessment.urgent_notice and assessment.triage is not None:
        for f in assessment.triage.urgent:
            parts.append(
                f"Triage (urgent today) - {f.label}: {f.advice} Why: {'; '.join(f.reasons)}. "
                "Say early in your answer that the person should be assessed today."
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
