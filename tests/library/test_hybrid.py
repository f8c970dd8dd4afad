"""Dense + BM25 hybrid search with the real download-free embedders, on a real database."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import select

from common.tasks import CancelToken, ProgressEvent
from desktop.cli import APP_DB_FILE
from desktop.cli import main as cli_main
from desktop.library import LibraryStore, import_paths, reindex
from desktop.library.embed_gguf import GgufEmbedder
from desktop.library.embed_static import WordLlamaEmbedder
from desktop.library.embedders import DEFAULT_EMBEDDER, load_embedder
from desktop.library.embedding import EmbedderError, EmbedderSpec
from desktop.library.fusion import rrf, rrf_scores
from desktop.library.hybrid import hybrid_search
from desktop.library.modes import SearchMode
from desktop.library.search_settings import (
    LibrarySearch,
    read_search_settings,
    save_search_mode,
)
from desktop.library.tables import LibraryChunk, LibraryVector
from desktop.library.vectors import (
    EMBED_BATCH,
    VectorIndex,
    embed_missing,
    from_blob,
    vector_count,
)
from desktop.settings_store import SettingsError, SettingsStore
from desktop.storage.db import open_database
from models.paths import data_dir

REPO = Path(__file__).resolve().parents[2]

# Each question shares no content word with the passage that answers it (BM25 cannot find it).
PASSAGES = {
    "iron.txt": "Ferrous sulfate tablets taken daily restore haemoglobin in people whose iron "
    "stores are depleted.",
    "hip.txt": "Hip fractures in older adults are repaired surgically, ideally within 48 hours "
    "of admission.",
    "diabetes.txt": "Metformin is the first-line medicine for type 2 diabetes unless kidney "
    "function is poor.",
    "asthma.txt": "Asthma attacks are treated with inhaled salbutamol and oral steroids.",
    "warfarin.txt": "Warfarin doses are adjusted to keep the INR between two and three.",
    "otitis.txt": "Otitis media in children usually resolves without antibiotics within three "
    "days.",
}
PARAPHRASES = {"anemia remedy": "iron.txt", "ear infection in kids": "otitis.txt"}


@pytest.fixture(scope="module")
def static() -> WordLlamaEmbedder:
    return WordLlamaEmbedder()


def _write(folder: Path, texts: dict[str, str]) -> Path:
    folder.mkdir(exist_ok=True)
    for name, body in texts.items():
        (folder / name).write_text(body, encoding="utf-8")
    return folder


def _vectors(store: LibraryStore) -> dict[int, bytes]:
    with store.session() as s:
        return dict(s.execute(select(LibraryVector.chunk_id, LibraryVector.vector)).all())


def test_rrf_fuses_by_rank_with_k_60() -> None:
    bm25 = ["a", "b", "c"]
    dense = ["c", "d", "a"]
    scores = rrf_scores([bm25, dense])
    assert scores["a"] == pytest.approx(1 / 61 + 1 / 63)
    assert scores["c"] == pytest.approx(1 / 63 + 1 / 61)
    assert scores["b"] == pytest.approx(1 / 62) and scores["d"] == pytest.approx(1 / 62)
    # a and c tie (first in one list, third in the other): the first ranking breaks the tie;
    # so do b and d (second in one list only).
    assert rrf([bm25, dense]) == ["a", "c", "b", "d"]
    assert rrf([["x", "y"], ["y", "z"]], k=1) == ["y", "x", "z"]  # agreement wins


def test_static_embedder_is_bundled_deterministic_and_unit_length(static) -> None:
    rows = static.embed_documents(["iron deficiency", "iron deficiency", ""])
    assert rows.shape == (3, 256) and rows.dtype == np.float32
    assert np.allclose(np.linalg.norm(rows[:2], axis=1), 1.0, atol=1e-5)
    assert np.array_equal(rows[0], rows[1]) and not rows[2].any()  # empty text: zero vector
    assert (
        load_embedder(DEFAULT_EMBEDDER).identity == static.identity == "wordllama:l2_supercat_256"
    )
    with pytest.raises(EmbedderError, match="Unknown embedder kind"):
        load_embedder(EmbedderSpec("downloaded-on-first-use"))
    with pytest.raises(EmbedderError, match="choose the model file"):
        load_embedder(EmbedderSpec("gguf"))


def test_vectors_are_stored_and_reloaded_from_sqlite(tmp_path: Path, db_path: Path, static):
    store = LibraryStore(open_database(db_path))
    import_paths(store, [_write(tmp_path / "docs", PASSAGES)])
    done = embed_missing(store, static)
    assert done.embedded == store.chunk_count() == len(PASSAGES) and not done.cancelled
    assert embed_missing(store, static).embedded == 0  # nothing left to do
    before = _vectors(store)
    store.engine.dispose()

    reopened = LibraryStore(open_database(db_path))
    assert _vectors(reopened) == before
    with reopened.session() as s:
        texts = dict(s.execute(select(LibraryChunk.id, LibraryChunk.text)).all())
    for chunk_id, blob in before.items():  # the bytes are the embedder's float32 vector
        again = static.embed_documents([texts[chunk_id]])[0]
        assert np.allclose(from_blob(blob, static.dim), again, atol=1e-6)
    nearest = VectorIndex(reopened, static).search(texts[min(texts)], limit=1)
    assert nearest[0][0] == min(texts) and nearest[0][1] == pytest.approx(1.0, abs=1e-5)
    reopened.engine.dispose()


def test_hybrid_finds_a_paraphrased_passage_that_bm25_misses(tmp_path: Path, store, static):
    import_paths(store, [_write(tmp_path / "docs", PASSAGES)])
    embed_missing(store, static)
    index = VectorIndex(store, static)
    for question, name in PARAPHRASES.items():
        assert not any(Path(p.path).name == name for p in store.search(question, limit=10))
        [best, *_rest] = hybrid_search(store, index, question, limit=3)
        assert Path(best.path).name == name and best.text == PASSAGES[name]
    for question in (*PARAPHRASES, "salbutamol for asthma attacks", "INR warfarin"):
        assert store.ranked_ids(question, 5) == [p.chunk_id for p in store.search(question, 5)]
    # A question BM25 answers keeps BM25's best passage first, with its words highlighted.
    [top, *_rest] = hybrid_search(store, index, "salbutamol for asthma attacks", limit=3)
    assert Path(top.path).name == "asthma.txt" and "\ue000" in top.highlighted
    assert top.matched_terms == ("salbutamol", "asthma", "attacks")


def test_reindex_keeps_vectors_of_unchanged_documents_and_drops_removed(
    tmp_path: Path, store, static
):
    folder = _write(tmp_path / "docs", PASSAGES)
    import_paths(store, [folder])
    embed_missing(store, static)
    before = _vectors(store)
    docs = {Path(d.path).name: d.id for d in store.documents()}
    with store.session() as s:
        chunk_doc = dict(s.execute(select(LibraryChunk.id, LibraryChunk.document_id)).all())

    (folder / "hip.txt").write_text("Hip fractures need surgery the same or next day.")
    (folder / "warfarin.txt").unlink()
    report = reindex(store)
    assert [Path(p).name for p in report.updated] == ["hip.txt"]
    assert [Path(p).name for p in report.removed] == ["warfarin.txt"]
    kept = _vectors(store)
    changed = {docs["hip.txt"], docs["warfarin.txt"]}
    unchanged = {c: v for c, v in before.items() if chunk_doc[c] not in changed}
    assert kept == unchanged  # same chunk ids, same bytes: nothing re-embedded
    assert embed_missing(store, static).embedded == 1  # only the changed file's passage
    assert vector_count(store) == store.chunk_count() == len(PASSAGES) - 1


def test_cancel_mid_embedding_leaves_a_consistent_library(tmp_path: Path, store, static):
    many = {f"note{i:03}.txt": f"Note {i}: {body}" for i, body in
            enumerate(list(PASSAGES.values()) * 12)}  # fmt: skip
    import_paths(store, [_write(tmp_path / "notes", many)])
    total = store.chunk_count()
    assert total > 2 * EMBED_BATCH
    token = CancelToken()
    events: list[ProgressEvent] = []

    def progress(event: ProgressEvent) -> None:
        events.append(event)
        if event.done >= EMBED_BATCH:
            token.cancel()

    first = embed_missing(store, static, progress, token)
    assert first.cancelled and first.embedded == EMBED_BATCH
    assert first.missing == total - EMBED_BATCH == total - vector_count(store)
    assert events[0].total == total and events[-1].done == EMBED_BATCH
    # Passages without a vector are still found (through BM25); hybrid search works.
    assert hybrid_search(store, VectorIndex(store, static), "salbutamol", limit=3)
    rest = embed_missing(store, static)
    assert rest.embedded == total - EMBED_BATCH and not rest.cancelled
    assert vector_count(store) == total


def test_llama_cpp_embedder_runs_on_its_own_thread(default_model_path: Path) -> None:
    """The embedded chat model (not an embedding model) through the GGUF seam: a Llama of
    its own, created and used only on the embedder's worker thread."""
    embedder = GgufEmbedder(default_model_path, n_threads=1)
    try:
        assert embedder.thread.is_alive() and embedder.thread is not threading.current_thread()
        assert embedder.dim == 576 and embedder.identity.startswith("gguf:SmolLM2")
        rows = embedder.embed_documents(["Warfarin and the INR.", "Warfarin and the INR."])
        assert rows.shape == (2, 576) and np.allclose(np.linalg.norm(rows, axis=1), 1, atol=1e-4)
        assert np.allclose(rows[0], rows[1], atol=1e-4)
        assert np.allclose(embedder.embed_query("Warfarin and the INR."), rows[0], atol=1e-4)
    finally:
        embedder.close()
    assert not embedder.thread.is_alive()
    with pytest.raises(EmbedderError, match="closed"):
        embedder.embed_query("after close")
    with pytest.raises(EmbedderError, match="does not exist"):
        GgufEmbedder(default_model_path.with_name("missing.gguf"))


