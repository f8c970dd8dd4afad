"""install.sh / uninstall.sh on a stand-in bundle in a throw-away HOME (fast, no PyInstaller).

The slow test in test_bundle.py runs the same scripts on the real bundle.
"""

from __future__ import annotations

import os
import pty
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
INSTALLER = REPO / "installer"


def make_fake_bundle(root: Path, version: str) -> Path:
    """A folder shaped like dist/ClinicalAssistant/ whose executable prints ``version``."""
    bundle = root / "ClinicalAssistant"
    (bundle / "_internal").mkdir(parents=True)
    exe = bundle / "ClinicalAssistant"
    exe.write_text(f"#!/bin/sh\necho 'ClinicalAssistant {version}' \"$@\"\n")
    exe.chmod(0o755)
    (bundle / "_internal" / "VERSION").write_text(version)
    for name in ("install.sh", "uninstall.sh"):
        shutil.copy2(INSTALLER / name, bundle / name)
    share = bundle / "share"
    share.mkdir()
    for name in (
        "clinical-assistant.desktop.in",
        "clinical-assistant.svg",
        "clinical-assistant.png",
    ):
        shutil.copy2(INSTALLER / "assets" / name, share / name)
    return bundle


def run(cmd: list[str], home: Path, **kw) -> subprocess.CompletedProcess:  # noqa: ANN003
    env = {"HOME": str(home), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}
    return subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=60, **kw)


@pytest.fixture
def home(tmp_path: Path) -> Path:
    h = tmp_path / "home with space"
    h.mkdir()
    return h


def test_install_upgrade_uninstall_keeps_data_unless_purged(tmp_path: Path, home: Path) -> None:
    share = home / ".local" / "share"
    app_dir = share / "ClinicalAssistant-app"
    link = home / ".local" / "bin" / "clinical-assistant"
    desktop_file = share / "applications" / "clinical-assistant.desktop"
    icon = share / "icons" / "hicolor" / "256x256" / "apps" / "clinical-assistant.png"
    user_data = share / "ClinicalAssistant"

    v1 = make_fake_bundle(tmp_path / "v1", "1.0")
    proc = run(["bash", str(v1 / "install.sh")], home)
    assert proc.returncode == 0, proc.stderr
    assert "installed" in proc.stdout
    assert (app_dir / "ClinicalAssistant").is_file() and icon.is_file()
    assert link.is_symlink() and link.resolve() == (app_dir / "ClinicalAssistant").resolve()
    assert run([str(link), "--selftest"], home).stdout.strip() == "ClinicalAssistant 1.0 --selftest"
    entry = desktop_file.read_text()
    assert f'Exec="{app_dir}/ClinicalAssistant"' in entry  # quoted: HOME has a space
    assert "Icon=clinical-assistant" in entry and "@" not in entry
    if shutil.which("desktop-file-validate"):
        check = subprocess.run(
            ["desktop-file-validate", str(desktop_file)], capture_output=True, text=True
        )
        assert check.returncode == 0, check.stdout + check.stderr

    # The app writes user data (owner-only) outside the install folder.
    user_data.mkdir(parents=True)
    (user_data / "clinassist.db").write_bytes(b"precious history")

    v2 = make_fake_bundle(tmp_path / "v2", "2.0")
    proc = run(["bash", str(v2 / "install.sh")], home)
    assert proc.returncode == 0 and "upgraded" in proc.stdout, proc.stderr
    assert run([str(link)], home).stdout.strip() == "ClinicalAssistant 2.0"
    assert (app_dir / "_internal" / "VERSION").read_text() == "2.0"
    assert not list(share.glob("ClinicalAssistant-app.*")), "staging folders left behind"
    assert (user_data / "clinassist.db").read_bytes() == b"precious history"

    proc = run(["bash", str(app_dir / "uninstall.sh")], home)
    assert proc.returncode == 0, proc.stderr
    assert not app_dir.exists() and not link.exists() and not link.is_symlink()
    assert not desktop_file.exists() and not icon.exists()
    assert (user_data / "clinassist.db").read_bytes() == b"precious history"
    assert "kept" in proc.stdout

    # Reinstall, then uninstall --purge removes the data as well.
    assert run(["bash", str(v2 / "install.sh")], home).returncode == 0
    proc = run(
        ["bash", str(app_dir / "uninstall.sh"), "--purge", "--yes"], home, stdin=subprocess.DEVNULL
    )
    assert proc.returncode == 0, proc.stderr
    assert not user_data.exists() and not app_dir.exists()
    assert share.is_dir()  # never deletes the parent data folder


def test_install_refuses_a_folder_that_is_not_a_bundle(tmp_path: Path, home: Path) -> None:
    fake = tmp_path / "notabundle"
    fake.mkdir()
    shutil.copy2(INSTALLER / "install.sh", fake / "install.sh")
    proc = run(["bash", str(fake / "install.sh")], home)
    assert proc.returncode == 1
    assert "not an unpacked Clinical Assistant bundle" in proc.stderr
    assert not (home / ".local" / "share" / "ClinicalAssistant-app").exists()


