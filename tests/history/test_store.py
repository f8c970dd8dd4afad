"""HistoryStore on a real SQLite file: conversations, streaming, edits, search, export/import."""

from __future__ import annotations

import dataclasses
import json
import sqlite3
import threading
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.engine import GenerationResult, SamplingSettings
from desktop.history import (
    DEFAULT_SYSTEM_PROMPT,
    DEFAULT_TITLE,
    ConversationNotFoundError,
    HistoryImportError,
    HistoryStore,
    MessageNotFoundError,
    StreamingMessageWriter,
    build_fts_query,
)


def _result(text: str = "", reason: str = "stop") -> GenerationResult:
    """A real engine result (built from its fields, whatever timing fields it has)."""
    known = {
        "text": text,
        "finish_reason": reason,
        "prompt_tokens": 40,
        "cached_tokens": 0,
        "completion_tokens": 11,
        "n_ctx": 2048,
        "trimmed_messages": 0,
    }
    values = {f.name: known.get(f.name, 0.5) for f in dataclasses.fields(GenerationResult)}
    return GenerationResult(**values)


def _db_text(store: HistoryStore, message_id: int) -> str:
    """The committed text, read through a separate raw sqlite3 connection."""
    assert store.path is not None
    with sqlite3.connect(store.path) as conn:
        return conn.execute("SELECT text FROM messages WHERE id = ?", (message_id,)).fetchone()[0]


# -- conversations ---------------------------------------------------------------------------
def test_create_rename_pin_list_delete(store: HistoryStore) -> None:
    a = store.create_conversation()
    assert a.title == DEFAULT_TITLE and a.system_prompt == DEFAULT_SYSTEM_PROMPT
    b = store.create_conversation("Second", system_prompt="Be brief.", model_id="m1")
    c = store.create_conversation("Third")
    store.add_user_message(a.id, "bump a so it is the most recent")
    assert [x.id for x in store.list_conversations()] == [a.id, c.id, b.id]
    store.pin_conversation(b.id)
    listed = store.list_conversations()
    assert [x.id for x in listed] == [b.id, a.id, c.id]
    assert listed[0].pinned and listed[1].message_count == 1
    assert store.rename_conversation(c.id, "  Renamed \n title ").title == "Renamed title"
    assert store.set_system_prompt(c.id, "New prompt").system_prompt == "New prompt"
    assert store.get_conversation(c.id).system_prompt == "New prompt"
    store.pin_conversation(b.id, False)
    assert not store.get_conversation(b.id).pinned
    store.delete_conversation(a.id)
    with pytest.raises(ConversationNotFoundError):
        store.get_conversation(a.id)
    with pytest.raises(ConversationNotFoundError):
        store.add_user_message(a.id, "gone")
    assert {x.id for x in store.list_conversations()} == {b.id, c.id}
    assert [x.id for x in store.list_conversations(limit=1, offset=1)] == [b.id]


def test_first_user_message_titles_conversation(store: HistoryStore) -> None:
    conv = store.create_conversation()
    long_text = "Patient of 67 with sudden painless loss of vision in the right eye " * 3
    store.add_user_message(conv.id, long_text)
    title = store.get_conversation(conv.id).title
    assert title.startswith("Patient of 67 with sudden") and title.endswith("…")
    assert len(title) <= 61
    store.add_user_message(conv.id, "second question")
    assert store.get_conversation(conv.id).title == title
    named = store.create_conversation("My title")
    store.add_user_message(named.id, "anything")
    assert store.get_conversation(named.id).title == "My title"


def test_add_message_validates(store: HistoryStore) -> None:
    conv = store.create_conversation()
    with pytest.raises(ValueError, match="role must be one of"):
        store.add_message(conv.id, "robot", "x")
    with pytest.raises(TypeError):
        store.add_message(conv.id, "user", None)  # type: ignore[arg-type]


