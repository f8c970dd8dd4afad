"""SentencePiece (tokenizer.model) models: llama.cpp tokenizes exactly like sentencepiece."""

from __future__ import annotations

import io
import json

import gguf
import numpy as np
import sentencepiece as spm
from safetensors.numpy import save_file

from convert import convert_model
from convert.verify import MEDICAL_CORPUS, MEDICAL_TEXT, gguf_logits, hf_logits, softmax_stats

VOCAB = 400


def _spm_llama(folder):
    folder.mkdir()
    lines = [MEDICAL_TEXT] * 3 + MEDICAL_CORPUS * 3
    proto = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter("\n".join(lines).split("\n")), model_writer=proto,
        vocab_size=VOCAB, model_type="bpe", byte_fallback=True, character_coverage=1.0,
        unk_id=0, bos_id=1, eos_id=2, pad_id=-1, split_digits=True,
        remove_extra_whitespaces=False, normalization_rule_name="identity",  # like LLaMA tokenizer.model
        minloglevel=2,
    )  # fmt: skip
    (folder / "tokenizer.model").write_bytes(proto.getvalue())
    (folder / "tokenizer_config.json").write_text(
        json.dumps({"add_bos_token": True, "bos_token": "<s>", "eos_token": "</s>"})
    )
    config = {
        "architectures": ["LlamaForCausalLM"], "model_type": "llama", "vocab_size": VOCAB,
        "hidden_size": 64, "intermediate_size": 128, "num_hidden_layers": 2,
        "num_attention_heads": 4, "num_key_value_heads": 2, "max_position_embeddings": 512,
        "tie_word_embeddings": False, "bos_token_id": 1, "eos_token_id": 2, "rms_norm_eps": 1e-5,
    }  # fmt: skip
    (folder / "config.json").write_text(json.dumps(config))
    rng = np.random.default_rng(0)
    shapes = {"model.embed_tokens.weight": (VOCAB, 64), "lm_head.weight": (VOCAB, 64),
              "model.norm.weight": (64,)}  # fmt: skip
    for i in range(2):
        p = f"model.layers.{i}."
        shapes |= {
            p + "input_layernorm.weight": (64,), p + "post_attention_layernorm.weight": (64,),
            p + "self_attn.q_proj.weight": (64, 64), p + "self_attn.k_proj.weight": (32, 64),
            p + "self_attn.v_proj.weight": (32, 64), p + "self_attn.o_proj.weight": (64, 64),
            p + "mlp.gate_proj.weight": (128, 64), p + "mlp.up_proj.weight": (128, 64),
            p + "mlp.down_proj.weight": (64, 128),
        }  # fmt: skip
    tensors = {k: (rng.standard_normal(s) * 0.2).astype(np.float32) for k, s in shapes.items()}
    save_file(tensors, folder / "model.safetensors")
    return spm.SentencePieceProcessor(model_proto=proto.getvalue())


def test_sentencepiece_tokens_and_logits(tmp_path):
    from llama_cpp import Llama

    sp = _spm_llama(tmp_path / "spm")
    out = tmp_path / "spm.gguf"
    report = convert_model(tmp_path / "spm", out, "F32", verify=False)
    assert report.tokenizer_model == "llama"
    fields = gguf.GGUFReader(out).fields
    assert fields["tokenizer.ggml.model"].contents() == "llama"
    assert fields["tokenizer.ggml.add_bos_token"].contents() is True
    llama = Llama(model_path=str(out), vocab_only=True, verbose=False)
    try:
        for text in [MEDICAL_TEXT, *MEDICAL_CORPUS]:
            expected = [sp.bos_id(), *sp.encode(text)]
            assert llama.tokenize(text.encode(), add_bos=True, special=True) == expected, text
    finally:
        llama.close()
    ids = [sp.bos_id(), *sp.encode(MEDICAL_TEXT)][:128]
    max_abs, _, top1 = softmax_stats(hf_logits(tmp_path / "spm", ids), gguf_logits(out, ids))
    assert max_abs <= 1e-3 and top1 == 1.0


def test_bf16_output(tmp_path):
    sp = _spm_llama(tmp_path / "spm")
    out = tmp_path / "bf16.gguf"
    convert_model(tmp_path / "spm", out, "BF16", verify=False)
    types = {t.name: t.tensor_type for t in gguf.GGUFReader(out).tensors}
    assert types["blk.0.attn_q.weight"] == gguf.GGMLQuantizationType.BF16
    assert types["output_norm.weight"] == gguf.GGMLQuantizationType.F32
    ids = [sp.bos_id(), *sp.encode(MEDICAL_TEXT)][:128]
    _, kl, top1 = softmax_stats(hf_logits(tmp_path / "spm", ids), gguf_logits(out, ids))
    assert kl <= 1e-3 and top1 >= 0.97, (kl, top1)
