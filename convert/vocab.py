"""Tokenizer -> GGUF metadata: BPE (gpt2-style tokenizer.json) and SentencePiece (tokenizer.model).

Token typing follows llama.cpp: SentencePiece pieces keep their own type (normal, unknown,
control, unused, byte); added tokens are CONTROL when the tokenizer marks them special *or* they
look special (``<|...|>``, ``<unused…>``, ``<mask>``, …: some models forget the flag) and
USER_DEFINED otherwise; ids without a token become ``[PAD{i}]`` UNUSED. The BPE pre-tokenizer
(``tokenizer.ggml.pre``) is identified by hashing the tokenization of llama.cpp's probe text
(:mod:`convert.pretokenizers`); an unknown hash is an error that names the hash, the closest
structural match and the ``--pre`` override. ``add_space_prefix`` comes from the architecture
(Gemma: false), ``tokenizer_config.json`` (``add_prefix_space``) or the SentencePiece model.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import gguf

from convert.arch import Architecture
from convert.errors import ModelSourceError, UnknownPreTokenizerError
from convert.pretokenizers import KNOWN_HASHES, PROBE_TEXT

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
    add_space_prefix: bool | None = None


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


def _probe_digest(ids: list[int]) -> str:
    return hashlib.sha256(str(ids).encode()).hexdigest()


def probe_hashes(model_dir: Path) -> Iterator[str]:
    """Pre-tokenizer hashes of the probe text: first as transformers loads the tokenizer (BOS
    included), the way llama.cpp's table was measured; then as tokenizer.json alone defines it,
    for folders where transformers substitutes a model-specific tokenizer class."""
    from tokenizers import Tokenizer
    from transformers import AutoTokenizer  # heavy; only needed for BPE vocabularies

    try:
        hf_tok = AutoTokenizer.from_pretrained(str(model_dir), local_files_only=True)
        yield _probe_digest(list(hf_tok.encode(PROBE_TEXT)))
    except Exception as exc:  # noqa: BLE001 - transformers raises many kinds
        log.warning("transformers could not load the tokenizer: %s", exc)
    try:
        tok = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
    except Exception as exc:  # noqa: BLE001 - tokenizers raises plain Exceptions
        raise ModelSourceError(f"{model_dir}: cannot load tokenizer.json ({exc}).") from exc
    yield _probe_digest(tok.encode(PROBE_TEXT).ids)


def identify_bpe_pre(
    model_dir: Path, tokenizer_json: dict[str, Any], config: dict[str, Any]
) -> str:
    """llama.cpp's name for this tokenizer's pre-tokenizer, from the probe-text hash."""
    digest = ""
    for digest in probe_hashes(model_dir):
        if digest in KNOWN_HASHES:
            return KNOWN_HASHES[digest]
    guess = detect_bpe_pre(tokenizer_json, config)
    hint = f" Its split rules look like {guess!r}." if guess != "default" else ""
    raise UnknownPreTokenizerError(
        f"Unknown BPE pre-tokenizer (probe hash {digest[:16]}…): llama.cpp has no pre-tokenizer "
        f"registered for this tokenizer, so a converted model could split text differently "
        f"from the original.{hint} If you know which one it uses, pass --pre NAME "
        f"(for example --pre {guess if guess != 'default' else 'llama-bpe'}); verification then "
        "checks the tokenization token for token.",
        digest,
    )


def looks_special(text: str) -> bool:
    """llama.cpp's rule for added tokens that should be CONTROL even without the special flag."""
    if text in ("<pad>", "<mask>", "<2mass>", "[@BOS@]"):
        return True
    return (
        (text.startswith("<|") and text.endswith("|>"))
        or (text.startswith("<\uff5c") and text.endswith("\uff5c>"))  # deepseek's full-width bars
        or (text.startswith("<unused") and text.endswith(">"))  # gemma
    )


def _added_type(text: str, special: bool) -> tuple[str, int]:
    """(token text as written, type) of an added token, the way llama.cpp types them."""
    if special or looks_special(text):
        return text, int(gguf.TokenType.CONTROL)
    # llama.cpp matches user-defined tokens against pre-normalised text: spaces, not U+2581
    return text.replace("\u2581", " "), int(gguf.TokenType.USER_DEFINED)


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
        tokens[idx], types[idx] = _added_type(added["content"], bool(added.get("special")))
    out_tokens: list[str] = []
    for i, tok in enumerate(tokens):
        if tok is None:
            out_tokens.append(f"[PAD{i}]")
            types[i] = gguf.TokenType.UNUSED
        else:
            out_tokens.append(tok)
    return out_tokens, [int(t) for t in types]


