"""Chat prompts for MCQ scoring: zero-shot and k-shot, ending in a fixed answer prefix."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from desktop.questions import Question

SYSTEM_PROMPT = (
    "You are a careful medical expert answering exam questions. "
    "This is decision support for study and evaluation, not a clinical decision."
)
ANSWER_PREFIX = "Answer:"
RATIONALE_PREFIX = "Reasoning:"


def _label_list(labels: Sequence[str]) -> str:
    labels = list(labels)
    if len(labels) == 1:
        return labels[0]
    return ", ".join(labels[:-1]) + " or " + labels[-1]


def is_plain_labels(options: dict[str, str]) -> bool:
    """Options whose text is the label itself (yes/no/maybe)."""
    return all(label.casefold() == text.casefold() for label, text in options.items())


def format_question(question: Question, rationale: bool = False) -> str:
    """The user turn: optional context, the stem, the options and how to answer."""
    parts: list[str] = []
    if question.context:
        parts.append(f"Context:\n{question.context.strip()}\n")
    parts.append(f"Question: {question.question.strip()}")
    plain = is_plain_labels(question.options)
    if not plain:
        parts.append("Options:")
        parts.extend(f"{label}. {text}" for label, text in question.options.items())
    choose = (
        f"Answer with {_label_list(question.labels)}."
        if plain
        else f"Answer with the letter of the correct option ({_label_list(question.labels)})."
    )
    if rationale:
        choose += (
            f" First give a one-sentence reason after '{RATIONALE_PREFIX}', then the answer "
            f"after '{ANSWER_PREFIX}'."
        )
    parts.append("\n" + choose)
    return "\n".join(parts)


def answer_turn(question: Question) -> str:
    """What an exemplar's assistant turn says: ``Answer: B``."""
    if question.answer is None:
        raise ValueError(f"exemplar {question.id!r} has no answer")
    return f"{ANSWER_PREFIX} {question.answer}"


def build_messages(
    question: Question,
    shots: Sequence[Question] = (),
    system: str | None = SYSTEM_PROMPT,
    rationale: bool = False,
) -> list[dict[str, str]]:
    """Chat messages for ``question``, preceded by ``shots`` solved exemplars (k-shot).

    The exemplars come first and are identical for every question, so their tokens form a
    shared prefix that the KV cache reuses from one question to the next.
    """
    return _chat(format_question(question, rationale), shots, format_question, system)


def _chat(
    user: str,
    shots: Sequence[Question],
    render: Callable[[Question], str],
    system: str | None,
) -> list[dict[str, str]]:
    """System turn, each exemplar as ``render(shot)`` + ``Answer: X``, then ``user``."""
    messages: list[dict[str, str]] = []
    if system:
        messages.append({"role": "system", "content": system})
    for shot in shots:
        messages.append({"role": "user", "content": render(shot)})
        messages.append({"role": "assistant", "content": answer_turn(shot)})
    messages.append({"role": "user", "content": user})
    return messages


MEDALPACA_INSTRUCTION = "Answer the multiple choice question correctly and truthfully."


def build_free_text_messages(
    question: Question, shots: Sequence[Question] = (), system: str | None = SYSTEM_PROMPT
) -> list[dict[str, str]]:
    """MedAlpaca-style prompt for the generate-and-parse baseline: instruction, question and
    ``"A: text"`` options, no answer prefix and no hint about the answer format."""

    def body(q: Question) -> str:
        context = f"{q.context.strip()}\n\n" if q.context else ""
        options = "\n".join(f"{label}: {text}" for label, text in q.options.items())
        return f"{MEDALPACA_INSTRUCTION}\n\n{context}{q.question.strip()}\n{options}"

    return _chat(body(question), shots, body, system)
