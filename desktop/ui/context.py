"""``AppContext``: what every page of the main window shares.

Feature pages live in ``desktop/ui/<feature>/`` and expose ``create_page(ctx) -> QWidget``
(optional module attribute ``PAGE_TITLE``); the main window builds one tab per feature it can
import. Pages never block the GUI thread: model work goes through ``ctx.bridge``, disk work
through ``ctx.run_in_background`` or ``ctx.run_db``.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from desktop.engine import EngineConfig, SamplingSettings
from desktop.settings_store import SettingsStore
from desktop.ui.background import BackgroundRunner, BackgroundTask
from desktop.ui.engine_bridge import EngineBridge
from models.paths import data_dir
from models.registry import ModelRegistry

if TYPE_CHECKING:  # imported on first use: SQLAlchemy stays off the start-up path
    from sqlalchemy import Engine

    from desktop.history import HistoryStore
    from desktop.library.store import LibraryStore

DB_FILE = "clinassist.db"


class AppContext(QObject):
    """Shared services; create once on the GUI thread."""

    sig_history_changed = Signal()  # a conversation was added/changed outside the chat page
    sig_settings_changed = Signal()  # settings were saved (sampling/engine/ui)

    def __init__(
        self,
        home: Path | None = None,
        bridge: EngineBridge | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.home = Path(home) if home else data_dir()
        self.home.mkdir(parents=True, exist_ok=True)
        self.db_path = self.home / DB_FILE
        self.bridge = bridge or EngineBridge()
        self.background = BackgroundRunner(max_workers=2, name="bg")
        self.db = BackgroundRunner(max_workers=1, name="db")  # serialises database writes
        self._db_engine: Engine | None = None
        self._db_lock = threading.RLock()
        self._history: HistoryStore | None = None
        self._settings: SettingsStore | None = None
        self._registry: ModelRegistry | None = None
        self._library: LibraryStore | None = None

    # -- storage -----------------------------------------------------------------------
    @property
    def db_engine(self) -> Engine:
        """The shared SQLAlchemy engine (migrated on first use; call off the GUI thread)."""
        with self._db_lock:
            if self._db_engine is None:
                from desktop.storage.app_database import open_app_database  # lazy: SQLAlchemy

                self._db_engine = open_app_database(self.db_path, self.settings)
            return self._db_engine

    @property
    def history(self) -> HistoryStore:
        """The history store on ``db_engine`` (first use opens it: call on the DB thread)."""
        with self._db_lock:
            if self._history is None:
                from desktop.history import HistoryStore  # lazy: SQLAlchemy

                self._history = HistoryStore(self.db_engine)
            return self._history

    @property
    def library(self) -> LibraryStore:
        """The :class:`desktop.library.LibraryStore` on ``db_engine`` (call off the GUI thread)."""
        with self._db_lock:
            if self._library is None:
                # The library on the app database; the sample document is offered once.
                # lazy: SQLAlchemy and pypdf load on the database thread on first use
                from desktop.library.sample import ensure_sample_library
                from desktop.library.store import LibraryStore  # lazy: as above

                self._library = LibraryStore(self.db_engine)
                ensure_sample_library(self._library)
            return self._library

    @property
    def settings(self) -> SettingsStore:
        """The persisted settings store (``desktop.settings_store``)."""
        if self._settings is None:
            self._settings = SettingsStore(self.home)
        return self._settings

    @property
    def registry(self) -> ModelRegistry:
        """The :class:`models.registry.ModelRegistry` of this home."""
        if self._registry is None:
            self._registry = ModelRegistry(self.home / "models")
        return self._registry

    # -- engine settings ---------------------------------------------------------------
    def sampling(self) -> SamplingSettings:
        return self.settings.sampling()

    def engine_config(self, model_path: str | None = None) -> EngineConfig:
        return self.settings.engine_config(model_path)

    # -- threads -----------------------------------------------------------------------
    def run_in_background(
        self,
        fn: Callable[..., Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        on_progress: Callable[..., None] | None = None,
        pass_task: bool = False,
    ) -> BackgroundTask:
        """Run ``fn`` on a worker pool; callbacks run on the GUI thread.

        ``fn()`` or, with ``on_progress``, ``fn(progress)``; ``progress(*args)`` calls
        ``on_progress(*args)`` on the GUI thread. ``pass_task=True`` adds ``task=`` (has
        ``token``, a ``common.tasks.CancelToken`` to pass on as ``cancel=``), cancelled by
        ``returned_task.cancel()``.
        """
        return self.background.run(fn, on_done, on_error, on_progress, pass_task)

    def run_db(
        self,
        fn: Callable[..., Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> BackgroundTask:
        """Like :meth:`run_in_background` but on the single database thread (ordered)."""
        return self.db.run(fn, on_done, on_error)

    def shutdown(self) -> None:
        """Stop generation, flush the database thread, close the engine."""
        self.bridge.stop()
        self.db.shutdown(wait=True)
        self.background.shutdown(wait=False)
        if self._history is not None and hasattr(self._history, "close"):
            with contextlib.suppress(Exception):  # best effort at exit
                self._history.close()
        self.bridge.shutdown()
