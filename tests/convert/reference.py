"""Test helpers: real tokenizers rebuilt from llama.cpp's vocabulary GGUFs, tiny random models
of each family, and llama.cpp's own converter (run as a subprocess, never imported here).
"""

from __future__ import annotations

import json
import os
import struct
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import gguf
import numpy as np
from safetensors.numpy import save_file

PEER = Path(__file__).resolve().parents[3] / "shared" / "peer" / "llama.cpp"
if not PEER.is_dir():  # worktrees live beside main: /work/wt-N and /work/shared
    PEER = Path("/work/shared/peer/llama.cpp")
VOCABS = PEER / "models"
SEPARATOR = "\n__ggml_vocab_test__\n"

# Runs llama.cpp's converter once per (source, output) pair in one interpreter: torch and
# transformers are imported once instead of once per model.
_DRIVER = """
import runpy, sys
script = sys.argv[1]
pairs = sys.argv[2:]
for src, out in zip(pairs[::2], pairs[1::2]):
    sys.argv = [script, src, "--outfile", out, "--outtype", "f32"]
    runpy.run_path(script, run_name="__main__")
"""


def run_reference_converter(pairs: list[tuple[Path, Path]]) -> None:
    """Convert each HF folder with llama.cpp's ``convert_hf_to_gguf.py`` to F32."""
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(PEER / "gguf-py"), str(PEER)]),
        "HF_HUB_OFFLINE": "1",
        "NO_LOCAL_GGUF": "",
        "OMP_NUM_THREADS": "1",
    }
    argv = [sys.executable, "-c", _DRIVER, str(PEER / "convert_hf_to_gguf.py")]
    for src, out in pairs:
        argv += [str(src), str(out)]
    done = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-4000:]


def vocab_cases(name: str) -> list[tuple[str, list[int]]]:
    """llama.cpp's tokenizer test cases for ``ggml-vocab-NAME.gguf``: (text, expected ids)."""
    texts = (VOCABS / f"ggml-vocab-{name}.gguf.inp").read_text(encoding="utf-8").split(SEPARATOR)
    lines = (VOCABS / f"ggml-vocab-{name}.gguf.out").read_text(encoding="utf-8").split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # trailing newline
    assert len(lines) <= len(texts)
    return [
        (text, [int(t) for t in line.split()]) for text, line in zip(texts, lines, strict=False)
    ]


# -- a small GGUF reader (gguf.GGUFReader needs ~10 s for a 150k-token vocabulary) -----------
_SCALARS = {0: "<B", 1: "<b", 2: "<H", 3: "<h", 4: "<I", 5: "<i", 6: "<f", 7: "<?", 10: "<Q",
            11: "<q", 12: "<d"}  # fmt: skip
_STRING, _ARRAY = 8, 9


@dataclass
class GGUFTensor:
    shape: tuple[int, ...]  # numpy order (rows first)
    type: int
    data: np.ndarray  # raw F32 values for F32 tensors, bytes otherwise


class _Cursor:
    def __init__(self, raw: bytes) -> None:
        self.raw, self.pos = raw, 0

    def take(self, fmt: str) -> Any:
        (value,) = struct.unpack_from(fmt, self.raw, self.pos)
        self.pos += struct.calcsize(fmt)
        return value

    def string(self) -> str:
        n = self.take("<Q")
        self.pos += n
        return self.raw[self.pos - n : self.pos].decode("utf-8")

    def value(self, vtype: int) -> Any:
        if vtype == _STRING:
            return self.string()
        if vtype == _ARRAY:
            itype, count = self.take("<I"), self.take("<Q")
            return [self.value(itype) for _ in range(count)]
        return self.take(_SCALARS[vtype])


