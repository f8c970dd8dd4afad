"""Tokenizer -> GGUF metadata: BPE (gpt2-style tokenizer.json) and SentencePiece (tokenizer.model).

Special added tokens (chat markers such as ``<|im_start|>``) are typed CONTROL so llama.cpp keeps
them single tokens; non-special added tokens are USER_DEFINED. The BPE pre-tokenizer name
(``tokenizer.ggml.pre``) is derived from the pre-tokenizer *structure* in tokenizer.json
(split regex, digit splitting), with a fallback by model type; the verification step then checks
token-for-token identity on real text, so a wrong guess cannot pass silently.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import gguf

from convert.errors import ModelSourceError

log = logging.getLogger(__name__)

# Distinctive fragments of the split regexes used by known tokenizer families.
_LLAMA3_REGEX_MARK = r"\p{N}{1,3}"
_QWEN2_REGEX_MARK = r"\p{L}+|\p{N}|"


@dataclass
class VocabInfo:
    kind: str  # "gpt2" (BPE) or "llama" (SentencePiece)
    pre: str | None
    n_tokens: int
    n_control: int
    special_ids: dict[str, int] = field(default_factory=dict)
    add_bos: bool = False
    add_eos: bool = False


def _read_json(path: Path) -> dict[str, Any]:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelSourceError(f"{path}: cannot read tokenizer file ({exc}).") from exc


def _pre_steps(pre: dict[str, Any] | None) -> list[dict[str, Any]]:
    if not pre:
        return []
    if pre.get("type") == "Sequence":
        return [s for p in pre.get("pretokenizers", []) for s in _pre_steps(p)]
    return [pre]


def detect_bpe_pre(tokenizer_json: dict[str, Any], config: dict[str, Any]) -> str:
    """Name of llama.cpp's pre-tokenizer matching this tokenizer.json (``tokenizer.ggml.pre``)."""
    steps = _pre_steps(tokenizer_json.get("pre_tokenizer"))
    kinds = [s.get("type") for s in steps]
    patterns = [
        (s.get("pattern") or {}).get("Regex", "") for s in steps if s.get("type") == "Split"
    ]
    if any(_LLAMA3_REGEX_MARK in p for p in patterns):
        return "llama-bpe"
    if any(_QWEN2_REGEX_MARK in p for p in patterns):
        return "qwen2"
    bytelevel_regex = any(s.get("type") == "ByteLevel" and s.get("use_regex", True) for s in steps)
    digits_single = any(s.get("type") == "Digits" and s.get("individual_digits") for s in steps)
    if not patterns and bytelevel_regex and digits_single and kinds.count("Digits") == 1:
        return "smollm"  # GPT-2 split after single-digit split (SmolLM/StarCoder family)
    if not patterns and bytelevel_regex and kinds == ["ByteLevel"]:
        return "gpt-2"
    model_type = config.get("model_type")
    if model_type == "qwen2":
        return "qwen2"
    if model_type == "llama" and int(config.get("vocab_size", 0)) >= 128000:
        return "llama-bpe"
    log.warning(
        "Unrecognised BPE pre-tokenizer %s; writing 'default'. Verification will check "
        "that tokenization still matches (use --pre to override).",
        kinds,
    )
    return "default"


def _special_flags(
    model_dir: Path, tokenizer_json: dict[str, Any] | None, default_bos: bool
) -> tuple[bool, bool]:
    """Whether the HF tokenizer adds BOS/EOS to plain text (probed, config flags win)."""
    add_bos, add_eos = default_bos, False
    if tokenizer_json is not None and tokenizer_json.get("post_processor") is not None:
        try:
            from tokenizers import Tokenizer

            tok = Tokenizer.from_str(json.dumps(tokenizer_json))
            plain = tok.encode("a", add_special_tokens=False).ids
            full = tok.encode("a", add_special_tokens=True).ids
            if plain:
                start = full.index(plain[0]) if plain[0] in full else 0
                add_bos = start > 0
                add_eos = len(full) > start + len(plain)
        except Exception as exc:  # noqa: BLE001 - tokenizers raises plain Exceptions
            log.warning("could not probe BOS/EOS behaviour: %s", exc)
    cfg_path = model_dir / "tokenizer_config.json"
    if cfg_path.is_file():
        cfg = _read_json(cfg_path)
        if isinstance(cfg.get("add_bos_token"), bool):
            add_bos = cfg["add_bos_token"]
        if isinstance(cfg.get("add_eos_token"), bool):
            add_eos = cfg["add_eos_token"]
    return add_bos, add_eos


def _bpe_tokens(tj: dict[str, Any], n_vocab: int) -> tuple[list[str], list[int]]:
    vocab: dict[str, int] = tj["model"]["vocab"]
    tokens: list[str | None] = [None] * n_vocab
    types = [gguf.TokenType.NORMAL] * n_vocab
    for text, idx in vocab.items():
        if idx < n_vocab:
            tokens[idx] = text
    for added in tj.get("added_tokens", []):
        idx = added["id"]
        if idx >= n_vocab:
            raise ModelSourceError(
                f"tokenizer added token {added['content']!r} has id {idx} beyond the model's "
                f"{n_vocab} embedding rows."
            )
        tokens[idx] = added["content"]
        types[idx] = gguf.TokenType.CONTROL if added.get("special") else gguf.TokenType.USER_DEFINED
    out_tokens: list[str] = []
    for i, tok in enumerate(tokens):
        if tok is None:
            out_tokens.append(f"[PAD{i}]")
            types[i] = gguf.TokenType.UNUSED
        else:
            out_tokens.append(tok)
    return out_tokens, [int(t) for t in types]


