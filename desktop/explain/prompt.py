"""The one explanation prompt of the app (the MCQ page and study review both build it here).

It explains an answer to a multiple-choice question: the answer key when the question has one
(study banks), otherwise the model's pick (a question pasted into the MCQ page). The student's
own wrong choice is explained too. With reference passages from the user's library they come
first, numbered, and the model is asked to cite them as [1], [2].
"""

from __future__ import annotations

from collections.abc import Sequence

from desktop.engine.config import SamplingSettings
from desktop.explain.question import ExplainedQuestion, as_question
from desktop.library.answer import sources_block
from desktop.library.passages import Passage

SYSTEM_PROMPT = (
    "You are a medical educator helping a student review a multiple-choice practice question. "
    "Explain briefly why the correct answer is right and why the other options are wrong. "
    "Be factual; say so if you are unsure. This is for study, not for patient care."
)
LIBRARY_INSTRUCTION = (
    "Reference passages from the student's own library are given below, numbered [1], [2], ... "
    "Base the explanation on them. After each statement taken from a passage write its number "
    "in square brackets, like [1]. Never cite a number that is not listed."
)


def default_sampling() -> SamplingSettings:
    return SamplingSettings(temperature=0.3, max_tokens=320, repeat_penalty=1.15)


def explained_answer(question: ExplainedQuestion, answer: str | None = None) -> str:
    """The label being explained: ``answer`` if given, else the question's answer key."""
    record = as_question(question)
    label = answer or record.answer
    if label is None:
        raise ValueError("nothing to explain: the question has no answer key and none was given")
    if label not in record.options:
        raise ValueError(f"answer {label!r} is not one of {list(record.options)}")
    return label


def _option(options: dict[str, str], label: str) -> str:
    text = options.get(label, "")
    return f"{label}. {text}" if text and text != label else label


def explanation_messages(
    question: ExplainedQuestion,
    selected: str | None = None,
    passages: Sequence[Passage] = (),
    *,
    answer: str | None = None,
) -> list[dict[str, str]]:
    """Chat messages asking the model to explain ``question``.

    ``answer`` is the label to explain (default: the answer key; the MCQ page passes the
    model's pick for a question without a key). ``selected`` is the student's choice: when it
    differs from the key the mistake is explained too. ``passages`` are numbered [1]..[n] in
    the order given.
    """
    record = as_question(question)
    label = explained_answer(record, answer)
    parts: list[str] = []
    if passages:
        parts.append(f"{LIBRARY_INSTRUCTION}\n\n{sources_block(list(passages))}")
    if record.context:
        parts.append(f"Context:\n{record.context.strip()}")
    parts.append(f"Question:\n{record.question.strip()}")
    parts.append("Options:\n" + "\n".join(_option(record.options, k) for k in record.options))
    if label == record.answer:
        parts.append(f"Correct answer: {_option(record.options, label)}")
    else:  # no key: the model's own pick, which may be wrong
        parts.append(
            f"Suggested answer (the model's pick, not an answer key): "
            f"{_option(record.options, label)}. Explain why it is most likely correct and why "
            "the other options are less likely; say so if it may be wrong."
        )
    if selected and record.answer is not None and selected != record.answer:
        parts.append(
            f"The student chose {_option(record.options, selected)}. Explain the mistake too."
        )
    parts.append("Explanation:")
    return [
        {"role": "system", "content": SYSTEM_PROMPT},
        {"role": "user", "content": "\n\n".join(parts)},
    ]