def read_gguf(path: Path) -> tuple[dict[str, Any], dict[str, GGUFTensor]]:
    """(metadata key -> value, tensor name -> tensor) of a GGUF file."""
    raw = Path(path).read_bytes()
    c = _Cursor(raw)
    assert raw[:4] == b"GGUF", path
    c.pos = 4
    c.take("<I")
    n_tensors, n_kv = c.take("<Q"), c.take("<Q")
    kv: dict[str, Any] = {}
    for _ in range(n_kv):
        key = c.string()
        kv[key] = c.value(c.take("<I"))
    infos = []
    for _ in range(n_tensors):
        name = c.string()
        dims = [c.take("<Q") for _ in range(c.take("<I"))]
        infos.append((name, tuple(reversed(dims)), c.take("<I"), c.take("<Q")))
    align = int(kv.get("general.alignment", 32))
    start = (c.pos + align - 1) // align * align
    tensors: dict[str, GGUFTensor] = {}
    for name, shape, ttype, offset in infos:
        if ttype == 0:  # F32
            count = int(np.prod(shape))
            data = np.frombuffer(raw, np.float32, count, start + offset).reshape(shape)
        else:
            data = np.frombuffer(raw, np.uint8, 0)
        tensors[name] = GGUFTensor(shape, ttype, data)
    return kv, tensors


# -- SentencePiece model written from a vocabulary GGUF (protobuf wire format by hand) --------
def _varint(n: int) -> bytes:
    n &= (1 << 64) - 1  # negative int32 fields are 10-byte two's complement
    out = bytearray()
    while True:
        byte = n & 0x7F
        n >>= 7
        out.append(byte | (0x80 if n else 0))
        if not n:
            return bytes(out)


def _field(number: int, wire: int, payload: bytes) -> bytes:
    return _varint(number << 3 | wire) + payload


def _bytes_field(number: int, data: bytes) -> bytes:
    return _field(number, 2, _varint(len(data)) + data)


def _int_field(number: int, value: int) -> bytes:
    return _field(number, 0, _varint(value))


def sentencepiece_model(
    tokens: list[bytes], scores: list[float], types: list[int], *, dummy_prefix: bool
) -> bytes:
    """A BPE ``tokenizer.model`` (sentencepiece ModelProto) with these pieces, LLaMA-style
    normaliser (identity, whitespace escaped, no whitespace collapsing)."""
    out = bytearray()
    for piece, score, ttype in zip(tokens, scores, types, strict=True):
        body = (
            _bytes_field(1, piece) + _field(2, 5, struct.pack("<f", score)) + _int_field(3, ttype)
        )
        out += _bytes_field(1, body)
    unk = types.index(int(gguf.TokenType.UNKNOWN)) if int(gguf.TokenType.UNKNOWN) in types else 0
    bos = next((i for i, p in enumerate(tokens) if p == b"<s>"), -1)
    eos = next((i for i, p in enumerate(tokens) if p == b"</s>"), -1)
    trainer = (
        _int_field(3, 2)  # model_type = BPE
        + _int_field(4, len(tokens))
        + _int_field(35, 1)  # byte_fallback
        + _int_field(40, unk)  # unk_id
        + _int_field(41, bos)
        + _int_field(42, eos)
        + _int_field(43, -1)  # pad_id
    )
    out += _bytes_field(2, trainer)
    normalizer = (
        _bytes_field(1, b"identity")
        + _int_field(3, int(dummy_prefix))
        + _int_field(4, 0)  # remove_extra_whitespaces
        + _int_field(5, 1)  # escape_whitespaces
    )
    out += _bytes_field(3, normalizer)
    return bytes(out)


def write_spm_from_gguf(
    name: str, folder: Path, *, n_pieces: int = 32000, dummy_prefix: bool = True
) -> None:
    """Write ``tokenizer.model`` from the first ``n_pieces`` tokens of a vocabulary GGUF.

    LLaMA-family SentencePiece models have 32000 pieces; tokens after them (Phi-3's chat
    markers) are added tokens, which live in tokenizer.json as in the original repositories.
    """
    kv = vocab_kv(name)
    tokens = [t.encode("utf-8") for t in kv["tokenizer.ggml.tokens"][:n_pieces]]
    scores = kv["tokenizer.ggml.scores"][:n_pieces]
    types = kv["tokenizer.ggml.token_type"][:n_pieces]
    folder.mkdir(parents=True, exist_ok=True)
    model = sentencepiece_model(tokens, scores, types, dummy_prefix=dummy_prefix)
    (folder / "tokenizer.model").write_bytes(model)


# split regexes of llama.cpp's "llama-bpe" and "qwen2" pre-tokenizers (as in their tokenizer.json)
SPLIT_REGEX = {
    "llama-bpe": (
        r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*"
        r"|\s*[\r\n]+|\s+(?!\S)|\s+"
    ),
    "qwen2": (
        r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*"
        r"|\s*[\r\n]+|\s+(?!\S)|\s+"
    ),
}