# -- streaming -------------------------------------------------------------------------------
def test_streaming_flushes_and_finish_stats(store: HistoryStore) -> None:
    conv = store.create_conversation()
    store.add_user_message(conv.id, "Question?")
    sampling = SamplingSettings(temperature=0.2, max_tokens=64)
    mid = store.begin_assistant_message(conv.id, model_id="smol", sampling=sampling)
    msg = store.get_message(mid)
    assert msg.role == "assistant" and msg.text == "" and not msg.complete
    assert msg.sampling == sampling.to_dict()
    store.append_to_message(mid, "Hello")
    assert _db_text(store, mid) == ""  # buffered, not yet committed
    assert store.get_messages(conv.id)[-1].text == "Hello"  # readers see the buffer
    assert store.flush_message(mid) == 5
    assert _db_text(store, mid) == "Hello"
    store.append_to_message(mid, " world!")
    info = store.finish_message(mid, _result("Hello world!"))
    assert info is not None and info.complete and info.text == "Hello world!"
    assert _db_text(store, mid) == "Hello world!"
    assert info.finish_reason == "stop"
    assert info.tokens_per_second == pytest.approx(_result().tokens_per_second)
    assert info.tokens_per_second > 0
    assert info.stats is not None and info.stats["prompt_tokens"] == 40
    assert info.stats["completion_tokens"] == 11 and "text" not in info.stats
    assert store.get_conversation(conv.id).model_id == "smol"
    again = store.finish_message(mid)  # a second finish keeps text and stats
    assert again is not None and again.text == "Hello world!"
    assert again.stats is not None and again.stats["prompt_tokens"] == 40


def test_writer_commits_when_interval_elapsed(store: HistoryStore) -> None:
    conv = store.create_conversation()
    mid = store.add_message(conv.id, "assistant", "", complete=False).id
    now = [100.0]
    flushed: list[int] = []
    writer = StreamingMessageWriter(
        store.message_sink,
        mid,
        flush_interval=1.0,
        on_flush=flushed.append,
        clock=lambda: now[0],
        use_timer=False,
    )
    for piece in ("a", "b", "c"):
        now[0] += 0.3
        writer.append(piece)
    assert _db_text(store, mid) == "" and flushed == []
    now[0] += 0.2  # 1.1 s since the writer started
    writer.append("d")
    assert _db_text(store, mid) == "abcd" and flushed == [4]
    now[0] += 0.5
    writer.append("e")
    assert _db_text(store, mid) == "abcd" and writer.pending_text == "e"
    info = writer.finish({"finish_reason": "length"})
    assert info is not None and info.text == "abcde" and info.complete
    assert info.finish_reason == "length" and flushed == [4, 5] and writer.flush_count == 1


def test_timer_flushes_when_stream_pauses(store: HistoryStore) -> None:
    conv = store.create_conversation()
    flushed: list[int] = []
    mid = store.begin_assistant_message(conv.id, flush_interval=0.15, on_flush=flushed.append)
    store.append_to_message(mid, "partial answer")
    assert _db_text(store, mid) == ""
    deadline = time.monotonic() + 3
    while not flushed and time.monotonic() < deadline:
        time.sleep(0.02)
    assert flushed == [len("partial answer")]
    assert _db_text(store, mid) == "partial answer"
    store.finish_message(mid)


def test_cancel_and_error_keep_partial_text(store: HistoryStore) -> None:
    conv = store.create_conversation()
    mid = store.begin_assistant_message(conv.id)
    store.append_to_message(mid, "half an ans")
    info = store.finish_message(mid, _result("half an ans", reason="cancelled"))
    assert info is not None and not info.complete and info.finish_reason == "cancelled"
    assert _db_text(store, mid) == "half an ans"
    mid2 = store.begin_assistant_message(conv.id)
    store.append_to_message(mid2, "oops")
    info2 = store.fail_message(mid2, RuntimeError("model crashed"))
    assert info2 is not None and info2.finish_reason == "error"
    assert info2.stats is not None and info2.stats["error"] == "model crashed"
    assert _db_text(store, mid2) == "oops"
    mid3 = store.begin_assistant_message(conv.id)
    with pytest.raises(ValueError), store.writer(mid3) as writer:
        writer.append("context manager")
        raise ValueError("boom")
    assert store.get_message(mid3).finish_reason == "error"
    assert _db_text(store, mid3) == "context manager"
    with pytest.raises(RuntimeError, match="already finished"):
        writer.append("late")


