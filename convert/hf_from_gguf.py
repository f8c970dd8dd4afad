"""GGUF -> plain Hugging Face folder (dequantized fp32 safetensors + tokenizer).

transformers 5 can read a GGUF (``from_pretrained(dir, gguf_file=name)``) but attaches a GGUF
quantizer that blocks ``save_pretrained``; here the weights are copied into a fresh model built
from the config and saved normally. The tokenizer's pre-tokenizer is aligned with the GGUF's
``tokenizer.ggml.pre`` (transformers' GGUF reader does not rebuild digit splitting).
Used by the tests (round trip of the embedded SmolLM2) and by anyone needing an HF copy.
"""

from __future__ import annotations

from pathlib import Path

DIGIT_SPLITTING_PRES = {"smollm", "starcoder", "refact"}


def gguf_tokenizer_pre(gguf_path: Path) -> str | None:
    from gguf import GGUFReader

    field = GGUFReader(gguf_path).get_field("tokenizer.ggml.pre")
    return None if field is None else str(field.contents())


def save_tokenizer_from_gguf(gguf_path: str | Path, out_dir: str | Path):
    """Write tokenizer.json/tokenizer_config.json/chat template for the GGUF's tokenizer."""
    from tokenizers import pre_tokenizers
    from transformers import AutoTokenizer

    gguf_path, out_dir = Path(gguf_path), Path(out_dir)
    tok = AutoTokenizer.from_pretrained(str(gguf_path.parent), gguf_file=gguf_path.name)
    if gguf_tokenizer_pre(gguf_path) in DIGIT_SPLITTING_PRES:
        tok.backend_tokenizer.pre_tokenizer = pre_tokenizers.Sequence(
            [
                pre_tokenizers.Digits(individual_digits=True),
                pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=True),
            ]
        )
    out_dir.mkdir(parents=True, exist_ok=True)
    tok.save_pretrained(str(out_dir))
    return tok


def dequantize_gguf_to_hf(gguf_path: str | Path, out_dir: str | Path) -> Path:
    """Save the GGUF as an fp32 HF model folder (config, safetensors, tokenizer)."""
    import torch
    from transformers import AutoConfig, AutoModelForCausalLM

    gguf_path, out_dir = Path(gguf_path), Path(out_dir)
    loaded = AutoModelForCausalLM.from_pretrained(
        str(gguf_path.parent), gguf_file=gguf_path.name, dtype=torch.float32
    )
    config = AutoConfig.from_pretrained(str(gguf_path.parent), gguf_file=gguf_path.name)
    if hasattr(config, "quantization_config"):
        del config.quantization_config
    config.dtype = torch.float32
    plain = type(loaded)(config)
    missing, unexpected = plain.load_state_dict(loaded.state_dict(), strict=False)
    if unexpected or [m for m in missing if not m.startswith("lm_head")]:
        raise RuntimeError(f"state dict mismatch: missing {missing}, unexpected {unexpected}")
    plain.tie_weights()
    del loaded
    out_dir.mkdir(parents=True, exist_ok=True)
    plain.save_pretrained(str(out_dir))
    save_tokenizer_from_gguf(gguf_path, out_dir)
    return out_dir


if __name__ == "__main__":  # python -m convert.hf_from_gguf MODEL.gguf OUT_DIR
    import sys

    print(dequantize_gguf_to_hf(sys.argv[1], sys.argv[2]))
