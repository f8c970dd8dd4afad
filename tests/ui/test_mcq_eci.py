"""ECI in the product, end to end: fine-tune with a classification head on PubMedQA items
disjoint from the evaluation items -> merge -> convert -> import -> the MCQ page offers the head
for that model only and answers with it; ``training.evaluate --method eci`` reports it next to
letter scoring."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest

from desktop.ui.mcq.page import ECI_CHOICE
from models.registry import ModelRegistry
from tests.training.conftest import build_tiny_base, toy_records
from tests.ui.conftest import close_window, wait_loaded
from training.evaluate import main as evaluate_main
from training.finetune import main as finetune_main

pytestmark = pytest.mark.slow


def _split_pubmedqa(shared_data: Path, tmp: Path) -> tuple[Path, Path]:
    items = json.loads((shared_data / "eval" / "pubmedqa_pqal_dev.json").read_text())
    keys = list(items)
    train, held = tmp / "pqa_train.json", tmp / "pqa_eval.json"
    train.write_text(json.dumps({k: items[k] for k in keys[:24]}), encoding="utf-8")
    held.write_text(json.dumps({k: items[k] for k in keys[24:34]}), encoding="utf-8")
    return train, held


def test_eci_head_from_training_to_the_mcq_page(
    qtbot: Any, make_window: Any, tmp_home: Path, tmp_path: Path, shared_data: Path,
    default_model_path: Path, artifacts_dir: Path, capsys: Any,
) -> None:  # fmt: skip
    from transformers import AutoTokenizer

    from convert import convert_model

    tok = AutoTokenizer.from_pretrained(
        str(default_model_path.parent), gguf_file=default_model_path.name
    )
    tok.save_pretrained(str(tmp_path / "tokenizer"))
    base = build_tiny_base(tmp_path / "base", tmp_path / "tokenizer")
    lm = tmp_path / "toy.json"
    lm.write_text(json.dumps(toy_records(8)), encoding="utf-8")
    eci_train, eci_eval = _split_pubmedqa(shared_data, tmp_path)
    out = tmp_path / "run"
    args = ["--base", str(base), "--data", str(lm), "--output", str(out), "--max-steps", "3",
            "--batch-size", "4", "--eval-size", "0", "--eci-data", str(eci_train),
            "--eci-max-length", "160", "--eci-batch-size", "4", "--eci-eval-size", "0",
            "--threads", "1", "--max-length", "96"]  # fmt: skip
    # Default hold-out: the PubMedQA file `--bench pubmedqa` scores; these items are part of it.
    assert finetune_main(args) == 2
    assert "which the head would be evaluated on" in capsys.readouterr().err
    assert not (out / "adapter").exists()
    assert finetune_main([*args, "--eci-holdout", str(eci_eval), "--merge"]) == 0
    merged = out / "merged"
    gguf_path = merged / "tuned.gguf"  # the head files sit beside it
    convert_model(merged, gguf_path, "F32", verify=False, n_threads=1)

    registry = ModelRegistry(tmp_home / "models")
    entry = registry.import_gguf(gguf_path)
    assert entry.eci_head and (Path(entry.eci_head) / "eci_head.safetensors").is_file()
    assert registry.get(entry.id).eci_head == entry.eci_head
    assert registry.for_path(str(default_model_path)).eci_head is None

    # evaluation: the head's accuracy next to letter scoring, same items, same model
    report_dir = tmp_path / "eval"
    rc = evaluate_main(
        ["--bench", "pubmedqa", "--data", str(eci_eval), "--model", entry.path, "--method",
         "eci", "--threads", "1", "--n-ctx", "512", "--no-progress", "--out", str(report_dir)]
    )  # fmt: skip
    assert rc == 0
    printed = capsys.readouterr().out
    assert "letter scoring on the same items" in printed
    report = json.loads(next(report_dir.glob("pubmedqa_eci_*.json")).read_text())
    assert report["n"] == 10 and report["letter"]["n"] == 10
    assert report["method"] == "eci" and report["invalid_rate"] == 0.0
    # a head never goes with another model
    rc = evaluate_main(
        ["--bench", "pubmedqa", "--data", str(eci_eval), "--model", str(default_model_path),
         "--method", "eci", "--eci-head", entry.eci_head, "--no-progress"]
    )  # fmt: skip
    assert rc == 2 and "not a head trained on" in capsys.readouterr().err

    window = make_window(entry.path)
    page = window.show_page("mcq")
    wait_loaded(qtbot, window)
    page.refresh_methods()
    assert page.method_box.findData(ECI_CHOICE[0]) >= 0
    page.question_edit.setPlainText("Does aspirin reduce vascular mortality after infarction?")
    page.labels_edit.setText("yes, no, maybe")
    page.context_edit.setPlainText("Randomised trial of 17187 patients; mortality fell by 23%.")
    page.set_method("eci")
    page.run()
    qtbot.waitUntil(lambda: not page._busy, timeout=120_000)
    assert page.result is not None, page.error
    assert page.result.method == "eci" and page.result.choice in ("yes", "no", "maybe")
    assert math.isclose(sum(page.result.probabilities.values()), 1.0, rel_tol=1e-6)
    assert set(page.bars) == {"yes", "no", "maybe"}
    window.grab().save(str(artifacts_dir / "mcq_eci.png"))
    close_window(window)

    other = make_window(str(default_model_path))  # the embedded model has no head
    other_page = other.show_page("mcq")
    wait_loaded(qtbot, other)
    other_page.refresh_methods()
    assert other_page.method_box.findData(ECI_CHOICE[0]) < 0