_VOCAB_CACHE: dict[str, dict[str, Any]] = {}


def vocab_kv(name: str) -> dict[str, Any]:
    """Metadata of ``ggml-vocab-NAME.gguf`` (cached: the files do not change)."""
    if name not in _VOCAB_CACHE:
        _VOCAB_CACHE[name] = read_gguf(VOCABS / f"ggml-vocab-{name}.gguf")[0]
    return _VOCAB_CACHE[name]


def vocab_size(name: str) -> int:
    return len(vocab_kv(name)["tokenizer.ggml.tokens"])


def special_ids(name: str) -> dict[str, int | None]:
    kv = vocab_kv(name)
    return {k: kv.get(f"tokenizer.ggml.{k}_token_id") for k in ("bos", "eos", "unk")}


def _added(tokens: list[str], types: list[int], start: int) -> list[dict]:
    control, user = int(gguf.TokenType.CONTROL), int(gguf.TokenType.USER_DEFINED)
    return [
        {"id": i, "content": tokens[i], "single_word": False, "lstrip": False, "rstrip": False,
         "normalized": False, "special": types[i] == control}
        for i in range(start, len(tokens)) if types[i] in (control, user)
    ]  # fmt: skip


def write_tokenizer_from_gguf(name: str, folder: Path, *, dummy_prefix: bool = True) -> Path:
    """The tokenizer files of a model repository, rebuilt from ``ggml-vocab-NAME.gguf``.

    SentencePiece vocabularies get ``tokenizer.model`` plus a ``tokenizer_config.json`` listing
    the added tokens (Phi-3's chat markers); byte-level BPE ones get ``tokenizer.json``
    (vocabulary, merges, the family's split regex; Llama 3 prepends ``<|begin_of_text|>``).
    Checked against llama.cpp's ``.inp``/``.out`` cases by the tests.
    """
    kv = vocab_kv(name)
    tokens: list[str] = kv["tokenizer.ggml.tokens"]
    types: list[int] = kv["tokenizer.ggml.token_type"]
    ids = special_ids(name)
    folder.mkdir(parents=True, exist_ok=True)

    def tok(kind: str) -> str | None:
        return tokens[ids[kind]] if ids[kind] is not None else None

    if kv["tokenizer.ggml.model"] == "llama":
        write_spm_from_gguf(name, folder, dummy_prefix=dummy_prefix)
        config = {
            "tokenizer_class": "LlamaTokenizer", "add_bos_token": True, "add_eos_token": False,
            "bos_token": tok("bos"), "eos_token": tok("eos"), "unk_token": tok("unk"),
            "added_tokens_decoder": {str(a["id"]): a for a in _added(tokens, types, 32000)},
        }  # fmt: skip
        (folder / "tokenizer_config.json").write_text(json.dumps(config), encoding="utf-8")
        return folder
    pre = kv["tokenizer.ggml.pre"]
    merges: list[str] = kv["tokenizer.ggml.merges"]
    normal = {int(gguf.TokenType.NORMAL)}
    vocab = {t: i for i, (t, ty) in enumerate(zip(tokens, types, strict=True)) if ty in normal}
    added = _added(tokens, types, 0)
    vocab |= {a["content"]: a["id"] for a in added}
    single: list[dict] = [{"Sequence": {"id": "A", "type_id": 0}}]
    specials: dict[str, dict] = {}
    if pre == "llama-bpe":  # Llama 3 adds <|begin_of_text|>
        bos = tok("bos")
        single = [{"SpecialToken": {"id": bos, "type_id": 0}}, *single]
        specials = {bos: {"id": bos, "ids": [ids["bos"]], "tokens": [bos]}}
    tokenizer_json = {
        "version": "1.0", "truncation": None, "padding": None, "added_tokens": added,
        "normalizer": None,
        "pre_tokenizer": {"type": "Sequence", "pretokenizers": [
            {"type": "Split", "pattern": {"Regex": SPLIT_REGEX[pre]}, "behavior": "Isolated",
             "invert": False},
            {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True,
             "use_regex": False}]},
        "post_processor": {"type": "TemplateProcessing", "single": single,
                           "pair": single + [{"Sequence": {"id": "B", "type_id": 1}}],
                           "special_tokens": specials},
        "decoder": {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": True,
                    "use_regex": True},
        "model": {"type": "BPE", "dropout": None, "unk_token": None,
                  "continuing_subword_prefix": None, "end_of_word_suffix": None,
                  "fuse_unk": False, "byte_fallback": False, "ignore_merges": pre == "llama-bpe",
                  "vocab": vocab, "merges": merges},
    }  # fmt: skip
    (folder / "tokenizer.json").write_text(json.dumps(tokenizer_json), encoding="utf-8")
    config = {"tokenizer_class": "PreTrainedTokenizerFast", "bos_token": tok("bos"),
              "eos_token": tok("eos"), "clean_up_tokenization_spaces": False}  # fmt: skip
    (folder / "tokenizer_config.json").write_text(json.dumps(config), encoding="utf-8")
    return folder


