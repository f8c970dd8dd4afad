"""Which vocabulary tokens stand for each option label right after the answer prefix."""

from __future__ import annotations

from collections.abc import Sequence

from desktop.mcq.backend import LogitsBackend


def label_token_ids(backend: LogitsBackend, labels: Sequence[str]) -> dict[str, list[int]] | None:
    """First token of ``" " + label`` and ``label`` (and capitalised forms) for every label.

    After ``"Answer:"`` a model may write ``" B"``, ``"B"`` or ``" Yes"`` for ``yes``; all count. Returns ``None``
    when two labels share a first token (e.g. ``"1a"``/``"1b"``), so the caller must score
    whole label strings instead.
    """
    result: dict[str, list[int]] = {}
    seen: dict[int, str] = {}
    for label in labels:
        ids: list[int] = []
        variants = dict.fromkeys([" " + label, label, " " + label.capitalize(), label.capitalize()])
        for variant in variants:
            tokens = backend.tokenize_piece(variant)
            if tokens and tokens[0] not in ids:
                ids.append(tokens[0])
        if not ids:
            return None
        for token in ids:
            if seen.setdefault(token, label) != label:
                return None
        result[label] = ids
    return result
