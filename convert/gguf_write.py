"""Stream an HF checkpoint into a GGUF file one tensor at a time.

The writer first registers every tensor's name/shape/type (GGUFWriter.add_tensor_info), writes
header, metadata and tensor infos, then produces each tensor in order (read in row chunks,
permuted/cast/quantized into one output buffer) and hands it to ``write_tensor_data``. Peak memory
is about one output tensor plus one read chunk.
"""

from __future__ import annotations

import json
import logging
import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import gguf
import numpy as np
from gguf.quants import quant_shape_to_byte_shape, quantize

from convert.arch import Architecture, resolve_architecture
from convert.arch.base import rotary_row_permutation
from convert.errors import ConvertCancelled, ModelSourceError
from convert.provenance import Provenance, add_provenance
from convert.report import ProgressEvent
from convert.tensor_source import DEFAULT_CHUNK_BYTES, TensorSource
from convert.vocab import VocabInfo, add_vocab

log = logging.getLogger(__name__)
Q = gguf.GGMLQuantizationType

DIRECT_TYPES: dict[str, Q] = {"F32": Q.F32, "F16": Q.F16, "BF16": Q.BF16, "Q8_0": Q.Q8_0}
FILE_TYPES: dict[str, gguf.LlamaFileType] = {
    "F32": gguf.LlamaFileType.ALL_F32,
    "F16": gguf.LlamaFileType.MOSTLY_F16,
    "BF16": gguf.LlamaFileType.MOSTLY_BF16,
    "Q8_0": gguf.LlamaFileType.MOSTLY_Q8_0,
}


def load_config(model_dir: Path) -> dict[str, Any]:
    path = model_dir / "config.json"
    if not path.is_file():
        raise ModelSourceError(f"{model_dir}: no config.json — not a Hugging Face model folder.")
    try:
        config = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelSourceError(f"{path}: not valid JSON ({exc}).") from exc
    if isinstance(config.get("text_config"), dict) and "hidden_size" not in config:
        config = {**config["text_config"], "architectures": config.get("architectures")}
    return config


@dataclass
class TensorPlan:
    name: str  # GGUF name
    source: str | None  # HF tensor name, None for generated tensors
    shape: tuple[int, ...]  # numpy (row-major) shape of the logical tensor
    qtype: Q
    permute_heads: int | None = None
    data: np.ndarray | None = None  # generated tensors only
    add: float = 0.0  # added to every element before encoding (Gemma norms)

    @property
    def out_shape(self) -> tuple[int, ...]:
        if self.qtype in (Q.F32, Q.F16):
            return self.shape
        return tuple(quant_shape_to_byte_shape(self.shape, self.qtype))

    @property
    def out_dtype(self) -> np.dtype:
        return np.dtype({Q.F32: np.float32, Q.F16: np.float16}.get(self.qtype, np.uint8))

    @property
    def out_nbytes(self) -> int:
        return math.prod(self.out_shape) * self.out_dtype.itemsize


@dataclass
class WriteResult:
    arch: Architecture
    config: dict[str, Any]
    vocab: VocabInfo
    n_tensors: int
    n_params: int
    largest_tensor_bytes: int
    source_dtypes: set[str] = field(default_factory=set)
    source_bytes: int = 0
    seconds: float = 0.0


def _tensor_type(target: Q, shape: tuple[int, ...]) -> Q:
    if len(shape) == 1:
        return Q.F32  # norms and biases stay F32
    if target == Q.Q8_0 and shape[-1] % 32 != 0:
        return Q.F16
    return target


def plan_tensor(
    arch: Architecture,
    tmap: gguf.TensorNameMap,
    hf_name: str,
    shape: tuple[int, ...],
    target: Q,
) -> TensorPlan:
    """The GGUF name and transform of one HF tensor (also used for LoRA adapters, whose
    deltas must land on the same GGUF tensor with the same row order)."""
    mapped = tmap.get_type_and_name(hf_name, try_suffixes=(".weight", ".bias"))
    if mapped is None:
        raise ModelSourceError(
            f"tensor {hf_name!r} has no GGUF equivalent for {arch.gguf_name}; the checkpoint "
            f"does not look like a plain {arch.hf_name}."
        )
    ttype, gname = mapped
    if len(shape) > 2 or (len(shape) == 2 and shape[0] * shape[1] == 0):
        raise ModelSourceError(f"tensor {hf_name!r} has unexpected shape {list(shape)}.")
    rule = arch.tensor_rule(ttype, hf_name)
    return TensorPlan(
        gname, hf_name, shape, _tensor_type(target, shape), rule.permute_heads, add=rule.add
    )


