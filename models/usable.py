"""Is a GGUF file a model the app can run? Refuse vocabulary-only and weightless files early.

A GGUF can be perfectly well-formed and still hold no model: llama.cpp ships vocabulary-only
files (``ggml-vocab-*.gguf``: the tokenizer of a model, no tensors), and LoRA adapters or
vision projectors carry tensors but no token embedding. Such a file used to be listed as an
installed model and failed only when llama.cpp loaded it. :func:`check_usable_file` reads only
the header (a fraction of a second, before any hashing or copying) and refuses it in plain words.
"""

from __future__ import annotations

import re
from pathlib import Path

from models.errors import NotAModelError
from models.gguf_bounds import GGUFHeader, check_bounds
from models.gguf_info import check_magic

# llama.cpp's tensor names: every language model has "token_embd.weight" and per-layer
# "blk.N.*" tensors ("enc.blk.N.*" / "dec.blk.N.*" for encoder-decoder models).
TOKEN_EMBEDDING = "token_embd.weight"
_LAYER_TENSOR = re.compile(r"^(?:[a-z]+\.)?blk\.\d+\.")

# general.type values (gguf.GGUFType) of files that go with a model but are not one.
_NOT_A_MODEL_KINDS = {
    "adapter": "a LoRA adapter (it changes a model but is not one)",
    "mmproj": "a vision projector (it goes with a model but is not one)",
    "imatrix": "an importance matrix (used when quantizing a model, not a model)",
}
ADVICE = "Use the complete model file instead (the GGUF with the model's weights)."


def usable_model_problem(file_name: str, header: GGUFHeader) -> str | None:
    """Why the file cannot be used as a model, in plain words, or ``None`` if it can."""
    kind = _NOT_A_MODEL_KINDS.get(header.strings.get("general.type", "").lower())
    if kind is not None:
        if kind.startswith("a LoRA"):
            return (
                f"{file_name} is not a model you can chat with: it is {kind}. Select its base "
                "model on the Models page and add it there with “Add adapter…”."
            )
        return f"{file_name} is not a model you can chat with: it is {kind}. {ADVICE}"
    arch = header.strings.get("general.architecture") or "language"
    if header.n_tensors == 0:
        return (
            f"{file_name} is not a usable model: it holds no weights (0 tensors), only the "
            f"tokenizer of a {arch} model (a vocabulary-only file). {ADVICE}"
        )
    if TOKEN_EMBEDDING not in header.tensor_names:
        return (
            f"{file_name} is not a usable model: it has {header.n_tensors} tensors but no token "
            f"embedding ({TOKEN_EMBEDDING}), so it is only part of a model (an adapter, a "
            f"projector or an incomplete conversion). {ADVICE}"
        )
    if not any(_LAYER_TENSOR.match(name) for name in header.tensor_names):
        return (
            f"{file_name} is not a usable model: it has a token embedding but no model layers "
            f"(blk.N tensors), so it cannot produce answers. {ADVICE}"
        )
    return None


def check_usable_file(path: str | Path) -> GGUFHeader:
    """Raise :class:`NotAModelError` (or another ``ModelFileError``) unless ``path`` is a model."""
    path = Path(path)
    check_magic(path)
    header = check_bounds(path)
    problem = usable_model_problem(path.name, header)
    if problem is not None:
        raise NotAModelError(problem)
    return header