def test_failed_upgrade_copy_keeps_the_old_version(tmp_path: Path, home: Path) -> None:
    """If copying the new version fails midway (disk full), the installed version is untouched."""
    v1 = make_fake_bundle(tmp_path / "v1", "1.0")
    assert run(["bash", str(v1 / "install.sh")], home).returncode == 0
    v2 = make_fake_bundle(tmp_path / "v2", "2.0")
    (v2 / "_internal" / "big.bin").write_bytes(b"x" * 64 * 1024)
    # `ulimit -f 8`: files over 4 KiB cannot be written, so cp fails part-way.
    script = f'ulimit -f 8; exec bash "{v2 / "install.sh"}"'
    proc = run(["bash", "-c", script], home)
    assert proc.returncode != 0
    app_dir = home / ".local" / "share" / "ClinicalAssistant-app"
    assert (app_dir / "_internal" / "VERSION").read_text() == "1.0"
    assert not (app_dir / "_internal" / "big.bin").exists()
    assert not list(app_dir.parent.glob("ClinicalAssistant-app.*")), "staging folder left behind"


def test_purge_refuses_dangerous_data_dirs(tmp_path: Path, home: Path) -> None:
    v1 = make_fake_bundle(tmp_path / "v1", "1.0")
    assert run(["bash", str(v1 / "install.sh")], home).returncode == 0
    app_dir = home / ".local" / "share" / "ClinicalAssistant-app"
    env = {"HOME": str(home), "PATH": "/usr/bin:/bin", "CLINASSIST_HOME": str(home)}
    proc = subprocess.run(
        ["bash", str(app_dir / "uninstall.sh"), "--purge", "--yes"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 1 and "refusing" in proc.stderr
    assert home.is_dir()


def test_archive_is_reproducible_and_installs(tmp_path: Path, home: Path) -> None:
    """The shipped .tar.gz: same bytes on every build; unpack + install.sh works."""
    import hashlib
    import tarfile

    from installer.build_bundle import make_archive

    bundle = make_fake_bundle(tmp_path / "dist", "3.0")
    first = make_archive(bundle, epoch=1_700_000_000)
    digest = hashlib.sha256(first.read_bytes()).hexdigest()
    (bundle / "ClinicalAssistant").touch()  # a newer mtime must not change the archive
    second = make_archive(bundle, epoch=1_700_000_000)
    assert hashlib.sha256(second.read_bytes()).hexdigest() == digest

    unpacked = tmp_path / "unpacked"
    with tarfile.open(second) as tar:
        tar.extractall(unpacked, filter="tar")
    proc = run(["bash", str(unpacked / "ClinicalAssistant" / "install.sh")], home)
    assert proc.returncode == 0, proc.stderr
    link = home / ".local" / "bin" / "clinical-assistant"
    assert run([str(link)], home).stdout.strip() == "ClinicalAssistant 3.0"


def test_purge_without_a_terminal_needs_yes(tmp_path: Path, home: Path) -> None:
    """No terminal to ask on (a script, a pipe): --purge refuses and removes nothing."""
    v1 = make_fake_bundle(tmp_path / "v1", "1.0")
    assert run(["bash", str(v1 / "install.sh")], home).returncode == 0
    share = home / ".local" / "share"
    app_dir, user_data = share / "ClinicalAssistant-app", share / "ClinicalAssistant"
    user_data.mkdir(parents=True, exist_ok=True)
    (user_data / "clinassist.db").write_bytes(b"precious history")
    proc = run(["bash", str(app_dir / "uninstall.sh"), "--purge"], home, stdin=subprocess.DEVNULL)
    assert proc.returncode == 1
    assert "--purge --yes" in proc.stderr
    assert (user_data / "clinassist.db").read_bytes() == b"precious history"
    assert (app_dir / "ClinicalAssistant").is_file()


def test_purge_asks_on_a_terminal_and_no_keeps_the_data(tmp_path: Path, home: Path) -> None:
    v1 = make_fake_bundle(tmp_path / "v1", "1.0")
    assert run(["bash", str(v1 / "install.sh")], home).returncode == 0
    share = home / ".local" / "share"
    app_dir, user_data = share / "ClinicalAssistant-app", share / "ClinicalAssistant"
    user_data.mkdir(parents=True, exist_ok=True)
    (user_data / "clinassist.db").write_bytes(b"precious history")
    master, slave = pty.openpty()
    try:
        os.write(master, b"n\n")
        proc = run(["bash", str(app_dir / "uninstall.sh"), "--purge"], home, stdin=slave)
    finally:
        os.close(slave)
        os.close(master)
    assert proc.returncode == 0, proc.stderr
    assert "Delete ALL your Clinical Assistant data" in proc.stdout and "Data kept." in proc.stdout
    assert (user_data / "clinassist.db").read_bytes() == b"precious history"
    assert "--forget-encryption-key" not in proc.stdout  # the key stays with the data
    assert not app_dir.exists()  # the app itself is still uninstalled


def test_purge_yes_removes_the_encryption_key_through_the_app(tmp_path: Path, home: Path) -> None:
    """The stand-in executable echoes its arguments: uninstall asked the app to drop the key."""
    v1 = make_fake_bundle(tmp_path / "v1", "1.0")
    assert run(["bash", str(v1 / "install.sh")], home).returncode == 0
    app_dir = home / ".local" / "share" / "ClinicalAssistant-app"
    proc = run(["bash", str(app_dir / "uninstall.sh"), "--purge", "--yes"], home)
    assert proc.returncode == 0, proc.stderr
    assert "ClinicalAssistant 1.0 --forget-encryption-key" in proc.stdout
    assert not (home / ".local" / "share" / "ClinicalAssistant").exists()
