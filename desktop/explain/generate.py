"""Stream an explanation on a model backend (call on the engine's thread)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from desktop.engine import CancelToken, GenerationResult, SamplingSettings, StreamEvent
from desktop.engine.backend import ModelBackend
from desktop.explain.prompt import default_sampling, explanation_messages
from desktop.explain.question import ExplainedQuestion
from desktop.library.passages import Passage


def generate_explanation(
    engine: ModelBackend,
    question: ExplainedQuestion,
    selected: str | None = None,
    sampling: SamplingSettings | None = None,
    on_text: Callable[[str], None] | None = None,
    cancel: CancelToken | None = None,
    passages: Sequence[Passage] = (),
    answer: str | None = None,
) -> GenerationResult:
    """The model's explanation of ``question`` (see :func:`explanation_messages`), streamed."""

    def on_event(event: StreamEvent) -> None:
        if on_text is not None:
            on_text(event.text)

    messages = explanation_messages(question, selected, passages, answer=answer)
    return engine.chat(messages, sampling or default_sampling(), on_event, cancel)