def _spm_tokens(model_dir: Path, n_vocab: int) -> tuple[list[bytes], list[float], list[int], bool]:
    """Tokens, scores, types of a SentencePiece model padded to ``n_vocab``; add_dummy_prefix."""
    from sentencepiece import SentencePieceProcessor

    sp = SentencePieceProcessor()
    try:
        sp.LoadFromFile(str(model_dir / "tokenizer.model"))
    except (OSError, RuntimeError) as exc:
        raise ModelSourceError(
            f"{model_dir / 'tokenizer.model'}: not a SentencePiece model."
        ) from exc
    tokens = [f"[PAD{i}]".encode() for i in range(n_vocab)]
    scores = [-10000.0] * n_vocab
    types = [int(gguf.TokenType.UNUSED)] * n_vocab
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
        tokens[i] = sp.IdToPiece(i).encode("utf-8")
        scores[i] = float(sp.GetScore(i))
        types[i] = int(t)
    # added tokens: added_tokens.json (user-defined), then the special flags of
    # tokenizer_config.json and tokenizer.json, which win
    at_path = model_dir / "added_tokens.json"
    if at_path.is_file():
        for text, idx in _read_json(at_path).items():
            if idx < n_vocab:
                tokens[idx], scores[idx] = text.encode("utf-8"), -1000.0
                types[idx] = int(gguf.TokenType.USER_DEFINED)
    # tokenizer.json's added tokens fill ids the SentencePiece model lacks or has as plain
    # pieces; tokenizer_config.json's added_tokens_decoder retypes any id, as llama.cpp does
    added: dict[int, tuple[str, bool]] = {}
    tj_path = model_dir / "tokenizer.json"
    if tj_path.is_file():
        for a in _read_json(tj_path).get("added_tokens", []):
            idx = int(a["id"])
            if idx >= sp.vocab_size() or (idx < n_vocab and types[idx] == gguf.TokenType.NORMAL):
                added[idx] = (a["content"], bool(a.get("special")))
    cfg_path = model_dir / "tokenizer_config.json"
    if cfg_path.is_file():
        for idx, a in (_read_json(cfg_path).get("added_tokens_decoder") or {}).items():
            added[int(idx)] = (a["content"], bool(a.get("special")))
    for idx, (text, special) in sorted(added.items()):
        if idx >= n_vocab:
            log.warning("added token %r has id %d beyond the vocabulary; ignored", text, idx)
            continue
        written, types[idx] = _added_type(text, special)
        tokens[idx], scores[idx] = written.encode("utf-8"), -1000.0
    # SentencePiece prepends U+2581 to the text when add_dummy_prefix is on
    pieces = sp.EncodeAsPieces("a")
    dummy_prefix = bool(pieces) and pieces[0].startswith("\u2581")
    return tokens, scores, types, dummy_prefix


def tokenizer_kind(model_dir: Path, arch: Architecture | None = None) -> str:
    """'llama' for SentencePiece (tokenizer.model, preferred as llama.cpp does), 'gpt2' for a
    byte-level BPE tokenizer.json; the architecture may decide; else raise."""
    forced = arch.vocab_kind(model_dir) if arch is not None else None
    if forced == "llama" and not (model_dir / "tokenizer.model").is_file():
        raise ModelSourceError(
            f"{model_dir}: {arch.hf_name if arch else 'this model'} needs its SentencePiece "
            "tokenizer.model, which is missing."
        )
    if forced is not None:
        return forced
    if (model_dir / "tokenizer.model").is_file():
        return "llama"
    tj_path = model_dir / "tokenizer.json"
    if tj_path.is_file():
        model = _read_json(tj_path).get("model", {})
        if model.get("type") == "BPE" and not model.get("byte_fallback"):
            return "gpt2"
    raise ModelSourceError(
        f"{model_dir}: no supported tokenizer (need a byte-level BPE tokenizer.json or a "
        "SentencePiece tokenizer.model)."
    )


def _config_space_prefix(model_dir: Path) -> bool | None:
    cfg_path = model_dir / "tokenizer_config.json"
    if cfg_path.is_file():
        value = _read_json(cfg_path).get("add_prefix_space")
        if isinstance(value, bool):
            return value
    return None


def add_vocab(
    writer: gguf.GGUFWriter,
    model_dir: Path,
    config: dict[str, Any],
    n_vocab: int,
    pre_override: str | None = None,
    arch: Architecture | None = None,
) -> VocabInfo:
    """Write tokenizer.ggml.* keys (tokens, types, merges, special ids, flags, chat template)."""
    kind = tokenizer_kind(model_dir, arch)
    tj = (
        _read_json(model_dir / "tokenizer.json")
        if (model_dir / "tokenizer.json").is_file()
        else None
    )
    pre: str | None = None
    space_prefix = _config_space_prefix(model_dir)
    if kind == "gpt2":
        if tj is None:
            raise ModelSourceError(f"{model_dir}: no tokenizer.json for the BPE vocabulary.")
        tokens, types = _bpe_tokens(tj, n_vocab)
        pre = pre_override or identify_bpe_pre(model_dir, tj, config)
        writer.add_tokenizer_model("gpt2")
        writer.add_tokenizer_pre(pre)
        writer.add_token_list(tokens)
        writer.add_token_types(types)
    else:
        tokens_b, scores, types, dummy_prefix = _spm_tokens(model_dir, n_vocab)
        pre = pre_override or "default"
        writer.add_tokenizer_model("llama")
        writer.add_tokenizer_pre(pre)
        writer.add_token_list(tokens_b)
        writer.add_token_scores(scores)
        writer.add_token_types(types)
        if arch is not None and arch.add_space_prefix is not None:
            space_prefix = arch.add_space_prefix
        elif space_prefix is None and not dummy_prefix:
            space_prefix = False  # llama.cpp assumes a leading space for SentencePiece otherwise
    if space_prefix is not None:
        writer.add_add_space_prefix(space_prefix)
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
        add_space_prefix=space_prefix,
    )
