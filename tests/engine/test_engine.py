"""The llama.cpp engine on the real embedded model: streaming, cancel, overflow, threads."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from desktop.engine import (
    CancelToken,
    ContextOverflowError,
    Engine,
    EngineConfig,
    EngineWorker,
    SamplingSettings,
    default_threads,
)
from desktop.engine.threads import default_threads_for, physical_cores
from models.errors import ModelFileError

QUESTION = "What are the common symptoms of iron deficiency anemia?"
GREEDY = SamplingSettings(temperature=0.0, max_tokens=48, seed=1)


@pytest.fixture(scope="module")
def engine(default_model_path: Path) -> Engine:
    eng = Engine(EngineConfig(model_path=str(default_model_path), n_ctx=2048))
    yield eng
    eng.close()


def test_streams_a_real_answer(engine: Engine) -> None:
    events = []
    stream = engine.stream_chat([{"role": "user", "content": QUESTION}], GREEDY)
    for event in stream:
        events.append(event)
    result = stream.result
    assert result is not None
    assert len(events) > 5
    assert "".join(e.text for e in events) == result.text
    assert len(result.text.split()) > 5
    assert result.finish_reason in {"stop", "length"}
    assert 5 < result.completion_tokens <= 48
    assert result.tokens_per_second > 0
    assert result.prompt_tokens == len(
        engine.count_chat_tokens([{"role": "user", "content": QUESTION}])
    )
    assert events[-1].context_used <= result.context_used <= result.n_ctx
    assert 0 < result.context_fill < 1


def test_uses_models_own_chat_template_like_llama_cpp(engine: Engine) -> None:
    """Greedy output equals llama-cpp-python's own chat completion with the GGUF template."""
    messages = [
        {"role": "system", "content": "You are a careful medical assistant."},
        {"role": "user", "content": QUESTION},
    ]
    ours = engine.chat(messages, GREEDY).text
    raw = engine.llama.create_chat_completion(
        messages=messages,
        temperature=0.0,
        max_tokens=48,
        seed=1,
        repeat_penalty=1.1,
        top_p=0.95,
        top_k=40,
        min_p=0.05,
    )
    assert ours == raw["choices"][0]["message"]["content"]
    assert engine.render(messages).startswith("<|im_start|>system\nYou are a careful")


def test_cancel_mid_stream_stops_at_the_next_token(engine: Engine) -> None:
    """Cancelled after the 5th piece: no piece after it, the result ends exactly there.

    (How long that takes is measured by ``python -m bench cancel_latency``, not asserted.)
    """
    cancel = CancelToken()
    sampling = SamplingSettings(temperature=0.8, max_tokens=400, seed=3)
    stream = engine.stream_chat(
        [{"role": "user", "content": "Write a long essay on sepsis."}], sampling, cancel
    )
    events = []
    for event in stream:
        events.append(event)
        if len(events) == 5:
            cancel.cancel()
    assert len(events) == 5  # nothing was generated after the cancel
    result = stream.result
    assert result.finish_reason == "cancelled"
    assert result.completion_tokens == events[-1].completion_tokens
    assert result.text == "".join(e.text for e in events)


def test_cancel_from_another_thread_stops_at_the_next_token(engine: Engine) -> None:
    """A cancel from another thread lets at most the token being computed finish."""
    cancel = CancelToken()
    started = threading.Event()
    seen: list[int] = []  # completion_tokens of each piece, appended by the consumer
    results: list[object] = []

    def consume() -> None:
        stream = engine.stream_chat(
            [{"role": "user", "content": "Explain heart failure in detail."}],
            SamplingSettings(max_tokens=400, seed=4),
            cancel,
        )
        for event in stream:
            seen.append(event.completion_tokens)
            if len(seen) == 3:
                started.set()
        results.append(stream.result)

    thread = threading.Thread(target=consume)
    thread.start()
    assert started.wait(120), "generation did not start"
    cancel.cancel()
    # Tokens counted when cancel() returned; the consumer may finish the one in progress.
    at_cancel = seen[-1]
    thread.join(120)
    assert not thread.is_alive(), "generation did not stop after cancel"
    result = results[0]
    assert result.finish_reason == "cancelled"
    assert at_cancel <= result.completion_tokens <= at_cancel + 1


