"""The Architecture base class: hyper-parameters, tensor rules and vocabulary hooks of one family.

A subclass names the HF classes it handles and the GGUF architecture it writes, and overrides
only what differs from a plain llama-style decoder: extra GGUF keys (:meth:`add_arch_hparams`),
how a tensor is transformed (:meth:`tensor_rule`, :meth:`skip_tensor`), extra generated tensors
and vocabulary options (:attr:`add_space_prefix`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

import gguf
import numpy as np

from convert.arch.rope import add_rope_scaling, rope_parameters


@dataclass(frozen=True)
class TensorRule:
    """How one HF tensor is turned into its GGUF tensor."""

    permute_heads: int | None = None  # HF rotate-half -> GGUF interleaved rope rows
    add: float = 0.0  # added to every element (Gemma stores RMSNorm weights as w - 1)


class Architecture:
    """One HF model family written as one GGUF architecture (llama-style defaults)."""

    hf_classes: ClassVar[tuple[str, ...]] = ()
    model_types: ClassVar[tuple[str, ...]] = ()  # for configs without "architectures"
    gguf_arch: ClassVar[gguf.MODEL_ARCH]
    family: ClassVar[str] = ""  # shown in "unsupported architecture" errors
    permute_qk: ClassVar[bool] = False  # llama rope layout (True) or neox (False)
    rope_types: ClassVar[frozenset[str]] = frozenset()  # beyond default/linear/yarn
    write_vocab_size: ClassVar[bool] = True
    write_rope_dims: ClassVar[bool] = True
    #: ``tokenizer.ggml.add_space_prefix`` for SentencePiece vocabularies; None = from the model
    add_space_prefix: ClassVar[bool | None] = None

    def __init__(self, config: dict[str, Any]) -> None:
        self.config = config

    # -- names ---------------------------------------------------------------------------
    @property
    def gguf_name(self) -> str:
        return gguf.MODEL_ARCH_NAMES[self.gguf_arch]

    @property
    def hf_name(self) -> str:
        return self.hf_classes[0]

    # -- hyper-parameters ----------------------------------------------------------------
    @property
    def n_heads(self) -> int:
        return int(self.config["num_attention_heads"])

    @property
    def n_kv_heads(self) -> int:
        return int(self.config.get("num_key_value_heads") or self.n_heads)

    @property
    def head_dim(self) -> int:
        return int(self.config.get("head_dim") or self.config["hidden_size"] // self.n_heads)

    @property
    def n_layers(self) -> int:
        return int(self.config["num_hidden_layers"])

    @property
    def rope(self) -> dict[str, Any]:
        return rope_parameters(self.config)

    def add_hparams(self, writer: gguf.GGUFWriter, n_vocab: int) -> dict[str, np.ndarray]:
        """Write the architecture's GGUF keys; return generated tensors (name -> data)."""
        c = self.config
        if self.write_vocab_size:
            writer.add_vocab_size(n_vocab)
        writer.add_context_length(int(c.get("max_position_embeddings") or 2048))
        writer.add_embedding_length(int(c["hidden_size"]))
        writer.add_block_count(self.n_layers)
        writer.add_feed_forward_length(int(c["intermediate_size"]))
        writer.add_head_count(self.n_heads)
        writer.add_head_count_kv(self.n_kv_heads)
        writer.add_layer_norm_rms_eps(float(c.get("rms_norm_eps", 1e-6)))
        if self.write_rope_dims:
            writer.add_rope_dimension_count(self.rope_dims)
        if "head_dim" in c or self.head_dim * self.n_heads != int(c["hidden_size"]):
            writer.add_key_length(self.head_dim)
            writer.add_value_length(self.head_dim)
        writer.add_rope_freq_base(float(self.rope["rope_theta"]))
        add_rope_scaling(writer, self.rope, set(self.rope_types))
        extra: dict[str, np.ndarray] = {}
        self.add_arch_hparams(writer, extra)
        return extra

    @property
    def rope_dims(self) -> int:
        return self.head_dim

    def add_arch_hparams(self, writer: gguf.GGUFWriter, extra: dict[str, np.ndarray]) -> None:
        """Family-specific keys and generated tensors (``extra``); nothing by default."""

    # -- tensors -------------------------------------------------------------------------
    def skip_tensor(self, hf_name: str) -> bool:
        """True for checkpoint tensors llama.cpp does not use."""
        if hf_name.endswith("rotary_emb.inv_freq"):
            return True
        return hf_name == "lm_head.weight" and bool(self.config.get("tie_word_embeddings"))

    def tensor_rule(self, ttype: gguf.MODEL_TENSOR, hf_name: str) -> TensorRule:
        if self.permute_qk and ttype == gguf.MODEL_TENSOR.ATTN_Q:
            return TensorRule(permute_heads=self.n_heads)
        if self.permute_qk and ttype == gguf.MODEL_TENSOR.ATTN_K:
            return TensorRule(permute_heads=self.n_kv_heads)
        return TensorRule()

    # -- vocabulary ----------------------------------------------------------------------
    def vocab_kind(self, model_dir: Path) -> str | None:
        """Force 'gpt2' or 'llama' (SentencePiece); None = decided by the tokenizer files."""
        return None


def tensor_name(ttype: gguf.MODEL_TENSOR) -> str:
    """GGUF name of a non-block tensor such as ``rope_freqs.weight``."""
    return gguf.TENSOR_NAMES[ttype] + ".weight"


def rotary_row_permutation(n_rows: int, n_heads: int) -> np.ndarray:
    """Row order turning HF's rotate-half Q/K layout into GGUF llama's interleaved layout.

    Within each head HF keeps the two halves of every rotary pair ``head_dim/2`` rows apart;
    llama.cpp expects them adjacent. Output row ``h*hd + 2*i + j`` = input row
    ``h*hd + j*hd/2 + i``.
    """
    hd = n_rows // n_heads
    idx = np.arange(n_rows).reshape(n_heads, 2, hd // 2)
    return idx.transpose(0, 2, 1).reshape(-1)
