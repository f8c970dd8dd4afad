"""Qt-free pieces of the UI: question parsing, Markdown rendering, streaming paragraph cuts."""

from __future__ import annotations

import pytest

from desktop.chat.history_ops import ChatMessage, notice_prefix, prompt_messages
from desktop.history.store import auto_title as title_from
from desktop.questions.pasted import QuestionInputError, parse_labels, parse_question_text
from desktop.ui.chat.render import markdown_html
from desktop.ui.chat.transcript import stable_cut


def test_parse_lettered_options_with_continuation_lines() -> None:
    q = parse_question_text(
        "Which drug is first-line?\nConsider renal function.\nA. Metformin\nB) Insulin\n"
        "  glargine\n(C) Gliclazide",
        context="  HbA1c 58 mmol/mol  ",
    )
    assert q.question == "Which drug is first-line?\nConsider renal function."
    assert q.options == {"A": "Metformin", "B": "Insulin glargine", "C": "Gliclazide"}
    assert q.context == "HbA1c 58 mmol/mol"


def test_parse_free_labels_and_errors() -> None:
    q = parse_question_text("Is the drug effective?", "yes, no / maybe")
    assert q.options == {"yes": "yes", "no": "no", "maybe": "maybe"}
    with pytest.raises(QuestionInputError, match="at least two options"):
        parse_question_text("Is it?", "yes")
    with pytest.raises(QuestionInputError, match="question first"):
        parse_question_text("A. one\nB. two")
    with pytest.raises(QuestionInputError, match="different"):
        parse_labels("yes, Yes")
    with pytest.raises(QuestionInputError, match="option B"):
        parse_question_text("Stem\nA. only one")


def test_markdown_escapes_raw_html_and_renders_lists() -> None:
    html = markdown_html("**Dose** <script>alert(1)</script>\n\n- a\n- b")
    assert "<strong>Dose</strong>" in html and "<li>a</li>" in html
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_stable_cut_never_splits_code_fences() -> None:
    text = "Intro para.\n\nSecond para.\n\nstill growing"
    assert stable_cut(text, 0) == text.index("still")
    assert stable_cut("no break yet", 0) == 0
    fenced = "Text\n\n```\ncode\n\nmore code"
    assert stable_cut(fenced, 0) == fenced.index("```")  # inside an open fence: stop before it
    assert stable_cut(fenced, fenced.index("```")) == fenced.index("```")


def test_prompt_messages_strip_saved_notices() -> None:
    notice = "EMERGENCY: call 112"
    msgs = [
        ChatMessage("user", "chest pain"),
        ChatMessage("assistant", notice_prefix(notice) + "Answer", notice=notice),
    ]
    out = prompt_messages("sys", msgs)
    assert out == [
        {"role": "system", "content": "sys"},
        {"role": "user", "content": "chest pain"},
        {"role": "assistant", "content": "Answer"},
    ]
    assert title_from("x " * 100).endswith("…") and len(title_from("x " * 100)) == 60


def test_installed_pyside6_keeps_none_and_bool_reference_counts() -> None:
    """PySide6 6.12.0 drops a reference to None per void call: the app aborts on Python 3.11."""
    import sys

    from PySide6.QtCore import QObject, QTimer, Signal

    class Probe(QObject):
        sig = Signal()

    timer, probe = QTimer(), Probe()
    n = 2000
    none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(n):
        timer.setInterval(5)  # returns None
        probe.sig.emit()  # returns a bool
    assert sys.getrefcount(None) - none_before > -n // 2, "PySide6 leaks None references"
    assert sys.getrefcount(True) - true_before > -n // 2, "PySide6 leaks bool references"


def test_work_handed_to_a_closed_runner_is_dropped_not_raised(qtbot) -> None:  # noqa: ANN001
    """A late search-as-you-type timer fired while the window closes must not crash the app."""
    from desktop.ui.background import BackgroundRunner

    runner = BackgroundRunner(max_workers=1, name="t")
    ran: list[int] = []
    runner.run(lambda: ran.append(1)).future.result(timeout=10)
    runner.shutdown(wait=True)
    late = runner.run(lambda: ran.append(2))
    assert late.cancelled and late.future is None and ran == [1]
