"""Chat operations over the history store and the safety screen (Qt-free).

Every function taking a ``store`` runs on the database thread (``AppContext.run_db``); they
return plain dataclasses so the GUI thread never touches SQLAlchemy objects.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop.history import HistoryStore, MessageInfo, StreamingMessageWriter
from desktop.history.durability import STREAM_FLUSH_INTERVAL_S
from desktop.history.prompts import DEFAULT_SYSTEM_PROMPT
from desktop.history.records import SamplingInput
from desktop.history.sources import SourceRecord
from desktop.safety import SafetyAssessment, assess, augment_messages

NOTICE_END = "\n\n---\n\n"  # separates saved safety advice from the model's answer


@dataclass
class ConversationRow:
    id: int
    title: str
    pinned: bool


@dataclass
class ChatMessage:
    role: str
    text: str  # as stored (may start with a safety notice)
    notice: str = ""
    notice_kind: str = "emergency"
    complete: bool = True
    id: int | None = None  # database id once saved
    stopped: bool = False  # stopped by the user in this session (else incomplete = interrupted)
    shown: bool | None = None  # the version chosen among sibling answers (None: not chosen)
    sources: tuple[SourceRecord, ...] = ()  # library passages given

    @property
    def body(self) -> str:
        """The text without the stored safety notice."""
        if self.notice and self.text.startswith(notice_prefix(self.notice)):
            return self.text[len(notice_prefix(self.notice)) :]
        return self.text


@dataclass
class LoadedConversation:
    id: int
    title: str
    pinned: bool
    system_prompt: str
    messages: list[ChatMessage]


@dataclass
class SearchHit:
    conversation_id: int
    title: str
    snippet: str


# -- prompts and safety -------------------------------------------------------------------
def default_system_prompt() -> str:
    return DEFAULT_SYSTEM_PROMPT



def notice_prefix(notice: str) -> str:
    return f"{notice}{NOTICE_END}" if notice else ""


def safety_notice(user_text: str) -> tuple[str, str, list[str], SafetyAssessment]:
    """(notice, kind "emergency"|"context", red-flag names, assessment) for ``user_text``."""
    result = assess(user_text)
    flags = [str(f.name) for f in result.red_flags]
    if result.emergency_notice:
        return str(result.emergency_notice), "emergency", flags, result
    if result.urgent_notice:  # triage "urgent today", with its reasons (+ dose details)
        dose = f"\n\n{result.dose_notice}" if result.dose_notice else ""
        return f"{result.urgent_notice}{dose}", "context", flags, result
    if result.dose_notice:
        return str(result.dose_notice), "context", flags, result
    return "", "emergency", flags, result


def prompt_messages(
    system: str, messages: list[ChatMessage], assessment: SafetyAssessment | None = None
) -> list[dict[str, str]]:
    """The model's view: system prompt + turns (without stored notices) + safety guidance."""
    out = [{"role": "system", "content": system}] if system else []
    out += [
        {"role": m.role, "content": m.body} for m in messages if m.role in ("user", "assistant")
    ]
    if assessment is not None:
        out = augment_messages(out, assessment)
    return out


# -- store access (db thread) ---------------------------------------------------------------
def list_conversations(store: HistoryStore) -> list[ConversationRow]:
    convs = store.list_conversations()
    rows = [ConversationRow(c.id, c.title, bool(c.pinned)) for c in convs]
    rows.sort(key=lambda r: not r.pinned)  # stable: keeps the store's recency order
    return rows


def _to_chat_message(m: MessageInfo) -> ChatMessage:
    stats = m.stats or {}
    notice = str(stats.get("notice") or "")
    return ChatMessage(
        role=m.role,
        text=m.text,
        notice=notice,
        notice_kind=str(stats.get("notice_kind") or "emergency"),
        complete=bool(m.complete),
        id=int(m.id),
        shown=stats.get("shown") if isinstance(stats.get("shown"), bool) else None,
        sources=tuple(m.sources),
    )


