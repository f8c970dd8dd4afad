"""Add files and folders to the library: incremental by sha256, one clear error per bad file.

A bad file (corrupt, encrypted, scanned, too big, a binary named ``.pdf``) is reported with
its reason and skipped; every other file is still imported. Each file is its own transaction,
so a cancel keeps the files finished before it and leaves no half-indexed document.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from common.tasks import CancelToken
from desktop.library.errors import ExtractError
from desktop.library.extract import MAX_FILE_BYTES, extract, supported
from desktop.library.store import LibraryStore
from desktop.library.tables import DEFAULT_COLLECTION
from models.checksum import sha256_file

Progress = Callable[[int, int, str], None]  # (files done, files total, current file name)


@dataclass(frozen=True)
class FileError:
    path: str
    message: str

    def __str__(self) -> str:
        return f"{Path(self.path).name}: {self.message}"


@dataclass
class ImportReport:
    """What an import or re-index did, file by file."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    errors: list[FileError] = field(default_factory=list)
    pages: int = 0
    chunks: int = 0
    cancelled: bool = False

    def text(self, max_errors: int = 20) -> str:
        """A summary for the user."""
        parts = [
            f"{len(self.added)} added",
            f"{len(self.updated)} updated",
            f"{len(self.unchanged)} unchanged",
        ]
        if self.removed:
            parts.append(f"{len(self.removed)} removed (file gone)")
        lines = [", ".join(parts) + f"; {self.chunks} passages indexed."]
        if self.cancelled:
            lines.append("Cancelled: files finished before the cancel were kept.")
        if self.errors:
            lines.append(f"{len(self.errors)} file(s) could not be added:")
            lines += [f"  {e}" for e in self.errors[:max_errors]]
            if len(self.errors) > max_errors:
                lines.append(f"  ... and {len(self.errors) - max_errors} more")
        return "\n".join(lines)


def collect_files(paths: Iterable[str | Path]) -> tuple[list[Path], list[FileError]]:
    """Supported files under ``paths`` (folders walked, sorted); unsupported files named."""
    files: list[Path] = []
    errors: list[FileError] = []
    for raw in paths:
        path = Path(raw).expanduser()
        if path.is_dir():
            for root, dirs, names in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(names):
                    candidate = Path(root) / name
                    if not name.startswith(".") and supported(candidate):
                        files.append(candidate)
        elif path.is_file():
            if supported(path):
                files.append(path)
            else:
                errors.append(
                    FileError(str(path), f"files of type '{path.suffix}' are not supported")
                )
        else:
            errors.append(FileError(str(path), "no such file or folder"))
    unique = list(dict.fromkeys(p.resolve() for p in files))
    return unique, errors


def _import_reporting(
    store: LibraryStore,
    path: Path,
    collection: str | None,
    report: ImportReport,
    max_bytes: int,
    is_sample: bool,
) -> None:
    """Import one file; its failure goes into ``report`` with a plain reason, never further."""
    try:
        _import_one(store, path, collection, report, max_bytes, is_sample)
    except ExtractError as exc:
        report.errors.append(FileError(str(path), str(exc)))
    except OSError as exc:
        report.errors.append(FileError(str(path), f"cannot be read ({exc.strerror or exc})"))
    except Exception as exc:  # noqa: BLE001 - one odd file must not stop the others
        report.errors.append(FileError(str(path), f"could not be read ({exc})"))


def _import_one(
    store: LibraryStore,
    path: Path,
    collection: str | None,
    report: ImportReport,
    max_bytes: int,
    is_sample: bool,
) -> None:
    stat = path.stat()
    known = store.document_by_path(path)
    if stat.st_size <= max_bytes:
        digest = sha256_file(path)
        if known is not None and known.sha256 == digest:
            store.touch(known.id, stat.st_mtime)
            if collection is not None and collection != known.collection:
                store.move_to_collection(known.id, collection)
            report.unchanged.append(str(path))
            return
    else:
        digest = ""
    doc = extract(path, max_bytes)  # raises ExtractError with the reason
    target = collection or (known.collection if known is not None else DEFAULT_COLLECTION)
    info = store.put_document(
        path, doc, digest, target, size=stat.st_size, mtime=stat.st_mtime, is_sample=is_sample
    )
    (report.updated if known is not None else report.added).append(str(path))
    report.pages += doc.n_pages
    report.chunks += info.chunks


def import_paths(
    store: LibraryStore,
    paths: Iterable[str | Path],
    collection: str | None = None,
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
    max_bytes: int = MAX_FILE_BYTES,
    prune_folders: bool = True,
    is_sample: bool = False,
) -> ImportReport:
    """Import files and folders into ``collection`` (default: a file's current one, or
    :data:`DEFAULT_COLLECTION`). Unchanged files (same sha256) are skipped; with
    ``prune_folders`` documents under an imported folder whose file is gone are removed."""
    paths = [Path(p).expanduser() for p in paths]
    files, errors = collect_files(paths)
    report = ImportReport(errors=errors)
    total = len(files)
    for done, path in enumerate(files):
        if cancel is not None and cancel.cancelled:
            report.cancelled = True
            break
        if progress is not None:
            progress(done, total, path.name)
        _import_reporting(store, path, collection, report, max_bytes, is_sample)
    else:
        if progress is not None:
            progress(total, total, "")
    if prune_folders and not report.cancelled:
        folders = [p.resolve() for p in paths if p.is_dir()]
        _prune(store, lambda doc_path: any(doc_path.is_relative_to(f) for f in folders), report)
    return report


def _prune(store: LibraryStore, within: Callable[[Path], bool], report: ImportReport) -> None:
    for doc in store.documents():
        path = Path(doc.path)
        if not doc.is_sample and within(path) and not path.exists():
            store.remove_document(doc.id)
            report.removed.append(doc.path)


def reindex(
    store: LibraryStore,
    collection: str | None = None,
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
    max_bytes: int = MAX_FILE_BYTES,
) -> ImportReport:
    """Check every document (of ``collection``) against its file: changed files are indexed
    again, unchanged ones skipped by sha256, documents whose file is gone are removed."""
    docs = store.documents(collection)
    report = ImportReport()
    total = len(docs)
    for done, doc in enumerate(docs):
        if cancel is not None and cancel.cancelled:
            report.cancelled = True
            break
        if progress is not None:
            progress(done, total, Path(doc.path).name)
        path = Path(doc.path)
        if not path.exists():
            store.remove_document(doc.id)
            report.removed.append(doc.path)
            continue
        _import_reporting(store, path, doc.collection, report, max_bytes, doc.is_sample)
    else:
        if progress is not None:
            progress(total, total, "")
    return report