def plan_tensors(
    source: TensorSource,
    config: dict[str, Any],
    arch: Architecture,
    target: Q,
    extra: dict[str, np.ndarray],
) -> list[TensorPlan]:
    n_layers = arch.n_layers
    tmap = gguf.get_tensor_name_map(arch.gguf_arch, n_layers)
    plans: list[TensorPlan] = []
    for name, data in extra.items():
        plans.append(TensorPlan(name, None, data.shape, Q.F32, data=data))
    for hf_name in source.names():
        if arch.skip_tensor(hf_name):
            continue  # e.g. a tied lm_head: llama.cpp reuses token_embd
        plans.append(plan_tensor(arch, tmap, hf_name, tuple(source.meta(hf_name).shape), target))
    names = {p.name for p in plans}
    if "token_embd.weight" not in names:
        raise ModelSourceError("the checkpoint has no token embedding (model.embed_tokens.weight).")
    expected = {f"blk.{i}.attn_norm.weight" for i in range(n_layers)}
    if missing := sorted(expected - names):
        raise ModelSourceError(f"the checkpoint is missing tensors, e.g. {missing[:3]}.")
    return plans


def _encode(chunk: np.ndarray, qtype: Q) -> np.ndarray:
    if qtype == Q.F32:
        return chunk.astype(np.float32, copy=False)
    if qtype == Q.F16:
        return chunk.astype(np.float16)
    return quantize(np.ascontiguousarray(chunk, dtype=np.float32), qtype)


def produce_tensor(
    source: TensorSource, plan: TensorPlan, chunk_bytes: int, cancelled: Callable[[], bool]
) -> np.ndarray:
    """Build one output tensor, reading the source in row chunks."""
    if plan.data is not None:
        return _encode(plan.data, plan.qtype)
    assert plan.source is not None
    out = np.empty(plan.out_shape, dtype=plan.out_dtype)
    inverse = None
    if plan.permute_heads:
        perm = rotary_row_permutation(plan.shape[0], plan.permute_heads)
        inverse = np.argsort(perm)
    if len(plan.shape) == 1:
        data = source.read_f32(plan.source)
        if plan.add:
            data = data + np.float32(plan.add)
        out[...] = _encode(data[perm] if plan.permute_heads else data, plan.qtype)
        return out
    for start, rows in source.iter_row_chunks(plan.source, chunk_bytes):
        if cancelled():
            raise ConvertCancelled("conversion cancelled")
        if plan.add:
            rows = rows + np.float32(plan.add)
        encoded = _encode(rows, plan.qtype)
        stop = start + rows.shape[0]
        if inverse is None:
            out[start:stop] = encoded
        else:
            out[inverse[start:stop]] = encoded
        del rows, encoded
    return out


def write_gguf(
    model_dir: Path,
    out_path: Path,
    out_type: str,
    *,
    provenance: Provenance,
    pre_override: str | None = None,
    progress: Callable[[ProgressEvent], None] | None = None,
    cancelled: Callable[[], bool] = lambda: False,
    chunk_bytes: int = DEFAULT_CHUNK_BYTES,
    show_bar: bool = False,
    file_type: int | None = None,
) -> WriteResult:
    """Write ``model_dir`` as a GGUF of type F32/F16/BF16/Q8_0 to ``out_path``."""
    t0 = time.perf_counter()
    config = load_config(model_dir)
    arch = resolve_architecture(config)
    source = TensorSource(model_dir)
    target = DIRECT_TYPES[out_type]
    embed = (
        source.meta("model.embed_tokens.weight") if "model.embed_tokens.weight" in source else None
    )
    n_vocab = embed.shape[0] if embed else int(config["vocab_size"])

    writer = gguf.GGUFWriter(out_path, arch.gguf_name)
    add_provenance(writer, provenance)
    extra = arch.add_hparams(writer, n_vocab)
    writer.add_file_type(int(file_type if file_type is not None else FILE_TYPES[out_type]))
    if target == Q.Q8_0:
        writer.add_quantization_version(gguf.GGML_QUANT_VERSION)
    vocab = add_vocab(writer, model_dir, config, n_vocab, pre_override, arch)
    plans = plan_tensors(source, config, arch, target, extra)
    for p in plans:
        raw = None if p.qtype in (Q.F32, Q.F16) else p.qtype
        writer.add_tensor_info(p.name, p.out_shape, p.out_dtype, p.out_nbytes, raw_dtype=raw)
    total = sum(p.out_nbytes for p in plans)
    bar = None
    if show_bar:
        from tqdm import tqdm

        bar = tqdm(total=total, unit="B", unit_scale=True, desc=f"writing {out_type}")
    done = 0
    try:
        writer.write_header_to_file()
        writer.write_kv_data_to_file()
        writer.write_ti_data_to_file()
        for p in plans:
            if cancelled():
                raise ConvertCancelled("conversion cancelled")
            data = produce_tensor(source, p, chunk_bytes, cancelled)
            writer.write_tensor_data(data)
            del data
            done += p.out_nbytes
            if bar is not None:
                bar.update(p.out_nbytes)
            if progress is not None:
                progress(ProgressEvent("write", done, total, p.name))
    finally:
        writer.close()
        if bar is not None:
            bar.close()
    return WriteResult(
        arch=arch,
        config=config,
        vocab=vocab,
        n_tensors=len(plans),
        n_params=sum(math.prod(p.shape) for p in plans),
        largest_tensor_bytes=max(m.nbytes for m in source.metas.values()),
        source_dtypes={m.dtype for m in source.metas.values()},
        source_bytes=sum(m.nbytes for m in source.metas.values()),
        seconds=time.perf_counter() - t0,
    )
