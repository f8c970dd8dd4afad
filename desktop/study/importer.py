"""Import question files into a bank: bad rows reported, duplicates skipped, all or nothing.

Files are parsed by :mod:`desktop.questions` (MedQA, MedMCQA, MMLU, PubMedQA, USMLE, custom);
this module only maps :class:`~desktop.questions.Question` records onto the study tables.
One import is one transaction: a fatal error or a cancel leaves no questions behind, and the
import run is then recorded as ``failed``/``cancelled`` in a separate transaction.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from common.tasks import CancelToken
from desktop.questions import Question, RowError, dedup_key, read_questions
from desktop.study.errors import StudyError
from desktop.study.store import StudyStore
from desktop.study.tables import StudyBank, StudyImportRun, StudyQuestion, utcnow

SAMPLE_BANK_PATH = Path(__file__).resolve().parent / "sample_bank" / "usmle_sample.json"
SAMPLE_BANK_NAME = "Sample USMLE-style questions (written for this project)"
SAMPLE_NOTICE = "Sample content, written for this project, not from any exam."

Progress = Callable[[int, int], None]  # (done, total); may raise to cancel


class ImportCancelled(StudyError):
    """Raised by a progress callback (or a cancel check) to abort an import."""


@dataclass
class ImportSummary:
    """What an import did: counts plus the rows that were skipped and why."""

    bank_id: int | None
    bank_name: str
    path: str
    fmt: str
    status: str  # ok | failed | cancelled
    n_read: int = 0
    n_imported: int = 0
    n_duplicates_file: int = 0
    n_duplicates_db: int = 0
    errors: list[RowError] = field(default_factory=list)
    message: str = ""
    run_id: int | None = None

    @property
    def n_errors(self) -> int:
        return len(self.errors)

    def text(self, max_errors: int = 20) -> str:
        """A human summary, e.g. for the import dialog."""
        if self.status != "ok":
            return f"Import {self.status}: {self.message}. Nothing was imported."
        lines = [
            f"{_n(self.n_imported, 'question')} imported into '{self.bank_name}' from "
            f"{Path(self.path).name} ({self.fmt}).",
        ]
        dups = self.n_duplicates_file + self.n_duplicates_db
        if dups:
            lines.append(
                f"{_n(dups, 'duplicate')} skipped ({self.n_duplicates_file} within the file, "
                f"{self.n_duplicates_db} already in a bank)."
            )
        if self.errors:
            lines.append(f"{_n(len(self.errors), 'row')} could not be read:")
            lines += [f"  {err}" for err in self.errors[:max_errors]]
            if len(self.errors) > max_errors:
                lines.append(f"  ... and {len(self.errors) - max_errors} more")
        return "\n".join(lines)


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _step(value: str | None) -> str:
    if not value:
        return ""
    text = str(value).strip().lower().replace(" ", "")
    aliases = {"step2ck": "step2", "step2cs": "step2", "1": "step1", "2": "step2", "3": "step3"}
    return aliases.get(text, text)


def _tags(q: Question) -> str:
    raw = q.meta.get("tags") or []
    if isinstance(raw, str):
        raw = [t for t in raw.replace(";", ",").split(",")]
    tags = sorted({str(t).strip().lower() for t in raw if str(t).strip()})
    return "," + ",".join(tags) + "," if tags else ""


def question_hash(q: Question) -> str:
    """Normalised-text key used to spot duplicates within a file and across banks.

    The shared :func:`desktop.questions.dedup_key` (stem + option texts) plus the context,
    so PubMedQA items that ask the same question about different abstracts stay distinct.
    """
    key = dedup_key(q)
    if q.context:
        key = dedup_key(q.question + "\n" + q.context, list(q.options.values()))
    return key


def _row(q: Question, bank_id: int, run_id: int, text_hash: str) -> StudyQuestion:
    meta = dict(q.meta)
    system = str(meta.pop("system", "") or "")
    line = meta.get("line")
    return StudyQuestion(
        bank_id=bank_id,
        import_run_id=run_id,
        ext_id=str(q.id)[:200],
        stem=q.question,
        context=q.context or "",
        options_json=json.dumps(list(q.options.items()), ensure_ascii=False),
        answer=str(q.answer),
        explanation=q.explanation or "",
        step=_step(q.step),
        subject=(q.subject or "").strip(),
        system=system.strip(),
        tags=_tags(q),
        source=q.source,
        source_line=line if isinstance(line, int) else None,
        meta_json=json.dumps(meta, ensure_ascii=False, default=str),
        text_hash=text_hash,
    )


def import_file(
    store: StudyStore,
    path: str | Path,
    bank_name: str | None = None,
    fmt: str | None = None,
    progress: Progress | None = None,
    description: str = "",
    is_sample: bool = False,
    cancel: CancelToken | None = None,
) -> ImportSummary:
    """Read ``path`` and add its questions to the bank ``bank_name`` (created if needed).

    ``cancel`` stops the import at the next question (nothing is written then).

    Never raises for bad input: the returned summary has ``status`` ``failed`` with the
    reason (unreadable file, unknown format, ...) or ``cancelled``; in both cases nothing
    was written except the import-run record.
    """
    path = Path(path)
    bank_name = (bank_name or path.stem).strip() or path.stem
    summary = ImportSummary(None, bank_name, str(path), fmt or "", "failed")
    with store.transaction() as s:
        run = StudyImportRun(path=str(path), fmt=fmt or "", status="running")
        s.add(run)
    summary.run_id = run.id
    try:
        report = read_questions(path, fmt)
        summary.fmt = report.fmt or fmt or ""
        summary.errors = list(report.errors)
        summary.n_read = len(report.questions) + len(report.errors)
        _insert(
            store, report.questions, summary, run.id, description, is_sample, progress, cancel
        )
        summary.status = "ok"
    except ImportCancelled as exc:
        summary.status, summary.message = "cancelled", str(exc) or "cancelled by the user"
    except Exception as exc:  # noqa: BLE001 - reported to the user, nothing half-written
        summary.status, summary.message = "failed", f"{type(exc).__name__}: {exc}"
    if summary.status != "ok":
        summary.n_imported = summary.n_duplicates_db = summary.n_duplicates_file = 0
        summary.bank_id = None
    _finish_run(store, summary)
    return summary


def _insert(
    store: StudyStore,
    questions: list[Question],
    summary: ImportSummary,
    run_id: int,
    description: str,
    is_sample: bool,
    progress: Progress | None,
    cancel: CancelToken | None = None,
) -> None:
    total = len(questions)
    with store.transaction() as s:
        bank = s.scalar(select(StudyBank).where(StudyBank.name == summary.bank_name))
        created = bank is None
        if bank is None:
            bank = StudyBank(name=summary.bank_name, description=description, is_sample=is_sample)
            s.add(bank)
            s.flush()
        summary.bank_id = bank.id
        existing = set(s.scalars(select(StudyQuestion.text_hash)))
        seen: set[str] = set()
        for done, q in enumerate(questions, start=1):
            if q.answer is None:
                summary.errors.append(RowError(q.id, "no correct answer given"))
            elif len(q.options) < 2:
                summary.errors.append(RowError(q.id, "fewer than two options"))
            else:
                key = question_hash(q)
                if key in seen:
                    summary.n_duplicates_file += 1
                elif key in existing:
                    summary.n_duplicates_db += 1
                else:
                    seen.add(key)
                    s.add(_row(q, bank.id, run_id, key))
                    summary.n_imported += 1
            if cancel is not None and cancel.cancelled:
                raise ImportCancelled("cancelled by the user")  # the transaction rolls back
            if progress is not None and (done % 25 == 0 or done == total):
                s.flush()
                progress(done, total)
        if created and summary.n_imported == 0:
            s.delete(bank)  # no empty bank for a file of duplicates / bad rows only
            summary.bank_id = None


def _finish_run(store: StudyStore, summary: ImportSummary) -> None:
    with store.transaction() as s:
        run = s.get(StudyImportRun, summary.run_id)
        if run is None:  # pragma: no cover - deleted concurrently
            return
        run.bank_id = summary.bank_id
        run.fmt = summary.fmt
        run.status = summary.status
        run.finished_at = utcnow()
        run.n_read = summary.n_read
        run.n_imported = summary.n_imported
        run.n_duplicates_file = summary.n_duplicates_file
        run.n_duplicates_db = summary.n_duplicates_db
        run.n_errors = summary.n_errors
        run.errors_json = json.dumps([[e.line_or_record, e.message] for e in summary.errors])
        run.message = summary.message


def ensure_sample_bank(store: StudyStore) -> ImportSummary | None:
    """Import the bundled sample bank once (first open); ``None`` if it was done before.

    A user who deletes the sample bank later does not get it back on the next start.
    """
    with store.session() as s:
        done = s.scalar(
            select(StudyImportRun.id).where(
                StudyImportRun.path.like(
                    f"%{SAMPLE_BANK_PATH.parent.name}%{SAMPLE_BANK_PATH.name}"
                ),
                StudyImportRun.status == "ok",
            )
        )
    if done is not None:
        return None
    return import_file(
        store,
        SAMPLE_BANK_PATH,
        bank_name=SAMPLE_BANK_NAME,
        fmt="custom",
        description=SAMPLE_NOTICE,
        is_sample=True,
    )


def import_runs(store: StudyStore, limit: int = 50) -> list[StudyImportRun]:
    with store.session() as s:
        return list(
            s.scalars(select(StudyImportRun).order_by(StudyImportRun.id.desc()).limit(limit))
        )
