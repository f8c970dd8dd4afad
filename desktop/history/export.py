"""Export history to Markdown / JSON and import a JSON export back (all or nothing)."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from desktop.history.errors import HistoryImportError
from desktop.history.records import ConversationInfo, MessageInfo
from desktop.history.sources import SourceRecord
from desktop.history.tables import ROLES, Conversation, Message, utcnow
from desktop.private_files import write_private_text

EXPORT_FORMAT = "clinassist-history"
EXPORT_VERSION = 1
EXPORT_NOTE = "Exported from Clinical Assistant (offline). Decision support, not a clinician."


class HistorySource(Protocol):
    """The part of the history store's public API that export and import use."""

    def get_conversation(self, conversation_id: int) -> ConversationInfo: ...

    def list_conversations(self) -> list[ConversationInfo]: ...

    def get_messages(self, conversation_id: int) -> list[MessageInfo]: ...

    def add_conversations(
        self,
        conversations: list[Conversation],
        sources: list[tuple[Message, list[SourceRecord]]] | None = None,
    ) -> list[int]: ...


def _iso(value: datetime) -> str:
    return value.astimezone(UTC).isoformat()


def _conversations(store: HistorySource, conversation_id: int | None) -> list[ConversationInfo]:
    if conversation_id is not None:
        return [store.get_conversation(conversation_id)]
    return sorted(store.list_conversations(), key=lambda c: (c.created_at, c.id))


def _message_dict(msg: MessageInfo) -> dict[str, Any]:
    return {
        "id": msg.id,
        "role": msg.role,
        "text": msg.text,
        "model_id": msg.model_id,
        "sampling": msg.sampling,
        "stats": msg.stats,
        "complete": msg.complete,
        "created_at": _iso(msg.created_at),
        "updated_at": _iso(msg.updated_at),
        "sources": [src.to_dict() for src in msg.sources],
    }


def export_payload(store: HistorySource, conversation_id: int | None = None) -> dict[str, Any]:
    """``{"format", "version", "exported_at", "conversations": [...]}``."""
    items = []
    for conv in _conversations(store, conversation_id):
        items.append(
            {
                "id": conv.id,
                "title": conv.title,
                "pinned": conv.pinned,
                "system_prompt": conv.system_prompt,
                "model_id": conv.model_id,
                "created_at": _iso(conv.created_at),
                "updated_at": _iso(conv.updated_at),
                "messages": [_message_dict(m) for m in store.get_messages(conv.id)],
            }
        )
    return {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "exported_at": _iso(utcnow()),
        "conversations": items,
    }


def _stats_line(msg: MessageInfo) -> str:
    parts: list[str] = []
    if msg.model_id:
        parts.append(msg.model_id)
    tps = msg.tokens_per_second
    if tps:
        parts.append(f"{tps:.1f} tokens/s")
    reason = msg.finish_reason
    if reason and reason != "stop":
        parts.append(f"finished: {reason}")
    if not msg.complete and msg.role == "assistant":
        parts.append("incomplete")
    return f" _({', '.join(parts)})_" if parts else ""


def _sources_markdown(msg: MessageInfo) -> list[str]:
    """The library passages given to the model for an answer, numbered like its citations."""
    if not msg.sources:
        return []
    lines = ["**Sources given to the model**", ""]
    for src in msg.sources:
        passage = " ".join(src.text.split())
        cited = " (cited)" if src.cited else ""
        lines.append(f"{src.number}. _{src.where}_{cited} — {src.path}")
        lines.append(f"   > {passage}")
    return [*lines, ""]


def export_markdown(store: HistorySource, conversation_id: int | None = None) -> str:
    """Readable Markdown: one ``#`` section per conversation, one ``###`` per message."""
    blocks = [f"> {EXPORT_NOTE}\n"]
    for conv in _conversations(store, conversation_id):
        lines = [f"# {conv.title or 'Untitled conversation'}", ""]
        meta = f"Created {_iso(conv.created_at)}"
        if conv.model_id:
            meta += f" · model {conv.model_id}"
        if conv.pinned:
            meta += " · pinned"
        lines += [f"_{meta}_", ""]
        if conv.system_prompt.strip():
            quoted = "\n".join(f"> {line}" for line in conv.system_prompt.splitlines())
            lines += ["**System prompt**", "", quoted, ""]
        for msg in store.get_messages(conv.id):
            lines += [f"### {msg.role.capitalize()}{_stats_line(msg)}", "", msg.text, ""]
            lines += _sources_markdown(msg)
        blocks.append("\n".join(lines))
    return "\n---\n\n".join(blocks).rstrip() + "\n"


def write_export(
    store: HistorySource, path: str | Path, fmt: str = "json", conversation_id: int | None = None
) -> Path:
    path = Path(path)
    if fmt == "json":
        data = json.dumps(export_payload(store, conversation_id), ensure_ascii=False, indent=2)
    elif fmt in ("markdown", "md"):
        data = export_markdown(store, conversation_id)
    else:
        raise ValueError(f"unknown export format {fmt!r} (use 'json' or 'markdown')")
    write_private_text(path, data)
    return path


