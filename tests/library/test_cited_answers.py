"""Cited answers: marker clean-up, "library only" refusals, passages saved with the answer."""

from __future__ import annotations

import json
import re
from pathlib import Path

from desktop.engine import Engine, EngineConfig, SamplingSettings
from desktop.history import HistoryStore
from desktop.library import (
    LibraryMode,
    LibraryStore,
    augment_messages,
    clean_citations,
    ensure_sample_library,
    import_paths,
    plan_answer,
)
from desktop.library.pdf_writer import write_pdf
from desktop.library.saved_answers import attach_sources, finalize_saved_answer
from desktop.storage.db import open_database

GUIDE = [
    "Hyperkalaemia guideline. Potassium above 6.5 mmol/L with ECG changes is an emergency.",
    "Treatment of hyperkalaemia: give intravenous calcium gluconate to protect the heart, "
    "then insulin with glucose to shift potassium into the cells.",
]


def test_markers_naming_no_passage_are_removed() -> None:
    text = "Give calcium [1]. Then insulin [2, 5]. Never [7]. Range [1-3]. Year [2021]."
    cleaned, cited = clean_citations(text, 2)
    assert cleaned == "Give calcium [1]. Then insulin [2]. Never. Range [1, 2]. Year."
    assert cited == [1, 2]
    assert clean_citations("No sources [1].", 0) == ("No sources.", [])


def test_library_only_refuses_when_nothing_relevant_is_found(store: LibraryStore) -> None:
    ensure_sample_library(store)
    unrelated = "What is the recommended dose of rivaroxaban after hip replacement?"
    only = plan_answer(store, unrelated, LibraryMode.ONLY)
    assert only.refusal is not None and "Nothing in your library" in only.refusal
    assert only.passages == ()
    use = plan_answer(store, unrelated, LibraryMode.USE)  # "use": answer without sources
    assert use.refusal is None and use.passages == ()
    assert (
        augment_messages([{"role": "user", "content": unrelated}], use)[0]["content"] == unrelated
    )

    covered = plan_answer(store, "How is iron deficiency anaemia treated?", LibraryMode.ONLY)
    assert covered.refusal is None and covered.passages
    assert "Oral iron" in " ".join(p.text for p in covered.passages)
    assert ensure_sample_library(store) is None  # offered once only


def test_saved_answer_cites_only_stored_passages_and_exports_them(
    tmp_path: Path, db_path: Path, default_model_path: Path
) -> None:
    engine_db = open_database(db_path)
    library, history = LibraryStore(engine_db), HistoryStore(engine_db)
    pdf = write_pdf(tmp_path / "hyperkalaemia.pdf", GUIDE, title="Hyperkalaemia guideline")
    import_paths(library, [pdf])
    question = "How is hyperkalaemia treated, and why is calcium gluconate given?"
    plan = plan_answer(library, question, LibraryMode.ONLY)
    assert plan.refusal is None and [p.page for p in plan.passages][:1] == [2]

    messages = augment_messages([{"role": "user", "content": question}], plan)
    assert "[1] Treatment of hyperkalaemia" in messages[-1]["content"]
    conv = history.create_conversation("test")
    history.add_user_message(conv.id, question)
    message_id = history.begin_assistant_message(conv.id, model_id="smollm2")
    assert attach_sources(history, message_id, plan) == len(plan.passages)

    llm = Engine(EngineConfig(str(default_model_path), n_ctx=2048, n_threads=1))
    try:
        result = llm.chat(messages, SamplingSettings(temperature=0.0, max_tokens=16, seed=1))
    finally:
        llm.close()
    history.append_to_message(message_id, result.text)
    history.finish_message(message_id, result)
    final, cited = finalize_saved_answer(history, message_id)

    saved = history.get_message(message_id)
    numbers = {s.number for s in saved.sources}
    assert numbers == set(range(1, len(plan.passages) + 1))
    markers = {
        int(n)
        for group in re.findall(r"\[([\d,\s]+)\]", saved.text)
        for n in re.findall(r"\d+", group)
    }
    assert markers <= numbers  # every citation left in the saved answer names a stored passage
    assert saved.text == final and {s.number for s in saved.sources if s.cited} == set(cited)
    assert saved.sources[0].page == 2 and "calcium gluconate" in saved.sources[0].text

    payload = history.export_json(conv.id)
    exported = payload["conversations"][0]["messages"][1]["sources"]
    assert [s["number"] for s in exported] == sorted(numbers)
    assert exported[0]["path"] == str(pdf.resolve()) and exported[0]["page"] == 2
    markdown = history.export_markdown(conv.id)
    assert "Sources given to the model" in markdown and "Hyperkalaemia guideline, p. 2" in markdown

    [doc] = library.documents()
    library.remove_document(doc.id)  # the answer keeps its passages, only the link is cut
    kept = history.get_message(message_id).sources
    assert len(kept) == len(numbers) and all(s.chunk_id is None for s in kept)
    [copy_id] = history.import_json(json.dumps(payload))
    copied = history.get_messages(copy_id)[1].sources
    assert [(s.number, s.page, s.text) for s in copied] == [
        (s.number, s.page, s.text) for s in saved.sources
    ]
    engine_db.dispose()
