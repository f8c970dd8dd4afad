"""Passages from the reference library that were given to the model for one answer.

A copy of each passage is kept with the message, so a saved answer keeps showing (and
exporting) what it was based on even after its document is removed or changed.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class SourceRecord:
    number: int  # the [n] the model was given
    title: str
    path: str
    page: int | None
    text: str
    char_start: int = 0
    char_end: int = 0
    chunk_id: int | None = None  # None once the document was removed or re-indexed
    terms: tuple[str, ...] = ()  # query words found in the passage (highlighted on cards)
    cited: bool = False  # the answer cites it

    @property
    def where(self) -> str:
        return f"{self.title}, p. {self.page}" if self.page else self.title

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["terms"] = list(self.terms)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SourceRecord:
        page = data.get("page")
        chunk = data.get("chunk_id")
        return cls(
            number=int(data["number"]),
            title=str(data.get("title") or ""),
            path=str(data.get("path") or ""),
            page=int(page) if page is not None else None,
            text=str(data["text"]),
            char_start=int(data.get("char_start") or 0),
            char_end=int(data.get("char_end") or 0),
            chunk_id=int(chunk) if chunk is not None else None,
            terms=tuple(str(t) for t in data.get("terms") or ()),
            cited=bool(data.get("cited", False)),
        )
