"""What goes into the PyInstaller bundle; shared by the Linux, Windows and macOS spec files.

The spec files (``installer/*.spec``) call :func:`analysis_options` for ``Analysis(...)`` and
:func:`prune` on the analysed TOCs. Kept free of PyInstaller imports at module level so the
rules can be unit-tested.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

APP_NAME = "ClinicalAssistant"
REPO = Path(__file__).resolve().parents[1]
INSTALLER = REPO / "installer"

# The clinician's app: no training stack (torch, transformers, ...), no test tools. The
# ``convert`` package is kept: "Make faster copy (Q8_0)" (convert.requantize) needs only
# llama.cpp, numpy and ``gguf``; converting an HF folder stays a developer-install feature.
EXCLUDES = [
    "torch",
    "torchvision",
    "torchaudio",
    "transformers",
    "peft",
    "accelerate",
    "safetensors",
    "tokenizers",
    "huggingface_hub",
    "datasets",
    "training",
    "bench",
    "tests",
    "triton",
    "sympy",
    "networkx",
    "scipy",
    "pandas",
    "IPython",
    "jedi",
    "tkinter",
    "_tkinter",
    "pytest",
    "_pytest",
    "hypothesis",
    "pytestqt",
    "PyInstaller",
    "pip",
    "ruff",
    "mistral_common",
    "PySide6.QtNetwork",
    "PySide6.QtQml",
    "PySide6.QtQuick",
    "PySide6.QtQuickWidgets",
    "PySide6.QtOpenGL",
    "PySide6.QtOpenGLWidgets",
    "PySide6.QtDBus",
    "PySide6.QtPdf",
    "PySide6.QtMultimedia",
    "PySide6.QtWebEngineCore",
    "PySide6.QtDesigner",
    "PySide6.QtUiTools",
    "PySide6.QtTest",
    "PySide6.QtSql",
]

# Qt plugins kept, per plugin folder; everything else in PySide6/Qt/plugins is dropped.
QT_PLUGINS = {
    "linux": {
        "platforms": {"libqoffscreen.so", "libqxcb.so", "libqminimal.so"},
        "imageformats": {"libqsvg.so", "libqico.so", "libqjpeg.so", "libqgif.so"},
        "platforminputcontexts": None,  # all: keyboard input methods (compose, ibus)
        "xcbglintegrations": None,
        "iconengines": None,
        "platformthemes": {"libqxdgdesktopportal.so", "libqgtk3.so"},
    },
    "windows": {
        "platforms": {"qwindows.dll", "qoffscreen.dll", "qminimal.dll"},
        "imageformats": {"qsvg.dll", "qico.dll", "qjpeg.dll", "qgif.dll"},
        "styles": None,
        "iconengines": None,
    },
    "macos": {
        "platforms": {"libqcocoa.dylib", "libqoffscreen.dylib", "libqminimal.dylib"},
        "imageformats": {"libqsvg.dylib", "libqico.dylib", "libqjpeg.dylib", "libqgif.dylib"},
        "styles": None,
        "iconengines": None,
    },
}

# Shared libraries only needed by the plugins/modules above that were dropped.
DROP_LIB_PATTERNS = (
    "Qt6Wayland",
    "Qt6Quick",
    "Qt6Qml",
    "Qt6Pdf",
    "Qt6Network",
    "Qt6VirtualKeyboard",
    "Qt6EglFS",
    "Qt6WlShell",
    "Qt6Multimedia",
    "Qt6Designer",
    "Qt6Test",
    "Qt6Sql",
)
FORBIDDEN_TOP_LEVEL = ("torch", "transformers", "peft", "accelerate", "training")


def target_platform() -> str:
    if sys.platform.startswith("win"):
        return "windows"
    if sys.platform == "darwin":
        return "macos"
    return "linux"


def data_files(repo: Path = REPO) -> list[tuple[str, str]]:
    """(source, destination folder) pairs: model, migrations, sample bank, icon."""
    from desktop.library.embed_static import package_dir
    from models.default_model import DEFAULT_MODEL_FILE, embedded_dir

    model = embedded_dir() / DEFAULT_MODEL_FILE
    if not model.is_file():
        raise SystemExit(
            f"The embedded default model is missing ({model}); run `make setup` first."
        )
    datas = [(str(model), "models/embedded")]
    migrations = repo / "desktop" / "storage" / "migrations"
    for path in sorted(migrations.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            rel = path.parent.relative_to(repo).as_posix()
            datas.append((str(path), rel))
    for path in sorted((repo / "desktop").rglob("*")):
        if (
            path.is_file()
            and path.suffix not in {".py", ".pyc"}
            and "__pycache__" not in path.parts
            and migrations not in path.parents
        ):
            datas.append((str(path), path.parent.relative_to(repo).as_posix()))
    assets = repo / "installer" / "assets"
    for name in ("clinical-assistant.svg", "clinical-assistant.png"):
        datas.append((str(assets / name), "assets"))
    # hybrid library search reads the static embedding table and tokenizer from the package
    wordllama = package_dir()
    for sub in ("weights", "tokenizers"):
        for path in sorted((wordllama / sub).glob("l2_supercat*")):
            datas.append((str(path), f"wordllama/{sub}"))
    return datas


def _wanted_llama_lib(path: Path) -> bool:
    """Linux: the names llama_cpp dlopens (``libllama.so``, ``libmtmd.so``) and the SONAMEs
    they need (``libggml*.so.0``); the other copies of each library are duplicates."""
    name = path.name
    if path.suffix in {".dll", ".dylib"}:
        return True
    if name in {"libllama.so", "libmtmd.so"}:
        return True
    return re.fullmatch(r"lib[\w-]+\.so\.\d+", name) is not None


def llama_binaries() -> list[tuple[str, str]]:
    """llama.cpp shared libraries, kept in ``llama_cpp/lib`` where llama_cpp looks for them."""
    import llama_cpp

    lib = Path(llama_cpp.__file__).resolve().parent / "lib"
    found = [
        (str(p), "llama_cpp/lib")
        for p in sorted(lib.iterdir())
        if p.is_file() and _wanted_llama_lib(p)
    ]
    if not found:
        raise SystemExit(f"No llama.cpp shared libraries found in {lib}.")
    return found


def hidden_imports() -> list[str]:
    """App modules loaded dynamically (UI pages, migrations' imports)."""
    from PyInstaller.utils.hooks import collect_submodules

    keep = []
    for package in ("common", "desktop", "models", "convert", "gguf"):
        keep += collect_submodules(package, filter=lambda name: not name.startswith("tests"))
    keep += ["sqlalchemy.dialects.sqlite", "alembic.op", "alembic.runtime.migration", "markdown"]
    keep += ["wordllama"]  # found (not imported) by desktop.library.embed_static
    keep += collect_submodules("markdown.extensions")
    return sorted(set(keep))


def analysis_options(repo: Path = REPO) -> dict:
    """Keyword arguments for PyInstaller's ``Analysis``."""
    return {
        "scripts": [str(repo / "installer" / "entry.py")],
        "pathex": [str(repo)],
        "binaries": llama_binaries(),
        "datas": data_files(repo),
        "hiddenimports": hidden_imports(),
        "hookspath": [],
        "hooksconfig": {"matplotlib": {"backends": ["Agg"]}},
        "runtime_hooks": [str(repo / "installer" / "rthook_paths.py")],
        "excludes": EXCLUDES,
        "noarchive": False,
    }


def _keep_entry(dest: str, platform: str) -> bool:
    parts = Path(dest).as_posix().split("/")
    if parts[0] == "PySide6" and "plugins" in parts:
        i = parts.index("plugins")
        if len(parts) >= i + 3:
            folder, name = parts[i + 1], parts[-1]
            allowed = QT_PLUGINS[platform]
            if folder not in allowed:
                return False
            names = allowed[folder]
            return names is None or name in names
    name = parts[-1]
    if any(pattern in name for pattern in DROP_LIB_PATTERNS):
        return False
    return parts[0] not in FORBIDDEN_TOP_LEVEL


def prune(toc: list, platform: str | None = None) -> list:
    """Drop unneeded Qt plugins/libraries from a PyInstaller TOC (list of 3-tuples)."""
    platform = platform or target_platform()
    return [entry for entry in toc if _keep_entry(entry[0], platform)]
