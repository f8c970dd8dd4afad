"""ChatSession (Qt-free) on a real store: answer versions as sibling messages, chosen version kept."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from desktop.chat import ChatSession, VersionInfo
from desktop.chat import history_ops as H
from desktop.engine import GenerationResult, SamplingSettings
from desktop.history import HistoryStore


def run_now(
    fn: Callable[[], Any],
    on_done: Callable[[Any], None] | None = None,
    on_error: Callable[[BaseException], None] | None = None,
) -> None:
    """The database thread, run in line (order is what matters)."""
    result = fn()
    if on_done is not None:
        on_done(result)


def _result(text: str, reason: str = "stop", seed: int = 1) -> GenerationResult:
    return GenerationResult(text, reason, 10, 0, 5, 0.1, 0.2, 2048, 0, seed=seed)


def _answer(session: ChatSession, text: str, reason: str = "stop") -> None:
    session.begin_answer("", "emergency", [], "model.gguf", SamplingSettings())
    for piece in (text[:3], text[3:]):
        session.add_text(piece)
    session.flush()
    session.finish(_result(text, reason))


def test_regenerate_keeps_versions_and_the_choice_survives_reload(store: HistoryStore) -> None:
    session = ChatSession(lambda: store, run_now)
    session.system_prompt = "Be brief."
    session.add_question("What causes anaemia?", "model.gguf", lambda _id: None)
    _answer(session, "first answer", reason="cancelled")
    assert session.messages[-1].stopped and not session.messages[-1].complete
    _answer(session, "second answer")
    assert [m.role for m in session.messages] == ["user", "assistant"]
    assert session.messages[-1].text == "second answer"
    assert session.version_info(1) == VersionInfo(2, 2)
    assert session.show_version(1, -1) and session.messages[-1].text == "first answer"
    assert session.version_info(1) == VersionInfo(1, 2)
    assert not session.show_version(1, -1)  # no version before the first

    conv_id = session.conversation_id
    assert conv_id is not None
    saved = [m.role for m in store.get_messages(conv_id)]
    assert saved == ["user", "assistant", "assistant"]  # siblings, no schema change
    reloaded = ChatSession.from_loaded(lambda: store, run_now, H.load_conversation(store, conv_id))
    assert reloaded.messages[-1].text == "first answer"  # the chosen version
    assert not reloaded.messages[-1].stopped  # a reloaded stopped answer is "interrupted"
    assert reloaded.version_info(1) == VersionInfo(1, 2)

    # A follow-up question builds on the chosen version; editing drops every version.
    reloaded.add_question("And in children?", "model.gguf", lambda _id: None)
    _answer(reloaded, "third answer")
    texts = [m.text for m in reloaded.messages]
    assert texts[1:] == ["first answer", "And in children?", "third answer"]
    reloaded.truncate(0)
    assert reloaded.messages == [] and store.get_messages(conv_id) == []


def test_regenerate_sampling_moves_a_fixed_seed_on() -> None:
    def no_history() -> HistoryStore:
        raise AssertionError("choosing a seed must not open the history")

    session = ChatSession(no_history, run_now)
    free = SamplingSettings(seed=None)
    assert session.regenerate_sampling(free).seed is None  # the engine draws a fresh one
    fixed = SamplingSettings(seed=7)
    seeds = [session.regenerate_sampling(fixed).seed for _ in range(3)]
    assert len(set(seeds)) == 3 and fixed.seed not in seeds  # new, yet reproducible


class Deferred:
    """The database thread, run later in order (as in the app, where the GUI runs ahead)."""

    def __init__(self) -> None:
        self.jobs: list[tuple[Callable[[], Any], Callable[[Any], None] | None]] = []

    def __call__(self, fn, on_done=None, on_error=None) -> None:  # noqa: ANN001
        self.jobs.append((fn, on_done))

    def drain(self, keep: int = 0) -> None:
        """Run queued jobs in order, leaving the last ``keep`` of them queued."""
        while len(self.jobs) > keep:
            fn, on_done = self.jobs.pop(0)
            result = fn()
            if on_done is not None:
                on_done(result)


def test_regenerate_before_the_last_answer_is_saved_keeps_both(store: HistoryStore) -> None:
    db = Deferred()
    session = ChatSession(lambda: store, db)
    session.add_question("What causes anaemia?", "model.gguf", lambda _id: None)
    _answer(session, "first answer")
    db.drain(keep=1)  # the database thread has saved its text, its close job is still queued
    _answer(session, "second answer")  # ... when Regenerate starts the next one
    assert session.show_version(1, -1)  # and the user picks the first before any DB work ran
    db.drain()
    conv_id = session.conversation_id
    assert conv_id is not None
    saved = [(m.text, m.complete) for m in store.get_messages(conv_id) if m.role == "assistant"]
    assert saved == [("first answer", True), ("second answer", True)]
    reloaded = ChatSession.from_loaded(lambda: store, run_now, H.load_conversation(store, conv_id))
    assert reloaded.messages[-1].text == "first answer"  # the choice was saved
