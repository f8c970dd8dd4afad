"""A family new to the converter, end to end in the app: the model manager converts a tiny
Qwen3 (real Qwen tokenizer and chat template), it appears in the list, the user switches to
it and the chat answers with it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from desktop.engine import SamplingSettings
from tests.convert.reference import PEER, Case, build_tiny_model
from tests.ui.conftest import wait_idle, wait_loaded


def _tiny_qwen3(folder: Path) -> Path:
    src = build_tiny_model(Case("qwen3", "qwen2", {"head_dim": 32}), folder)
    template = (PEER / "models" / "templates" / "Qwen-Qwen3-0.6B.jinja").read_text("utf-8")
    cfg_path = src / "tokenizer_config.json"
    cfg = json.loads(cfg_path.read_text("utf-8"))
    cfg.update(chat_template=template, eos_token="<|im_end|>")
    cfg_path.write_text(json.dumps(cfg), "utf-8")
    return src


def test_model_manager_converts_a_qwen3_and_the_chat_answers_with_it(
    qtbot: Any, make_window: Any, tmp_path: Path, artifacts_dir: Path
) -> None:
    src = _tiny_qwen3(tmp_path / "tiny-qwen3")
    window = make_window()
    models = window.show_page("models")
    wait_loaded(qtbot, window)
    qtbot.waitUntil(lambda: len(models.rows) >= 1, timeout=30_000)
    models.convert_folder(src, quant="F16")
    qtbot.waitUntil(lambda: models.task is None, timeout=600_000)
    assert models.last_error is None, models.last_error
    qtbot.waitUntil(lambda: len(models.rows) == 2, timeout=30_000)
    row = next(r for r in models.rows if not r.entry.builtin)
    assert row.info is not None and row.info.architecture == "qwen3"
    assert Path(row.entry.path).parent == window.ctx.registry.models_dir and row.entry.copied
    bridge = window.ctx.bridge
    models.switch_to(row.entry)
    qtbot.waitUntil(
        lambda: bridge.is_loaded and bridge.model_id == row.entry.id, timeout=120_000
    )
    window.grab().save(str(artifacts_dir / "models_converted_qwen3.png"))

    window.ctx.settings.merge(
        "sampling", SamplingSettings(temperature=0.0, max_tokens=8, seed=1).to_dict()
    )
    chat = window.show_page("chat")
    chat.send("What is the first-line treatment for anaphylaxis?")
    wait_idle(qtbot, chat)
    answer = chat.messages[-1]
    assert answer.role == "assistant" and answer.complete
    assert chat.session.last_stats is not None and chat.session.last_stats.completion_tokens > 0
