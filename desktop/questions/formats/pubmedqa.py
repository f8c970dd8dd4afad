"""PubMedQA PQA-L JSON: ``{PMID: {QUESTION, CONTEXTS[], LABELS[], final_decision, ...}}``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from desktop.questions.reading import load_json
from desktop.questions.record import Question, QuestionFileError, ReadReport, RowError
from desktop.questions.registry import FileProbe, QuestionFormat, register

YES_NO_MAYBE = {"yes": "yes", "no": "no", "maybe": "maybe"}


def _context(entry: dict[str, Any]) -> str:
    contexts = entry.get("CONTEXTS") or []
    if not isinstance(contexts, list) or not contexts:
        raise ValueError("missing CONTEXTS")
    labels = entry.get("LABELS") or []
    if isinstance(labels, list) and len(labels) == len(contexts):
        return "\n".join(f"{lab}: {text}" for lab, text in zip(labels, contexts, strict=True))
    return "\n".join(str(c) for c in contexts)


def read_pubmedqa(path: Path) -> ReadReport:
    data = load_json(path)
    if not isinstance(data, dict):
        raise QuestionFileError(f"{path}: expected a JSON object of PMID -> entry")
    report = ReadReport(path=Path(path), fmt="pubmedqa")
    for pmid, entry in data.items():
        try:
            if not isinstance(entry, dict):
                raise ValueError("entry is not an object")
            question = entry.get("QUESTION")
            if not isinstance(question, str) or not question.strip():
                raise ValueError("missing QUESTION")
            decision = entry.get("final_decision")
            answer = str(decision).strip().lower() if decision not in (None, "") else None
            if answer is not None and answer not in YES_NO_MAYBE:
                raise ValueError(f"unknown final_decision {decision!r} (yes/no/maybe)")
            report.questions.append(
                Question(
                    id=str(pmid),
                    question=question.strip(),
                    options=dict(YES_NO_MAYBE),
                    answer=answer,
                    context=_context(entry),
                    source="pubmedqa",
                    explanation=entry.get("LONG_ANSWER") or None,
                    meta={"year": entry.get("YEAR"), "meshes": entry.get("MESHES") or []},
                )
            )
        except (ValueError, TypeError) as exc:
            report.errors.append(RowError(str(pmid), str(exc)))
    return report


def _looks_like_pubmedqa(probe: FileProbe) -> bool:
    data = probe.json
    if not isinstance(data, dict) or not data:
        return False
    first = next(iter(data.values()))
    return isinstance(first, dict) and "QUESTION" in first


FORMAT = register(
    QuestionFormat(
        name="pubmedqa",
        title="PubMedQA (JSON)",
        suffixes=(".json",),
        read=read_pubmedqa,
        sniff=_looks_like_pubmedqa,
        default_data="pubmedqa_pqal_dev.json",
    )
)
