"""A whole app session, every page, run as a child process by test_offline.py.

``python -m tests.hardening.offline_session HOME TINY_HF_DIR``. A recording audit hook sees
every socket event of the process; ``desktop.app.main`` installs the app's network guard
(``desktop.netguard``) exactly as in the installed app, and it stays installed for the pages
driven afterwards: Chat (the app's headless smoke answer), MCQ with its explanation, a Study
review explanation, and Models (convert a Hugging Face folder, then "Make faster copy").
Prints ``SESSION-RESULT {json}``.
"""

from __future__ import annotations

import json
import os
import socket
import sys
import time
from collections.abc import Callable

events: list[str] = []
FORBIDDEN = {
    "socket.getaddrinfo",
    "socket.gethostbyname",
    "socket.gethostbyaddr",
    "socket.connect",
    "socket.sendto",
    "socket.bind",
}


def hook(event: str, args: tuple) -> None:
    if event == "socket.__new__":
        family = args[1]
        if family not in (socket.AF_UNIX, -1):
            events.append(f"{event} family={family}")
    elif event in FORBIDDEN:
        sock = args[0] if args else None
        if getattr(sock, "family", None) != socket.AF_UNIX:
            events.append(f"{event} {args[1:]!r}"[:200])


def wait(app, cond: Callable[[], bool], what: str, timeout: float = 300.0) -> None:  # noqa: ANN001
    deadline = time.monotonic() + timeout
    while not cond():
        app.processEvents()
        time.sleep(0.01)
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out waiting for {what}")


def settle(app, window) -> None:  # noqa: ANN001
    done: list[bool] = []
    window.ctx.run_db(lambda: None, lambda _r: done.append(True))
    wait(app, lambda: bool(done), "the database thread")
    end = time.monotonic() + 0.3
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)


T0 = time.monotonic()


def mark(out: dict, name: str) -> None:
    out.setdefault("seconds", {})[name] = round(time.monotonic() - T0, 1)


def run_pages(out: dict, tiny_hf: str) -> None:  # noqa: C901 - one scripted session
    from PySide6.QtWidgets import QApplication

    from desktop import netguard
    from desktop.app import create_window
    from desktop.engine import SamplingSettings
    from desktop.ui.mcq.page import EXAMPLE

    out["guard_installed"] = netguard.installed()
    app = QApplication.instance()
    window = create_window(show=False, first_run=False)
    bridge = window.ctx.bridge
    wait(app, lambda: bridge.is_loaded, "the model")
    mark(out, "window_loaded")

    mcq = window.show_page("mcq")
    mcq.question_edit.setPlainText(EXAMPLE)
    mcq.set_method("letter")
    mcq.run()
    wait(app, lambda: mcq.result is not None or mcq.error is not None, "the MCQ answer")
    out["mcq_choice"] = mcq.result.choice if mcq.result else mcq.error
    mcq.explain_button.click()
    wait(app, lambda: len(mcq.explanation) > 20 or mcq.explain_request is None, "MCQ explain")
    mcq.stop()
    wait(app, lambda: mcq.explain_request is None, "the MCQ explanation to stop")
    out["mcq_explanation_chars"] = len(mcq.explanation)
    mark(out, "mcq")

    study = window.show_page("study")
    study.explain_sampling = SamplingSettings(temperature=0.3, max_tokens=24, seed=3)
    study.on_shown()
    wait(app, lambda: study.home.banks.count() == 1, "the sample bank")
    study.home.size.setValue(1)
    study.home.order.setCurrentIndex(study.home.order.findData("sequential"))
    settle(app, window)
    study.start_block(study.home.spec())
    wait(app, lambda: study.session is not None, "the study block")
    question = study.session.current.question
    study.answer(next(label for label in question.labels if label != question.answer))
    wait(app, lambda: study.session.current.revealed, "the revealed answer")
    study.end_block()
    wait(app, lambda: study.stack.currentWidget() is study.review, "the review screen")
    study.review.panel.explain_button.click()
    wait(app, lambda: study.explain_request is None, "the study explanation")
    wait(app, lambda: getattr(study, "explanations_saved", 0) == 1, "the saved explanation")
    out["study_explanation_chars"] = len(study.review.panel.model_text.toPlainText().strip())
    mark(out, "study")

    models = window.show_page("models")
    wait(app, lambda: len(models.rows) >= 1, "the model list")
    models.convert_folder(tiny_hf, quant="F16")
    wait(app, lambda: models.task is None, "the conversion", timeout=600)
    out["convert_error"] = models.last_error
    mark(out, "convert")
    wait(app, lambda: len(models.rows) == 2, "the converted model in the list")
    converted = next(r.entry for r in models.rows if not r.entry.builtin)
    models.make_fast_copy(converted, "Q8_0")
    wait(app, lambda: models.task is None, "the faster copy", timeout=600)
    out["fast_copy_error"] = models.last_error
    mark(out, "fast_copy")
    wait(app, lambda: len(models.rows) == 3, "the faster copy in the list")
    out["models_after"] = sorted(
        r.info.quantization for r in models.rows if not r.entry.builtin and r.info
    )
    out["guard_refused"] = netguard.refused()
    window.close()
    window.ctx.shutdown()


def main() -> None:
    sys.addaudithook(hook)
    home, tiny_hf = sys.argv[1], sys.argv[2]
    os.environ["CLINASSIST_HOME"] = home
    out: dict = {}
    try:  # the interfaces of THIS process's network namespace
        with open("/proc/self/net/dev") as fh:
            out["interfaces"] = sorted(x.split(":")[0].strip() for x in fh.readlines()[2:])
    except OSError:
        out["interfaces"] = None

    from desktop.questions import read_questions
    from desktop.settings_store import SettingsStore
    from desktop.study.importer import SAMPLE_BANK_PATH

    report = read_questions(SAMPLE_BANK_PATH)
    out["questions"] = len(report.questions)
    SettingsStore(home).update("engine", n_threads=1, n_ctx=2048)  # a shared 2-core machine

    from models.registry import ModelRegistry

    out["models"] = [m.id for m in ModelRegistry().list()]

    from desktop.app import main as app_main

    out["app_exit"] = app_main(["--quit-after-load", "--home", home])  # Chat; installs the guard
    mark(out, "chat_smoke")
    run_pages(out, tiny_hf)

    from desktop.history import HistoryStore
    from desktop.storage.integrity import open_checked_database

    engine, _startup = open_checked_database(os.path.join(home, "clinassist.db"))
    store = HistoryStore(engine)
    cid = store.create_conversation(title="offline").id
    store.add_user_message(cid, "offline question about sepsis")
    out["search_hits"] = len(store.search("sepsis"))
    store.close()
    engine.dispose()
    out["socket_events"] = list(events)
    # Positive control: the hook does see an INET socket (created, never connected: no traffic).
    socket.socket(socket.AF_INET, socket.SOCK_DGRAM).close()
    out["control_events"] = events[len(out["socket_events"]) :]
    print("SESSION-RESULT " + json.dumps(out))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
