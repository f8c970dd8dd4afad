"""Read GGUF metadata with the ``gguf`` package, without loading weights."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from models.errors import ModelFileError
from models.gguf_bounds import check_bounds

if TYPE_CHECKING:
    from gguf import GGUFReader

GGUF_MAGIC = b"GGUF"


@dataclass(frozen=True)
class GGUFInfo:
    """What the app needs to know about a GGUF model file."""

    path: str
    file_size: int
    architecture: str
    name: str
    context_length: int
    n_params: int
    quantization: str
    n_layers: int
    n_embd: int
    n_head: int
    n_head_kv: int
    vocab_size: int
    chat_template: str | None
    license: str | None
    provenance: str | None = None  # clinassist.provenance JSON written by our converter

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def params_human(self) -> str:
        n = self.n_params
        return f"{n / 1e9:.2f}B" if n >= 1e9 else f"{n / 1e6:.0f}M"


def _field(reader: GGUFReader, key: str, default: Any = None) -> Any:
    field = reader.fields.get(key)
    if field is None:
        return default
    try:
        return field.contents()
    except Exception:  # malformed value: treat as absent
        return default


def _quantization(reader: GGUFReader) -> str:
    import gguf  # lazy: as in read_gguf_info

    file_type = _field(reader, "general.file_type")
    if isinstance(file_type, int):
        try:
            return gguf.LlamaFileType(file_type).name.removeprefix("MOSTLY_")
        except ValueError:
            pass
    # Fall back to the most common type among 2-D weight tensors.
    kinds = Counter(t.tensor_type.name for t in reader.tensors if len(t.shape) > 1)
    return kinds.most_common(1)[0][0] if kinds else "unknown"


def check_magic(path: Path) -> None:
    """Raise a clear error when ``path`` is missing or not a GGUF file."""
    if not path.is_file():
        raise ModelFileError(f"Model file not found: {path}")
    with path.open("rb") as fh:
        magic = fh.read(4)
    if magic != GGUF_MAGIC:
        raise ModelFileError(
            f"{path.name} is not a GGUF model file, so the assistant cannot use it. Choose a "
            "model file in the GGUF format (usually ending in .gguf), or turn a Hugging Face "
            "model folder into one with “Convert HF folder…” on the Models page."
        )


def read_gguf_info(path: str | Path) -> GGUFInfo:
    """Parse header, metadata and tensor index of a GGUF file; raise :class:`ModelFileError`."""
    import gguf  # lazy: gguf (and numpy) load only when a file is read

    path = Path(path)
    check_magic(path)
    check_bounds(path)
    size = path.stat().st_size
    try:
        reader = gguf.GGUFReader(path, "r")
    except Exception as exc:
        raise ModelFileError(f"{path.name} is a corrupt or truncated GGUF file: {exc}") from exc
    try:
        n_params = 0
        for tensor in reader.tensors:
            end = int(tensor.data_offset) + int(tensor.n_bytes)
            if end > size:
                raise ModelFileError(
                    f"{path.name} is truncated: tensor {tensor.name!r} ends at byte {end} "
                    f"but the file has {size} bytes."
                )
            n_params += int(tensor.n_elements)
        arch = _field(reader, "general.architecture")
        if not isinstance(arch, str) or not arch:
            raise ModelFileError(f"{path.name} has no general.architecture in its metadata.")
        n_embd = int(_field(reader, f"{arch}.embedding_length", 0) or 0)
        n_head = int(_field(reader, f"{arch}.attention.head_count", 0) or 0)
        tokens = reader.fields.get("tokenizer.ggml.tokens")
        vocab = len(tokens.data) if tokens is not None else 0
        return GGUFInfo(
            path=str(path),
            file_size=size,
            architecture=arch,
            name=str(_field(reader, "general.name", path.stem) or path.stem),
            context_length=int(_field(reader, f"{arch}.context_length", 0) or 0),
            n_params=n_params,
            quantization=_quantization(reader),
            n_layers=int(_field(reader, f"{arch}.block_count", 0) or 0),
            n_embd=n_embd,
            n_head=n_head,
            n_head_kv=int(_field(reader, f"{arch}.attention.head_count_kv", n_head) or n_head),
            vocab_size=vocab,
            chat_template=_field(reader, "tokenizer.chat_template"),
            license=_field(reader, "general.license"),
            provenance=_field(reader, "clinassist.provenance"),
        )
    except ModelFileError:
        raise
    except Exception as exc:
        raise ModelFileError(f"{path.name} has malformed GGUF metadata: {exc}") from exc
