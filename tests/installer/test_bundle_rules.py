"""Fast checks of the bundle rules and the llama.cpp portability check (no PyInstaller run)."""

from __future__ import annotations

from pathlib import Path

from installer import bundle_spec
from installer.native_check import (
    check_installed,
    non_portable_features,
    parse_system_info,
)

PORTABLE_INFO = (
    "CPU : SSE3 = 1 | SSSE3 = 1 | AVX = 1 | AVX2 = 1 | F16C = 1 | FMA = 1 | BMI2 = 1 | "
    "LLAMAFILE = 1 | OPENMP = 1 | REPACK = 1 | "
)
NATIVE_INFO = PORTABLE_INFO + "AVX512 = 1 | AVX512_VNNI = 1 | AVX_VNNI = 0 | "


def test_parse_system_info_and_flag_native_builds() -> None:
    features = parse_system_info(PORTABLE_INFO)
    assert features["AVX2"] and features["FMA"] and len(features) == 10
    assert non_portable_features(features) == []
    assert non_portable_features(parse_system_info(NATIVE_INFO)) == ["AVX512", "AVX512_VNNI"]


def test_installed_llama_cpp_is_portable() -> None:
    """The project builds llama-cpp-python with CMAKE_ARGS=-DGGML_NATIVE=OFF (Makefile)."""
    report = check_installed()
    assert report.features.get("AVX2") is True  # the portable x86-64 baseline is compiled in
    assert report.portable, report.describe()
    if report.zmm_instructions is not None:
        assert report.zmm_instructions == 0


def test_prune_keeps_only_needed_qt_plugins() -> None:
    toc = [
        ("PySide6/Qt/plugins/platforms/libqxcb.so", "/x", "BINARY"),
        ("PySide6/Qt/plugins/platforms/libqoffscreen.so", "/x", "BINARY"),
        ("PySide6/Qt/plugins/platforms/libqwayland.so", "/x", "BINARY"),
        ("PySide6/Qt/plugins/platforms/libqeglfs.so", "/x", "BINARY"),
        ("PySide6/Qt/plugins/imageformats/libqsvg.so", "/x", "BINARY"),
        ("PySide6/Qt/plugins/imageformats/libqpdf.so", "/x", "BINARY"),
        ("PySide6/Qt/plugins/tls/libqopensslbackend.so", "/x", "BINARY"),
        ("PySide6/Qt/plugins/networkinformation/libqnetworkmanager.so", "/x", "BINARY"),
        ("PySide6/Qt/lib/libQt6WaylandClient.so.6", "/x", "BINARY"),
        ("PySide6/Qt/lib/libQt6Network.so.6", "/x", "BINARY"),
        ("PySide6/Qt/lib/libQt6Widgets.so.6", "/x", "BINARY"),
        ("llama_cpp/lib/libllama.so", "/x", "BINARY"),
        ("torch/lib/libtorch_cpu.so", "/x", "BINARY"),
    ]
    kept = {name for name, _, _ in bundle_spec.prune(toc, "linux")}
    assert kept == {
        "PySide6/Qt/plugins/platforms/libqxcb.so",
        "PySide6/Qt/plugins/platforms/libqoffscreen.so",
        "PySide6/Qt/plugins/imageformats/libqsvg.so",
        "PySide6/Qt/lib/libQt6Widgets.so.6",
        "llama_cpp/lib/libllama.so",
    }


def test_bundle_inputs_are_complete(default_model_path: Path) -> None:
    datas = bundle_spec.data_files()
    dests = {(Path(src).name, dest) for src, dest in datas}
    assert (default_model_path.name, "models/embedded") in dests
    assert ("env.py", "desktop/storage/migrations") in dests
    assert ("0001_history.py", "desktop/storage/migrations/versions") in dests
    assert ("script.py.mako", "desktop/storage/migrations") in dests
    assert ("l2_supercat_256.safetensors", "wordllama/weights") in dests  # hybrid search
    assert ("l2_supercat_tokenizer_config.json", "wordllama/tokenizers") in dests
    libs = {Path(src).name for src, _ in bundle_spec.llama_binaries()}
    assert any(name.startswith("libllama") for name in libs)
    assert any(name.startswith("libggml-cpu") for name in libs)
    for forbidden in ("torch", "transformers", "peft", "accelerate", "training"):
        assert forbidden in bundle_spec.EXCLUDES
    assert "convert" not in bundle_spec.EXCLUDES  # "Make faster copy (Q8_0)" needs it
