"""Qt-free MCQ / classification mode: valid-by-construction answers with option probabilities.

scorer = MCQScorer(engine)                      # desktop.engine.Engine or a raw Llama
result = scorer.answer(question, method="letter", shots=exemplars)
result.choice, result.probabilities, result.latency_s
"""

from desktop.mcq.backend import LogitsBackend, log_softmax
from desktop.mcq.free_text_answer import parse_answer
from desktop.mcq.labels import label_token_ids
from desktop.mcq.prompts import ANSWER_PREFIX, SYSTEM_PROMPT, build_messages, format_question
from desktop.mcq.result import METHODS, MCQError, MCQResult, softmax_scores
from desktop.mcq.scorer import EciHead, MCQScorer, eci_head_from_classifier, rationale_grammar

__all__ = [
    "ANSWER_PREFIX",
    "METHODS",
    "SYSTEM_PROMPT",
    "EciHead",
    "LogitsBackend",
    "MCQError",
    "MCQResult",
    "MCQScorer",
    "build_messages",
    "eci_head_from_classifier",
    "format_question",
    "label_token_ids",
    "log_softmax",
    "parse_answer",
    "rationale_grammar",
    "softmax_scores",
]
