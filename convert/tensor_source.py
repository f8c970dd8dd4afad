"""Lazy, row-chunked tensor reading from safetensors (single or sharded) or pytorch_model.bin.

Safetensors files are parsed here (8-byte header length, JSON header, raw little-endian data)
and read with plain ``readinto`` calls rather than mmap, so only the rows being converted are
resident: peak memory stays near one output tensor. Headers are validated against the file
size, so a truncated or garbage file gives a clear :class:`ModelSourceError` up front.
"""

from __future__ import annotations

import json
import math
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from convert.errors import ModelSourceError

# dtype name -> (numpy dtype used to hold the raw bytes, bytes per element)
_ST_DTYPES: dict[str, np.dtype] = {
    "F64": np.dtype("<f8"),
    "F32": np.dtype("<f4"),
    "F16": np.dtype("<f2"),
    "BF16": np.dtype("<u2"),  # raw bits; widened to float32 on read
    "I64": np.dtype("<i8"),
    "I32": np.dtype("<i4"),
    "I16": np.dtype("<i2"),
    "I8": np.dtype("i1"),
    "U8": np.dtype("u1"),
    "BOOL": np.dtype("?"),
}
_MAX_HEADER = 100 * 1024 * 1024
DEFAULT_CHUNK_BYTES = 32 * 1024 * 1024


def bf16_bits_to_f32(bits: np.ndarray) -> np.ndarray:
    """Widen raw bfloat16 bits (uint16) to float32 exactly."""
    return (bits.astype(np.uint32) << 16).view(np.float32)


@dataclass(frozen=True)
class TensorMeta:
    name: str
    dtype: str  # safetensors dtype name (F32, F16, BF16, ...)
    shape: tuple[int, ...]
    file: Path
    offset: int  # absolute byte offset of the data in ``file``
    nbytes: int

    @property
    def n_elements(self) -> int:
        return math.prod(self.shape)


def read_safetensors_header(path: Path) -> dict[str, TensorMeta]:
    """Parse and validate one .safetensors file's header; raise ModelSourceError if corrupt."""
    try:
        size = path.stat().st_size
        with open(path, "rb") as f:
            head = f.read(8)
            if len(head) < 8:
                raise ModelSourceError(
                    f"{path}: file is truncated ({size} bytes); not safetensors."
                )
            (n,) = struct.unpack("<Q", head)
            if n == 0 or n > _MAX_HEADER or n + 8 > size:
                raise ModelSourceError(
                    f"{path}: invalid safetensors header length {n} for a {size}-byte file "
                    "(truncated or not a safetensors file)."
                )
            raw = f.read(n)
    except OSError as exc:
        raise ModelSourceError(f"{path}: cannot read ({exc}).") from exc
    try:
        header = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelSourceError(f"{path}: safetensors header is not valid JSON ({exc}).") from exc
    if not isinstance(header, dict):
        raise ModelSourceError(f"{path}: safetensors header is not a JSON object.")
    data_start = 8 + n
    metas: dict[str, TensorMeta] = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        try:
            dtype = info["dtype"]
            shape = tuple(int(d) for d in info["shape"])
            begin, end = (int(x) for x in info["data_offsets"])
        except (KeyError, TypeError, ValueError) as exc:
            raise ModelSourceError(f"{path}: malformed header entry for tensor {name!r}.") from exc
        if dtype not in _ST_DTYPES:
            raise ModelSourceError(f"{path}: tensor {name!r} has unsupported dtype {dtype}.")
        expected = math.prod(shape) * _ST_DTYPES[dtype].itemsize
        if end - begin != expected or begin < 0:
            raise ModelSourceError(
                f"{path}: tensor {name!r} spans {end - begin} bytes but shape {list(shape)} "
                f"of {dtype} needs {expected}."
            )
        if data_start + end > size:
            raise ModelSourceError(
                f"{path}: truncated — tensor {name!r} ends at byte {data_start + end} "
                f"but the file has only {size} bytes. Re-copy or re-export the model."
            )
        metas[name] = TensorMeta(name, dtype, shape, path, data_start + begin, end - begin)
    return metas


