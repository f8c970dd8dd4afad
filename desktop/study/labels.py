"""Display names for stored tag values."""

from __future__ import annotations

STEP_NAMES = {
    "step1": "Step 1",
    "step2": "Step 2 CK",
    "step3": "Step 3",
    "step2&3": "Step 2/3",
}


def step_label(step: str | None) -> str:
    if not step:
        return "(no step)"
    return STEP_NAMES.get(step, step)


def subject_label(subject: str | None) -> str:
    return subject or "(no subject)"
