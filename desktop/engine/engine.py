"""The llama.cpp engine: load a GGUF, stream chat completions, cancel, report speed and context.

Qt-free; used by the app (through :class:`desktop.engine.worker.EngineWorker`), the MCQ mode
and the CLI. A :class:`Engine` must only be used from one thread at a time.
"""

from __future__ import annotations

import codecs
import contextlib
import os
import random
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from common.tasks import CancelToken
from desktop.engine.chat_template import ChatTemplate
from desktop.engine.config import EngineConfig, SamplingSettings
from desktop.engine.context_window import Message, fit_messages
from desktop.engine.errors import ContextOverflowError, ModelLoadError
from desktop.engine.info import LOCAL, BackendInfo
from models.adapters import AdapterInfo, read_adapter_info
from models.errors import ModelError
from models.gguf_info import GGUFInfo, read_gguf_info
from models.usable import check_usable_file

if TYPE_CHECKING:
    from llama_cpp import Llama, LlamaGrammar

_SEEDS = random.SystemRandom()


@dataclass
class StreamEvent:
    """One streamed piece of text with live speed and context-fill figures."""

    text: str
    completion_tokens: int
    tokens_per_second: float
    context_used: int
    n_ctx: int

    @property
    def context_fill(self) -> float:
        return self.context_used / self.n_ctx if self.n_ctx else 0.0  # 0: server did not say


@dataclass
class GenerationResult:
    text: str
    finish_reason: str  # "stop" | "length" | "cancelled"
    prompt_tokens: int
    cached_tokens: int
    completion_tokens: int
    prompt_seconds: float  # prefill, up to the first sampled token
    decode_seconds: float  # first sampled token to the end
    n_ctx: int
    trimmed_messages: int
    seed: int | None = None  # the sampling seed used (recorded so an answer can be reproduced)

    @property
    def tokens_per_second(self) -> float:
        """Decode speed: tokens after the first over the time since the first."""
        if self.completion_tokens < 2 or self.decode_seconds <= 0:
            return 0.0
        return (self.completion_tokens - 1) / self.decode_seconds

    @property
    def context_used(self) -> int:
        return self.prompt_tokens + self.completion_tokens

    @property
    def context_fill(self) -> float:
        return self.context_used / self.n_ctx if self.n_ctx else 0.0  # 0: server did not say

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["tokens_per_second"] = self.tokens_per_second
        return data


@contextlib.contextmanager
def _quiet_stderr() -> Iterator[None]:
    """Silence llama.cpp's C-level loader chatter on fd 2."""
    try:
        saved = os.dup(2)
    except OSError:  # no usable stderr (e.g. a GUI bundle)
        yield
        return
    with open(os.devnull, "w") as devnull:
        os.dup2(devnull.fileno(), 2)
        try:
            yield
        finally:
            os.dup2(saved, 2)
            os.close(saved)


class ChatStream:
    """Iterate for text pieces; ``result`` holds the :class:`GenerationResult` afterwards."""

    def __init__(self, events: Iterator[StreamEvent]) -> None:
        self._events = events
        self.result: GenerationResult | None = None

    def __iter__(self) -> Iterator[StreamEvent]:
        self.result = yield from self._events


