"""Library page and cited answers in the chat, on the real default model (with screenshots)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from PySide6.QtCore import QUrl

from desktop.engine import SamplingSettings
from desktop.library import LibraryMode, import_paths
from desktop.library.pdf_writer import write_pdf
from tests.ui.conftest import close_window, wait_db, wait_idle, wait_loaded

GUIDE = [
    "Hyperkalaemia guideline. Potassium above 6.5 mmol/L with ECG changes is an emergency.",
    "Treatment of hyperkalaemia: give intravenous calcium gluconate to protect the heart, "
    "then insulin with glucose to shift potassium into the cells.",
]


def test_library_page_imports_searches_and_reports_bad_files(
    qtbot: Any, make_window: Any, tmp_path: Path, artifacts_dir: Path
) -> None:
    window = make_window()
    page = window.show_page("library")
    qtbot.waitUntil(lambda: len(page.documents) >= 1, timeout=60_000)  # the sample document
    assert page.documents[0].is_sample

    folder = tmp_path / "guidelines"
    folder.mkdir()
    write_pdf(folder / "hyperkalaemia.pdf", GUIDE, title="Hyperkalaemia guideline")
    (folder / "asthma.html").write_text(
        "<html><title>Acute asthma</title><body><p>Salbutamol via spacer; oral prednisolone."
        "</p></body></html>",
        encoding="utf-8",
    )
    (folder / "scan.pdf").write_bytes(b"GIF89a" + bytes(2000))  # not a PDF at all
    page.target_box.setCurrentText("Guidelines")
    page.add_paths([folder])
    assert page.cancel_button.isEnabled()
    qtbot.waitUntil(lambda: page.task is None, timeout=60_000)
    report = page.last_report
    assert report is not None and len(report.added) == 2
    assert [Path(e.path).name for e in report.errors] == ["scan.pdf"]
    assert "scan.pdf" in page.status.text() and "not a PDF" in page.status.text()
    qtbot.waitUntil(lambda: len(page.documents) == 3, timeout=30_000)
    labels = [page.collection_list.item(i).text() for i in range(page.collection_list.count())]
    assert any(label.startswith("Guidelines\n   2 documents") for label in labels)

    page.search_box.setText("calcium gluconate heart")
    page.search_button.click()
    qtbot.waitUntil(lambda: bool(page.results), timeout=30_000)
    top = page.results[0]
    assert top.title == "Hyperkalaemia guideline" and top.page == 2
    html = page.results_view.toHtml()
    assert "Hyperkalaemia guideline, p. 2" in page.results_view.toPlainText()
    assert re.search(r"font-weight:(700|600|bold)[^>]*>calcium", html)  # highlighted match
    opened: list[QUrl] = []
    page.source_opener = opened.append
    page.results_view.anchorClicked.emit(QUrl(_first_href(html)))
    assert opened[0].toLocalFile() == str((folder / "hyperkalaemia.pdf").resolve())
    assert opened[0].fragment() == "page=2"
    window.resize(1180, 780)
    window.grab().save(str(artifacts_dir / "library.png"))


def _first_href(html: str) -> str:
    match = re.search(r'href="([^"]+)"', html)
    assert match is not None
    return match.group(1).replace("&amp;", "&")


def test_cited_answer_shows_source_cards_and_library_only_refuses(
    qtbot: Any, make_window: Any, tmp_path: Path, artifacts_dir: Path, no_sockets: list[Any]
) -> None:
    window = make_window()
    chat = window.show_page("chat")
    wait_loaded(qtbot, window)
    sampling = SamplingSettings(temperature=0.0, max_tokens=12, seed=7).to_dict()
    window.ctx.settings.merge("sampling", sampling)
    pdf = write_pdf(tmp_path / "hyperkalaemia.pdf", GUIDE, title="Hyperkalaemia guideline")
    done: list[Any] = []
    window.ctx.run_db(lambda: import_paths(window.ctx.library, [pdf]), done.append)
    qtbot.waitUntil(lambda: bool(done), timeout=60_000)

    chat.library_box.set_mode(LibraryMode.USE)
    chat.send("How is hyperkalaemia treated with calcium gluconate?")
    wait_idle(qtbot, chat)
    answer = chat.messages[-1]
    assert answer.role == "assistant" and answer.sources
    assert answer.sources[0].where == "Hyperkalaemia guideline, p. 2"
    shown = chat.transcript.toPlainText()
    assert "Sources" in shown and "Hyperkalaemia guideline, p. 2" in shown
    cited = {int(n) for n in re.findall(r"\[(\d+)\]", answer.body)}
    assert cited <= {s.number for s in answer.sources}
    opened: list[QUrl] = []
    chat.source_opener = opened.append
    chat.transcript.anchorClicked.emit(QUrl(_first_href(chat.transcript.toHtml())))
    assert opened and opened[0].toLocalFile() == str(pdf.resolve())
    assert opened[0].fragment() == "page=2"
    window.grab().save(str(artifacts_dir / "chat_cited_answer.png"))

    chat.library_box.set_mode(LibraryMode.ONLY)
    chat.send("What is the loading dose of amiodarone for atrial fibrillation?")
    wait_idle(qtbot, chat)
    refusal = chat.messages[-1]
    assert "Nothing in your library" in refusal.text and not refusal.sources
    wait_db(qtbot, window)
    conv_id = chat.conversation_id
    assert conv_id is not None

    saved = window.ctx.history.get_messages(conv_id)
    assert [m.role for m in saved] == ["user", "assistant", "user", "assistant"]
    assert saved[1].sources and saved[1].sources[0].page == 2
    assert "Nothing in your library" in saved[3].text
    window.ensure_all_pages()  # no page preload still in flight when the window closes
    close_window(window)

    again = make_window()  # reopened: the cards come back from history
    chat2 = again.show_page("chat")
    chat2.open_conversation(conv_id)
    qtbot.waitUntil(lambda: len(chat2.messages) == 4, timeout=30_000)
    assert chat2.messages[1].sources[0].text == saved[1].sources[0].text
    assert "Hyperkalaemia guideline, p. 2" in chat2.transcript.toPlainText()
    again.ensure_all_pages()
    assert no_sockets == []
