"""End to end on a tiny random LLaMA with the real tokenizer: train -> eval -> checkpoint ->
resume -> merge, through the real command-line entry points. LoRA dropout is the default (0.05):
the resumed run must draw the same dropout masks (RNG state in the checkpoint)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import torch
from safetensors.torch import load_file

from training.finetune import main as finetune_main
from training.merge import main as merge_main

pytestmark = pytest.mark.slow

ARGS = [
    "--max-steps", "10", "--batch-size", "4", "--lr", "5e-3", "--lora-r", "8",
    "--eval-size", "8", "--save-steps", "5", "--eval-steps", "5",
    "--logging-steps", "1", "--template", "chat", "--max-length", "128", "--warmup-steps", "1",
]  # fmt: skip


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory, tiny_base: Path) -> dict:
    from tests.training.conftest import toy_records

    work = tmp_path_factory.mktemp("e2e")
    data = work / "toy.json"
    data.write_text(json.dumps(toy_records(48)), encoding="utf-8")
    out = work / "run"
    rc = finetune_main(["--base", str(tiny_base), "--data", str(data), "--output", str(out), *ARGS])
    assert rc == 0
    return {"work": work, "data": data, "out": out, "base": tiny_base}


def test_training_lowers_eval_loss_and_writes_artifacts(run: dict) -> None:
    out = run["out"]
    metrics = json.loads((out / "metrics.json").read_text())
    evals = [e["eval_loss"] for e in metrics["eval_history"]]
    assert [e["step"] for e in metrics["eval_history"]] == [0, 5, 10]
    assert evals[-1] < evals[0] - 0.3, evals
    losses = [h["loss"] for h in metrics["history"]]
    assert sum(losses[-3:]) / 3 < sum(losses[:3]) / 3
    assert metrics["steps"] == 10 and metrics["train_tokens"] > 0
    assert metrics["data"][0]["sha256"] and metrics["data_report"]["eval_examples"] == 4
    png = (out / "loss_curve.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 5000
    assert (out / "adapter" / "adapter_model.safetensors").is_file()
    assert len((out / "heldout.jsonl").read_text().splitlines()) == 4
    ckpts = sorted(p.name for p in (out / "checkpoints").iterdir())
    assert ckpts == ["step-0000005", "step-0000010"]
    for name in (
        "optimizer.pt",
        "scheduler.pt",
        "trainer_state.json",
        "adapter/adapter_config.json",
    ):
        assert (out / "checkpoints" / "step-0000005" / name).is_file()


def test_resume_from_checkpoint_reproduces_the_uninterrupted_run(run: dict) -> None:
    resumed = run["work"] / "resumed"
    shutil.copytree(run["out"], resumed)
    shutil.rmtree(resumed / "checkpoints" / "step-0000010")  # "crashed" after step 5
    (resumed / "adapter" / "adapter_model.safetensors").unlink()
    rc = finetune_main(
        ["--base", str(run["base"]), "--data", str(run["data"]), "--output", str(resumed),
         "--resume", "latest", *ARGS]
    )  # fmt: skip
    assert rc == 0
    metrics = json.loads((resumed / "metrics.json").read_text())
    assert metrics["resumed_from"].endswith("step-0000005") and metrics["steps"] == 10
    a = load_file(str(run["out"] / "adapter" / "adapter_model.safetensors"))
    b = load_file(str(resumed / "adapter" / "adapter_model.safetensors"))
    assert a.keys() == b.keys() and len(a) > 0
    for key in a:
        torch.testing.assert_close(a[key], b[key], rtol=1e-4, atol=1e-5)
    fresh = load_file(
        str(run["out"] / "checkpoints" / "step-0000005" / "adapter" / "adapter_model.safetensors")
    )
    assert any(not torch.allclose(a[k], fresh[k]) for k in a)  # steps 6..10 did change weights


def test_merge_gives_the_same_logits_as_base_plus_adapter(run: dict) -> None:
    from peft import PeftModel
    from transformers import AutoModelForCausalLM, AutoTokenizer

    merged_dir = run["work"] / "merged"
    adapter = run["out"] / "adapter"
    rc = merge_main(
        ["--base", str(run["base"]), "--adapter", str(adapter), "--output", str(merged_dir)]
    )
    assert rc == 0
    names = {p.name for p in merged_dir.iterdir()}
    assert {"config.json", "model.safetensors", "tokenizer.json", "provenance.json"} <= names
    tok = AutoTokenizer.from_pretrained(str(merged_dir))
    assert tok.chat_template and "<|im_start|>" in tok.chat_template
    prov = json.loads((merged_dir / "provenance.json").read_text())
    assert (
        prov["data"][0]["path"] == str(run["data"].resolve())
        and len(prov["data"][0]["sha256"]) == 64
    )
    assert prov["adapter_details"]["config"]["r"] == 8 and prov["adapter"].startswith("LoRA r=8")
    assert prov["base_model"] == str(run["base"]) and prov["datasets"] == [
        str(run["data"].resolve())
    ]
    ids = torch.tensor([tok("Name the organ system of the organ.\n\nOrgan: liver")["input_ids"]])
    peft_model = PeftModel.from_pretrained(
        AutoModelForCausalLM.from_pretrained(str(run["base"])), str(adapter)
    )
    merged = AutoModelForCausalLM.from_pretrained(str(merged_dir))
    plain = AutoModelForCausalLM.from_pretrained(str(run["base"]))
    with torch.no_grad():
        want, got, before = peft_model(ids).logits, merged(ids).logits, plain(ids).logits
    torch.testing.assert_close(got, want, atol=1e-4, rtol=1e-4)
    assert (want - before).abs().max() > 1e-2  # the adapter is not a no-op


def test_perplexity_cli_scores_answers_and_sees_the_training(run: dict, tmp_path: Path) -> None:
    from training.perplexity import main as ppl_main

    heldout = run["out"] / "heldout.jsonl"
    results = {}
    for name, extra in (("base", []), ("tuned", ["--adapter", str(run["out"] / "adapter")])):
        out = tmp_path / f"{name}.json"
        rc = ppl_main(
            ["--model", str(run["base"]), *extra, "--data", str(heldout), "--json", str(out)]
        )
        assert rc == 0
        results[name] = json.loads(out.read_text())["results"][str(heldout)]
    assert results["base"]["examples"] == 4 and results["base"]["tokens"] > 0
    assert results["tuned"]["tokens"] == results["base"]["tokens"]
    assert results["tuned"]["perplexity"] < results["base"]["perplexity"]
    # Same number as the trainer's own final eval on that held-out set.
    final = json.loads((run["out"] / "metrics.json").read_text())["eval_history"][-1]
    assert abs(results["tuned"]["nll"] - final["eval_loss"]) < 1e-3
