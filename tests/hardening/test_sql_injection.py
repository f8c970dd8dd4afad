"""Hostile text in titles, messages and search queries is data, never SQL (parameterised)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

HOSTILE = [
    "'); DROP TABLE messages; --",
    '" OR 1=1 --',
    "x'; ATTACH DATABASE '/tmp/pwned.db' AS p; --",
    "messages_fts MATCH '*' OR 1",
    'NEAR(a b) AND -c OR "d',
    "\x00nul byte\x00",
    "ü ñ 中文 \u202e",
]


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_text_round_trips_and_tables_survive(tmp_path: Path, hostile: str) -> None:
    from desktop.history import HistoryStore

    db = tmp_path / "clinassist.db"
    store = HistoryStore(db)
    try:
        conv = store.create_conversation(title=hostile, system_prompt=hostile)
        store.add_user_message(conv.id, hostile)
        store.search(hostile)  # must not raise or run anything
        store.rename_conversation(conv.id, hostile + "2")
        assert store.get_conversation(conv.id).title == hostile + "2"
        assert [m.text for m in store.get_messages(conv.id)] == [hostile]
    finally:
        store.close()
    with sqlite3.connect(db) as conn:
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert {"conversations", "messages", "messages_fts"} <= names
        assert conn.execute("PRAGMA database_list").fetchall()[1:] == []  # nothing attached
    assert not Path("/tmp/pwned.db").exists()