def load_conversation(store: HistoryStore, conv_id: int) -> LoadedConversation:
    conv = store.get_conversation(conv_id)
    messages = [_to_chat_message(m) for m in store.get_messages(conv_id) if m.role != "system"]
    return LoadedConversation(conv.id, conv.title, bool(conv.pinned), conv.system_prompt, messages)


def create(store: HistoryStore, title: str, system_prompt: str, model_id: str | None) -> int:
    conv = store.create_conversation(
        title=title, system_prompt=system_prompt, model_id=model_id
    )
    return int(conv.id)


def add_user_message(store: HistoryStore, conv_id: int, text: str) -> int:
    return int(store.add_user_message(conv_id, text).id)


def start_answer(
    store: HistoryStore,
    conv_id: int,
    model_id: str | None,
    sampling: SamplingInput,
    prefix: str = "",
) -> StreamingMessageWriter:
    """Create the assistant message and return the store's streaming writer for it."""
    message_id = store.begin_assistant_message(
        conv_id, model_id=model_id, sampling=sampling, flush_interval=STREAM_FLUSH_INTERVAL_S
    )
    writer = store.writer(message_id)
    if prefix:
        writer.append(prefix)
        writer.flush()
    return writer


def set_shown_version(store: HistoryStore, shown_id: int, sibling_ids: list[int]) -> None:
    """Remember which of sibling answer versions the user chose (survives a restart)."""
    for message_id in sibling_ids:
        store.update_stats(message_id, {"shown": message_id == shown_id})


def save_assistant_text(
    store: HistoryStore, conv_id: int, text: str, notice: str = "", notice_kind: str = "emergency"
) -> int:
    """Save an assistant message that needed no model (e.g. a library-only refusal)."""
    stats = {"finish_reason": "stop", "notice": notice, "notice_kind": notice_kind}
    return int(store.add_message(conv_id, "assistant", text, stats=stats).id)


def append_answer(writer: StreamingMessageWriter | None, chunk: str) -> None:
    if writer is not None and chunk:
        writer.append(chunk)


def finish_answer(
    writer: StreamingMessageWriter | None, finish_reason: str, stats: dict[str, Any]
) -> None:
    if writer is None:
        return
    if finish_reason == "cancelled":
        writer.cancel(stats)
    elif finish_reason == "error":
        writer.fail(str(stats.get("error", "error")), stats)
    else:
        writer.finish(stats)


def truncate(store: HistoryStore, conv_id: int | None, keep: int) -> None:
    """Delete every message after the first ``keep`` (non-system) ones."""
    if conv_id is None:
        return
    messages = [m for m in store.get_messages(conv_id) if m.role != "system"]
    for m in messages[keep:]:
        store.delete_message(m.id)


def rename(store: HistoryStore, conv_id: int | None, title: str) -> None:
    if conv_id is not None:
        store.rename_conversation(conv_id, title)


def set_pinned(store: HistoryStore, conv_id: int | None, pinned: bool) -> None:
    if conv_id is not None:
        store.pin_conversation(conv_id, pinned)


def delete(store: HistoryStore, conv_id: int | None) -> None:
    if conv_id is not None:
        store.delete_conversation(conv_id)


def set_system_prompt(store: HistoryStore, conv_id: int, text: str) -> None:
    store.set_system_prompt(conv_id, text)


def search(store: HistoryStore, query: str) -> list[SearchHit]:
    hits = store.search(query)
    seen: set[int] = set()
    out = []
    for h in hits:  # one row per conversation, best match first
        if h.conversation_id not in seen:
            seen.add(h.conversation_id)
            out.append(SearchHit(h.conversation_id, h.conversation_title, h.snippet_plain))
    return out


def export(store: HistoryStore, conv_id: int | None, path: Path) -> Path:
    if conv_id is None:
        raise ValueError("No conversation is open.")
    fmt = "json" if path.suffix.lower() == ".json" else "markdown"
    return store.write_export(path, fmt=fmt, conversation_id=conv_id)


def import_history(store: HistoryStore, path: Path) -> list[int]:
    """Import conversations from a JSON export (all or nothing); return their new ids."""
    return store.import_json(Path(path))
