"""Fuzz the GGUF metadata reader: damaged files give ModelFileError, never another exception.

``models.gguf_info.read_gguf_info`` is what the app runs on every model a user picks or
imports, before llama.cpp sees the file; these files are mutated/truncated copies of a small
real GGUF (written with ``gguf.GGUFWriter``) and of the header of the embedded model.
"""

from __future__ import annotations

import signal
import struct
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from models.errors import ModelFileError
from models.gguf_info import GGUFInfo, read_gguf_info

FUZZ = settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,  # same examples every run: CI failures reproduce
)
# Values that break length/count/type fields when written over them.
NASTY_U64 = [0, 1, 2**31 - 1, 2**31, 2**32 - 1, 2**32, 2**62, 2**63 - 1, 2**64 - 1]
NASTY_U32 = [0, 1, 12, 13, 255, 2**31 - 1, 2**31, 2**32 - 1]


READ_SECONDS = 10  # the real 90 MB model's metadata reads in well under a second


class ReaderHang(BaseException):
    """read_gguf_info did not finish in time (BaseException: its ``except Exception`` can't eat it)."""


def _alarm(_signum, _frame):  # noqa: ANN001
    raise ReaderHang(f"read_gguf_info still running after {READ_SECONDS} s")


def _read(data: bytes) -> GGUFInfo | None:
    """Write ``data`` to a temp file and read it; only ModelFileError may escape, in time."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "fuzzed.gguf"
        path.write_bytes(data)
        previous = signal.signal(signal.SIGALRM, _alarm)
        signal.alarm(READ_SECONDS)
        try:
            info = read_gguf_info(path)
        except ModelFileError as exc:
            message = str(exc)
            assert "fuzzed.gguf" in message or "GGUF" in message, message
            return None
        finally:
            signal.alarm(0)
            signal.signal(signal.SIGALRM, previous)
        assert isinstance(info, GGUFInfo)
        assert info.file_size == len(data)
        return info


def test_valid_tiny_file_reads(tiny_gguf: Path) -> None:
    info = read_gguf_info(tiny_gguf)
    assert info.architecture == "llama" and info.vocab_size == 8 and info.n_params == 144


@FUZZ
@given(cut=st.integers(min_value=0, max_value=1695))
@example(cut=0)
@example(cut=4)
@example(cut=23)
def test_truncated(tiny_gguf: Path, cut: int) -> None:
    data = tiny_gguf.read_bytes()
    assert cut < len(data)
    info = _read(data[:cut])
    # A cut inside the header/metadata/tensor data can never yield a full report.
    assert info is None


@FUZZ
@given(
    edits=st.lists(
        st.tuples(st.integers(min_value=0, max_value=1695), st.integers(0, 255)),
        min_size=1,
        max_size=12,
    )
)
def test_random_byte_edits(tiny_gguf: Path, edits: list[tuple[int, int]]) -> None:
    data = bytearray(tiny_gguf.read_bytes())
    for pos, value in edits:
        data[pos % len(data)] = value
    _read(bytes(data))


# gguf.GGUFReader alone loops without end, growing memory, when an array's element count is
# corrupted to a huge value; models.gguf_bounds checks every count against the file size first.
@FUZZ
@given(
    pos=st.integers(min_value=4, max_value=1200),
    wide=st.booleans(),
    value_index=st.integers(min_value=0, max_value=len(NASTY_U64) - 1),
)
@example(pos=8, wide=True, value_index=8)  # tensor count = 2**64-1
@example(pos=16, wide=True, value_index=7)  # metadata count = 2**63-1
@example(pos=4, wide=False, value_index=7)  # version = 2**32-1
@example(pos=648, wide=True, value_index=8)  # tokenizer.ggml.token_type count = 2**64-1
def test_nasty_integer_fields(tiny_gguf: Path, pos: int, wide: bool, value_index: int) -> None:
    """Overwrite a length/count/type field with an extreme value (huge counts, bad types)."""
    data = bytearray(tiny_gguf.read_bytes())
    if wide:
        data[pos : pos + 8] = struct.pack("<Q", NASTY_U64[value_index])
    else:
        data[pos : pos + 4] = struct.pack("<I", NASTY_U32[value_index % len(NASTY_U32)])
    _read(bytes(data))


@settings(max_examples=15, deadline=None, derandomize=True)
@given(cut=st.integers(min_value=0, max_value=4 * 1024 * 1024))
@example(cut=24)
@example(cut=1024)
def test_truncated_real_model(default_model_path: Path, cut: int) -> None:
    """The embedded model cut anywhere in its first 4 MiB (header, metadata, vocab)."""
    with default_model_path.open("rb") as fh:
        head = fh.read(cut)
    assert _read(head) is None


def test_not_gguf_and_empty(tmp_path: Path) -> None:
    for name, data in {
        "empty.gguf": b"",
        "text.gguf": b"hello world",
        "zip.gguf": b"PK\x03\x04",
    }.items():
        path = tmp_path / name
        path.write_bytes(data)
        with pytest.raises(ModelFileError, match="not a GGUF"):
            read_gguf_info(path)
    with pytest.raises(ModelFileError, match="not found"):
        read_gguf_info(tmp_path / "missing.gguf")
