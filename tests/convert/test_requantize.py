"""A faster Q8_0 copy of the embedded model: written by llama.cpp, checked against the original."""

from __future__ import annotations

from pathlib import Path

import gguf
import pytest

from common.tasks import CancelToken
from convert.errors import ConvertCancelled, ParityError, QuantizeError
from convert.report import ProgressEvent
from convert.requantize import main, make_fast_copy


def test_q8_0_copy_of_the_embedded_model(default_model_path: Path, tmp_path: Path) -> None:
    events: list[ProgressEvent] = []
    out = tmp_path / "fast.gguf"
    report = make_fast_copy(default_model_path, out, "Q8_0", progress=events.append, n_threads=2)
    reader = gguf.GGUFReader(out)
    types = {t.name: t.tensor_type for t in reader.tensors}
    assert types["blk.0.attn_q.weight"] == gguf.GGMLQuantizationType.Q8_0
    assert types["blk.0.attn_norm.weight"] == gguf.GGMLQuantizationType.F32
    assert report.out_bytes == out.stat().st_size
    # Q8_0 holds Q4_1 weights almost exactly: the copy predicts like the original.
    assert report.mean_kl < 0.03
    assert report.top1_decisive >= 0.97
    assert report.n_tokens == 200
    assert report.prefill_tok_s_src > 0 and report.prefill_tok_s_dst > 0
    assert "prompt processing" in report.summary()
    assert [e.stage for e in events][:2] == ["quantize", "verify"]
    assert events[-1].fraction == 1.0


def test_cancel_and_fidelity_failure_leave_no_file(default_model_path: Path, tmp_path: Path):
    out = tmp_path / "cancelled.gguf"
    stop = CancelToken()
    seen: list[str] = []

    def progress(event: ProgressEvent) -> None:
        seen.append(event.stage)
        if event.stage == "verify":
            stop.cancel()  # cancel once the file exists

    with pytest.raises(ConvertCancelled):
        make_fast_copy(default_model_path, out, progress=progress, cancel=stop, n_threads=2)
    assert "verify" in seen and not out.exists()

    with pytest.raises(ParityError, match="mean KL"):
        make_fast_copy(default_model_path, out, "Q4_0", max_kl=1e-9, n_threads=2)
    assert not out.exists()


def test_bad_inputs_are_clear(tmp_path: Path, default_model_path: Path, capsys) -> None:
    junk = tmp_path / "junk.gguf"
    junk.write_bytes(b"GGUF" + b"\0" * 64)
    with pytest.raises(QuantizeError, match="failed to quantize"):
        make_fast_copy(junk, tmp_path / "out.gguf")
    assert not (tmp_path / "out.gguf").exists()
    with pytest.raises(QuantizeError, match="does not exist"):
        make_fast_copy(tmp_path / "missing.gguf", tmp_path / "out.gguf")
    existing = tmp_path / "taken.gguf"
    existing.write_text("keep me")
    assert main([str(default_model_path), "--out", str(existing)]) == 2
    assert "already exists" in capsys.readouterr().err
    assert existing.read_text() == "keep me"
