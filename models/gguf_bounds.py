"""Bounds-check a GGUF header before ``gguf.GGUFReader`` parses it.

GGUFReader trusts counts in the header; a corrupted array count makes it loop for ever
(reads past the end return empty arrays, so its offset never advances). Walking the metadata
with explicit bounds first turns such files into a clear :class:`ModelFileError`.

The walk also returns what it passes for free (:class:`GGUFHeader`: tensor names and a few
string keys), in a fraction of a second, where GGUFReader takes seconds to tens of seconds on a
large vocabulary.
"""

from __future__ import annotations

import mmap
import struct
from dataclasses import dataclass, field
from pathlib import Path

from models.errors import ModelFileError

_SCALAR_SIZES = {0: 1, 1: 1, 2: 2, 3: 2, 4: 4, 5: 4, 6: 4, 7: 1, 10: 8, 11: 8, 12: 8}
_STRING, _ARRAY = 8, 9
_MIN_TENSOR_INFO = 8 + 4 + 8 + 4 + 8  # name length, n_dims, one dim, type, offset
_MAX_DIMS = 8  # ggml has 4; anything far beyond is a corrupt count
# String keys the header summary keeps (short values; the chat template is not among them).
SUMMARY_KEYS = (
    "general.architecture", "general.type", "general.name", "clinassist.provenance",
    "clinassist.adapter", "adapter.type", "clinassist.adapter.chat_template",
)  # fmt: skip
# Scalar value types kept as numbers (struct formats): integers, floats, bool.
_NUMBER_FORMATS = {0: "<B", 1: "<b", 2: "<H", 3: "<h", 4: "<I", 5: "<i", 6: "<f", 7: "<?",
                   10: "<Q", 11: "<q", 12: "<d"}  # fmt: skip


@dataclass(frozen=True)
class GGUFHeader:
    """What a bounds-checked walk of the header saw."""

    n_tensors: int
    tensor_names: tuple[str, ...]
    strings: dict[str, str]
    numbers: dict[str, float] = field(default_factory=dict)  # every scalar metadata value
    shapes: dict[str, tuple[int, ...]] = field(default_factory=dict)  # ggml ne of each tensor


class _Walker:
    def __init__(self, name: str, data: mmap.mmap) -> None:
        self.name = name
        self.data = data

    def need(self, pos: int, n: int, what: str) -> None:
        if n < 0 or pos + n > len(self.data):
            raise ModelFileError(
                f"{self.name} is corrupt: {what} at byte {pos} needs {n} bytes but the file "
                f"has {max(len(self.data) - pos, 0)} left."
            )

    def u32(self, pos: int) -> int:
        self.need(pos, 4, "a 32-bit field")
        return struct.unpack_from("<I", self.data, pos)[0]

    def u64(self, pos: int) -> int:
        self.need(pos, 8, "a 64-bit field")
        return struct.unpack_from("<Q", self.data, pos)[0]

    def string(self, pos: int) -> int:
        n = self.u64(pos)
        self.need(pos + 8, n, "a string")
        return pos + 8 + n

    def value(self, pos: int, vtype: int, depth: int = 0) -> int:
        if vtype in _SCALAR_SIZES:
            self.need(pos, _SCALAR_SIZES[vtype], "a value")
            return pos + _SCALAR_SIZES[vtype]
        if vtype == _STRING:
            return self.string(pos)
        if vtype == _ARRAY and depth < 2:
            item_type, count = self.u32(pos), self.u64(pos + 4)
            pos += 12
            if item_type in _SCALAR_SIZES:
                size = count * _SCALAR_SIZES[item_type]
                self.need(pos, size, f"an array of {count} values")
                return pos + size
            self.need(pos, count * 8, f"an array of {count} strings/arrays")  # each >= 8 bytes
            for _ in range(count):
                pos = self.value(pos, item_type, depth + 1)
            return pos
        raise ModelFileError(
            f"{self.name} is corrupt: unknown metadata value type {vtype} at byte {pos}."
        )

    def text(self, pos: int, end: int) -> str:
        return bytes(self.data[pos + 8 : end]).decode("utf-8", errors="replace")

    def walk(self) -> GGUFHeader:
        version = self.u32(4)
        if version not in (2, 3):
            raise ModelFileError(f"{self.name} has unsupported GGUF version {version}.")
        n_tensors, n_kv = self.u64(8), self.u64(16)
        self.need(24, n_tensors * _MIN_TENSOR_INFO + n_kv * 13, f"{n_tensors} tensors, {n_kv} keys")
        pos = 24
        strings: dict[str, str] = {}
        numbers: dict[str, float] = {}
        shapes: dict[str, tuple[int, ...]] = {}
        for _ in range(n_kv):
            key_end = self.string(pos)
            key = self.text(pos, key_end)
            vtype = self.u32(key_end)
            end = self.value(key_end + 4, vtype)
            if vtype == _STRING and key in SUMMARY_KEYS:
                strings[key] = self.text(key_end + 4, end)
            elif vtype in _NUMBER_FORMATS:
                numbers[key] = struct.unpack_from(_NUMBER_FORMATS[vtype], self.data, key_end + 4)[0]
            pos = end
        names = []
        for _ in range(n_tensors):
            name_end = self.string(pos)
            names.append(self.text(pos, name_end))
            n_dims = self.u32(name_end)
            if n_dims > _MAX_DIMS:
                raise ModelFileError(
                    f"{self.name} is corrupt: tensor {names[-1]!r} claims {n_dims} dimensions."
                )
            pos = name_end + 4 + 8 * n_dims + 4 + 8  # dims, type, data offset
            self.need(name_end + 4, pos - name_end - 4, "a tensor description")
            shapes[names[-1]] = struct.unpack_from(f"<{n_dims}Q", self.data, name_end + 4)
        return GGUFHeader(
            n_tensors=n_tensors, tensor_names=tuple(names), strings=strings, numbers=numbers,
            shapes=shapes,
        )  # fmt: skip


def check_bounds(path: Path) -> GGUFHeader:
    """Raise :class:`ModelFileError` if a count or length in the header cannot fit the file.

    Returns the header summary seen on the way (the caller has checked the GGUF magic).
    """
    with path.open("rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as data:
        return _Walker(path.name, data).walk()