def test_writer_on_message_deleted_mid_stream(store: HistoryStore) -> None:
    conv = store.create_conversation()
    mid = store.begin_assistant_message(conv.id)
    store.append_to_message(mid, "text")
    writer = store.writer(mid)
    store.delete_conversation(conv.id)
    assert writer.discarded
    writer.append("late piece from the engine")  # ignored, no error
    assert writer.flush() == 0
    assert writer.finish() is None
    with pytest.raises(MessageNotFoundError):
        store.append_to_message(mid, "more")
    # edit-and-resend while an answer streams: the old answer's writer is discarded too
    conv2 = store.create_conversation()
    user = store.add_user_message(conv2.id, "question")
    mid2 = store.begin_assistant_message(conv2.id)
    w2 = store.writer(mid2)
    w2.append("old answer")
    store.edit_message(user.id, "better question")
    assert w2.discarded and w2.finish() is None
    assert [m.text for m in store.get_messages(conv2.id)] == ["better question"]


def test_close_flushes_open_writers(tmp_path: Path) -> None:
    path = tmp_path / "h.db"
    store = HistoryStore(path)
    conv = store.create_conversation()
    mid = store.begin_assistant_message(conv.id)
    store.append_to_message(mid, "unsaved")
    store.close()
    with HistoryStore(path) as again:
        assert again.get_message(mid).text == "unsaved"
        assert not again.get_message(mid).complete
        # a reopened store can continue an existing incomplete message
        again.append_to_message(mid, " continued")
        assert again.finish_message(mid).text == "unsaved continued"  # type: ignore[union-attr]


def test_concurrent_writers_from_threads(store: HistoryStore) -> None:
    conv = store.create_conversation()
    ids = [store.begin_assistant_message(conv.id, flush_interval=0.01) for _ in range(4)]
    errors: list[BaseException] = []

    def stream(mid: int) -> None:
        try:
            for i in range(150):
                store.append_to_message(mid, f"{i},")
            store.finish_message(mid)
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=stream, args=(m,)) for m in ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors
    expected = "".join(f"{i}," for i in range(150))
    for mid in ids:
        assert _db_text(store, mid) == expected
        assert store.get_message(mid).complete


# -- edit / regenerate -----------------------------------------------------------------------
def test_edit_and_resend_and_regenerate(store: HistoryStore) -> None:
    conv = store.create_conversation(system_prompt="SYS")
    u1 = store.add_user_message(conv.id, "first question")
    a1 = store.add_message(conv.id, "assistant", "first answer")
    u2 = store.add_user_message(conv.id, "second question")
    a2 = store.add_message(conv.id, "assistant", "second answer")
    edited = store.edit_message(u2.id, "second question, edited")
    assert edited.text == "second question, edited"
    assert [m.id for m in store.get_messages(conv.id)] == [u1.id, a1.id, u2.id]
    with pytest.raises(MessageNotFoundError):
        store.get_message(a2.id)
    a2b = store.add_message(conv.id, "assistant", "regenerate me")
    assert store.delete_messages_after(a2b.id, inclusive=True) == 1
    assert store.chat_messages(conv.id) == [
        {"role": "system", "content": "SYS"},
        {"role": "user", "content": "first question"},
        {"role": "assistant", "content": "first answer"},
        {"role": "user", "content": "second question, edited"},
    ]
    assert store.search("edited")[0].message_id == u2.id
    assert store.search("regenerate") == []
    store.edit_message(u1.id, "only the first", delete_after=False)
    assert len(store.get_messages(conv.id)) == 3
    store.delete_message(a1.id)
    assert [m.id for m in store.get_messages(conv.id)] == [u1.id, u2.id]


# -- search ----------------------------------------------------------------------------------
def test_search_snippets_and_sync(store: HistoryStore) -> None:
    c1 = store.create_conversation("Cardiology")
    c2 = store.create_conversation("Neurology")
    m1 = store.add_user_message(c1.id, "Crushing chest pain radiating to the left arm <b>")
    store.add_message(c1.id, "assistant", "Consider acute coronary syndrome; get an ECG now.")
    m3 = store.add_user_message(c2.id, "Sudden facial droop and slurred speech; painful neck.")
    hits = store.search("chest")
    assert [(h.conversation_id, h.message_id) for h in hits] == [(c1.id, m1.id)]
    assert hits[0].conversation_title == "Cardiology" and hits[0].role == "user"
    assert "**Crushing chest pain" not in hits[0].snippet
    assert "**chest**" in hits[0].snippet
    assert "<b>chest</b>" in hits[0].snippet_html and "&lt;b&gt;" in hits[0].snippet_html
    assert {h.message_id for h in store.search("pain")} == {m1.id, m3.id}  # prefix: painful
    assert [h.message_id for h in store.search('"facial droop"')] == [m3.id]
    assert store.search('"droop facial"') == []
    assert [h.message_id for h in store.search("pain", conversation_id=c2.id)] == [m3.id]
    assert store.search("Crushing CHEST") and store.search("ecg")
    # triggers keep the index in sync with updates and (cascading) deletes
    store.edit_message(m1.id, "Pleuritic discomfort only", delete_after=False)
    assert store.search("crushing") == []
    assert store.search("pleuritic")[0].message_id == m1.id
    store.delete_conversation(c2.id)
    assert store.search("droop") == []
    mid = store.begin_assistant_message(c1.id)
    store.append_to_message(mid, "thrombolysis discussed")
    store.finish_message(mid)
    assert store.search("thrombolysis")[0].message_id == mid


