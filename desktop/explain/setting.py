"""The "Explain from my library" switch: one setting, shared by the MCQ page and study mode."""

from __future__ import annotations

from desktop.settings_store import SettingsStore

GROUP, KEY = "ui", "explain_from_library"


def explain_from_library(settings: SettingsStore) -> bool:
    """Whether explanations retrieve passages from the reference library (default off)."""
    group = settings.get(GROUP, {})
    return isinstance(group, dict) and group.get(KEY) is True


def set_explain_from_library(settings: SettingsStore, on: bool) -> None:
    settings.merge(GROUP, {KEY: bool(on)})
