"""GGUF files that are valid but hold no model are refused with a plain reason, before copying.

The vocabulary-only files are llama.cpp's own (``../shared/peer/llama.cpp/models/ggml-vocab-*``:
real tokenizers of Llama 1/2/3, Qwen2, Phi-3, DeepSeek, no weights). The adapter-like and
layer-less files are written here with the ``gguf`` package.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import gguf
import numpy as np
import pytest

from desktop.cli import main as cli_main
from desktop.engine import Engine, EngineConfig
from models.default_model import DEFAULT_MODEL_ID
from models.errors import NotAModelError
from models.gguf_bounds import check_bounds
from models.registry import ModelRegistry
from models.usable import check_usable_file

REPO = Path(__file__).resolve().parents[2]
PEER_MODELS = (REPO / ".." / "shared" / "peer" / "llama.cpp" / "models").resolve()
VOCAB_FILES = sorted(p.name for p in PEER_MODELS.glob("ggml-vocab-*.gguf"))


def _registry_state(registry: ModelRegistry) -> tuple[list[str], list[str], bool]:
    """Listed ids, files in the models folder (any copy or partial), whether an index exists."""
    files = sorted(p.name for p in registry.models_dir.iterdir())
    return [e.id for e in registry.list()], files, registry.index_path.exists()


def test_the_vocab_files_are_there() -> None:
    assert len(VOCAB_FILES) == 6, f"expected llama.cpp's 6 vocabulary files in {PEER_MODELS}"


@pytest.mark.parametrize("name", VOCAB_FILES)
def test_vocab_only_gguf_is_refused_by_the_registry(tmp_home: Path, name: str) -> None:
    source = PEER_MODELS / name
    registry = ModelRegistry()
    before = _registry_state(registry)
    assert before == ([DEFAULT_MODEL_ID], [], False)
    assert (registry.models_dir.stat().st_mode & 0o777) == 0o700
    for copy in (True, False):
        with pytest.raises(NotAModelError) as refused:
            registry.import_gguf(source, copy=copy)
        message = str(refused.value)
        assert name in message
        assert "not a usable model" in message and "no weights" in message
        assert "vocabulary-only" in message and "complete model file" in message
        assert _registry_state(registry) == before  # nothing copied, nothing listed
        assert _registry_state(ModelRegistry()) == before


@pytest.mark.parametrize("name", VOCAB_FILES)
def test_cli_import_refuses_vocab_only_gguf(
    tmp_home: Path, name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli_main(["import", str(PEER_MODELS / name)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"error: {name} is not a usable model")
    assert "Traceback" not in err
    registry = ModelRegistry()
    assert _registry_state(registry) == ([DEFAULT_MODEL_ID], [], False)
    assert cli_main(["models"]) == 0
    assert name not in capsys.readouterr().out


def test_engine_refuses_vocab_only_gguf_before_llama_cpp() -> None:
    name = "ggml-vocab-qwen2.gguf"
    with pytest.raises(
        NotAModelError, match=r"only the tokenizer of a qwen2 model \(a vocabulary-only file\)"
    ):
        Engine(EngineConfig(model_path=str(PEER_MODELS / name), n_threads=1))


def _write_gguf(path: Path, tensors: dict[str, tuple[int, ...]], kind: str | None = None) -> Path:
    writer = gguf.GGUFWriter(str(path), "llama")
    if kind is not None:
        writer.add_type(kind)
    writer.add_block_count(1)
    for name, shape in tensors.items():
        writer.add_tensor(name, np.zeros(shape, dtype=np.float32))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return path


@pytest.mark.parametrize(
    ("tensors", "kind", "reason"),
    [
        ({"blk.0.attn_q.weight.lora_a": (4, 8)}, "adapter", "it is a LoRA adapter"),
        ({"v.blk.0.attn_q.weight": (4, 4)}, "mmproj", "it is a vision projector"),
        ({"blk.0.attn_q.weight.lora_a": (4, 8)}, None, "no token embedding"),
        ({"token_embd.weight": (8, 16), "output.weight": (8, 16)}, None, "no model layers"),
    ],
    ids=["adapter", "projector", "no_embedding", "no_layers"],
)
def test_partial_models_are_refused(
    tmp_home: Path, tmp_path: Path, tensors: dict, kind: str | None, reason: str
) -> None:
    path = _write_gguf(tmp_path / "partial.gguf", tensors, kind)
    assert check_bounds(path).n_tensors == len(tensors)
    registry = ModelRegistry()
    with pytest.raises(NotAModelError, match=reason):
        registry.import_gguf(path)
    assert _registry_state(registry) == ([DEFAULT_MODEL_ID], [], False)


def test_a_real_model_passes(default_model_path: Path, tmp_path: Path) -> None:
    header = check_usable_file(default_model_path)
    assert header.n_tensors == 272 and "token_embd.weight" in header.tensor_names
    assert header.strings["general.architecture"] == "llama"
    tiny = _write_gguf(
        tmp_path / "tiny.gguf", {"token_embd.weight": (8, 16), "blk.0.attn_q.weight": (16, 16)}
    )
    assert check_usable_file(tiny).tensor_names == ("token_embd.weight", "blk.0.attn_q.weight")


def test_registry_keeps_earlier_entries_when_refusing(tmp_home: Path, tmp_path: Path) -> None:
    """An index with an imported model stays byte for byte the same after a refusal."""
    model = _write_gguf(
        tmp_path / "tiny.gguf", {"token_embd.weight": (8, 16), "blk.0.attn_q.weight": (16, 16)}
    )
    registry = ModelRegistry()
    entry = registry.import_gguf(model, copy=False)
    index_before = registry.index_path.read_bytes()
    vocab = tmp_path / "copied-vocab.gguf"
    shutil.copyfile(PEER_MODELS / "ggml-vocab-phi-3.gguf", vocab)
    with pytest.raises(NotAModelError, match="tokenizer of a phi3 model"):
        registry.import_gguf(vocab)
    assert registry.index_path.read_bytes() == index_before
    assert [row["id"] for row in json.loads(index_before)] == [entry.id]
    assert sorted(p.name for p in registry.models_dir.iterdir()) == ["index.json"]


def test_a_given_models_folder_is_made_owner_only(tmp_path: Path) -> None:
    """The app passes ``home / "models"``; it must be 0700 like the rest of the user data."""
    registry = ModelRegistry(tmp_path / "home" / "models")
    assert (registry.models_dir.stat().st_mode & 0o777) == 0o700
