"""Plain text, Markdown and HTML into text (standard library only)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from desktop.library.errors import ExtractError
from desktop.library.extracted import ExtractedDocument

_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.+?)\s*#*\s*$", re.MULTILINE)
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_MARKS = re.compile(r"(\*\*|__|`+)")
_BLANKS = re.compile(r"\n{3,}")
_BLOCK_TAGS = {
    "p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article",
    "table", "ul", "ol", "dd", "dt", "blockquote", "pre", "header", "footer",
}  # fmt: skip


def read_text_file(path: Path) -> str:
    """Decode as UTF-8 (with BOM), else Latin-1; binary content is refused."""
    data = path.read_bytes()
    if b"\x00" in data[:8192]:
        raise ExtractError("This file looks binary, not text; it cannot be added as text.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def extract_plain(path: Path) -> ExtractedDocument:
    text = read_text_file(path)
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    title = first[:120] if 0 < len(first) <= 120 else path.stem
    return ExtractedDocument(title, "text", [text], paged=False)


def markdown_to_text(text: str) -> str:
    """Markdown with its markup removed (headings, emphasis, links) but its words kept."""
    text = _MD_LINK.sub(r"\1", text)
    text = re.sub(r"^\s{0,3}#{1,6}\s+", "", text, flags=re.MULTILINE)
    text = _MD_MARKS.sub("", text)
    return text


def extract_markdown(path: Path) -> ExtractedDocument:
    raw = read_text_file(path)
    heading = _HEADING.search(raw)
    title = markdown_to_text(heading.group(1)).strip() if heading else path.stem
    return ExtractedDocument(title or path.stem, "markdown", [markdown_to_text(raw)], paged=False)


class _HTMLText(HTMLParser):
    """Visible text of an HTML page (scripts and styles dropped), blocks on their own lines."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title = ""
        self._skip = 0
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "noscript", "template"):
            self._skip += 1
        elif tag == "title":
            self._in_title = True
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "noscript", "template"):
            self._skip = max(0, self._skip - 1)
        elif tag == "title":
            self._in_title = False
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        if self._in_title:
            self.title += data
            return
        self.parts.append(data)

    def text(self) -> str:
        joined = "".join(self.parts)
        lines = [" ".join(line.split()) for line in joined.splitlines()]
        return _BLANKS.sub("\n\n", "\n".join(lines)).strip()


def extract_html(path: Path) -> ExtractedDocument:
    parser = _HTMLText()
    parser.feed(read_text_file(path))
    parser.close()
    title = " ".join(parser.title.split()) or path.stem
    return ExtractedDocument(title, "html", [parser.text()], paged=False)
