"""Helpers for the hardening tests: small real GGUF files and a same-size template patcher."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

TINY_TEMPLATE = (
    "{% for message in messages %}{{ '<|im_start|>' + message['role'] + '\n' + "
    "message['content'] + '<|im_end|>\n' }}{% endfor %}"
)


def write_tiny_gguf(path: Path, chat_template: str = TINY_TEMPLATE) -> Path:
    """A small but complete llama-architecture GGUF (metadata, vocab, two tensors)."""
    import gguf

    writer = gguf.GGUFWriter(str(path), "llama")
    writer.add_name("tiny-fuzz")
    writer.add_context_length(256)
    writer.add_embedding_length(16)
    writer.add_block_count(1)
    writer.add_feed_forward_length(32)
    writer.add_head_count(2)
    writer.add_head_count_kv(1)
    writer.add_layer_norm_rms_eps(1e-5)
    writer.add_file_type(gguf.LlamaFileType.ALL_F32)
    writer.add_tokenizer_model("gpt2")
    tokens = ["<s>", "</s>", "a", "b", "c", "hello", "world", "Ġ"]
    writer.add_token_list(tokens)
    writer.add_token_types([1] * len(tokens))
    writer.add_bos_token_id(0)
    writer.add_eos_token_id(1)
    writer.add_chat_template(chat_template)
    writer.add_license("apache-2.0")
    rng = np.random.default_rng(0)
    writer.add_tensor("token_embd.weight", rng.standard_normal((len(tokens), 16), np.float32))
    writer.add_tensor("output_norm.weight", np.ones(16, np.float32))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return path


@pytest.fixture(scope="session")
def tiny_gguf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_tiny_gguf(tmp_path_factory.mktemp("gguf") / "tiny.gguf")


def copy_with_template(source: Path, dest: Path, new_template: str) -> Path:
    """Copy a GGUF, replacing its ``tokenizer.chat_template`` with one of the SAME byte length.

    Padding the new template with a Jinja comment keeps every offset (and the tensor data
    alignment) unchanged, so the copy is still a valid GGUF that llama.cpp loads.
    """
    from models.gguf_info import read_gguf_info

    old = read_gguf_info(source).chat_template
    assert old, f"{source} has no chat template to replace"
    old_bytes = old.encode("utf-8")
    body = new_template.encode("utf-8")
    pad = len(old_bytes) - len(body) - len(b"{##}")
    if pad < 0:
        raise ValueError(f"template is {-pad} bytes too long to patch in place")
    new_bytes = body + b"{#" + b" " * pad + b"#}"
    assert len(new_bytes) == len(old_bytes)
    shutil.copyfile(source, dest)
    with dest.open("r+b") as fh:
        head = fh.read(min(dest.stat().st_size, 64 * 1024 * 1024))
        at = head.find(old_bytes)
        assert at > 0 and head.find(old_bytes, at + 1) == -1, "template not found exactly once"
        fh.seek(at)
        fh.write(new_bytes)
    return dest