# -- import ----------------------------------------------------------------------------------
def _load(source: dict[str, Any] | str | Path) -> dict[str, Any]:
    if isinstance(source, dict):
        return source
    where = "the import data"
    if isinstance(source, Path) or (
        isinstance(source, str) and not source.lstrip().startswith("{")
    ):
        path = Path(source)
        where = str(path)
        try:
            source = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise HistoryImportError(f"Cannot read {path}: {exc}") from exc
    try:
        data = json.loads(source)
    except json.JSONDecodeError as exc:
        raise HistoryImportError(
            f"{where} is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from exc
    if not isinstance(data, dict):
        raise HistoryImportError(f"{where}: expected a JSON object at the top level")
    return data


def _time(value: Any, where: str, default: datetime) -> datetime:
    if value is None:
        return default
    if not isinstance(value, str):
        raise HistoryImportError(f"{where}: timestamp must be an ISO 8601 string")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError as exc:
        raise HistoryImportError(f"{where}: invalid timestamp {value!r}") from exc
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _field(
    obj: dict[str, Any], key: str, types: type | tuple[type, ...], where: str, default: Any
) -> Any:
    value = obj.get(key, default)
    if value is not None and not isinstance(value, types):
        raise HistoryImportError(f"{where}: field {key!r} has the wrong type")
    return value


def _sources(raw: dict[str, Any], where: str) -> list[SourceRecord]:
    items = raw.get("sources") or []
    if not isinstance(items, list):
        raise HistoryImportError(f"{where}: 'sources' must be a list")
    try:
        return [SourceRecord.from_dict(item) for item in items]
    except (KeyError, TypeError, ValueError) as exc:
        raise HistoryImportError(f"{where}: a source is malformed ({exc})") from exc


def _build(
    data: dict[str, Any],
) -> tuple[list[Conversation], list[tuple[Message, list[SourceRecord]]]]:
    """Validated conversations, plus the sources of each message that has some."""
    if data.get("format") != EXPORT_FORMAT:
        raise HistoryImportError(
            f"not a history export (expected format {EXPORT_FORMAT!r}, got {data.get('format')!r})"
        )
    version = data.get("version")
    if not isinstance(version, int) or version > EXPORT_VERSION:
        raise HistoryImportError(f"unsupported export version {version!r}")
    items = data.get("conversations")
    if not isinstance(items, list):
        raise HistoryImportError("'conversations' must be a list")
    now = utcnow()
    out: list[Conversation] = []
    with_sources: list[tuple[Message, list[SourceRecord]]] = []
    for ci, item in enumerate(items, start=1):
        where = f"conversation {ci}"
        if not isinstance(item, dict):
            raise HistoryImportError(f"{where}: expected an object")
        messages = item.get("messages", [])
        if not isinstance(messages, list):
            raise HistoryImportError(f"{where}: 'messages' must be a list")
        created = _time(item.get("created_at"), where, now)
        conv = Conversation(
            title=str(_field(item, "title", str, where, "") or "")[:200],
            pinned=bool(_field(item, "pinned", bool, where, False)),
            system_prompt=_field(item, "system_prompt", str, where, "") or "",
            model_id=_field(item, "model_id", str, where, None),
            created_at=created,
            updated_at=_time(item.get("updated_at"), where, created),
        )
        for mi, raw in enumerate(messages, start=1):
            mwhere = f"{where}, message {mi}"
            if not isinstance(raw, dict):
                raise HistoryImportError(f"{mwhere}: expected an object")
            role = raw.get("role")
            if role not in ROLES:
                raise HistoryImportError(
                    f"{mwhere}: role must be one of {', '.join(ROLES)} (got {role!r})"
                )
            text = raw.get("text")
            if not isinstance(text, str):
                raise HistoryImportError(f"{mwhere}: 'text' must be a string")
            mcreated = _time(raw.get("created_at"), mwhere, created)
            sources = _sources(raw, mwhere)
            conv.messages.append(
                Message(
                    role=role,
                    text=text,
                    model_id=_field(raw, "model_id", str, mwhere, None),
                    sampling=_field(raw, "sampling", dict, mwhere, None),
                    stats=_field(raw, "stats", dict, mwhere, None),
                    complete=bool(_field(raw, "complete", bool, mwhere, True)),
                    created_at=mcreated,
                    updated_at=_time(raw.get("updated_at"), mwhere, mcreated),
                )
            )
            if sources:
                with_sources.append((conv.messages[-1], sources))
        out.append(conv)
    return out, with_sources


def import_payload(store: HistorySource, source: dict[str, Any] | str | Path) -> list[int]:
    """Validate everything first, then insert in one transaction; return the new ids."""
    conversations, with_sources = _build(_load(source))
    # Library ids belong to the exporting database, not this one.
    sources = [(msg, [replace(src, chunk_id=None) for src in srcs]) for msg, srcs in with_sources]
    return store.add_conversations(conversations, sources)