class TensorSource:
    """All tensors of an HF checkpoint folder, read lazily by name."""

    def __init__(self, model_dir: Path) -> None:
        self.model_dir = Path(model_dir)
        self.metas: dict[str, TensorMeta] = {}
        self._torch_state: dict | None = None
        self.files: list[Path] = []
        index = self.model_dir / "model.safetensors.index.json"
        single = self.model_dir / "model.safetensors"
        if index.is_file():
            self._open_sharded(index)
        elif single.is_file():
            self.files = [single]
            self.metas = read_safetensors_header(single)
        elif list(self.model_dir.glob("*.safetensors")):
            self.files = sorted(self.model_dir.glob("*.safetensors"))
            for path in self.files:
                self.metas.update(read_safetensors_header(path))
        elif (self.model_dir / "pytorch_model.bin").is_file() or list(
            self.model_dir.glob("pytorch_model-*.bin")
        ):
            self._open_torch()
        else:
            raise ModelSourceError(
                f"{self.model_dir}: no model weights found (expected model.safetensors, "
                "model.safetensors.index.json with shards, or pytorch_model.bin)."
            )
        if not self.metas:
            raise ModelSourceError(f"{self.model_dir}: the weight files contain no tensors.")

    @classmethod
    def from_file(cls, path: Path) -> TensorSource:
        """The tensors of one .safetensors file (e.g. a peft ``adapter_model.safetensors``)."""
        source = cls.__new__(cls)
        source.model_dir = Path(path).parent
        source._torch_state = None
        source.files = [Path(path)]
        source.metas = read_safetensors_header(Path(path))
        return source

    def _open_sharded(self, index: Path) -> None:
        try:
            weight_map = json.loads(index.read_text(encoding="utf-8"))["weight_map"]
        except (OSError, ValueError, KeyError) as exc:
            raise ModelSourceError(f"{index}: not a valid safetensors index ({exc}).") from exc
        shards = sorted(set(weight_map.values()))
        for shard in shards:
            path = self.model_dir / shard
            if not path.is_file():
                raise ModelSourceError(f"{index}: shard {shard} is listed but missing.")
            self.files.append(path)
            self.metas.update(read_safetensors_header(path))
        missing = [n for n in weight_map if n not in self.metas]
        if missing:
            raise ModelSourceError(f"{index}: tensors {missing[:5]} are not in any shard.")

    def _open_torch(self) -> None:
        import torch

        files = sorted(self.model_dir.glob("pytorch_model*.bin"))
        state: dict = {}
        for path in files:
            try:
                state.update(torch.load(path, map_location="cpu", mmap=True, weights_only=True))
            except Exception as exc:  # noqa: BLE001 - torch raises many kinds
                raise ModelSourceError(f"{path}: cannot load pytorch weights ({exc}).") from exc
        self.files = files
        self._torch_state = state
        names = {torch.float32: "F32", torch.float16: "F16", torch.bfloat16: "BF16"}
        for name, t in state.items():
            dtype = names.get(t.dtype, "F32")
            shape = tuple(t.shape)
            nbytes = math.prod(shape) * _ST_DTYPES[dtype].itemsize
            self.metas[name] = TensorMeta(name, dtype, shape, files[0], 0, nbytes)

    # -- reading ---------------------------------------------------------------------------
    def names(self) -> list[str]:
        return list(self.metas)

    def __contains__(self, name: str) -> bool:
        return name in self.metas

    def meta(self, name: str) -> TensorMeta:
        return self.metas[name]

    def _read_raw_rows(self, meta: TensorMeta, start: int, stop: int) -> np.ndarray:
        dtype = _ST_DTYPES[meta.dtype]
        row_elems = math.prod(meta.shape[1:]) if len(meta.shape) > 1 else 1
        count = (stop - start) * row_elems
        out = np.empty(count, dtype=dtype)
        with open(meta.file, "rb") as f:
            f.seek(meta.offset + start * row_elems * dtype.itemsize)
            got = f.readinto(memoryview(out).cast("B"))
        if got != out.nbytes:
            raise ModelSourceError(f"{meta.file}: short read in tensor {meta.name!r} (truncated?).")
        return out

    def read_rows_f32(self, name: str, start: int = 0, stop: int | None = None) -> np.ndarray:
        """Rows ``start:stop`` (first axis) of a tensor as float32, shape (rows, *rest)."""
        meta = self.metas[name]
        n_rows = meta.shape[0] if meta.shape else 1
        stop = n_rows if stop is None else stop
        rest = meta.shape[1:]
        if self._torch_state is not None:
            t = self._torch_state[name]
            return t[start:stop].float().numpy().reshape((stop - start, *rest)).copy()
        raw = self._read_raw_rows(meta, start, stop)
        arr = bf16_bits_to_f32(raw) if meta.dtype == "BF16" else raw.astype(np.float32, copy=False)
        return arr.reshape((stop - start, *rest)) if meta.shape else arr

    def read_f32(self, name: str) -> np.ndarray:
        """The whole tensor as float32."""
        meta = self.metas[name]
        return self.read_rows_f32(name).reshape(meta.shape)

    def iter_row_chunks(
        self, name: str, chunk_bytes: int = DEFAULT_CHUNK_BYTES
    ) -> Iterator[tuple[int, np.ndarray]]:
        """Yield ``(first_row, float32 rows)`` covering the tensor in order."""
        meta = self.metas[name]
        n_rows = meta.shape[0]
        row_bytes = max(1, math.prod(meta.shape[1:]) * 4)
        step = max(1, chunk_bytes // row_bytes)
        for start in range(0, n_rows, step):
            yield start, self.read_rows_f32(name, start, min(n_rows, start + step))
