"""Child of test_crash_bound.py: the real app streams an answer in its Chat page until killed.

``python -m tests.ui.chat_crash_child HOME``. Prints ``LOADED`` once the model is loaded, then
``SHOWN <time.monotonic()> <piece as JSON>`` right after the chat page has drawn each piece
(our slot is connected after the page's own, so it runs once the piece is on screen).
"""

from __future__ import annotations

import json
import sys
import time

from PySide6.QtWidgets import QApplication

from desktop.app import create_window
from desktop.settings_store import SettingsStore

QUESTION = "Explain in detail how the kidneys regulate blood pressure, step by step."


def main(home: str) -> int:
    SettingsStore(home).update("engine", n_threads=1, n_ctx=2048)
    SettingsStore(home).update("sampling", max_tokens=1500, temperature=0.7)
    app = QApplication.instance() or QApplication([sys.argv[0]])
    window = create_window(show=True, first_run=False)
    page = window.show_page("chat")

    def shown(text: str, _event: object) -> None:
        print(f"SHOWN {time.monotonic():.6f} {json.dumps(text)}", flush=True)

    def loaded(_info: object) -> None:
        print("LOADED", flush=True)
        page.input.setPlainText(QUESTION)
        page.send_from_input()
        page.request.sig_token.connect(shown)

    window.ctx.bridge.sig_model_loaded.connect(loaded)
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1]))
