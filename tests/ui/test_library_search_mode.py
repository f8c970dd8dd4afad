"""The Library page's ranking selector: hybrid computes passage vectors, then finds a passage
that shares no word with the question (with a screenshot)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from desktop.library.modes import SearchMode
from desktop.library.search_settings import read_search_settings
from desktop.settings_store import SettingsStore


def test_search_mode_selector_switches_to_hybrid_and_is_saved(
    qtbot: Any, make_window: Any, tmp_path: Path, tmp_home: Path, artifacts_dir: Path
) -> None:
    window = make_window()
    page = window.show_page("library")
    qtbot.waitUntil(lambda: len(page.documents) >= 1, timeout=60_000)  # the sample document
    assert page.mode_box.currentData() == SearchMode.BM25.value  # the measured default
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "otitis.txt").write_text(
        "Otitis media in children usually resolves without antibiotics within three days."
    )
    (folder / "warfarin.txt").write_text("Warfarin doses keep the INR between two and three.")
    page.add_paths([folder])
    qtbot.waitUntil(lambda: page.task is None and len(page.documents) == 3, timeout=60_000)

    page.search_box.setText("ear infection in kids")
    page.search_button.click()
    qtbot.waitUntil(lambda: "No passage matches" in page.results_view.toPlainText(), timeout=30_000)

    page.mode_box.setCurrentIndex(page.mode_box.findData(SearchMode.HYBRID.value))
    qtbot.waitUntil(lambda: page.task is None, timeout=60_000)
    assert "Hybrid search ready" in page.status.text(), page.status.text()
    assert read_search_settings(SettingsStore(tmp_home)).mode is SearchMode.HYBRID
    page.results = []
    page.search_button.click()
    qtbot.waitUntil(lambda: bool(page.results), timeout=30_000)
    assert page.results[0].path.endswith("otitis.txt")
    window.resize(1180, 780)
    window.grab().save(str(artifacts_dir / "library_hybrid.png"))
