"""Models page: "Adapter: none / <name>" for the active base; an adapter of another model is
refused in plain words, one made for it is added (0600), applied by llama.cpp and removed again."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def base_and_adapter(
    tmp_path_factory: pytest.TempPathFactory, default_model_path: Path
) -> tuple[Path, Path]:
    """A tiny random LLaMA as GGUF and a LoRA adapter for it (peft, random nonzero B)."""
    import torch
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModelForCausalLM, AutoTokenizer

    from convert import convert_model
    from convert.lora_adapter import export_lora_adapter
    from tests.training.conftest import build_tiny_base

    work = tmp_path_factory.mktemp("adapter_ui")
    tok = AutoTokenizer.from_pretrained(
        str(default_model_path.parent), gguf_file=default_model_path.name
    )
    tok.save_pretrained(str(work / "tok"))
    base = build_tiny_base(work / "base", work / "tok")
    torch.manual_seed(0)
    lora = LoraConfig(r=4, lora_alpha=8, target_modules=["q_proj", "v_proj"],
                      init_lora_weights=False)  # fmt: skip
    get_peft_model(AutoModelForCausalLM.from_pretrained(str(base)), lora).save_pretrained(
        str(work / "cardiology")
    )
    base_gguf = work / "tiny-base.gguf"
    convert_model(base, base_gguf, "F32", verify=False, n_threads=1)
    adapter = work / "cardiology.gguf"
    export_lora_adapter(work / "cardiology", base_gguf, adapter, "F16")
    return base_gguf, adapter


def test_pick_add_refuse_and_clear_an_adapter(
    qtbot: Any, make_window: Any, base_and_adapter: tuple[Path, Path], artifacts_dir: Path
) -> None:
    from models.registry import ModelRegistry

    base_gguf, adapter_gguf = base_and_adapter
    base = ModelRegistry().import_gguf(base_gguf)  # the user's installed base (tmp_home)
    window = make_window(base.path)
    page = window.show_page("models")
    bridge = window.ctx.bridge
    qtbot.waitUntil(lambda: bridge.is_loaded and bridge.model_id == base.id, timeout=120_000)
    qtbot.waitUntil(lambda: len(page.rows) == 2, timeout=30_000)
    picker = page.adapter_picker
    assert picker.combo.count() == 1 and picker.combo.currentText() == "none"
    assert not picker.combo.isEnabled()

    # a model file is not an adapter: refused in plain words, nothing copied or loaded
    page.add_adapter(base_gguf)
    qtbot.waitUntil(lambda: page.task is None, timeout=60_000)
    assert page.last_error is not None and "is not a LoRA adapter" in page.last_error
    assert window.ctx.registry.adapters.list() == [] and bridge.config.lora_path is None
    page.error_box.close()

    page.last_error = None
    page.add_adapter(adapter_gguf)
    qtbot.waitUntil(lambda: bridge.config.lora_path is not None, timeout=60_000)
    # the status line still says "Now using <base>" from the first load until the reload with
    # the adapter finishes, so wait for the adapter's own words rather than for "Now using"
    qtbot.waitUntil(
        lambda: bridge.is_loaded and "with adapter cardiology" in page.status.text(),
        timeout=120_000,
    )
    assert page.last_error is None
    [entry] = window.ctx.registry.adapters.list(base.id)
    assert bridge.config.lora_path == entry.path and bridge.config.model_path == base.path
    assert stat.S_IMODE(os.stat(entry.path).st_mode) == 0o600
    qtbot.waitUntil(lambda: picker.combo.currentText() == "cardiology", timeout=30_000)
    assert picker.combo.isEnabled() and picker.combo.count() == 2
    window.grab().save(str(artifacts_dir / "models_adapter.png"))
    # remembered for this base: its next load gets the adapter again
    assert window.ctx.engine_config(base.path).lora_path == entry.path

    picker.combo.setCurrentIndex(0)
    picker.combo.activated.emit(0)
    qtbot.waitUntil(lambda: bridge.config.lora_path is None, timeout=30_000)
    qtbot.waitUntil(lambda: bridge.is_loaded, timeout=120_000)
    assert window.ctx.engine_config(base.path).lora_path is None
    qtbot.waitUntil(lambda: picker.combo.currentText() == "none", timeout=30_000)
