"""The throughput benchmark compares like for like: our Trainer and HF Trainer + peft start from
the same adapter, see the same batches and the same dropout stream, so their per-step losses agree
(speed is printed, never asserted)."""

from __future__ import annotations

import json
from pathlib import Path

from bench.train_throughput import main as bench_main


def test_our_trainer_and_hf_trainer_give_the_same_loss_curve(
    tmp_path: Path, tiny_base: Path, shared_data: Path, capsys
) -> None:
    meadow = json.loads((shared_data / "train" / "medical_meadow_small.json").read_text())
    data = tmp_path / "meadow16.json"  # a few real records, so the test tokenizes little
    data.write_text(json.dumps(meadow[:16]), encoding="utf-8")
    argv = ["--model", str(tiny_base), "--data", str(data), "--examples", "12", "--steps", "3",
            "--batch-size", "4", "--max-length", "128", "--no-hf-default"]  # fmt: skip
    assert bench_main(argv) == 0
    out = capsys.readouterr().out
    assert "same initial adapter: True; same real tokens per step: True" in out
    assert "dropout 0.05" in out  # the default LoRA dropout, seeded alike in both arms
    assert "verdict: loss curves EQUAL" in out
    rows = [line.split() for line in out.splitlines() if line[:4].strip().isdigit()]
    assert len(rows) == 3  # one row per step: ours, HF, |diff|
    assert all(abs(float(a) - float(b)) < 1e-3 for _, a, b, _ in rows)
    assert "ratio ours/hf_same (identical batches):" in out
    # the ceiling arm ran on the same batches: same real tokens per step as ours
    floor_row = next(line.split() for line in out.splitlines() if line.startswith("floor "))
    ours_row = next(line.split() for line in out.splitlines() if line.startswith("ours "))
    assert floor_row[2] == ours_row[2] and floor_row[3] == "-"
    assert "ceiling on identical batches, same arithmetic: floor/hf_same" in out
