"""Fingerprints that tie a file to the exact weights it belongs to.

``weights_fingerprint`` identifies a Hugging Face checkpoint's weights (sha256 over its weight
files). ``training.merge`` records it for a merged model and the converter records it for every
folder it converts (``clinassist.provenance`` → ``training.model_fingerprint``), so an ECI head
or a LoRA adapter made on those weights can be matched to the GGUF, whatever its quantization.
``shapes_fingerprint`` is the weaker, always available check: architecture plus the name and
shape of every weight matrix.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from pathlib import Path

from models.checksum import sha256_file

WEIGHT_PATTERNS = ("*.safetensors", "pytorch_model*.bin")


def weights_fingerprint(model_dir: Path) -> str | None:
    """sha256 over the folder's weight files (names and contents); None if it has none."""
    model_dir = Path(model_dir)
    for pattern in WEIGHT_PATTERNS:
        files = sorted(model_dir.glob(pattern))
        if files:
            digest = hashlib.sha256()
            for f in files:
                digest.update(f.name.encode())
                digest.update(sha256_file(f).encode())
            return digest.hexdigest()
    return None


def shapes_fingerprint(architecture: str, shapes: Mapping[str, Sequence[int]]) -> str:
    """sha256 over the GGUF architecture and every 2-D tensor's name and ggml shape (ne).

    Quantization does not change it; a model of another size or family does. 1-D tensors
    (norms, biases, rope factors) are left out: converters differ in which they generate.
    """
    digest = hashlib.sha256(architecture.encode())
    for name in sorted(shapes):
        shape = [int(d) for d in shapes[name]]
        if len(shape) == 2:
            digest.update(f"\n{name}:{shape[0]}x{shape[1]}".encode())
    return digest.hexdigest()