class Engine:
    """Owns one ``llama_cpp.Llama``; not thread-safe (see ``EngineWorker``).

    The ``"local"`` :class:`desktop.engine.backend.ModelBackend`.
    """

    kind = LOCAL

    def __init__(self, config: EngineConfig, llama: Llama | None = None) -> None:
        """Load ``config.model_path``, or adopt ``llama``, an already loaded ``Llama``."""
        import llama_cpp  # lazy: keeps the native llama.cpp library off start-up

        self.config = config
        header = check_usable_file(config.model_path)  # not a model (vocabulary, adapter)
        adapter = None
        if config.lora_path:
            adapter = self._check_adapter(
                config.lora_path, header.strings.get("general.architecture", "")
            )
        self.info: GGUFInfo = read_gguf_info(config.model_path)  # clear error for bad files
        self.gpu_offload = bool(llama_cpp.llama_supports_gpu_offload())
        n_gpu_layers = config.n_gpu_layers if self.gpu_offload else 0
        self.llama = llama if llama is not None else self._load(config, n_gpu_layers)
        self.n_ctx = self.llama.n_ctx()
        vocab = self.llama
        bos = vocab.token_bos()
        eos = vocab.token_eos()
        self._bos_text = self._piece(bos) if bos >= 0 else ""
        # an adapter is served with the template it was trained with (issue 17: the training
        # prompt must reach the deployed model), else the model's own
        template = (adapter.chat_template if adapter else None) or self.info.chat_template
        self.template = ChatTemplate(template, self._bos_text, self._piece(eos) if eos >= 0 else "")
        self._add_bos = bool(self.llama._model.add_bos_token())

    def _load(self, config: EngineConfig, n_gpu_layers: int) -> Llama:
        import llama_cpp  # lazy: keeps the native llama.cpp library off start-up

        try:
            with _quiet_stderr():
                return llama_cpp.Llama(
                    model_path=config.model_path,
                    n_ctx=config.n_ctx,
                    n_batch=config.n_batch,
                    n_threads=config.n_threads,
                    n_threads_batch=config.n_threads,
                    n_gpu_layers=n_gpu_layers,
                    seed=config.seed,
                    lora_path=config.lora_path or None,
                    lora_scale=config.lora_scale,
                    verbose=False,
                )
        except Exception as exc:
            raise ModelLoadError(
                f"llama.cpp could not load {os.path.basename(config.model_path)} "
                f"(architecture {self.info.architecture!r}): {exc}. The architecture may be "
                "unsupported by this llama.cpp build, or the file is damaged or too large for RAM."
            ) from exc

    @staticmethod
    def _check_adapter(lora_path: str, architecture: str) -> AdapterInfo:
        """A clear error before llama.cpp's when the adapter file cannot go on this model."""
        try:
            adapter = read_adapter_info(lora_path)
        except ModelError as exc:
            raise ModelLoadError(str(exc)) from exc
        if adapter.architecture != architecture:
            raise ModelLoadError(
                f"The adapter {adapter.name} was made for a {adapter.architecture} model; this "
                f"model is {architecture}. Choose “Adapter: none” on the Models page."
            )
        return adapter

    @classmethod
    def adopt(cls, llama: Llama) -> Engine:
        """An engine around an already loaded ``llama_cpp.Llama`` (its settings are kept)."""
        config = EngineConfig(
            model_path=llama.model_path,
            n_ctx=llama.n_ctx(),
            n_threads=llama.n_threads,
            n_batch=llama.n_batch,
        )
        return cls(config, llama=llama)

    def describe(self) -> BackendInfo:
        return BackendInfo(
            kind=LOCAL,
            name=self.info.name,
            where="this computer",
            n_ctx=self.n_ctx,
            quantization=self.info.quantization,
            model_id=os.path.basename(self.config.model_path),
        )

    # -- tokens ------------------------------------------------------------------------
    def _piece(self, token: int) -> str:
        return self.llama.detokenize([token], special=True).decode("utf-8", errors="ignore")

    def tokenize(self, text: str, special: bool = True) -> list[int]:
        """Tokenize prompt text; BOS is added once if the model wants it."""
        add_bos = self._add_bos and not (self._bos_text and text.startswith(self._bos_text))
        return self.llama.tokenize(text.encode("utf-8"), add_bos=add_bos, special=special)

    def render(self, messages: list[Message]) -> str:
        return self.template.render(messages, add_generation_prompt=True)

    def count_chat_tokens(self, messages: list[Message]) -> list[int]:
        return self.tokenize(self.render(messages))

    # -- generation --------------------------------------------------------------------
    def _prefill(self, tokens: list[int], cancel: CancelToken | None) -> int:
        """Evaluate all but the last prompt token in batches, reusing the KV-cache prefix.

        Returns the number of cached tokens reused. Checks ``cancel`` between batches so a
        long prompt can be stopped too.
        """
        llama = self.llama
        cached = 0
        for a, b in zip(llama._input_ids, tokens[:-1], strict=False):
            if a != b:
                break
            cached += 1
        llama.n_tokens = cached
        todo = tokens[cached:-1]
        step = self.config.n_batch
        for i in range(0, len(todo), step):
            if cancel is not None and cancel.cancelled:
                break
            llama.eval(todo[i : i + step])
        return cached

    def stream_prompt(
        self,
        tokens: list[int],
        sampling: SamplingSettings,
        cancel: CancelToken | None = None,
        trimmed: int = 0,
        grammar: LlamaGrammar | None = None,
    ) -> ChatStream:
        """Stream a completion of already-tokenized ``tokens``."""
        return ChatStream(self._generate(tokens, sampling, cancel, trimmed, grammar))

    def stream_chat(
        self,
        messages: list[Message],
        sampling: SamplingSettings | None = None,
        cancel: CancelToken | None = None,
    ) -> ChatStream:
        """Stream an answer to ``messages`` using the model's own chat template.

        Old turns are trimmed (or :class:`ContextOverflowError` raised, per the config) so
        the prompt plus ``max_tokens`` fits the context window.
        """
        sampling = sampling or SamplingSettings()
        reserve = min(sampling.max_tokens, self.n_ctx // 2)
        fitted = fit_messages(
            messages, self.count_chat_tokens, self.n_ctx, reserve, self.config.overflow
        )
        return self.stream_prompt(fitted.tokens, sampling, cancel, fitted.trimmed)

    def chat(
        self,
        messages: list[Message],
        sampling: SamplingSettings | None = None,
        on_event: Callable[[StreamEvent], None] | None = None,
        cancel: CancelToken | None = None,
    ) -> GenerationResult:
        """Blocking form of :meth:`stream_chat`, calling ``on_event`` for each piece."""
        stream = self.stream_chat(messages, sampling, cancel)
        for event in stream:
            if on_event is not None:
                on_event(event)
        assert stream.result is not None
        return stream.result

    def _generate(
        self,
        tokens: list[int],
        sampling: SamplingSettings,
        cancel: CancelToken | None,
        trimmed: int,
        grammar: LlamaGrammar | None,
    ) -> Iterator[StreamEvent]:
        """Token loop on ``Llama.generate``: exact token counts, incremental UTF-8 decoding."""
        import llama_cpp  # lazy: keeps the native llama.cpp library off start-up

        llama = self.llama
        n_ctx = self.n_ctx
        if len(tokens) >= n_ctx:
            raise ContextOverflowError(len(tokens), n_ctx, 1)
        max_tokens = max(1, min(sampling.max_tokens, n_ctx - len(tokens)))
        # No fixed seed: a fresh one per call, so asking again gives a new answer.
        seed = sampling.seed if sampling.seed is not None else _SEEDS.randint(0, 2**32 - 1)
        llama.set_seed(seed)
        t0 = time.perf_counter()
        cached = self._prefill(tokens, cancel)
        vocab = llama._model.vocab
        decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        pieces: list[str] = []
        count = 0
        finish = "length"
        t_first: float | None = None
        if cancel is not None and cancel.cancelled:
            finish = "cancelled"
        else:
            generator = llama.generate(
                tokens,
                top_k=sampling.top_k,
                top_p=sampling.top_p,
                min_p=sampling.min_p,
                temp=sampling.temperature,
                repeat_penalty=sampling.repeat_penalty,
                grammar=grammar,
            )
            try:
                for token in generator:
                    if t_first is None:
                        t_first = time.perf_counter()
                    if llama_cpp.llama_vocab_is_eog(vocab, token):
                        finish = "stop"
                        break
                    count += 1
                    text = decoder.decode(llama.detokenize([token]))
                    if text:
                        pieces.append(text)
                        elapsed = time.perf_counter() - t_first
                        yield StreamEvent(
                            text=text,
                            completion_tokens=count,
                            tokens_per_second=(count - 1) / elapsed if elapsed > 0 else 0.0,
                            context_used=len(tokens) + count,
                            n_ctx=n_ctx,
                        )
                    if cancel is not None and cancel.cancelled:
                        finish = "cancelled"
                        break
                    if count >= max_tokens:
                        break
            finally:
                generator.close()
        tail = decoder.decode(b"", final=True)
        if tail:
            pieces.append(tail)
        t_end = time.perf_counter()
        t_gen0 = t_first if t_first is not None else t_end
        return GenerationResult(
            text="".join(pieces),
            finish_reason=finish,
            prompt_tokens=len(tokens),
            cached_tokens=cached,
            completion_tokens=count,
            prompt_seconds=t_gen0 - t0,
            decode_seconds=t_end - t_gen0,
            n_ctx=n_ctx,
            trimmed_messages=trimmed,
            seed=seed,
        )

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.llama.close()