# -- a minimal llama checkpoint written straight with safetensors ------------------------------
LLAMA_CONFIG = {
    "architectures": ["LlamaForCausalLM"],
    "model_type": "llama",
    "vocab_size": 64,
    "hidden_size": 32,
    "intermediate_size": 64,
    "num_hidden_layers": 1,
    "num_attention_heads": 4,
    "num_key_value_heads": 2,
    "max_position_embeddings": 128,
    "tie_word_embeddings": True,
}


def raw_llama(folder: Path) -> Path:
    """A minimal llama checkpoint written straight with safetensors (no tokenizer)."""
    folder.mkdir()
    (folder / "config.json").write_text(json.dumps(LLAMA_CONFIG))
    rng = np.random.default_rng(0)
    p = "model.layers.0."
    shapes = {
        "model.embed_tokens.weight": (64, 32),
        "model.norm.weight": (32,),
        p + "input_layernorm.weight": (32,),
        p + "post_attention_layernorm.weight": (32,),
        p + "self_attn.q_proj.weight": (32, 32),
        p + "self_attn.k_proj.weight": (16, 32),
        p + "self_attn.v_proj.weight": (16, 32),
        p + "self_attn.o_proj.weight": (32, 32),
        p + "mlp.gate_proj.weight": (64, 32),
        p + "mlp.up_proj.weight": (64, 32),
        p + "mlp.down_proj.weight": (32, 64),
    }
    save_file(
        {k: rng.standard_normal(s).astype(np.float32) for k, s in shapes.items()},
        folder / "model.safetensors",
    )
    return folder


# -- tiny random models of each family ------------------------------------------------------
@dataclass
class Case:
    arch: str  # transformers model_type
    vocab: str  # ggml-vocab-NAME.gguf the tokenizer comes from
    config: dict[str, Any] = field(default_factory=dict)
    dummy_prefix: bool = True  # SentencePiece add_dummy_prefix (Gemma: off)


def tiny_config(case: Case, n_vocab: int) -> Any:
    from transformers import AutoConfig

    values = dict(
        vocab_size=n_vocab, hidden_size=64, intermediate_size=128, num_hidden_layers=2,
        num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=512,
        rms_norm_eps=1e-5, tie_word_embeddings=False, initializer_range=0.2,
        bos_token_id=1, eos_token_id=2,
    )  # fmt: skip
    values.update(case.config)
    return AutoConfig.for_model(case.arch, **values)


def build_tiny_model(case: Case, out: Path) -> Path:
    """A tiny random HF model of ``case`` saved with its rebuilt tokenizer in ``out``."""
    import torch
    from transformers import AutoModelForCausalLM

    torch.manual_seed(0)
    config = tiny_config(case, vocab_size(case.vocab))
    ids = special_ids(case.vocab)
    config.bos_token_id, config.eos_token_id = ids["bos"], ids["eos"]
    model = AutoModelForCausalLM.from_config(config, attn_implementation="eager")
    with torch.no_grad():
        for name, param in model.named_parameters():
            if name.endswith("bias"):
                param.normal_(0.0, 0.5)
            elif "norm" in name:  # non-trivial norms; Gemma stores w - 1
                low = -0.5 if case.arch.startswith("gemma") else 0.5
                param.uniform_(low, low + 1.0)
    model.save_pretrained(out)
    write_tokenizer_from_gguf(case.vocab, out, dummy_prefix=case.dummy_prefix)
    return out
