"""A Llama 3 *base* (no chat template of its own) fine-tuned with --template alpaca: merge ->
convert -> the app's engine renders the training template (not its ChatML fallback) and sends
exactly the tokens training used, BOS once."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop.engine import Engine, EngineConfig
from desktop.history.prompts import DEFAULT_SYSTEM_PROMPT
from tests.training.conftest import build_tiny_base, toy_records, vocab_tokenizer
from training.encoding import IGNORE_INDEX, encode_messages
from training.finetune import main as finetune_main
from training.templates import ALPACA_CHAT_TEMPLATE

pytestmark = pytest.mark.slow


def test_alpaca_template_reaches_the_gguf_and_the_app(tmp_path: Path) -> None:
    from transformers import AutoTokenizer

    from convert import convert_model

    tok_dir = tmp_path / "llama3-tokenizer"
    tok = vocab_tokenizer("llama-bpe")
    assert not tok.chat_template  # a base model: nothing to fall back on but ChatML
    tok.save_pretrained(str(tok_dir))
    base = build_tiny_base(tmp_path / "base", tok_dir)
    data = tmp_path / "toy.json"
    data.write_text(json.dumps(toy_records(8)), encoding="utf-8")
    out = tmp_path / "run"
    rc = finetune_main(
        ["--base", str(base), "--data", str(data), "--output", str(out), "--template", "alpaca",
         "--system-prompt", "app", "--max-steps", "2", "--batch-size", "4", "--eval-size", "0",
         "--max-length", "512", "--threads", "1", "--merge"]
    )  # fmt: skip
    assert rc == 0
    merged = out / "merged"
    merged_tok = AutoTokenizer.from_pretrained(str(merged))
    assert merged_tok.chat_template == ALPACA_CHAT_TEMPLATE
    gguf_path = tmp_path / "tuned.gguf"
    convert_model(merged, gguf_path, "F32", verify=False, n_threads=1)

    engine = Engine(EngineConfig(str(gguf_path), n_ctx=512, n_threads=1))
    try:
        assert engine.info.chat_template == ALPACA_CHAT_TEMPLATE
        messages = [
            {"role": "system", "content": DEFAULT_SYSTEM_PROMPT},
            {"role": "user", "content": "Name the organ system of the organ.\n\nOrgan: liver"},
        ]
        rendered = engine.render(messages)
        app_tokens = engine.tokenize(rendered)
    finally:
        engine.close()
    assert rendered.startswith(DEFAULT_SYSTEM_PROMPT) and rendered.endswith("### Response:\n")
    conversation = [*messages, {"role": "assistant", "content": "The liver belongs to it."}]
    enc, _ = encode_messages(merged_tok, "alpaca", conversation, max_length=512)
    assert enc.input_ids[: len(app_tokens)] == app_tokens
    assert enc.n_prompt == len(app_tokens)  # the first trained token is the first generated one
    assert all(lab == IGNORE_INDEX for lab in enc.labels[: len(app_tokens)])
    assert app_tokens.count(merged_tok.bos_token_id) == 1 and app_tokens[0] == tok.bos_token_id
