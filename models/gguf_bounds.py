"""Bounds-check a GGUF header before ``gguf.GGUFReader`` parses it.

GGUFReader trusts counts in the header; a corrupted array count makes it loop for ever
(reads past the end return empty arrays, so its offset never advances). Walking the metadata
with explicit bounds first turns such files into a clear :class:`ModelFileError`.
"""

from __future__ import annotations

import mmap
import struct
from pathlib import Path

from models.errors import ModelFileError

_SCALAR_SIZES = {0: 1, 1: 1, 2: 2, 3: 2, 4: 4, 5: 4, 6: 4, 7: 1, 10: 8, 11: 8, 12: 8}
_STRING, _ARRAY = 8, 9
_MIN_TENSOR_INFO = 8 + 4 + 8 + 4 + 8  # name length, n_dims, one dim, type, offset


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

    def walk(self) -> None:
        version = self.u32(4)
        if version not in (2, 3):
            raise ModelFileError(f"{self.name} has unsupported GGUF version {version}.")
        n_tensors, n_kv = self.u64(8), self.u64(16)
        self.need(24, n_tensors * _MIN_TENSOR_INFO + n_kv * 13, f"{n_tensors} tensors, {n_kv} keys")
        pos = 24
        for _ in range(n_kv):
            pos = self.string(pos)
            pos = self.value(pos + 4, self.u32(pos))


def check_bounds(path: Path) -> None:
    """Raise :class:`ModelFileError` if a count or length in the header cannot fit the file."""
    with path.open("rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as data:
        _Walker(path.name, data).walk()