def test_search_mode_setting_and_cli(tmp_path: Path, tmp_home: Path, capsys) -> None:
    settings = SettingsStore(tmp_home)
    assert read_search_settings(settings).mode is SearchMode.BM25  # the measured default
    with pytest.raises(SettingsError, match="bm25 or hybrid"):
        settings.merge("library", {"search_mode": "dense"})
    save_search_mode(settings, "hybrid")
    choice = read_search_settings(SettingsStore(tmp_home))
    assert choice.mode is SearchMode.HYBRID and choice.embedder == DEFAULT_EMBEDDER

    folder = _write(tmp_path / "docs", PASSAGES)
    assert cli_main(["library", "add", str(folder)]) == 0
    capsys.readouterr()
    question = "ear infection in kids"
    assert cli_main(["library", "search", question, "--mode", "bm25"]) == 0
    assert "otitis.txt" not in capsys.readouterr().out
    assert cli_main(["library", "search", question, "--limit", "1"]) == 0  # saved: hybrid
    assert "otitis.txt" in capsys.readouterr().out
    store = LibraryStore(open_database(data_dir() / APP_DB_FILE))
    searcher = LibrarySearch(store, choice)
    try:
        assert searcher.search(question, limit=1)[0].path.endswith("otitis.txt")
        assert vector_count(store) == store.chunk_count()
    finally:
        searcher.close()
        store.engine.dispose()


