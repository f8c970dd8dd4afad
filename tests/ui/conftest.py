"""Real windows on the real default model, offscreen; every window is shut down after its test."""

from __future__ import annotations

import socket
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

LOAD_TIMEOUT_MS = 120_000
ANSWER_TIMEOUT_MS = 120_000


@pytest.fixture
def make_window(qtbot: Any, tmp_home: Path) -> Iterator[Callable[..., Any]]:
    """Build a main window on ``tmp_home`` (the model starts loading in the background)."""
    from desktop.app import create_window

    windows: list[Any] = []

    def make(model_path: str | None = None, first_run: bool = False) -> Any:
        window = create_window(model_path, show=True, first_run=first_run)
        qtbot.addWidget(window)
        windows.append(window)
        return window

    yield make
    for window in windows:
        close_window(window)


def close_window(window: Any) -> None:
    if getattr(window, "_closed_for_test", False):
        return
    window._closed_for_test = True
    window.close()
    window.ctx.shutdown()


def open_page(qtbot: Any, make_window: Any, name: str) -> tuple[Any, Any]:
    """A new main window showing page ``name``, with the model loaded."""
    window = make_window()
    page = window.show_page(name)
    wait_loaded(qtbot, window)
    return window, page


def wait_loaded(qtbot: Any, window: Any) -> None:
    bridge = window.ctx.bridge
    qtbot.waitUntil(
        lambda: (
            bridge.is_loaded
            or bridge.info is None
            and not bridge.loading
            and bridge.config is not None
        ),
        timeout=LOAD_TIMEOUT_MS,
    )
    assert bridge.is_loaded, "the default model did not load"


def wait_idle(qtbot: Any, page: Any) -> None:
    """Wait until the chat page has no running request."""
    qtbot.waitUntil(lambda: page.request is None, timeout=ANSWER_TIMEOUT_MS)


def wait_db(qtbot: Any, window: Any) -> None:
    """Wait until every queued database job has run (a no-op job comes back)."""
    done: list[bool] = []
    window.ctx.run_db(lambda: None, lambda _r: done.append(True))
    qtbot.waitUntil(lambda: bool(done), timeout=30_000)


class SocketUsed(AssertionError):
    pass


_GUARD = {"active": False, "events": []}


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if _GUARD["active"] and event in ("socket.__new__", "socket.connect", "socket.bind"):
        _GUARD["events"].append((event, repr(args)[:200]))
        raise SocketUsed(f"network socket use during the session: {event} {args!r}")


@pytest.fixture
def no_sockets(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Any]]:
    """Fail on any socket creation (audit hook + patched constructors); yields seen events."""
    if not getattr(sys, "_clinassist_audit_installed", False):
        sys.addaudithook(_audit)
        sys._clinassist_audit_installed = True  # type: ignore[attr-defined]

    def refuse(*args: Any, **kwargs: Any) -> Any:
        _GUARD["events"].append(("patched", repr(args)[:200]))
        raise SocketUsed("socket creation attempted")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "socketpair", refuse)
    _GUARD["events"] = []
    _GUARD["active"] = True
    try:
        yield _GUARD["events"]
    finally:
        _GUARD["active"] = False
