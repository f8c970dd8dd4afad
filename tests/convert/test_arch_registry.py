"""The architecture registry, family-specific refusals, rope keys, token typing, pre-tokenizer."""

from __future__ import annotations

import json
from pathlib import Path

import gguf
import pytest

from convert import UnsupportedArchitectureError, convert_model
from convert.arch import registered, resolve_architecture, supported_architectures
from convert.arch.rope import add_rope_scaling
from convert.cli import main as cli_main
from convert.errors import UnknownPreTokenizerError
from convert.vocab import looks_special
from tests.convert.reference import raw_llama, read_gguf


def test_every_family_is_one_registered_module():
    classes = set(supported_architectures())
    assert {
        "LlamaForCausalLM", "MistralForCausalLM", "Qwen2ForCausalLM", "Qwen3ForCausalLM",
        "Phi3ForCausalLM", "Gemma2ForCausalLM", "Gemma3ForCausalLM",
    } <= classes  # fmt: skip
    modules = {cls.__module__ for cls in registered()}
    assert len(modules) == len(registered())  # one module per architecture
    assert all(m.startswith("convert.arch.") for m in modules)
    arch = resolve_architecture({"model_type": "gemma3_text", "num_hidden_layers": 6})
    assert arch.gguf_name == "gemma3" and arch.add_space_prefix is False
    assert resolve_architecture({"architectures": ["Phi3ForCausalLM"]}).gguf_name == "phi3"
    with pytest.raises(UnsupportedArchitectureError, match="Gemma 2.*Phi-3"):
        resolve_architecture({"architectures": ["FalconForCausalLM"]})


GEMMA2 = {
    "architectures": ["Gemma2ForCausalLM"], "hidden_size": 64, "num_attention_heads": 4,
    "head_dim": 16, "num_hidden_layers": 4, "intermediate_size": 128,
}  # fmt: skip


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"layer_types": ["full_attention"] * 4}, "layer_types"),
        ({"query_pre_attn_scalar": 24}, "query_pre_attn_scalar=24"),
        ({"final_logit_softcapping": None}, "final_logit_softcapping=null"),
    ],
)
def test_gemma_layouts_llama_cpp_cannot_run_are_refused(tmp_path, change, message):
    arch = resolve_architecture({**GEMMA2, **change})
    writer = gguf.GGUFWriter(tmp_path / "x.gguf", arch.gguf_name)
    with pytest.raises(UnsupportedArchitectureError, match=message):
        arch.add_hparams(writer, 100)


def test_yarn_writes_every_factor(tmp_path):
    writer = gguf.GGUFWriter(tmp_path / "y.gguf", "llama")
    params = {
        "rope_type": "yarn", "factor": 4.0, "original_max_position_embeddings": 4096,
        "extrapolation_factor": 1.0, "attention_factor": 1.25, "beta_fast": 32.0,
        "beta_slow": 1.0,
    }  # fmt: skip
    assert add_rope_scaling(writer, params, set()) == "yarn"
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.close()
    kv, _ = read_gguf(tmp_path / "y.gguf")
    assert kv["llama.rope.scaling.type"] == "yarn"
    assert kv["llama.rope.scaling.factor"] == 4.0
    assert kv["llama.rope.scaling.original_context_length"] == 4096
    assert kv["llama.rope.scaling.yarn_ext_factor"] == 1.0
    assert kv["llama.rope.scaling.yarn_attn_factor"] == 1.25
    assert kv["llama.rope.scaling.yarn_beta_fast"] == 32.0
    assert kv["llama.rope.scaling.yarn_beta_slow"] == 1.0
    with pytest.raises(UnsupportedArchitectureError, match="'dynamic'.*supported"):
        add_rope_scaling(writer, {"rope_type": "dynamic", "factor": 2.0}, set())


@pytest.mark.parametrize(
    ("text", "special"),
    [("<|im_start|>", True), ("<unused42>", True), ("<mask>", True), ("<pad>", True),
     ("<\uff5cbegin\u2581of\u2581sentence\uff5c>", True), ("<think>", False), ("hello", False)],
)  # fmt: skip
def test_looks_special_rule(text, special):
    assert looks_special(text) is special


def _odd_bpe(folder: Path) -> Path:
    """A byte-level BPE tokenizer no llama.cpp pre-tokenizer is registered for."""
    from tokenizers import Tokenizer, models, pre_tokenizers

    alphabet = sorted(pre_tokenizers.ByteLevel.alphabet())
    vocab = {ch: i for i, ch in enumerate(alphabet[:63])}
    tok = Tokenizer(models.BPE(vocab=vocab, merges=[]))
    tok.pre_tokenizer = pre_tokenizers.Sequence(
        [pre_tokenizers.Split(" ", "merged_with_next"), pre_tokenizers.ByteLevel(use_regex=False)]
    )
    tok.add_special_tokens(["<|endoftext|>"])
    tok.save(str(folder / "tokenizer.json"))
    (folder / "tokenizer_config.json").write_text(json.dumps({"eos_token": "<|endoftext|>"}))
    return folder


def test_unknown_pre_tokenizer_is_named_with_the_override(tmp_path, capsys):
    src = _odd_bpe(raw_llama(tmp_path / "m"))
    with pytest.raises(UnknownPreTokenizerError, match="--pre NAME") as err:
        convert_model(src, tmp_path / "x.gguf", "F32", verify=False)
    assert len(err.value.probe_hash) == 64 and err.value.probe_hash[:16] in str(err.value)
    assert not (tmp_path / "x.gguf").exists()
    assert cli_main([str(src), "--out", str(tmp_path / "y.gguf"), "--no-verify", "-q"]) == 2
    assert "Unknown BPE pre-tokenizer" in capsys.readouterr().err
    report = convert_model(src, tmp_path / "z.gguf", "F32", verify=False, pre="gpt-2")
    assert report.tokenizer_pre == "gpt-2"
    kv, _ = read_gguf(tmp_path / "z.gguf")
    assert kv["tokenizer.ggml.pre"] == "gpt-2"
    tokens, types = kv["tokenizer.ggml.tokens"], kv["tokenizer.ggml.token_type"]
    assert types[tokens.index("<|endoftext|>")] == gguf.TokenType.CONTROL