# (typed text, does it find the message?): FTS5 syntax typed by a user is plain words, AND-ed.
USER_SYNTAX = [
    ('"', False),
    ("AND(", True),
    ("chest AND(", True),
    ("NEAR(", True),
    ("NEAR(chest fever", False),  # as syntax NEAR would match; as words "fever" is missing
    ("*", False),
    ("-pain", True),
    ("-chest pain", True),  # not "without chest": the minus is no operator
    ("pain OR", True),
    ("fever OR chest", False),  # as syntax OR would match "chest"; words are AND-ed
    ("col:pain", True),
    ("chest:pain", True),  # not a filter on a column named "chest"
    ('""', False),
    ("^pain", True),
    ("a'b", True),
    ("(((", False),
    ("NOT", True),
    ("chest NOT pain", True),
    ("chest\x00pain", True),
    ("🙂 chest", True),
    ("   ", False),
    ("sepsis", False),
]


@pytest.mark.parametrize(("query", "found"), USER_SYNTAX)
def test_search_user_syntax_is_safe(store: HistoryStore, query: str, found: bool) -> None:
    conv = store.create_conversation()
    message = store.add_user_message(conv.id, "chest pain and not near col or AND b")
    hits = store.search(query)
    assert [h.message_id for h in hits] == ([message.id] if found else [])


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(max_size=60))
def test_search_never_raises_on_arbitrary_text(store: HistoryStore, query: str) -> None:
    if not hasattr(store, "_hypo_conv"):
        conv = store.create_conversation()
        store.add_user_message(conv.id, "Sepsis six: oxygen, cultures, antibiotics, fluids")
        store._hypo_conv = conv.id  # type: ignore[attr-defined]
    assert isinstance(store.search(query), list)
    match = build_fts_query(query)
    assert match is None or match.strip()


def test_build_fts_query_quotes_terms() -> None:
    assert build_fts_query("chest pain") == '"chest"* "pain"*'
    assert build_fts_query('"chest pain" ecg') == '"chest pain" "ecg"*'
    assert build_fts_query("AND(") == '"AND"*'
    assert build_fts_query('he said "hi') == '"he"* "said"* "hi"*'
    assert build_fts_query("  ?!  ") is None


# -- export / import -------------------------------------------------------------------------
def _content(payload: dict) -> list:
    """Export payload without ids / export time (which legitimately differ)."""
    out = []
    for conv in payload["conversations"]:
        conv = {k: v for k, v in conv.items() if k != "id"}
        conv["messages"] = [{k: v for k, v in m.items() if k != "id"} for m in conv["messages"]]
        out.append(conv)
    return out


def _fill(store: HistoryStore) -> None:
    c1 = store.create_conversation("Chest pain", model_id="smol")
    store.add_user_message(c1.id, "55M, crushing chest pain. Next step?")
    mid = store.begin_assistant_message(c1.id, model_id="smol", sampling=SamplingSettings())
    store.append_to_message(mid, "Call emergency services; 12-lead ECG.\n\n* aspirin")
    store.finish_message(mid, _result())
    c2 = store.create_conversation("Dosing — ünïcødé", system_prompt="")
    store.pin_conversation(c2.id)
    store.add_user_message(c2.id, 'What dose of "amoxicillin" for a 20 kg child?')
    mid2 = store.begin_assistant_message(c2.id)
    store.append_to_message(mid2, "It depends on")
    store.cancel_message(mid2)


