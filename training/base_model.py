"""Load the base model and tokenizer: an HF model dir / hub id, or a GGUF (default: embedded model).

transformers loads a GGUF by dequantizing it but keeps a GGUF "quantizer" attached that refuses
training and ``save_pretrained``; :func:`load_base_model` rebuilds a plain model from the config and
the dequantized state dict instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch

from training.errors import ConfigError


@dataclass(frozen=True)
class BaseRef:
    """Where the base model comes from: ``source`` as given, split into dir + optional gguf file."""

    source: str
    path: str
    gguf_file: str | None

    @property
    def is_gguf(self) -> bool:
        return self.gguf_file is not None


def resolve_base(base: str | None) -> BaseRef:
    """Resolve ``--base`` (None = the embedded default GGUF)."""
    if base is None:
        from models.default_model import default_model_path

        p = default_model_path()
        return BaseRef(str(p), str(p.parent), p.name)
    p = Path(base)
    if p.suffix.lower() == ".gguf":
        if not p.is_file():
            raise ConfigError(f"--base {base}: GGUF file not found")
        return BaseRef(str(p.resolve()), str(p.resolve().parent), p.name)
    if p.is_dir() and not (p / "config.json").is_file():
        ggufs = sorted(p.glob("*.gguf"))
        if len(ggufs) == 1:
            return BaseRef(str(ggufs[0].resolve()), str(p.resolve()), ggufs[0].name)
        raise ConfigError(f"--base {base}: folder has no config.json (not a Hugging Face model)")
    return BaseRef(str(p.resolve()) if p.exists() else base, str(p) if p.exists() else base, None)


def check_quantization(load_in_4bit: bool, load_in_8bit: bool, ref: BaseRef | None = None) -> None:
    """QLoRA prerequisites, checked before anything is loaded."""
    if not (load_in_4bit or load_in_8bit):
        return
    if load_in_4bit and load_in_8bit:
        raise ConfigError("choose one of --load-in-4bit and --load-in-8bit")
    flag = "--load-in-4bit" if load_in_4bit else "--load-in-8bit"
    if not torch.cuda.is_available():
        raise ConfigError(
            f"{flag} (QLoRA) needs a CUDA GPU with bitsandbytes; none is available here. "
            "Drop the flag to train LoRA in full precision on this machine."
        )
    try:
        import bitsandbytes  # noqa: F401
    except ImportError as exc:
        raise ConfigError(
            f"{flag} needs the package bitsandbytes (pip install bitsandbytes)"
        ) from exc
    if ref is not None and ref.is_gguf:
        raise ConfigError(f"{flag} needs a Hugging Face model (safetensors), not a GGUF file")


def load_tokenizer(ref: BaseRef) -> Any:
    """The tokenizer (from the GGUF metadata for GGUF bases), with a pad token set."""
    from transformers import AutoTokenizer

    kwargs = {"gguf_file": ref.gguf_file} if ref.is_gguf else {}
    tok = AutoTokenizer.from_pretrained(ref.path, **kwargs)
    if tok.pad_token_id is None:
        tok.pad_token = tok.eos_token
    return tok


def _plain_copy(model: torch.nn.Module, dtype: torch.dtype) -> torch.nn.Module:
    """A plain (quantizer-free) model with the same config and weights."""
    from transformers import AutoModelForCausalLM

    config = model.config
    for attr in ("quantization_config", "_pre_quantization_dtype"):
        if hasattr(config, attr):
            delattr(config, attr)
    clean = AutoModelForCausalLM.from_config(config, dtype=dtype)
    result = clean.load_state_dict(model.state_dict(), strict=False)
    missing = [k for k in result.missing_keys if k != "lm_head.weight"]
    if missing or result.unexpected_keys:
        raise ConfigError(
            f"could not dequantize the GGUF model: missing {missing[:4]}, "
            f"unexpected {result.unexpected_keys[:4]}"
        )
    clean.tie_weights()
    return clean.to(dtype)


def base_dtype(ref: BaseRef) -> torch.dtype:
    """The dtype the base's weights are stored in (``torch_dtype``/``dtype`` in config.json;
    fp32 for a dequantized GGUF or when unknown)."""
    from transformers import AutoConfig

    if ref.is_gguf:
        return torch.float32
    config = AutoConfig.from_pretrained(ref.path)
    dtype = getattr(config, "dtype", None) or getattr(config, "torch_dtype", None)
    if isinstance(dtype, str):
        dtype = getattr(torch, dtype, None)
    return dtype if isinstance(dtype, torch.dtype) else torch.float32


def load_base_model(
    ref: BaseRef,
    dtype: torch.dtype | None = torch.float32,
    load_in_4bit: bool = False,
    load_in_8bit: bool = False,
) -> torch.nn.Module:
    """The base causal LM, trainable and saveable (GGUF dequantized; QLoRA quantized on CUDA).
    ``dtype=None`` loads it in the dtype it is stored in."""
    from transformers import AutoModelForCausalLM

    check_quantization(load_in_4bit, load_in_8bit, ref)
    if dtype is None:
        dtype = base_dtype(ref)
    if ref.is_gguf:
        model = AutoModelForCausalLM.from_pretrained(ref.path, gguf_file=ref.gguf_file, dtype=dtype)
        model = _plain_copy(model, dtype)
    elif load_in_4bit or load_in_8bit:
        from transformers import BitsAndBytesConfig

        bnb = BitsAndBytesConfig(
            load_in_4bit=load_in_4bit,
            load_in_8bit=load_in_8bit,
            bnb_4bit_quant_type="nf4",
            bnb_4bit_use_double_quant=True,
            bnb_4bit_compute_dtype=dtype,
        )
        model = AutoModelForCausalLM.from_pretrained(
            ref.path, quantization_config=bnb, dtype=dtype, device_map={"": _local_cuda_index()}
        )
    else:
        model = AutoModelForCausalLM.from_pretrained(ref.path, dtype=dtype)
    model.config.use_cache = False
    return model


def _local_cuda_index() -> int:
    import os

    return int(os.environ.get("LOCAL_RANK", "0"))
