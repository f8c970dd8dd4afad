"""Check that the installed llama.cpp was built portably (``-DGGML_NATIVE=OFF``).

A ``GGML_NATIVE=ON`` build compiles ggml with ``-march=native``: it may use instructions the
build machine has (AVX-512, AVX-VNNI, AMX, ...) and crash with SIGILL on a clinician's older
CPU. With ``GGML_NATIVE=OFF`` (the Makefile's default ``CMAKE_ARGS``) ggml targets a fixed
x86-64 baseline: SSE3/SSSE3/AVX/AVX2/F16C/FMA/BMI2 (Haswell, 2013, and later).

Detection: ``llama_print_system_info()`` lists the instruction-set features compiled into
ggml-cpu. Any feature outside the portable baseline means a native (or hand-tuned) build. As a
second check, ``objdump`` (if present) counts AVX-512 ``zmm`` register uses in libggml-cpu.
A native build made on a CPU that has nothing beyond the baseline cannot be told apart from a
portable one, and is harmless for the same reason.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

PORTABLE_FEATURES = frozenset(
    {"SSE3", "SSSE3", "AVX", "AVX2", "F16C", "FMA", "BMI2", "LLAMAFILE", "OPENMP", "REPACK"}
)
# Features that are never on with GGML_NATIVE=OFF's defaults (x86); also ARM extras that
# only -mcpu=native turns on.
NON_PORTABLE_PREFIXES = ("AVX512", "AVX_VNNI", "AMX", "SVE", "SME", "VXE")


@dataclass
class NativeReport:
    """What was found about the installed llama.cpp build."""

    system_info: str
    features: dict[str, bool]
    non_portable: list[str] = field(default_factory=list)
    zmm_instructions: int | None = None  # None: objdump not available
    lib_dir: Path | None = None

    @property
    def portable(self) -> bool:
        return not self.non_portable and not self.zmm_instructions

    def describe(self) -> str:
        on = sorted(k for k, v in self.features.items() if v)
        text = f"llama.cpp CPU features compiled in: {', '.join(on) or 'none'}"
        if self.zmm_instructions is not None:
            text += f"; AVX-512 zmm uses in libggml-cpu: {self.zmm_instructions}"
        if not self.portable:
            text += (
                f". NOT PORTABLE ({', '.join(self.non_portable) or 'zmm registers'}): rebuild "
                "with CMAKE_ARGS=-DGGML_NATIVE=OFF pip install --no-cache-dir --force-reinstall "
                "llama-cpp-python"
            )
        return text


def parse_system_info(info: str) -> dict[str, bool]:
    """``'CPU : AVX = 1 | AVX2 = 1 | ...'`` -> ``{'AVX': True, 'AVX2': True, ...}``."""
    return {name: value == "1" for name, value in re.findall(r"([A-Z0-9_]+) = (\d)", info)}


def non_portable_features(features: dict[str, bool]) -> list[str]:
    return sorted(k for k, v in features.items() if v and k.startswith(NON_PORTABLE_PREFIXES))


def count_zmm(lib: Path) -> int | None:
    """Number of disassembled lines using AVX-512 ``zmm`` registers (None without objdump)."""
    objdump = shutil.which("objdump")
    if objdump is None or not lib.is_file():
        return None
    proc = subprocess.run(
        [objdump, "-d", "--no-show-raw-insn", str(lib)],
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        return None
    return sum(1 for line in proc.stdout.splitlines() if "%zmm" in line)


def llama_lib_dir() -> Path:
    import llama_cpp

    return Path(llama_cpp.__file__).resolve().parent / "lib"


def check_installed(disassemble: bool = True) -> NativeReport:
    """Inspect the llama_cpp package installed in this interpreter."""
    import llama_cpp

    info = llama_cpp.llama_print_system_info().decode("utf-8", "replace").strip()
    features = parse_system_info(info)
    lib_dir = llama_lib_dir()
    report = NativeReport(
        system_info=info,
        features=features,
        non_portable=non_portable_features(features),
        lib_dir=lib_dir,
    )
    if disassemble:
        cpu_libs = sorted(lib_dir.glob("libggml-cpu*.so")) or sorted(lib_dir.glob("libggml*.so"))
        counts = [c for c in (count_zmm(p) for p in cpu_libs) if c is not None]
        report.zmm_instructions = sum(counts) if counts else None
    return report


def main(argv: list[str] | None = None) -> int:
    report = check_installed()
    print(report.describe())
    return 0 if report.portable else 1


if __name__ == "__main__":
    raise SystemExit(main())