def test_export_import_round_trip(store: HistoryStore, tmp_path: Path) -> None:
    _fill(store)
    original = store.export_json()
    target = HistoryStore(tmp_path / "other" / "empty.db")
    try:
        path = store.write_export(tmp_path / "out" / "all.json")
        assert path.stat().st_mode & 0o777 == 0o600
        new_ids = target.import_json(path)
        assert len(new_ids) == 2
        assert _content(target.export_json()) == _content(original)
        # pinned-first order and search work on the imported data
        assert target.list_conversations()[0].title == "Dosing — ünïcødé"
        assert target.search("amoxicillin")[0].conversation_id == new_ids[1]
        # also from a dict and from JSON text
        target.import_json(json.dumps(store.export_json(new_ids and None)))
        assert len(target.list_conversations()) == 4
    finally:
        target.close()


def test_export_single_conversation_and_markdown(store: HistoryStore, tmp_path: Path) -> None:
    _fill(store)
    convs = store.list_conversations()
    one = store.export_json(convs[0].id)
    assert [c["title"] for c in one["conversations"]] == [convs[0].title]
    md = store.export_markdown()
    assert "# Chest pain" in md and "# Dosing — ünïcødé" in md
    tps = _result().tokens_per_second
    assert "### User" in md and f"### Assistant _(smol, {tps:.1f} tokens/s)_" in md
    assert "finished: cancelled" in md and "incomplete" in md
    assert "Decision support, not a clinician" in md
    out = store.write_export(tmp_path / "one.md", "markdown", convs[1].id)
    text = out.read_text(encoding="utf-8")
    assert "# Chest pain" in text and "Dosing" not in text
    with pytest.raises(ValueError, match="unknown export format"):
        store.write_export(tmp_path / "x.pdf", "pdf")


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ("{not json", "not valid JSON"),
        ({"format": "other"}, "not a history export"),
        ({"format": "clinassist-history", "version": 99, "conversations": []}, "version"),
        (
            {
                "format": "clinassist-history",
                "version": 1,
                "conversations": [
                    {"title": "ok", "messages": [{"role": "user", "text": "fine"}]},
                    {"title": "bad", "messages": [{"role": "user", "text": "a"}, {"role": "x"}]},
                ],
            },
            "conversation 2, message 2: role must be one of",
        ),
        (
            {
                "format": "clinassist-history",
                "version": 1,
                "conversations": [{"title": "t", "created_at": "yesterday", "messages": []}],
            },
            "conversation 1: invalid timestamp",
        ),
    ],
)
def test_import_errors_are_clear_and_atomic(
    store: HistoryStore, payload: object, message: str
) -> None:
    with pytest.raises(HistoryImportError, match=message):
        store.import_json(payload)  # type: ignore[arg-type]
    assert store.list_conversations() == []


def test_import_missing_file(store: HistoryStore, tmp_path: Path) -> None:
    with pytest.raises(HistoryImportError, match="Cannot read"):
        store.import_json(tmp_path / "nope.json")


def test_store_on_shared_engine(tmp_path: Path) -> None:
    from desktop.storage.db import open_database

    engine = open_database(tmp_path / "shared.db")
    first = HistoryStore(engine)
    conv = first.create_conversation("shared")
    first.close()  # must not dispose an engine it did not create
    second = HistoryStore(engine)
    assert second.get_conversation(conv.id).title == "shared"
    assert second.path == tmp_path / "shared.db"
    second.close()
    engine.dispose()


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    title=st.text(max_size=30),
    texts=st.lists(st.text(max_size=80), min_size=1, max_size=4),
    prompt=st.text(max_size=40),
)
def test_round_trip_arbitrary_text(
    store: HistoryStore, tmp_path: Path, title: str, texts: list[str], prompt: str
) -> None:
    store.clear_all()
    conv = store.create_conversation(title, system_prompt=prompt)
    for i, text in enumerate(texts):
        store.add_message(conv.id, ("user", "assistant")[i % 2], text)
    payload = json.loads(json.dumps(store.export_json(conv.id)))  # through real JSON text
    store.clear_all()
    (new_id,) = store.import_json(payload)
    assert store.get_conversation(new_id).system_prompt == prompt
    assert [m.text for m in store.get_messages(new_id)] == texts
    assert _content(store.export_json(new_id)) == _content(payload)
    assert store.export_markdown(new_id)
    for text in texts:
        store.search(text)  # any stored text is also a valid query
