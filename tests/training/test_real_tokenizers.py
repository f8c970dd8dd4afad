"""Real model families (Llama 3, LLaMA 2, Phi-3, Qwen2 vocabularies from llama.cpp's test GGUFs):
training encodes exactly the token sequence the app sends -- the app's own template renderer
and llama.cpp's tokenizer of the same vocabulary are the oracle -- with BOS once and the labels
on the answer tokens only, token for token."""

from __future__ import annotations

import pytest

from desktop.engine.chat_template import ChatTemplate
from desktop.history.prompts import DEFAULT_SYSTEM_PROMPT
from tests.training.conftest import PEER_MODELS, vocab_gguf, vocab_tokenizer
from training.encoding import IGNORE_INDEX, encode_messages
from training.templates import install_template, template_source

pytestmark = pytest.mark.slow

LLAMA31_TEMPLATE = PEER_MODELS / "templates" / "meta-llama-Llama-3.1-8B-Instruct.jinja"
CONVERSATION = [
    {"role": "system", "content": DEFAULT_SYSTEM_PROMPT},
    {"role": "user", "content": "What causes gout?"},
    {"role": "assistant", "content": "Uric acid crystals deposit in the joints."},
    {"role": "user", "content": "And the first-line treatment of an acute attack?"},
    {"role": "assistant", "content": "An NSAID, colchicine or a corticosteroid."},
]
SINGLE = CONVERSATION[:3]
# (vocabulary, template used for training, the tokenizer's own template replaced by, turns).
# SentencePiece vocabularies are checked on single-turn conversations: transformers' rebuild of
# them from a GGUF tokenizes text right after a special token differently from llama.cpp (and
# from the original tokenizer.model), which is a property of the rebuilt tokenizer, not of the
# encoding under test.
CASES = [
    ("llama-bpe", "chat", "llama31", CONVERSATION),  # Llama 3 Instruct: template starts with BOS
    ("llama-bpe", "alpaca", None, CONVERSATION),  # a Llama 3 base trained with Alpaca
    ("llama-spm", "alpaca", None, SINGLE),  # LLaMA 2 base (SentencePiece)
    ("llama-spm", "medalpaca", None, SINGLE),
    ("phi-3", "alpaca", None, SINGLE),
    ("qwen2", "chat", None, CONVERSATION),  # Qwen2 ChatML, no BOS at all
]


class AppSide:
    """What the app does with this vocabulary: its sandboxed renderer + llama.cpp's tokenizer,
    BOS added once by the engine's rule (desktop.engine.Engine.tokenize)."""

    def __init__(self, name: str, template: str) -> None:
        from llama_cpp import Llama

        self.llama = Llama(model_path=str(vocab_gguf(name)), vocab_only=True, verbose=False)
        bos, eos = self.llama.token_bos(), self.llama.token_eos()
        self.bos_id = bos
        self.bos_text = self._piece(bos) if bos >= 0 else ""
        self.add_bos = bool(self.llama._model.add_bos_token())
        self.template = ChatTemplate(template, self.bos_text, self._piece(eos))

    def _piece(self, token: int) -> str:
        return self.llama.detokenize([token], special=True).decode("utf-8", errors="ignore")

    def tokens(self, messages: list[dict[str, str]], prompt: bool) -> list[int]:
        text = self.template.render(messages, add_generation_prompt=prompt)
        if not prompt:
            text = text.rstrip()
        add_bos = self.add_bos and not (self.bos_text and text.startswith(self.bos_text))
        return self.llama.tokenize(text.encode("utf-8"), add_bos=add_bos, special=True)


@pytest.mark.parametrize(("vocab", "template", "own", "conversation"), CASES)
def test_training_sequence_is_the_apps_token_for_token(
    vocab: str, template: str, own: str | None, conversation: list[dict[str, str]]
) -> None:
    tok = vocab_tokenizer(vocab)
    if own == "llama31":
        tok.chat_template = LLAMA31_TEMPLATE.read_text(encoding="utf-8")
    if template != "chat":
        install_template(tok, template)  # what the trainer does: the template travels along
    assert tok.chat_template == template_source(template, tok)
    enc, truncated = encode_messages(tok, template, conversation, max_length=4096)
    assert enc is not None and not truncated
    app = AppSide(vocab, tok.chat_template)
    try:
        whole = app.tokens(conversation, prompt=False)
        expected: set[int] = set()
        for i, msg in enumerate(conversation):
            if msg["role"] == "assistant":
                start = len(app.tokens(conversation[:i], prompt=True))
                end = len(app.tokens(conversation[: i + 1], prompt=False))
                assert app.tokens(conversation[:i], prompt=True) == whole[:start]
                expected |= set(range(start, end))
    finally:
        app.llama.close()
    eos = tok.eos_token_id
    if whole[-1] != eos:  # e.g. Phi-3 ends a turn with <|end|>: training appends EOS
        whole = [*whole, eos]
        expected.add(len(whole) - 1)
    assert enc.input_ids == whole
    labelled = {i for i, lab in enumerate(enc.labels) if lab != IGNORE_INDEX}
    assert labelled == expected
    assert all(enc.labels[i] == enc.input_ids[i] for i in labelled)
    if vocab == "qwen2":  # no BOS (its bos id is <|endoftext|>, the EOS appended at the end)
        assert enc.input_ids[0] != app.bos_id
    else:
        assert enc.input_ids[0] == app.bos_id and app.bos_id not in enc.input_ids[1:]
    answers = [m["content"] for m in conversation if m["role"] == "assistant"]
    text = tok.decode([enc.input_ids[i] for i in sorted(labelled)], skip_special_tokens=True)
    assert all(a in text for a in answers) and "gout" not in text


def test_sentencepiece_answer_has_no_extra_leading_space_token() -> None:
    """The old separate tokenization of the answer gave LLaMA 2 a '▁' word-start piece the model
    never sees after "### Response:\\n" at inference."""
    tok = vocab_tokenizer("llama-spm")
    install_template(tok, "alpaca")
    messages = CONVERSATION[1:3]
    enc, _ = encode_messages(tok, "alpaca", messages, max_length=512)
    first = tok.convert_ids_to_tokens(enc.input_ids[enc.n_prompt])
    separate = tok.convert_ids_to_tokens(
        tok(messages[1]["content"], add_special_tokens=False)["input_ids"][0]
    )
    assert separate.startswith("▁") and first == separate[1:], (first, separate)
