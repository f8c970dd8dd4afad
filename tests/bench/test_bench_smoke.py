"""Benchmarks still run (not timed: only that they measure and print what they promise)."""

from __future__ import annotations

import json
from pathlib import Path

from bench.__main__ import available
from bench.__main__ import main as bench_main


def test_benchmarks_are_listed(capsys) -> None:
    assert bench_main([]) == 0
    listed = capsys.readouterr().out
    for name in ("engine_speed", "mcq_scoring", "convert_fidelity", "convert_memory"):
        assert name in available() and name in listed
    assert bench_main(["no_such_bench"]) == 2


def test_mcq_scoring_reports_the_one_pass_ceiling(
    default_model_path: Path, shared_data: Path, tmp_path: Path, capsys
) -> None:
    out = tmp_path / "mcq.json"
    data = shared_data / "eval" / "medmcqa_dev.jsonl"  # not the default file: named as such
    argv = ["mcq_scoring", "--n", "2", "--threads", "1", "--data", str(data), "--json", str(out)]
    assert bench_main(argv) == 0
    printed = capsys.readouterr().out
    assert printed.startswith("medmcqa_dev.jsonl (medmcqa format), first 2 questions, model ")
    assert "MedQA" not in printed
    assert "speed ratio (baseline / letter)" in printed and "ceiling" in printed
    figures = json.loads(out.read_text())
    assert figures["letter"]["n"] == 2 and figures["letter"]["invalid_rate"] == 0.0
    prefill = figures["prefill_s"]
    assert prefill["letter_prompt"] > 0 and prefill["baseline_prompt"] > 0
    expected = figures["generate"]["mean_s"] / prefill["baseline_prompt"]
    assert abs(figures["one_pass_ceiling"] - expected) < 1e-9


def test_cancel_latency_prints_each_case_against_its_baseline(
    default_model_path: Path, capsys
) -> None:
    argv = ["cancel_latency", "--repeats", "1", "--threads", "1", "--batch", "32"]
    assert bench_main([*argv, "--long-prompt-words", "60"]) == 0
    printed = capsys.readouterr().out
    assert "baseline: one token" in printed and "one prompt batch" in printed
    rows = [line for line in printed.splitlines() if line.startswith("cancel -> end")]
    assert len(rows) == 3
    assert "x one token" in rows[0] and "x one token" in rows[1] and "x one batch" in rows[2]


def test_engine_speed_rows_idle_and_under_one_busy_process(capsys) -> None:
    from bench.engine_speed import competing_process

    with competing_process() as proc:
        assert proc.poll() is None  # the competitor runs during the block
    assert proc.poll() is not None  # and is gone afterwards
    argv = ["engine_speed", "--tokens", "6", "--repeats", "1", "--skip-hf", "--thread-tokens", "6"]
    assert bench_main(argv) == 0
    printed = capsys.readouterr().out
    assert "engine / raw" in printed
    rows = [line for line in printed.splitlines() if "(target >= 0.80)" in line]
    assert [r.split()[0] for r in rows] == ["idle", "one"]  # idle, one busy process
