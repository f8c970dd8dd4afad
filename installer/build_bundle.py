"""Build the self-contained desktop bundle: ``python -m installer.build_bundle``.

Produces ``dist/ClinicalAssistant/`` (PyInstaller one-folder) holding the app, Python,
llama.cpp, the needed Qt modules/plugins, the Alembic migrations and the embedded default
model, plus ``install.sh``/``uninstall.sh``, the ``.desktop`` entry and the icon. Before
building it refuses a llama.cpp that was compiled for the build machine's CPU
(``--allow-native`` overrides). Reproducible inputs: pinned versions, ``PYTHONHASHSEED=0``,
``SOURCE_DATE_EPOCH``; ``BUILD-MANIFEST.json`` lists every file's size and sha256.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shutil
import stat
import subprocess
import sys
import time
from importlib import metadata
from pathlib import Path

from installer.bundle_spec import APP_NAME, FORBIDDEN_TOP_LEVEL, REPO, target_platform

INSTALLER = REPO / "installer"
SPECS = {
    "linux": INSTALLER / "clinical_assistant_linux.spec",
    "windows": INSTALLER / "clinical_assistant_windows.spec",
    "macos": INSTALLER / "clinical_assistant_macos.spec",
}
LINUX_EXTRAS = ("install.sh", "uninstall.sh")
DEFAULT_EPOCH = 1767225600  # 2026-01-01T00:00:00Z, used when git has no commit date
PINNED = ("llama-cpp-python", "pyside6-essentials", "sqlalchemy", "alembic", "gguf", "pyinstaller")


class BundleError(RuntimeError):
    """The bundle cannot be built; the message says what to fix."""


def _source_date_epoch() -> int:
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return int(os.environ["SOURCE_DATE_EPOCH"])
    try:
        out = subprocess.run(
            ["git", "-C", str(REPO), "log", "-1", "--format=%ct"],
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
        return int(out) if out else DEFAULT_EPOCH
    except (OSError, ValueError):
        return DEFAULT_EPOCH


def preflight(allow_native: bool = False) -> list[str]:
    """Check PyInstaller, the default model and llama.cpp portability; return notes."""
    notes = []
    try:
        import PyInstaller  # noqa: F401
    except ImportError as exc:
        raise BundleError(
            "PyInstaller is not installed: pip install '.[installer]' (or `make bundle`)."
        ) from exc
    from models.default_model import default_model_path
    from models.errors import ModelError

    try:
        notes.append(f"default model: {default_model_path()}")
    except ModelError as exc:
        raise BundleError(str(exc)) from exc
    if target_platform() == "linux" and platform.machine() in {"x86_64", "AMD64"}:
        from installer.native_check import check_installed

        report = check_installed()
        notes.append(report.describe())
        if not report.portable:
            message = (
                "The installed llama.cpp was built for this machine's CPU (GGML_NATIVE=ON) and "
                "may crash on clinicians' computers. " + report.describe()
            )
            if not allow_native:
                raise BundleError(message)
            notes.append("WARNING: " + message)
    return notes


def run_pyinstaller(spec: Path, dist: Path, work: Path, clean: bool = True) -> Path:
    """Run PyInstaller in a child process; return the bundle folder."""
    env = dict(os.environ)
    env["PYTHONHASHSEED"] = "0"
    env["SOURCE_DATE_EPOCH"] = str(_source_date_epoch())
    env["PYTHONPATH"] = str(REPO)
    cmd = [
        sys.executable,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--log-level=WARN",
        f"--distpath={dist}",
        f"--workpath={work}",
    ]
    if clean:
        cmd.append("--clean")
    cmd.append(str(spec))
    proc = subprocess.run(cmd, cwd=REPO, env=env, check=False)
    if proc.returncode != 0:
        raise BundleError(f"PyInstaller failed with exit code {proc.returncode}")
    return dist / APP_NAME


def add_linux_extras(bundle: Path) -> None:
    """Copy install/uninstall scripts, the .desktop template and the icons next to the app."""
    for name in LINUX_EXTRAS:
        target = bundle / name
        shutil.copy2(INSTALLER / name, target)
        target.chmod(target.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    share = bundle / "share"
    share.mkdir(exist_ok=True)
    shutil.copy2(INSTALLER / "assets" / "clinical-assistant.desktop.in", share)
    for name in ("clinical-assistant.svg", "clinical-assistant.png"):
        shutil.copy2(INSTALLER / "assets" / name, share)
    shutil.copy2(INSTALLER / "README.md", bundle / "README-INSTALL.md")


def check_contents(bundle: Path) -> None:
    """Fail if the training stack leaked in or the model/llama.cpp/migrations are missing."""
    internal = bundle / "_internal"
    leaked = [name for name in FORBIDDEN_TOP_LEVEL if (internal / name).exists()]
    if leaked:
        raise BundleError(f"the bundle contains excluded packages: {leaked}")
    required = [
        internal / "models" / "embedded",
        internal / "llama_cpp" / "lib",
        internal / "desktop" / "storage" / "migrations" / "env.py",
        internal / "desktop" / "storage" / "migrations" / "versions",
    ]
    missing = [str(p.relative_to(bundle)) for p in required if not p.exists()]
    if missing:
        raise BundleError(f"the bundle is missing {missing}")
    if not list((internal / "models" / "embedded").glob("*.gguf")):
        raise BundleError("the bundle has no embedded GGUF model")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def write_manifest(bundle: Path, notes: list[str]) -> Path:
    """``BUILD-MANIFEST.json``: versions, build notes, each file's size and sha256."""
    versions = {}
    for name in PINNED:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    files = {}
    total = 0
    for path in sorted(bundle.rglob("*")):
        if path.is_file() and not path.is_symlink() and path.name != "BUILD-MANIFEST.json":
            size = path.stat().st_size
            total += size
            files[path.relative_to(bundle).as_posix()] = {"size": size, "sha256": _sha256(path)}
    manifest = {
        "app": APP_NAME,
        "platform": target_platform(),
        "machine": platform.machine(),
        "python": platform.python_version(),
        "versions": versions,
        "source_date_epoch": _source_date_epoch(),
        "notes": notes,
        "total_bytes": total,
        "files": files,
    }
    path = bundle / "BUILD-MANIFEST.json"
    path.write_text(json.dumps(manifest, indent=1, sort_keys=True), encoding="utf-8")
    return path


