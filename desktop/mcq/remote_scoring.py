"""Letter scoring on a clinic server: option probabilities from the server's ``top_logprobs``.

The scoring method depends on what the server offers, and is recorded in
``MCQResult.extra["scoring"]`` (shown to the user):

- ``completion-logprobs``: the model's chat template is known (llama-server publishes it, or a
  local GGUF of the same model names it), so the prompt is rendered here exactly as the
  in-process scorer renders it, ``Answer:`` appended, and sent to ``/v1/completions``.
- ``chat-prefill-logprobs`` (vLLM): the same prompt through ``/v1/chat/completions`` with the
  assistant turn opened by ``Answer:`` (``continue_final_message``).
- ``chat-logprobs``: other servers; the first token of the assistant turn, no prefix (the
  label mass tells how much of the answer went to an option).
- ``grammar`` / ``guided-choice`` / ``parsed``: the server gave no logprobs; the answer is
  constrained to the labels (GBNF on llama.cpp servers, guided choice on vLLM) and the result
  carries no probabilities beyond the chosen option.

Probabilities are renormalised over the option tokens; ``label_mass`` is the share of the
model's next-token probability that fell on them (only the top ``top_logprobs`` tokens are
visible, so options outside them count as zero).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from desktop.engine.remote import VLLM, RemoteBackend, ServerAuthError, ServerError
from desktop.mcq.free_text_answer import parse_answer
from desktop.mcq.prompts import ANSWER_PREFIX
from desktop.mcq.result import MCQResult, argmax_label, softmax_scores


def label_variants(label: str) -> set[str]:
    """Token texts that stand for ``label`` right after the answer prefix (as in-process:
    ``" B"``, ``"B"``, ``" Yes"`` for ``yes``)."""
    return {" " + label, label, " " + label.capitalize(), label.capitalize()}


def scores_from_top(top: dict[str, float], labels: Sequence[str]) -> dict[str, float]:
    """Per label: log of the summed probability of its token variants among ``top``."""
    scores: dict[str, float] = {}
    for label in labels:
        variants = label_variants(label)
        mass = sum(math.exp(lp) for token, lp in top.items() if token in variants)
        scores[label] = math.log(mass) if mass > 0 else -math.inf
    return scores


def logprobs_refused(exc: ServerError) -> bool:
    """The server answered but would not give logprobs (e.g. llama-cpp-python without
    ``--logits_all``): fall back to a constrained answer. Key, load and network failures are
    not hidden behind a fallback."""
    return exc.status in (400, 422, 500, 501) and not isinstance(exc, ServerAuthError)


def _top_logprobs(
    backend: RemoteBackend, messages: list[dict[str, str]]
) -> tuple[dict[str, float] | None, str]:
    template = backend.prompt_template()
    if template is not None:
        prompt = template.render(messages) + ANSWER_PREFIX
        return backend.completion_top_logprobs(prompt), "completion-logprobs"
    if backend.server_kind == VLLM:
        return backend.chat_top_logprobs(messages, ANSWER_PREFIX), "chat-prefill-logprobs"
    return backend.chat_top_logprobs(messages), "chat-logprobs"


def score_letters(
    backend: RemoteBackend,
    messages: list[dict[str, str]],
    labels: Sequence[str],
    options: dict[str, str],
) -> MCQResult:
    """Score one question's ``messages`` (from :func:`desktop.mcq.prompts.build_messages`)."""
    extra: dict[str, object] = {"server": backend.where}
    try:
        top, scoring = _top_logprobs(backend, messages)
    except ServerError as exc:
        if not logprobs_refused(exc):
            raise
        top, scoring = None, "none"
        extra["logprobs_error"] = str(exc)
    extra["top_logprobs"] = len(top or {})
    if top:
        scores = scores_from_top(top, labels)
        if any(s > -math.inf for s in scores.values()):
            probs = softmax_scores(scores)
            mass = sum(math.exp(s) for s in scores.values() if s > -math.inf)
            return MCQResult(
                choice=argmax_label(probs),
                probabilities=probs,
                latency_s=0.0,
                method="letter",
                label_mass=mass,
                extra={**extra, "scoring": scoring},
            )
    # No logprobs, or none of the visible tokens is an option: constrain the answer instead.
    text = backend.constrained_choice(messages, list(labels))
    choice = text.strip() if text.strip() in options else parse_answer(text, options)
    probs = {label: float(label == choice) for label in labels} if choice else {}
    return MCQResult(
        choice=choice,
        probabilities=probs,
        latency_s=0.0,
        method="letter",
        raw_text=text,
        extra={**extra, "scoring": backend.constrained_method},
    )