CHILD = """
import json, sys
from pathlib import Path
from desktop import netguard
netguard.install()
from desktop.library import LibraryStore, import_paths
from desktop.library.modes import SearchMode
from desktop.library.search_settings import LibrarySearch, SearchSettings
from desktop.storage.db import open_database
folder, db = Path(sys.argv[1]), Path(sys.argv[2])
store = LibraryStore(open_database(db))
import_paths(store, [folder])
search = LibrarySearch(store, SearchSettings(SearchMode.HYBRID))
report = search.embed()
hits = search.search("anemia remedy", limit=1)
print(json.dumps({"embedded": report.embedded, "top": Path(hits[0].path).name,
                  "refused": netguard.refused()}))
"""


def test_hybrid_works_under_the_network_guard_without_a_network(tmp_path: Path) -> None:
    folder = _write(tmp_path / "docs", PASSAGES)
    prefix = []
    unshare = shutil.which("unshare")
    if unshare and subprocess.run([unshare, "-n", "true"], capture_output=True).returncode == 0:
        prefix = [unshare, "-n"]  # no network at all, not only the guard
    env = {**os.environ, "HF_HUB_OFFLINE": "0", "PYTHONPATH": str(REPO)}  # offline by the guard
    done = subprocess.run(
        [*prefix, sys.executable, "-c", CHILD, str(folder), str(tmp_path / "app.db")],
        capture_output=True, text=True, timeout=120, env=env, cwd=REPO,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    out = json.loads(done.stdout.strip().splitlines()[-1])
    assert out == {"embedded": len(PASSAGES), "top": "iron.txt", "refused": []}
