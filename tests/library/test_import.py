"""Importing real files: page numbers, offsets, formats, bad files, incremental re-import."""

from __future__ import annotations

import os
from pathlib import Path

from pypdf import PdfWriter

from common.tasks import CancelToken
from desktop.library import LibraryStore, import_paths, reindex
from desktop.library.extract import MAX_FILE_BYTES, extract
from desktop.library.pdf_writer import write_pdf

PAGES = [
    "Chapter one. Warfarin is a vitamin K antagonist monitored with the INR.",
    "Chapter two. Metformin is avoided when the eGFR is below 30 because of lactic acidosis.",
    "Chapter three. Salbutamol relieves bronchospasm in acute asthma within minutes.",
]


def test_pdf_passages_carry_their_page_numbers_and_offsets(tmp_path: Path, store: LibraryStore):
    pdf = write_pdf(tmp_path / "formulary.pdf", PAGES, title="Pocket formulary")
    report = import_paths(store, [pdf])
    assert report.added == [str(pdf.resolve())] and not report.errors
    [doc] = store.documents()
    assert (doc.title, doc.fmt, doc.pages) == ("Pocket formulary", "pdf", 3)

    for word, page in (("warfarin", 1), ("metformin", 2), ("salbutamol", 3)):
        [hit] = store.search(word, limit=5)
        assert hit.page == page and hit.where == f"Pocket formulary, p. {page}"
        assert "\ue000" in hit.highlighted  # the matched word is marked for highlighting
        assert hit.matched_terms == (word,)

    page_texts = extract(pdf).pages
    for chunk in store.chunks(doc.id):  # offsets point into the page's own text
        assert page_texts[chunk.page - 1][chunk.char_start : chunk.char_end] == chunk.text


def test_long_pages_split_into_passages_that_stay_on_their_page(tmp_path: Path, store):
    long_pages = [
        " ".join(f"Page {p} sentence {i} about topic{p} care." for i in range(80)) for p in (1, 2)
    ]
    pdf = write_pdf(tmp_path / "long.pdf", long_pages)
    import_paths(store, [pdf])
    [doc] = store.documents()
    chunks = store.chunks(doc.id)
    assert len(chunks) > 4 and {c.page for c in chunks} == {1, 2}
    assert all(f"topic{c.page}" in c.text for c in chunks)
    assert max(len(c.text) for c in chunks) <= 800


def test_html_markdown_and_text_are_indexed(tmp_path: Path, store: LibraryStore):
    (tmp_path / "a.html").write_text(
        "<html><head><title>Asthma leaflet</title><style>p{color:red}</style></head><body>"
        "<h1>Asthma</h1><p>Inhaled corticosteroids &amp; spacers.</p><script>var hidden=1"
        "</script></body></html>",
        encoding="utf-8",
    )
    (tmp_path / "b.md").write_text("# Gout notes\n\n**Allopurinol** lowers urate.\n")
    (tmp_path / "c.txt").write_text("Sepsis six bundle\nGive oxygen and take blood cultures.\n")
    report = import_paths(store, [tmp_path])
    assert len(report.added) == 3 and not report.errors
    titles = {d.title: d.fmt for d in store.documents()}
    assert titles == {
        "Asthma leaflet": "html",
        "Gout notes": "markdown",
        "Sepsis six bundle": "text",
    }
    assert store.search("corticosteroids spacers")[0].title == "Asthma leaflet"
    assert store.search("hidden")[:1] == []  # script text is not indexed
    assert store.search("allopurinol")[0].text.startswith("Gout notes")  # markup removed
    assert store.search("blood cultures")[0].page is None  # text files have no pages