def test_overflow_trims_oldest_turns(default_model_path: Path) -> None:
    eng = Engine(EngineConfig(model_path=str(default_model_path), n_ctx=256))
    history = [{"role": "system", "content": "Be brief."}]
    for i in range(12):
        history.append(
            {"role": "user", "content": f"Question {i}: tell me about hypertension stage {i}."}
        )
        history.append({"role": "assistant", "content": f"Answer {i}: " + "blood pressure " * 8})
    history.append({"role": "user", "content": "Summarise what a normal blood pressure is."})
    result = eng.chat(history, SamplingSettings(temperature=0.0, max_tokens=32))
    assert result.trimmed_messages > 0
    assert result.prompt_tokens + 32 <= 256
    assert result.text
    eng.close()


def test_overflow_refused_with_clear_message(default_model_path: Path) -> None:
    eng = Engine(EngineConfig(model_path=str(default_model_path), n_ctx=256, overflow="refuse"))
    long_history = [{"role": "user", "content": "chest pain " * 300}]
    with pytest.raises(ContextOverflowError, match="context window holds 256 tokens") as info:
        eng.chat(long_history, SamplingSettings(max_tokens=32))
    assert not isinstance(info.value, ValueError)
    assert info.value.prompt_tokens > 256
    # Trimming cannot help when the single message itself is too long.
    eng.config.overflow = "trim"
    with pytest.raises(ContextOverflowError):
        eng.chat(long_history, SamplingSettings(max_tokens=32))
    # The engine still works afterwards.
    assert eng.chat([{"role": "user", "content": "Hi"}], SamplingSettings(max_tokens=8)).text
    eng.close()


def test_kv_cache_prefix_is_reused(engine: Engine) -> None:
    messages = [{"role": "user", "content": QUESTION}]
    first = engine.chat(messages, GREEDY)
    follow = [
        *messages,
        {"role": "assistant", "content": first.text},
        {"role": "user", "content": "And the treatment?"},
    ]
    second = engine.chat(follow, GREEDY)
    assert second.cached_tokens >= first.prompt_tokens - 1


def test_defaults_leave_a_core_free_and_use_cpu(default_model_path: Path, engine: Engine) -> None:
    # Issue 13: all cores collapsed speed 25-70x when anything else ran (was: == cpu_count()).
    assert default_threads() == default_threads_for(physical_cores())
    assert engine.config.n_threads == default_threads()
    assert engine.config.n_gpu_layers == 0


def test_unseeded_calls_sample_anew_and_record_their_seed(engine: Engine) -> None:
    """Regenerate must give a new answer: without a fixed seed every call draws its own."""
    messages = [{"role": "user", "content": QUESTION}]
    free = SamplingSettings(temperature=1.0, top_k=0, top_p=1.0, min_p=0.0, max_tokens=24)
    first, second = engine.chat(messages, free), engine.chat(messages, free)
    assert first.seed is not None and second.seed is not None and first.seed != second.seed
    assert first.text != second.text
    fixed = SamplingSettings(temperature=1.0, max_tokens=24, seed=first.seed)
    again = engine.chat(messages, fixed)
    assert again.seed == first.seed
    assert again.text == engine.chat(messages, fixed).text  # a fixed seed reproduces


def test_corrupt_model_gives_clear_error(tmp_path: Path, default_model_path: Path) -> None:
    bad = tmp_path / "bad.gguf"
    bad.write_bytes(default_model_path.read_bytes()[:3_000_000])
    with pytest.raises(ModelFileError):
        Engine(EngineConfig(model_path=str(bad)))


def test_worker_owns_llama_on_one_thread(default_model_path: Path) -> None:
    worker = EngineWorker()
    try:
        engine = worker.load(EngineConfig(model_path=str(default_model_path), n_ctx=1024)).result(
            60
        )
        threads: set[int] = set()
        pieces: list[str] = []

        def on_event(event) -> None:
            threads.add(threading.get_ident())
            pieces.append(event.text)

        future = worker.chat([{"role": "user", "content": QUESTION}], GREEDY, on_event)
        result = future.result(60)
        assert threads == {worker.thread.ident}
        assert threading.get_ident() not in threads
        assert "".join(pieces) == result.text
        assert worker.submit(lambda e: e is engine).result(5)
        # A bad model load fails through the future; the worker keeps running.
        with pytest.raises(ModelFileError):
            worker.load(EngineConfig(model_path=str(default_model_path) + ".missing")).result(10)
        assert worker.thread.is_alive()
    finally:
        worker.shutdown()
