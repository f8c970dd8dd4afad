"""GUI entry point (``clinical-assistant`` / ``python -m desktop``).

The window is shown first; the model loads on the engine thread afterwards, so the app is
usable (history, settings, models) within a second or two of launch.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from desktop import netguard

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from desktop.engine import GenerationResult
    from desktop.ui.engine_bridge import ChatRequest
    from desktop.ui.main_window import MainWindow

# Qt, the UI and the storage layer are imported inside the functions that need them (marked
# "lazy: Qt"): `--forget-encryption-key` runs without a display, Qt or the database.

SMOKE_PROMPT = "In one sentence, what is hypertension?"
SMOKE_TIMEOUT_MS = 300_000
GIL_SWITCH_INTERVAL_S = 0.002


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="clinical-assistant",
        description="Offline clinical assistant (decision support, not a clinician).",
    )
    parser.add_argument("--model", help="GGUF model to load (default: the current/embedded one)")
    parser.add_argument("--home", help="data folder (history, settings, models)")
    parser.add_argument("--screenshot-dir", help="save a PNG of every page once the model loads")
    parser.add_argument(
        "--quit-after-load",
        action="store_true",
        help="headless smoke test: load the model, answer a fixed prompt, print it, exit",
    )
    parser.add_argument(
        "--forget-encryption-key",
        action="store_true",
        help="remove the history encryption key from the OS keyring and exit (uninstall --purge)",
    )
    return parser


def forget_encryption_key() -> int:
    """Remove the SQLCipher key from the OS keyring; 0 when it is gone (or never existed)."""
    from desktop.storage import encryption  # lazy: SQLAlchemy, only for this command

    try:
        encryption.load_key(create=False)
    except encryption.KeyringUnavailableError:
        print("No OS keyring is available here, so no encryption key was stored.")
        return 0
    except encryption.EncryptionKeyError:
        print("No encryption key was stored.")
        return 0
    try:
        encryption.forget_key()
    except encryption.EncryptionError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print("Removed the history encryption key from the OS keyring.")
    return 0


def create_window(
    model_path: str | None = None, show: bool = True, first_run: bool = True
) -> MainWindow:
    """Build the context and main window, show it, then start loading the model."""
    from PySide6.QtCore import QTimer  # lazy: Qt

    from desktop.ui.context import AppContext  # lazy: Qt
    from desktop.ui.main_window import MainWindow  # lazy: Qt
    from desktop.ui.server_status import start_backend  # lazy: Qt

    # The engine thread runs Python between llama.cpp calls; a shorter GIL switch interval
    # lets the GUI thread in sooner (smaller event-loop stalls while streaming).
    sys.setswitchinterval(GIL_SWITCH_INTERVAL_S)
    ctx = AppContext()
    window = MainWindow(ctx)
    if show:
        window.show()

    def start() -> None:
        try:
            config = ctx.engine_config(model_path)
        except Exception as exc:  # noqa: BLE001 - e.g. default model not installed
            from desktop.ui.qt_compat import emit  # lazy: Qt

            emit(ctx.bridge.sig_model_error, str(exc))
            return
        start_backend(ctx, config)  # the clinic server if chosen in Settings, else local
        if show and first_run:
            from desktop.ui.first_run import FirstRunDialog, needs_first_run  # lazy: Qt

            if needs_first_run(ctx):
                window.first_run = FirstRunDialog(ctx, window)
                window.first_run.open()

    QTimer.singleShot(0, start)
    return window


def save_screenshots(window: MainWindow, folder: str | Path) -> list[Path]:
    """Grab every tab of ``window`` into ``folder`` as PNG files."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    current = window.tabs.currentIndex()
    for name in list(window.ensure_all_pages()):
        window.show_page(name)
        path = folder / f"{name}.png"
        window.grab().save(str(path))
        paths.append(path)
    window.tabs.setCurrentIndex(current)
    return paths


def _smoke(window: MainWindow, app: QApplication) -> None:
    """Answer SMOKE_PROMPT once the model is loaded, print it and quit."""
    from PySide6.QtCore import QTimer  # lazy: Qt

    from desktop.engine import SamplingSettings  # lazy: the engine loads with the window

    bridge = window.ctx.bridge
    state: dict[str, ChatRequest] = {}

    def loaded(_info: object) -> None:
        messages = [{"role": "user", "content": SMOKE_PROMPT}]
        request = bridge.chat(messages, SamplingSettings(temperature=0.0, max_tokens=64, seed=1))
        state["request"] = request
        request.sig_finished.connect(finished)
        request.sig_error.connect(failed)

    def finished(result: GenerationResult) -> None:
        print(result.text.strip() or "(empty answer)")
        sys.stdout.flush()
        app.exit(0 if result.text.strip() else 1)

    def failed(message: str) -> None:
        print(f"error: {message}", file=sys.stderr)
        app.exit(1)

    bridge.sig_model_loaded.connect(loaded)
    bridge.sig_model_error.connect(failed)
    QTimer.singleShot(SMOKE_TIMEOUT_MS, lambda: failed("timed out"))


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(sys.argv[1:] if argv is None else argv)
    # Before anything else can open a socket: loopback only (plus configured servers, which
    # the settings add with netguard.set_allowed_hosts).
    netguard.install()
    if args.forget_encryption_key:
        return forget_encryption_key()
    if args.home:
        os.environ["CLINASSIST_HOME"] = str(Path(args.home).expanduser().resolve())
    if args.quit_after_load and not os.environ.get("DISPLAY") and sys.platform.startswith("linux"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication  # lazy: Qt

    app = QApplication.instance() or QApplication([sys.argv[0]])
    app.setApplicationName("Clinical Assistant")
    window = create_window(args.model, show=not args.quit_after_load, first_run=True)
    if args.screenshot_dir:
        window.ctx.bridge.sig_model_loaded.connect(
            lambda _info: save_screenshots(window, args.screenshot_dir)
        )
    if args.quit_after_load:
        _smoke(window, app)
    code = app.exec()
    window.ctx.shutdown()
    return int(code)


if __name__ == "__main__":
    raise SystemExit(main())
