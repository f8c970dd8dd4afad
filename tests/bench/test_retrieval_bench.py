"""The retrieval benchmark runs end to end on small slices of the real data (not timed)."""

from __future__ import annotations

import json
from pathlib import Path

from bench.__main__ import available
from bench.__main__ import main as bench_main


def test_retrieval_bench_reports_recall_latency_import_and_memory(
    shared_data: Path, tmp_path: Path, capsys
) -> None:
    assert "retrieval" in available()
    out = tmp_path / "retrieval.json"
    argv = [
        "retrieval", "--pubmedqa-limit", "60", "--meadow-limit", "120", "--scale-chunks", "800",
        "--queries", "10", "--pdf-pages", "6", "--n", "0", "--gguf-limit", "2",
        "--json", str(out),
    ]  # fmt: skip
    assert bench_main(argv) == 0
    printed = capsys.readouterr().out
    for phrase in ("R@5", "MRR", "p95", "pages/s", "peak memory", "hybrid:wordllama"):
        assert phrase in printed
    figures = json.loads(out.read_text())
    pqa = figures["pubmedqa"]
    assert pqa["n"] == 60 and pqa["errors"] == 0 and 0.0 <= pqa["recall@1"] <= pqa["recall@5"] <= 1
    assert pqa["recall@5"] >= 0.8  # 60 abstracts: each question finds its own abstract
    assert figures["meadow"]["n"] == 120 and figures["scale"]["chunks"] == 800
    assert figures["pdf_import"]["pages"] == 6 and figures["pdf_import"]["pages_per_s"] > 0
    assert figures["scale"]["ours"]["p95_ms"] >= figures["scale"]["ours"]["p50_ms"] > 0
    assert figures["peak_rss_mb"] > 0
    # BM25, dense and hybrid rows in the same run, on the same questions
    for suite in ("pubmedqa_retrievers", "meadow_retrievers"):
        rows = figures[suite]
        assert set(rows) == {"bm25", "dense:wordllama", "hybrid:wordllama"}
        assert all(r["n"] == rows["bm25"]["n"] and r["query_ms_p50"] > 0 for r in rows.values())
    assert figures["pubmedqa_retrievers"]["hybrid:wordllama"]["recall@5"] >= 0.8
    subset = figures["pubmedqa_subset"]["retrievers"]
    assert {"dense:smollm2-chat-meanpool", "hybrid:smollm2-chat-meanpool"} <= set(subset)
    assert subset["bm25"]["n"] == 2
    assert figures["scale"]["hybrid"]["p95_ms"] >= figures["scale"]["hybrid"]["p50_ms"] > 0
