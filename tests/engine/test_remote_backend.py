"""The clinic-server backend against a real ``python -m llama_cpp.server`` on 127.0.0.1.

One server (logprobs on) serves the whole module; the crash test starts its own server
without logprobs, checks the constrained fallback on it, then kills it mid-answer.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.engine import CancelToken, Engine, EngineConfig, SamplingSettings
from desktop.engine.backend import BACKENDS, ModelBackend
from desktop.engine.local_server import LocalServer, start_server
from desktop.engine.remote import (
    RemoteBackend,
    ServerAuthError,
    ServerConfig,
    ServerProtocolError,
    ServerUnreachableError,
    address_is_private,
)
from desktop.mcq import MCQScorer
from desktop.questions import read_questions
from training import evaluate

KEY = "test-key-7f3a"
MCQ_ITEMS = 40  # the figure: same option, probabilities within 1e-3
QUESTION = [{"role": "user", "content": "List five causes of chest pain, one line each."}]


@pytest.fixture(scope="module")
def server(
    default_model_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LocalServer]:
    log = tmp_path_factory.mktemp("server") / "server.log"
    srv = start_server(default_model_path, KEY, log, n_ctx=1024, logits_all=True)
    yield srv
    srv.stop()


def _config(srv: LocalServer, **kw: object) -> ServerConfig:
    return ServerConfig(url=srv.url, api_key=srv.api_key, **kw)  # type: ignore[arg-type]


def test_discovery_chat_stream_and_cancel(server: LocalServer) -> None:
    backend = RemoteBackend(_config(server))
    try:
        info = backend.describe()
        assert isinstance(backend, ModelBackend) and BACKENDS["server"].open is RemoteBackend
        assert BACKENDS["local"].open is Engine
        assert backend.models == [server.model]
        assert backend.server_kind == "llama-cpp-python"
        assert info.kind == "server" and info.where == "server 127.0.0.1"

        sampling = SamplingSettings(temperature=0.0, max_tokens=24, seed=1)
        stream = backend.stream_chat(QUESTION, sampling)
        pieces = [event.text for event in stream]
        result = stream.result
        assert result is not None and len(pieces) >= 5
        assert result.text == "".join(pieces)
        assert result.finish_reason in ("length", "stop")
        assert result.completion_tokens == len(pieces) and result.tokens_per_second > 0

        # Stop after three pieces: the stream closes, the server stays usable.
        cancel = CancelToken()
        stream = backend.stream_chat(QUESTION, SamplingSettings(max_tokens=200), cancel)
        got = []
        for event in stream:
            got.append(event.text)
            if len(got) == 3:
                cancel.cancel()
        assert stream.result is not None and stream.result.finish_reason == "cancelled"
        assert len(got) == 3 and stream.result.text == "".join(got)
        again = backend.chat(QUESTION, SamplingSettings(temperature=0.0, max_tokens=4))
        assert again.text.strip()
    finally:
        backend.close()


def test_wrong_key_and_down_server_are_explained(server: LocalServer) -> None:
    with pytest.raises(ServerAuthError, match="refused the API key .HTTP 401.") as err:
        RemoteBackend(ServerConfig(url=server.url, api_key="wrong"))
    assert "Settings → Server" in str(err.value) and "wrong" not in str(err.value)
    with pytest.raises(ServerAuthError):
        RemoteBackend(ServerConfig(url=server.url))  # no key at all
    dead = ServerConfig(url="http://127.0.0.1:9", api_key=KEY, connect_timeout=2.0)
    with pytest.raises(ServerUnreachableError, match="could not be reached"):
        RemoteBackend(dead)
    assert address_is_private("127.0.0.1") and address_is_private("10.1.2.3")
    assert not address_is_private("8.8.8.8")


def test_mcq_through_server_logprobs_matches_in_process(
    server: LocalServer, default_model_path: Path, shared_data: Path
) -> None:
    questions = read_questions(
        shared_data / "eval" / "medqa_usmle_dev.jsonl", fmt="medqa"
    ).questions[:MCQ_ITEMS]
    engine = Engine(EngineConfig(str(default_model_path), n_ctx=1024, n_threads=1))
    try:
        local = [MCQScorer(engine).answer(q) for q in questions]
    finally:
        engine.close()
    backend = RemoteBackend(_config(server, template_gguf=str(default_model_path)))
    try:
        scorer = MCQScorer(backend)
        remote = [scorer.answer(q) for q in questions]
        plain = MCQScorer(RemoteBackend(_config(server))).answer(questions[0])
    finally:
        backend.close()
    worst = 0.0
    for q, a, b in zip(questions, local, remote, strict=True):
        assert b.extra["scoring"] == "completion-logprobs"
        assert a.choice == b.choice, q.id
        for label in q.labels:
            worst = max(worst, abs(a.probabilities[label] - b.probabilities[label]))
        assert b.label_mass is not None and a.label_mass is not None
        assert abs(a.label_mass - b.label_mass) < 5e-3  # options outside the top 20 are unseen
    assert worst < 1e-3, worst
    # Without the model's template the server's own chat turn is scored (no "Answer:").
    assert plain.extra["scoring"] == "chat-logprobs" and plain.choice in questions[0].labels


def test_evaluation_harness_runs_through_server(
    server: LocalServer,
    default_model_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    shared_data: Path,
) -> None:
    monkeypatch.setenv("CLINIC_KEY", KEY)
    argv = [
        "--bench", "medqa", "--data", str(shared_data / "eval" / "medqa_usmle_dev.jsonl"),
        "--limit", "3", "--server", server.url, "--server-model", server.model,
        "--api-key-env", "CLINIC_KEY", "--server-template", str(default_model_path),
        "--out", str(tmp_path), "--no-progress",
    ]  # fmt: skip
    assert evaluate.main(argv) == 0
    report = json.loads(next(tmp_path.glob("medqa_letter_0shot_*.json")).read_text())
    assert report["n"] == 3 and report["backend"] == "server"
    assert report["invalid_rate"] == 0.0 and KEY not in json.dumps(report)
    monkeypatch.delenv("CLINIC_KEY")
    assert evaluate.main(argv) == 2  # the variable is not set: a clear error, no traceback


def test_constrained_fallback_then_server_killed_mid_stream(
    default_model_path: Path, tmp_path: Path, shared_data: Path
) -> None:
    srv = start_server(
        default_model_path, KEY, tmp_path / "plain.log", n_ctx=1024, logits_all=False
    )
    try:
        backend = RemoteBackend(ServerConfig(url=srv.url, api_key=KEY))
        q = read_questions(shared_data / "eval" / "medqa_usmle_dev.jsonl", fmt="medqa").questions[0]
        result = MCQScorer(backend).answer(q)
        assert result.extra["scoring"] == "grammar" and result.choice in q.labels
        assert "logprobs_error" in result.extra and result.probabilities[result.choice] == 1.0

        stream = backend.stream_chat(QUESTION, SamplingSettings(max_tokens=400))
        got: list[str] = []
        with pytest.raises(ServerProtocolError, match="broke off|closed the connection") as err:
            for event in stream:
                got.append(event.text)
                if len(got) == 5:
                    srv.kill()
        assert len(got) >= 5 and err.value.partial == "".join(got)
        with pytest.raises(ServerUnreachableError):
            backend.chat(QUESTION, SamplingSettings(max_tokens=4))
        backend.close()
    finally:
        srv.stop()