def _spm_tokens(model_dir: Path, n_vocab: int) -> tuple[list[bytes], list[float], list[int]]:
    from sentencepiece import SentencePieceProcessor

    sp = SentencePieceProcessor()
    try:
        sp.LoadFromFile(str(model_dir / "tokenizer.model"))
    except (OSError, RuntimeError) as exc:
        raise ModelSourceError(
            f"{model_dir / 'tokenizer.model'}: not a SentencePiece model."
        ) from exc
    tokens: list[bytes] = []
    scores: list[float] = []
    types: list[int] = []
    for i in range(min(sp.vocab_size(), n_vocab)):
        t = gguf.TokenType.NORMAL
        if sp.IsUnknown(i):
            t = gguf.TokenType.UNKNOWN
        elif sp.IsControl(i):
            t = gguf.TokenType.CONTROL
        elif sp.IsUnused(i):
            t = gguf.TokenType.UNUSED
        elif sp.IsByte(i):
            t = gguf.TokenType.BYTE
        tokens.append(sp.IdToPiece(i).encode("utf-8"))
        scores.append(float(sp.GetScore(i)))
        types.append(int(t))
    added: dict[int, tuple[str, bool]] = {}
    tj_path = model_dir / "tokenizer.json"
    if tj_path.is_file():
        for a in _read_json(tj_path).get("added_tokens", []):
            added[a["id"]] = (a["content"], bool(a.get("special")))
    at_path = model_dir / "added_tokens.json"
    if at_path.is_file():
        for text, idx in _read_json(at_path).items():
            added.setdefault(idx, (text, True))
    while len(tokens) < n_vocab:
        i = len(tokens)
        tokens.append(f"[PAD{i}]".encode())
        scores.append(-1000.0)
        types.append(int(gguf.TokenType.UNUSED))
    for idx, (text, special) in added.items():
        if idx >= n_vocab:
            continue
        if idx >= sp.vocab_size() or types[idx] == gguf.TokenType.NORMAL:
            tokens[idx] = text.encode("utf-8")
            scores[idx] = -1000.0
            types[idx] = int(gguf.TokenType.CONTROL if special else gguf.TokenType.USER_DEFINED)
    return tokens, scores, types


def tokenizer_kind(model_dir: Path) -> str:
    """'gpt2' for byte-level BPE tokenizer.json, 'llama' for SentencePiece; else raise."""
    tj_path = model_dir / "tokenizer.json"
    if tj_path.is_file():
        model = _read_json(tj_path).get("model", {})
        if model.get("type") == "BPE" and not model.get("byte_fallback"):
            return "gpt2"
    if (model_dir / "tokenizer.model").is_file():
        return "llama"
    raise ModelSourceError(
        f"{model_dir}: no supported tokenizer (need a byte-level BPE tokenizer.json or a "
        "SentencePiece tokenizer.model)."
    )


def add_vocab(
    writer: gguf.GGUFWriter,
    model_dir: Path,
    config: dict[str, Any],
    n_vocab: int,
    pre_override: str | None = None,
) -> VocabInfo:
    """Write tokenizer.ggml.* keys (tokens, types, merges, special ids, flags, chat template)."""
    kind = tokenizer_kind(model_dir)
    tj = (
        _read_json(model_dir / "tokenizer.json")
        if (model_dir / "tokenizer.json").is_file()
        else None
    )
    pre: str | None = None
    if kind == "gpt2":
        assert tj is not None
        tokens, types = _bpe_tokens(tj, n_vocab)
        pre = pre_override or detect_bpe_pre(tj, config)
        writer.add_tokenizer_model("gpt2")
        writer.add_tokenizer_pre(pre)
        writer.add_token_list(tokens)
        writer.add_token_types(types)
    else:
        tokens_b, scores, types = _spm_tokens(model_dir, n_vocab)
        pre = pre_override or "default"
        writer.add_tokenizer_model("llama")
        writer.add_tokenizer_pre(pre)
        writer.add_token_list(tokens_b)
        writer.add_token_scores(scores)
        writer.add_token_types(types)
    special = gguf.SpecialVocab(model_dir, load_merges=(kind == "gpt2"), n_vocab=n_vocab)
    # SentencePiece llama tokenizers add BOS unless told otherwise (HF LlamaTokenizer default)
    add_bos, add_eos = _special_flags(model_dir, tj, default_bos=(kind == "llama"))
    special.add_special_token["bos"] = add_bos
    special.add_special_token["eos"] = add_eos
    special.add_to_gguf(writer, quiet=True)
    if special.chat_template is None:
        jinja = model_dir / "chat_template.jinja"
        if jinja.is_file():
            writer.add_chat_template(jinja.read_text(encoding="utf-8"))
    return VocabInfo(
        kind=kind,
        pre=pre,
        n_tokens=n_vocab,
        n_control=sum(1 for t in types if t == gguf.TokenType.CONTROL),
        special_ids=dict(special.special_token_ids),
        add_bos=add_bos,
        add_eos=add_eos,
    )