def make_archive(bundle: Path, epoch: int | None = None) -> Path:
    """``<bundle>-linux-<machine>.tar.gz`` next to the bundle, byte-for-byte reproducible.

    Entries are sorted, owned by 0:0, stamped with ``SOURCE_DATE_EPOCH`` and the gzip header
    carries no name/time, so the same bundle always gives the same archive.
    """
    import gzip
    import tarfile

    epoch = _source_date_epoch() if epoch is None else epoch
    target = bundle.parent / f"{bundle.name}-linux-{platform.machine()}.tar.gz"

    def normalise(info: tarfile.TarInfo) -> tarfile.TarInfo:
        info.uid = info.gid = 0
        info.uname = info.gname = ""
        info.mtime = epoch
        return info

    with (
        target.open("wb") as raw,
        gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=6) as gz,
        tarfile.open(fileobj=gz, mode="w", format=tarfile.PAX_FORMAT) as tar,
    ):
        paths = [bundle, *sorted(bundle.rglob("*"))]
        for path in paths:
            arcname = path.relative_to(bundle.parent).as_posix()
            tar.add(path, arcname=arcname, recursive=False, filter=normalise)
    return target


def build(
    dist: Path | None = None,
    work: Path | None = None,
    allow_native: bool = False,
    clean: bool = True,
    archive: bool = False,
) -> Path:
    """Preflight, PyInstaller, extras, content check, manifest; return the bundle folder."""
    dist = (dist or REPO / "dist").resolve()
    work = (work or REPO / "build" / "pyinstaller").resolve()
    platform_name = target_platform()
    notes = preflight(allow_native)
    for note in notes:
        print(note, file=sys.stderr)
    started = time.monotonic()
    bundle = run_pyinstaller(SPECS[platform_name], dist, work, clean)
    if platform_name == "linux":
        add_linux_extras(bundle)
    check_contents(bundle)
    manifest = write_manifest(bundle, notes)
    if archive:
        print(f"archive: {make_archive(bundle)}", file=sys.stderr)
    size = json.loads(manifest.read_text())["total_bytes"]
    print(
        f"bundle ready: {bundle} ({size / 1e6:.0f} MB, {time.monotonic() - started:.0f} s)",
        file=sys.stderr,
    )
    return bundle


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, help="output folder (default: dist/)")
    parser.add_argument("--work", type=Path, help="PyInstaller work folder (default: build/)")
    parser.add_argument(
        "--allow-native",
        action="store_true",
        help="build even if llama.cpp was compiled for this CPU only (not portable)",
    )
    parser.add_argument("--no-clean", action="store_true", help="reuse PyInstaller's cache")
    parser.add_argument(
        "--archive", action="store_true", help="also write a reproducible .tar.gz to ship"
    )
    args = parser.parse_args(argv)
    try:
        build(
            args.dist, args.work, args.allow_native, clean=not args.no_clean, archive=args.archive
        )
    except BundleError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
