"""MCQ / classification scoring: answers valid by construction, a probability per option.

Methods:

- ``letter``: one forward pass over the prompt ending in ``"Answer:"``; the next-token
  log-probabilities of the option labels' tokens, renormalised over the options.
- ``loglik``: length-normalised log-likelihood of each option's full text after the prefix
  (shared prefix decoded once, each option decoded on top of it).
- ``rationale``: a one-line reason and the answer under a GBNF grammar whose answer slot only
  admits the option labels; probabilities from letter scoring after the generated reason.
- ``generate``: the MedAlpaca-style baseline - free generation, regex parse, up to 5 retries;
  may end with no valid answer (``choice=None``). Kept for comparison only.
- ``eci``: any callable ``question -> {label: prob}`` (e.g. a trained classifier head).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Protocol

import numpy as np

from desktop.engine import CancelToken, Engine
from desktop.engine.remote import RemoteBackend
from desktop.mcq.backend import LogitsBackend
from desktop.mcq.free_text_answer import parse_answer
from desktop.mcq.labels import label_token_ids
from desktop.mcq.prompts import (
    ANSWER_PREFIX,
    RATIONALE_PREFIX,
    SYSTEM_PROMPT,
    build_free_text_messages,
    build_messages,
)
from desktop.mcq.remote_scoring import score_letters
from desktop.mcq.result import METHODS, MCQError, MCQResult, argmax_label, softmax_scores
from desktop.questions import Question

if TYPE_CHECKING:
    from llama_cpp import Llama

EciHead = Callable[[Question], dict[str, float]]
GENERATE_RETRIES = 5


def _gbnf_literal(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def rationale_grammar(labels: Sequence[str]) -> str:
    """GBNF: `` <one sentence>\\nAnswer: <label>`` - nothing else can be produced."""
    choices = " | ".join(_gbnf_literal(label) for label in labels)
    return (
        f'root ::= " " reason "\\n" {_gbnf_literal(ANSWER_PREFIX + " ")} label\n'
        "reason ::= [^\\n.!?] [^\\n.!?]* [.!?]\n"
        f"label ::= {choices}\n"
    )


def _logsumexp(values: Sequence[float]) -> float:
    top = max(values)
    if top == -math.inf:
        return top
    return top + math.log(sum(math.exp(v - top) for v in values))


class MCQScorer:
    """Answer questions with a model (``Engine``, raw ``Llama``, any ``LogitsBackend``, or a
    clinic server's :class:`RemoteBackend`, letter scoring only)."""

    def __init__(
        self,
        model: Engine | Llama | LogitsBackend | RemoteBackend,
        system_prompt: str | None = SYSTEM_PROMPT,
        eci: EciHead | None = None,
        rationale_max_tokens: int = 96,
        generate_max_tokens: int = 128,
    ) -> None:
        # A clinic server gives top-k logprobs over HTTP, not the full distribution.
        self.remote: RemoteBackend | None = model if isinstance(model, RemoteBackend) else None
        self._backend: LogitsBackend | None = None
        if self.remote is None and hasattr(model, "next_logprobs"):
            self._backend = model
        elif self.remote is None:
            from desktop.mcq.llama_backend import LlamaBackend  # lazy: imports llama_cpp's types

            self._backend = LlamaBackend(model)
        self.system_prompt = system_prompt
        self.eci = eci
        self.rationale_max_tokens = rationale_max_tokens
        self.generate_max_tokens = generate_max_tokens
        self._label_cache: dict[tuple[str, ...], dict[str, list[int]] | None] = {}

    @property
    def backend(self) -> LogitsBackend:
        """The logits backend (models on this computer; a server has none)."""
        if self._backend is None:
            raise MCQError("This needs the model on this computer, not a clinic server.")
        return self._backend

    # -- prompts ---------------------------------------------------------------------
    def prompt_text(
        self, question: Question, shots: Sequence[Question] = (), prefix: str = ANSWER_PREFIX
    ) -> str:
        messages = build_messages(
            question, shots, self.system_prompt, rationale=prefix == RATIONALE_PREFIX
        )
        return self.backend.render(messages) + prefix

    def prompt_tokens(
        self, question: Question, shots: Sequence[Question] = (), prefix: str = ANSWER_PREFIX
    ) -> list[int]:
        return self.backend.tokenize_prompt(self.prompt_text(question, shots, prefix))

    def _labels(self, labels: Sequence[str]) -> dict[str, list[int]] | None:
        key = tuple(labels)
        if key not in self._label_cache:
            self._label_cache[key] = label_token_ids(self.backend, labels)
        return self._label_cache[key]

    # -- public API --------------------------------------------------------------------
    def answer(
        self,
        question: Question,
        method: str = "letter",
        shots: Sequence[Question] = (),
        cancel: CancelToken | None = None,
        seed: int = 0,
    ) -> MCQResult:
        """Answer ``question`` with ``method`` (see module docstring)."""
        if method not in METHODS:
            raise ValueError(f"unknown method {method!r}; choose from {METHODS}")
        t0 = time.perf_counter()
        if self.remote is not None:
            if method != "letter":
                raise MCQError(
                    f"Method {method!r} needs the model on this computer; a clinic server "
                    "supports letter scoring."
                )
            messages = build_messages(question, shots, self.system_prompt)
            result = score_letters(self.remote, messages, question.labels, question.options)
        elif method == "letter":
            result = self._letter(self.prompt_tokens(question, shots), question.labels)
        elif method == "loglik":
            result = self._loglik(question, shots)
        elif method == "rationale":
            result = self._rationale(question, shots, cancel)
        elif method == "generate":
            result = self._generate(question, shots, cancel, seed)
        else:
            result = self._eci(question)
        result.latency_s = time.perf_counter() - t0
        return result

    def answer_text(
        self,
        question: str,
        options: dict[str, str] | Sequence[str],
        context: str | None = None,
        method: str = "letter",
    ) -> MCQResult:
        """Convenience for ad-hoc questions; a list of options is labelled A, B, C, ..."""
        if not isinstance(options, dict):
            options = {chr(ord("A") + i): str(text) for i, text in enumerate(options)}
        return self.answer(Question("adhoc", question, dict(options), context=context), method)

    # -- methods -----------------------------------------------------------------------
    def _letter(self, tokens: list[int], labels: list[str]) -> MCQResult:
        ids = self._labels(labels)
        if ids is None:  # labels share a first token: score each whole label string
            conts = [self.backend.tokenize_piece(" " + label) for label in labels]
            per_token = self.backend.continuation_logprobs(tokens, conts)
            scores = {label: sum(lps) for label, lps in zip(labels, per_token, strict=True)}
            probs = softmax_scores(scores)
            return MCQResult(
                choice=argmax_label(probs),
                probabilities=probs,
                latency_s=0.0,
                method="letter",
                prompt_tokens=len(tokens),
                extra={"scoring": "label-sequence"},
            )
        logprobs = self.backend.next_logprobs(tokens)
        scores = {label: _logsumexp([float(logprobs[i]) for i in ids[label]]) for label in labels}
        probs = softmax_scores(scores)
        mass = float(np.exp(_logsumexp(list(scores.values()))))
        return MCQResult(
            choice=argmax_label(probs),
            probabilities=probs,
            latency_s=0.0,
            method="letter",
            label_mass=mass,
            prompt_tokens=len(tokens),
            extra={"scoring": "first-token"},
        )

    def _loglik(self, question: Question, shots: Sequence[Question]) -> MCQResult:
        tokens = self.prompt_tokens(question, shots)
        conts = [self.backend.tokenize_piece(" " + text) for text in question.options.values()]
        per_token = self.backend.continuation_logprobs(tokens, conts)
        scores = {
            label: (sum(lps) / len(lps) if lps else -math.inf)
            for label, lps in zip(question.labels, per_token, strict=True)
        }
        probs = softmax_scores(scores)
        return MCQResult(
            choice=argmax_label(probs),
            probabilities=probs,
            latency_s=0.0,
            method="loglik",
            prompt_tokens=len(tokens),
            extra={"mean_logprob": scores},
        )

    def _rationale(
        self, question: Question, shots: Sequence[Question], cancel: CancelToken | None
    ) -> MCQResult:
        prompt = self.prompt_text(question, shots, prefix=RATIONALE_PREFIX)
        tokens = self.backend.tokenize_prompt(prompt)
        text = self.backend.generate(
            tokens,
            self.rationale_max_tokens,
            grammar=rationale_grammar(question.labels),
            cancel=cancel,
        )
        reason, sep, tail = text.partition("\n" + ANSWER_PREFIX)
        grammar_choice = tail.strip() if sep and tail.strip() in question.options else None
        # Probabilities: letter scoring with the generated reason in context.
        scored = self._letter(
            self.backend.tokenize_prompt(prompt + reason + "\n" + ANSWER_PREFIX), question.labels
        )
        return MCQResult(
            choice=grammar_choice or scored.choice,
            probabilities=scored.probabilities,
            latency_s=0.0,
            method="rationale",
            label_mass=scored.label_mass,
            rationale=reason.strip(),
            raw_text=text,
            prompt_tokens=len(tokens),
            extra={"grammar_complete": grammar_choice is not None},
        )

    def _generate(
        self,
        question: Question,
        shots: Sequence[Question],
        cancel: CancelToken | None,
        seed: int,
    ) -> MCQResult:
        messages = build_free_text_messages(question, shots, self.system_prompt)
        tokens = self.backend.tokenize_prompt(self.backend.render(messages))
        texts: list[str] = []
        choice: str | None = None
        for attempt in range(GENERATE_RETRIES + 1):
            text = self.backend.generate(
                tokens,
                self.generate_max_tokens,
                temperature=0.0 if attempt == 0 else 0.7,
                seed=seed + attempt,
                cancel=cancel,
            )
            texts.append(text)
            choice = parse_answer(text, question.options)
            if choice is not None or (cancel is not None and cancel.cancelled):
                break
        probs = {label: float(label == choice) for label in question.labels} if choice else {}
        return MCQResult(
            choice=choice,
            probabilities=probs,
            latency_s=0.0,
            method="generate",
            raw_text=texts[-1],
            attempts=len(texts),
            prompt_tokens=len(tokens),
        )

    def _eci(self, question: Question) -> MCQResult:
        if self.eci is None:
            raise MCQError("method 'eci' needs a classifier head (MCQScorer(..., eci=callable))")
        raw = self.eci(question)
        scores = {label: max(float(raw.get(label, 0.0)), 0.0) for label in question.labels}
        total = sum(scores.values())
        if not math.isfinite(total) or total <= 0:
            raise MCQError("the ECI head gave no probability to any option")
        probs = {label: value / total for label, value in scores.items()}
        return MCQResult(
            choice=argmax_label(probs), probabilities=probs, latency_s=0.0, method="eci"
        )


class TextClassifier(Protocol):
    """What an ECI head offers (``training.eci_apply.ECIClassifier``; desktop may not import
    training): option probabilities for a question and its context."""

    def classify(self, question: str, context: str) -> dict[str, float]: ...


def eci_head_from_classifier(classifier: TextClassifier) -> EciHead:
    """Adapt an object with ``classify(question, context) -> {label: prob}`` (such as
    ``training.eci_apply.ECIClassifier``) to the ``eci`` hook of :class:`MCQScorer`."""

    def head(question: Question) -> dict[str, float]:
        return classifier.classify(question.question, question.context or "")

    return head
