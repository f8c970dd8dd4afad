"""The small original sample document that ships with the app, imported once on first use."""

from __future__ import annotations

from pathlib import Path

from desktop.library.importer import ImportReport, import_paths
from desktop.library.store import LibraryStore

SAMPLE_PATH = Path(__file__).resolve().parent / "sample" / "clinical_reference_sample.md"
SAMPLE_COLLECTION = "Sample (written for this project)"
SAMPLE_STATE_KEY = "sample_offered"


def ensure_sample_library(store: LibraryStore) -> ImportReport | None:
    """Import the sample once; ``None`` if it was offered before (a user who removes it
    does not get it back on the next start)."""
    if store.state(SAMPLE_STATE_KEY) is not None:
        return None
    report = import_paths(
        store, [SAMPLE_PATH], SAMPLE_COLLECTION, prune_folders=False, is_sample=True
    )
    store.set_state(SAMPLE_STATE_KEY, "1")
    return report
