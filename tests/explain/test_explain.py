"""The one explanation prompt (with and without library passages), the library lookup behind
an explanation on a real SQLite library with a PDF written here, and citation clean-up."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.explain.library import (
    NOT_IN_LIBRARY,
    cited_sources,
    library_query,
    plan_explanation,
    sources_footer,
)
from desktop.explain.prompt import LIBRARY_INSTRUCTION, SYSTEM_PROMPT, explanation_messages
from desktop.explain.setting import explain_from_library, set_explain_from_library
from desktop.history import HistoryStore
from desktop.library import LibraryStore, import_paths
from desktop.library.passages import Passage
from desktop.library.sample import ensure_sample_library
from desktop.mcq.history_entry import save_explanation, save_result
from desktop.questions.record import Question
from desktop.settings_store import SettingsStore
from desktop.storage.db import open_database
from tests.explain.guide import (
    OPTIONS,
    TITLE,
    UNCOVERED_OPTIONS,
    covered_question,
    uncovered_question,
    write_guide,
)


@pytest.fixture
def library(tmp_path: Path) -> Iterator[LibraryStore]:
    engine = open_database(tmp_path / "app.db")
    store = LibraryStore(engine)
    ensure_sample_library(store)  # as in the app: the sample notes are there too
    report = import_paths(store, [write_guide(tmp_path)])
    assert len(report.added) == 1 and not report.errors
    yield store
    engine.dispose()


def passage(number: int, text: str) -> Passage:
    return Passage(number, 1, "Doc", "/x/doc.pdf", "pdf", "", number, 0, len(text), text)


def test_prompt_without_passages_explains_the_key_and_the_mistake() -> None:
    q = covered_question()
    system, user = explanation_messages(q, "D")
    assert system == {"role": "system", "content": SYSTEM_PROMPT}
    text = user["content"]
    assert text.index("Question:\n" + q.question) < text.index("Options:\nA. Intravenous")
    assert "Correct answer: A. Intravenous calcium gluconate" in text
    assert "The student chose D. Furosemide. Explain the mistake too." in text
    assert LIBRARY_INSTRUCTION not in text and "[1]" not in text
    assert "The student chose" not in explanation_messages(q, "A")[1]["content"]


def test_prompt_for_a_question_without_key_explains_the_models_pick() -> None:
    q = Question("adhoc", "Pick one?", {"A": "Aspirin", "B": "Heparin"})
    text = explanation_messages(q, answer="B")[1]["content"]
    assert "Suggested answer (the model's pick, not an answer key): B. Heparin" in text
    assert "Correct answer" not in text
    with pytest.raises(ValueError, match="no answer key"):
        explanation_messages(q)
    with pytest.raises(ValueError, match="not one of"):
        explanation_messages(q, answer="E")


def test_prompt_with_passages_numbers_them_before_the_question() -> None:
    passages = [
        passage(1, "Give calcium gluconate first."),
        passage(2, "Then  insulin\nwith glucose."),
    ]
    text = explanation_messages(covered_question(), passages=passages)[1]["content"]
    assert text.startswith(LIBRARY_INSTRUCTION)
    first, second = (
        text.index("[1] Give calcium gluconate first."),
        text.index("[2] Then insulin with glucose."),
    )
    assert first < second < text.index("Question:")
    assert "[3]" not in text


def test_the_library_backs_a_covered_question_with_the_right_page(library: LibraryStore) -> None:
    q = covered_question()
    assert library_query(q).startswith(OPTIONS["A"])  # the answer first, then the stem
    plan = plan_explanation(library, q)
    assert plan.has_sources and plan.refusal is None
    top = plan.passages[0]
    assert (top.title, top.page) == (TITLE, 2)
    assert {"calcium", "gluconate", "potassium"} <= set(top.matched_terms)
    # every option of this question is covered by page 2 (the MCQ page explains the model's pick)
    for label in OPTIONS:
        assert [p.page for p in plan_explanation(library, q, label).passages][:1] == [2]

    answer = "Calcium protects the heart [1]. Insulin shifts potassium [2] [1, 7]."
    final, sources = cited_sources(plan, answer)
    assert len(plan.passages) == 1
    assert final == "Calcium protects the heart [1]. Insulin shifts potassium [1]."
    assert [(s.number, s.page, s.cited) for s in sources] == [(1, 2, True)]
    assert sources_footer(sources) == f"\n\nSources (your library): [1] {TITLE}, p. 2"
    uncited, sources = cited_sources(plan, "No markers at all [4].")
    assert uncited == "No markers at all." and not sources[0].cited


def test_nothing_relevant_gives_an_empty_plan(library: LibraryStore) -> None:
    plan = plan_explanation(library, uncovered_question())
    assert not plan.has_sources and plan.passages == ()
    for label in UNCOVERED_OPTIONS:  # whichever the model picks on the MCQ page
        assert plan_explanation(library, uncovered_question(), label).passages == ()
    assert "not backed by your library" in NOT_IN_LIBRARY
    final, sources = cited_sources(plan, "The radial nerve [1] is injured.")
    assert final == "The radial nerve is injured." and sources == []
    # page 2 names furosemide, but says nothing on gout: it does not back this explanation
    assert (
        plan_explanation(
            library,
            Question("x", "Which drug treats gout?", {"A": "Allopurinol", "B": "Furosemide"}, "B"),
        ).passages
        == ()
    )


def test_the_switch_is_one_setting(tmp_path: Path) -> None:
    settings = SettingsStore(tmp_path)
    assert explain_from_library(settings) is False
    set_explain_from_library(settings, True)
    assert explain_from_library(SettingsStore(tmp_path)) is True  # saved to the file
    settings.merge("ui", {"font_size": 12})  # other ui settings leave it alone
    assert explain_from_library(SettingsStore(tmp_path)) is True


def test_the_mcq_entry_keeps_the_passages_of_its_latest_explanation(library: LibraryStore) -> None:
    history = HistoryStore(library.engine)  # one app database, as in the app
    q = covered_question()
    conv_id, answer_id = save_result(history, "MCQ: hyperkalaemia", q.question, "**A**", None, {})
    plan = plan_explanation(library, q)
    final, sources = cited_sources(plan, "Calcium first [1] [2].")
    save_explanation(history, answer_id, "**A**", final, sources)
    saved = history.get_message(answer_id)
    assert saved.text.endswith("Calcium first [1].")
    assert [(s.title, s.page, s.cited) for s in saved.sources] == [(TITLE, 2, True)]
    # explained again without the library: the old passages go, the notice is kept in the text
    save_explanation(history, answer_id, "**A**", "Calcium first.", (), NOT_IN_LIBRARY)
    saved = history.get_message(answer_id)
    assert saved.sources == () and saved.text.endswith(f"_{NOT_IN_LIBRARY}_")
    assert [m.role for m in history.get_messages(conv_id)] == ["user", "assistant"]
