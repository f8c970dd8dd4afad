"""The main window: disclaimer banner, one tab per feature page, engine status bar."""

from __future__ import annotations

import importlib
import importlib.util
import traceback
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.engine.info import SERVER, BackendInfo
from desktop.ui.color_scheme import follow_system_scheme
from desktop.ui.context import AppContext
from desktop.ui.menus import install_menus
from desktop.ui.server_status import install_server_status
from desktop.ui.window_state import (
    apply_font_size,
    restore_geometry,
    save_geometry,
    saved_font_size,
)

FEATURES = ("chat", "mcq", "study", "library", "models", "settings")
PAGE_TITLES = {"mcq": "MCQ"}
OPTIONAL = {"study": ("desktop.ui.study", "desktop.study")}
DISCLAIMER_SHORT = (
    "Decision support — not a clinician. Verify every answer against current guidelines and "
    "your own clinical judgement. In an emergency call your local emergency number."
)


def disclaimer_text() -> str:
    try:
        from desktop.safety import DISCLAIMER  # lazy: optional; without it, DISCLAIMER_SHORT

        return str(DISCLAIMER)
    except ImportError:
        return DISCLAIMER_SHORT


def _error_page(name: str, exc: BaseException) -> QWidget:
    page = QPlainTextEdit()
    page.setReadOnly(True)
    page.setPlainText(
        f"The {name} page could not be loaded:\n\n"
        + "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    )
    return page


def _import_feature(name: str) -> None:
    """Import ``desktop.ui.<name>`` and its ``page`` module (the slow part) if it has one."""
    importlib.import_module(f"desktop.ui.{name}")
    if importlib.util.find_spec(f"desktop.ui.{name}.page") is not None:
        importlib.import_module(f"desktop.ui.{name}.page")


def _is_missing_optional(name: str, exc: ImportError) -> bool:
    missing = getattr(exc, "name", None) or ""
    return any(missing == mod or mod.startswith(missing + ".") for mod in OPTIONAL.get(name, ()))


class MainWindow(QMainWindow):
    """Tabs for chat, MCQ, study, models and settings; status bar with engine state."""

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.setWindowTitle("Clinical Assistant (offline)")
        restore_geometry(self, ctx.settings)  # last session's size, minimum fits 1024x700
        apply_font_size(saved_font_size(ctx.settings))
        follow_system_scheme()  # dark when the system is dark, and when it switches
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(6, 6, 6, 0)
        layout.setSpacing(4)
        self.disclaimer = QLabel("⚕ " + DISCLAIMER_SHORT)
        self.disclaimer.setObjectName("disclaimer")
        self.disclaimer.setWordWrap(True)
        self.disclaimer.setToolTip(disclaimer_text())
        self.disclaimer.setStyleSheet(
            "QLabel#disclaimer { background: #fff4ce; color: #5c4400; border: 1px solid #e0c060;"
            " border-radius: 4px; padding: 4px 8px; font-weight: 600; }"
        )
        layout.addWidget(self.disclaimer)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        layout.addWidget(self.tabs, 1)
        self.setCentralWidget(central)
        self.pages: dict[str, QWidget] = {}
        self._slots: dict[str, QWidget] = {}  # tab container per feature
        self._titles: dict[str, str] = {}
        for name in FEATURES:
            self._add_slot(name)
        self._ensure_page(FEATURES[0])  # the first screen is built now, the rest after show
        self.tabs.currentChanged.connect(self._on_tab_changed)
        self._build_status_bar()
        self.server_status = install_server_status(self.ctx, self.statusBar())
        self.actions_by_name = install_menus(
            self, [(self._titles[n], n) for n in FEATURES if n in self._slots]
        )
        self._pending = [n for n in FEATURES[1:] if n in self._slots]
        QTimer.singleShot(0, self._preload_next)
        QTimer.singleShot(0, self._check_database)

    # -- start-up database check -------------------------------------------------------------
    database_messages: list[str] | None = None

    def _check_database(self) -> None:
        """Open (check, back up, migrate) the database off the GUI thread; tell the user."""

        def open_and_collect() -> list[str]:
            # lazy: SQLAlchemy and Alembic load on the database thread, not before the window
            from desktop.storage.integrity import pending_messages

            _ = self.ctx.db_engine
            return pending_messages()

        self.ctx.run_db(open_and_collect, self._show_database_messages, self._database_failed)

    def _show_database_messages(self, messages: list[str]) -> None:
        self.database_messages = list(messages)
        if messages:
            self._notify(QMessageBox.Icon.Information, "\n\n".join(messages))

    def _database_failed(self, exc: BaseException) -> None:
        self.database_messages = [str(exc)]
        self._notify(QMessageBox.Icon.Critical, f"The history database could not be opened: {exc}")

    def _notify(self, icon: QMessageBox.Icon, text: str) -> None:
        """Non-blocking message box (the GUI thread never waits on a dialog here)."""
        box = QMessageBox(icon, "History database", text, QMessageBox.StandardButton.Ok, self)
        box.setObjectName("database_notice")
        box.open()

    # -- pages -------------------------------------------------------------------------
    def _add_slot(self, name: str) -> None:
        slot = QWidget()
        box = QVBoxLayout(slot)
        box.setContentsMargins(0, 0, 0, 0)
        self._slots[name] = slot
        self._titles[name] = PAGE_TITLES.get(name, name.capitalize())
        self.tabs.addTab(slot, self._titles[name])

    def _preload_next(self) -> None:
        """Import the next page's modules off the GUI thread, then build it on the GUI thread."""
        while self._pending and self._pending[0] in self.pages:
            self._pending.pop(0)
        if not self._pending or self.ctx.background.closed:  # (closed: the app is quitting)
            return
        name = self._pending[0]
        self.ctx.run_in_background(
            lambda: _import_feature(name),
            lambda _m: self._preloaded(name),
            lambda _e: self._preloaded(name),  # the error is shown when the page is built
        )

    def _preloaded(self, name: str) -> None:
        self._ensure_page(name)
        QTimer.singleShot(0, self._preload_next)

    def _ensure_page(self, name: str) -> QWidget | None:
        """Build the page of ``name`` now if it was not built yet (None if it is skipped)."""
        if name in self.pages:
            return self.pages[name]
        slot = self._slots.get(name)
        if slot is None:
            return None
        try:
            module = importlib.import_module(f"desktop.ui.{name}")
            page = module.create_page(self.ctx)
            title = getattr(module, "PAGE_TITLE", self._titles[name])
        except ImportError as exc:
            if _is_missing_optional(name, exc):
                self.tabs.removeTab(self.tabs.indexOf(slot))
                del self._slots[name]
                return None
            page, title = _error_page(name, exc), self._titles[name]
        except Exception as exc:  # noqa: BLE001 - a broken page must not kill the app
            page, title = _error_page(name, exc), self._titles[name]
        slot.layout().addWidget(page)
        self.tabs.setTabText(self.tabs.indexOf(slot), title)
        self.pages[name] = page
        return page

    def ensure_all_pages(self) -> dict[str, QWidget]:
        for name in FEATURES:
            self._ensure_page(name)
        return self.pages

    def show_page(self, name: str) -> QWidget:
        page = self._ensure_page(name)
        if page is None:
            raise KeyError(f"no {name!r} page")
        self.tabs.setCurrentWidget(self._slots[name])
        return page

    def _on_tab_changed(self, index: int) -> None:
        slot = self.tabs.widget(index)
        name = next((n for n, s in self._slots.items() if s is slot), None)
        if name is None:
            return
        had = name in self.pages
        page = self._ensure_page(name)
        hook = getattr(page, "on_shown", None)
        if had and callable(hook):
            hook()

    # -- status bar --------------------------------------------------------------------
    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.model_status = QLabel("No model loaded")
        self.speed_label = QLabel("")
        self.speed_label.setMinimumWidth(
            self.fontMetrics().horizontalAdvance("0000 tokens · 000.0 tok/s")
        )
        self.context_bar = QProgressBar()
        self.context_bar.setMaximumWidth(220)
        self.context_bar.setFormat("context %p%")
        self.context_bar.setValue(0)
        self.context_bar.setToolTip("How much of the model's context window is in use")
        bar.addWidget(self.model_status, 1)
        bar.addPermanentWidget(self.speed_label)
        bar.addPermanentWidget(self.context_bar)
        bridge = self.ctx.bridge
        bridge.sig_model_loading.connect(self._on_loading)
        bridge.sig_model_loaded.connect(self._on_loaded)
        bridge.sig_model_error.connect(self._on_model_error)
        bridge.sig_identity.connect(lambda _i: self._show_model_status())
        bridge.sig_request_token.connect(self._on_request_token)
        bridge.sig_request_finished.connect(self._on_request_finished)

    def _on_loading(self, path: str) -> None:
        self.model_status.setText(f"Loading model {Path(path).name} …")

    def _on_loaded(self, _info: object) -> None:
        self._show_model_status()
        cfg = self.ctx.bridge.config
        if cfg is not None and not self.ctx.bridge.on_server:  # the registry's name for it (an index read: off the GUI thread)
            registry, path = self.ctx.registry, cfg.model_path
            self.ctx.run_in_background(
                lambda: registry.identity_for_path(path), self.ctx.bridge.set_identity
            )

    def _show_model_status(self) -> None:
        bridge = self.ctx.bridge
        cfg, info = bridge.config, bridge.info
        if isinstance(info, BackendInfo) and info.kind == SERVER:
            self.model_status.setText(f"Model: {info.name} · answers from {info.where}")
            return
        if cfg is None or info is None:
            return
        self.model_status.setText(
            f"Model: {bridge.model_name} · {getattr(info, 'quantization', '')}"
            f" · context {cfg.n_ctx} · fully offline"
        )

    def _on_model_error(self, message: str) -> None:
        self.model_status.setText("Model failed to load — see the Models tab")
        self.model_status.setToolTip(message)

    @staticmethod
    def _hidden(request: object) -> bool:
        """An answer for a conversation not on screen (its speed is not this one's)."""
        owner = getattr(request, "owner", None)
        return owner is not None and not getattr(owner, "shown", True)

    def _on_request_token(self, request: object, event: object) -> None:
        if not self._hidden(request):
            self._on_token("", event)

    def _on_request_finished(self, request: object, result: object) -> None:
        if not self._hidden(request):
            self._on_finished(result)

    def show_speed(self, stats: object | None) -> None:
        """Show the figures of the conversation now on screen (empty if it has none yet)."""
        if stats is None:
            self.speed_label.setText("")
            self.context_bar.setValue(0)
        elif hasattr(stats, "finish_reason"):
            self._on_finished(stats)
        else:
            self._on_token("", stats)

    def _on_token(self, _text: str, event: object) -> None:
        tps = getattr(event, "tokens_per_second", 0.0)
        self.speed_label.setText(f"{tps:.1f} tok/s")
        self._show_context(getattr(event, "context_used", 0), getattr(event, "n_ctx", 0))

    def _on_finished(self, result: object) -> None:
        tps = getattr(result, "tokens_per_second", 0.0)
        tokens = getattr(result, "completion_tokens", 0)
        self.speed_label.setText(f"{tokens} tokens · {tps:.1f} tok/s")
        self._show_context(getattr(result, "context_used", 0), getattr(result, "n_ctx", 0))

    def _show_context(self, used: int, n_ctx: int) -> None:
        """Context fill; a server that does not report its context size shows "n/a"."""
        self.context_bar.setFormat("context %p%" if n_ctx else "context n/a")
        self.context_bar.setMaximum(max(n_ctx, 1))
        self.context_bar.setValue(min(used, n_ctx) if n_ctx else 0)

    # -- life-cycle --------------------------------------------------------------------
    def closeEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt override
        save_geometry(self, self.ctx.settings)
        for page in list(self.pages.values()):
            hook = getattr(page, "on_close", None)
            if callable(hook):
                hook()
        super().closeEvent(event)
        event.accept()
