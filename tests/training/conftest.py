"""Fixtures for training tests: the default model's real tokenizer and tiny random LLaMA bases."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
import torch


@pytest.fixture(scope="session", autouse=True)
def _one_torch_thread():
    """One thread: on a shared, oversubscribed CI box OpenMP barriers make 2 threads ~5x slower."""
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


@pytest.fixture(scope="session")
def tokenizer_dir(tmp_path_factory: pytest.TempPathFactory, default_model_path: Path) -> Path:
    """The embedded model's real tokenizer (read from its GGUF once, saved as HF files)."""
    from transformers import AutoTokenizer

    tok = AutoTokenizer.from_pretrained(
        str(default_model_path.parent), gguf_file=default_model_path.name
    )
    out = tmp_path_factory.mktemp("tokenizer")
    tok.save_pretrained(str(out))
    return out


@pytest.fixture(scope="session")
def tokenizer(tokenizer_dir: Path):
    from transformers import AutoTokenizer

    tok = AutoTokenizer.from_pretrained(str(tokenizer_dir))
    if tok.pad_token_id is None:
        tok.pad_token = tok.eos_token
    return tok


def build_tiny_base(out: Path, tokenizer_dir: Path, seed: int = 0) -> Path:
    """A tiny random LLaMA (2 layers, width 64) with the real tokenizer, saved as an HF model."""
    from transformers import AutoTokenizer, LlamaConfig, LlamaForCausalLM

    tok = AutoTokenizer.from_pretrained(str(tokenizer_dir))
    torch.manual_seed(seed)
    config = LlamaConfig(
        vocab_size=len(tok),
        hidden_size=64,
        intermediate_size=128,
        num_hidden_layers=2,
        num_attention_heads=4,
        num_key_value_heads=2,
        max_position_embeddings=1024,
        tie_word_embeddings=True,
        bos_token_id=tok.bos_token_id,
        eos_token_id=tok.eos_token_id,
        pad_token_id=tok.pad_token_id,
    )
    model = LlamaForCausalLM(config)
    out.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(str(out))
    tok.save_pretrained(str(out))
    return out


@pytest.fixture(scope="session")
def tiny_base(tmp_path_factory: pytest.TempPathFactory, tokenizer_dir: Path) -> Path:
    return build_tiny_base(tmp_path_factory.mktemp("tiny_base"), tokenizer_dir)


ORGANS = ["heart", "lung", "liver", "kidney", "brain", "stomach", "skin", "bone"]


def toy_records(n: int, seed: int = 0) -> list[dict[str, str]]:
    """Small, learnable medical-flavoured instruction records (Alpaca shape)."""
    rng = random.Random(seed)
    recs = []
    for _ in range(n):
        organ = rng.choice(ORGANS)
        recs.append(
            {
                "instruction": "Name the organ system of the organ.",
                "input": f"Organ: {organ}",
                "output": f"The {organ} belongs to its organ system.",
            }
        )
    return recs


@pytest.fixture
def toy_data(tmp_path: Path) -> Path:
    path = tmp_path / "toy.json"
    path.write_text(json.dumps(toy_records(48)), encoding="utf-8")
    return path


PEER_MODELS = (
    Path(__file__).resolve().parents[2] / ".." / "shared" / "peer" / "llama.cpp" / "models"
)
_VOCAB_CACHE: dict[str, tuple[object, str | None]] = {}


def vocab_gguf(name: str) -> Path:
    return PEER_MODELS / f"ggml-vocab-{name}.gguf"


def vocab_tokenizer(name: str):
    """An HF tokenizer rebuilt from llama.cpp's vocabulary GGUF of a real model family (cached:
    the 128k/151k vocabularies take ~40 s each). transformers' rebuild of Llama 3 drops the
    BOS post-processor the original tokenizer has; it is put back so it adds BOS as Meta's does
    (and as the GGUF's add_bos flag says)."""
    if name not in _VOCAB_CACHE:
        from tokenizers import processors
        from transformers import AutoTokenizer

        tok = AutoTokenizer.from_pretrained(str(PEER_MODELS), gguf_file=vocab_gguf(name).name)
        if name == "llama-bpe":
            bos = tok.bos_token
            tok.backend_tokenizer.post_processor = processors.TemplateProcessing(
                single=f"{bos} $A", pair=f"{bos} $A {bos} $B",
                special_tokens=[(bos, tok.bos_token_id)],
            )  # fmt: skip
        if tok.pad_token_id is None:
            tok.pad_token = tok.eos_token
        _VOCAB_CACHE[name] = (tok, tok.chat_template)
    tok, template = _VOCAB_CACHE[name]
    tok.chat_template = template  # undo a previous test's install_template
    return tok