def test_every_bad_file_gets_its_own_clear_error_and_the_rest_imports(tmp_path: Path, store):
    folder = tmp_path / "docs"
    folder.mkdir()
    write_pdf(folder / "good.pdf", PAGES, title="Good")
    (folder / "good.md").write_text("# Notes\n\nDigoxin toxicity causes nausea and arrhythmia.\n")
    # corrupt: a real PDF cut in half (its objects and cross-reference table are gone)
    whole = (folder / "good.pdf").read_bytes()
    (folder / "corrupt.pdf").write_bytes(whole[: len(whole) // 3])
    # encrypted with a user password
    writer = PdfWriter(clone_from=str(folder / "good.pdf"))
    writer.encrypt(user_password="s3cret", algorithm="AES-256")
    with (folder / "encrypted.pdf").open("wb") as fh:
        writer.write(fh)
    write_pdf(folder / "scanned.pdf", [None, None])  # pages without a text layer
    (folder / "photo.pdf").write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(4096))  # renamed PNG
    with (folder / "huge.txt").open("wb") as fh:  # sparse: costs no disk space
        fh.truncate(MAX_FILE_BYTES + 1)

    report = import_paths(store, [folder])

    errors = {Path(e.path).name: e.message for e in report.errors}
    assert set(errors) == {"corrupt.pdf", "encrypted.pdf", "scanned.pdf", "photo.pdf", "huge.txt"}
    assert "damaged" in errors["corrupt.pdf"] or "no pages" in errors["corrupt.pdf"]
    assert "password" in errors["encrypted.pdf"]
    assert "no text layer" in errors["scanned.pdf"] and "OCR" in errors["scanned.pdf"]
    assert "not a PDF" in errors["photo.pdf"]
    assert "too large" in errors["huge.txt"]
    assert sorted(Path(p).name for p in report.added) == ["good.md", "good.pdf"]
    assert {d.title for d in store.documents()} == {"Good", "Notes"}
    assert store.search("digoxin arrhythmia")[0].title == "Notes"
    assert "could not be added" in report.text() and "encrypted.pdf" in report.text()


def test_reimport_is_incremental_and_removed_files_leave_the_index(tmp_path: Path, store):
    folder = tmp_path / "lib"
    folder.mkdir()
    write_pdf(folder / "one.pdf", PAGES)
    (folder / "two.txt").write_text("Hyperkalaemia: give calcium gluconate first.\n")
    (folder / "three.md").write_text("# Three\n\nThiamine before glucose in alcohol misuse.\n")
    first = import_paths(store, [folder])
    assert len(first.added) == 3
    chunk_ids = {d.path: [c.text for c in store.chunks(d.id)] for d in store.documents()}
    ids_before = {d.path: d.id for d in store.documents()}

    again = import_paths(store, [folder])  # nothing changed: nothing re-indexed
    assert (again.added, again.updated, len(again.unchanged)) == ([], [], 3)
    assert {d.path: d.id for d in store.documents()} == ids_before

    (folder / "two.txt").write_text("Hyperkalaemia: protect the heart with calcium first.\n")
    (folder / "three.md").unlink()
    third = import_paths(store, [folder])
    assert [Path(p).name for p in third.updated] == ["two.txt"]
    assert [Path(p).name for p in third.removed] == ["three.md"]
    assert len(third.unchanged) == 1
    assert store.search("gluconate") == [] and store.search("protect heart")[0].path.endswith(
        "two.txt"
    )
    assert store.search("thiamine") == []  # the removed file's passages left the FTS index
    one = str((folder / "one.pdf").resolve())
    assert [c.text for c in store.chunks(ids_before[one])] == chunk_ids[one]

    (folder / "one.pdf").unlink()  # a re-index notices removed files too
    assert [Path(p).name for p in reindex(store).removed] == ["one.pdf"]
    assert [Path(d.path).name for d in store.documents()] == ["two.txt"]


def test_cancel_keeps_finished_files_and_reports_progress(tmp_path: Path, store: LibraryStore):
    for i in range(4):
        (tmp_path / f"note{i}.txt").write_text(f"Note {i} about condition{i}.\n")
    seen: list[tuple[int, int, str]] = []
    token = CancelToken()

    def progress(done: int, total: int, name: str) -> None:
        seen.append((done, total, name))
        if len(seen) >= 2:
            token.cancel()

    report = import_paths(store, [tmp_path], progress=progress, cancel=token)
    assert report.cancelled and len(report.added) == 2
    assert seen[0] == (0, 4, "note0.txt") and seen[1][0] == 1
    assert len(store.documents()) == 2 and store.chunk_count() == 2
    assert "Cancelled" in report.text()


def test_search_text_is_never_fts_syntax(tmp_path: Path, store: LibraryStore):
    (tmp_path / "x.txt").write_text('Heparin "AND" NEAR(dose) * infusion -protocol\n')
    import_paths(store, [tmp_path])
    for query in ('"', "AND(", "NEAR(dose", "* -", 'heparin" OR "x', "-protocol"):
        store.search(query)  # never raises
    assert store.search('heparin" OR "x')[0].title.startswith("Heparin")
    assert store.search("the of and") == []  # only stop words: nothing to search
