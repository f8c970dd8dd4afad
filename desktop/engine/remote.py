"""The ``"server"`` backend: a clinic's own OpenAI-compatible server (llama.cpp's
``llama-server``, vLLM, llama-cpp-python's server, Ollama), spoken with httpx + httpx-sse.

Chat streams from ``/v1/chat/completions``; MCQ letter scoring reads ``top_logprobs`` from
``/v1/completions`` (when the model's chat template is known, the prompt is exactly the one the
in-process scorer builds) or ``/v1/chat/completions``. Every failure becomes a
:class:`ServerError` whose message a clinician can act on; the text streamed so far travels
with it (``partial``). Nothing here talks to any host but the configured one.
"""

from __future__ import annotations

import ipaddress
import json
import os
import socket
import ssl
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx
from httpx_sse import SSEError, connect_sse

from desktop import netguard
from desktop.engine.backend import register_backend, run_chat
from desktop.engine.chat_template import ChatTemplate
from desktop.engine.config import SamplingSettings
from desktop.engine.context_window import Message
from desktop.engine.engine import CancelToken, ChatStream, GenerationResult, StreamEvent
from desktop.engine.errors import EngineError
from desktop.engine.info import SERVER, BackendInfo
from desktop.engine.server_settings import ServerSettings, configured_hosts

__all__ = [
    "RemoteBackend",
    "ServerConfig",
    "ServerError",
    "address_is_private",
    "config_from_settings",
    "configured_hosts",
]

# Server software, from the ``owned_by`` field of /v1/models.
LLAMA_SERVER = "llama-server"
LLAMA_CPP_PYTHON = "llama-cpp-python"
VLLM = "vllm"
OLLAMA = "ollama"
GENERIC = "openai-compatible"
_OWNERS = {"llamacpp": LLAMA_SERVER, "me": LLAMA_CPP_PYTHON, "vllm": VLLM, "library": OLLAMA}
LLAMA_KINDS = (LLAMA_SERVER, LLAMA_CPP_PYTHON)


# -- errors ------------------------------------------------------------------------------
class ServerError(EngineError):
    """A clinic-server failure, explained; ``partial`` is the answer text received before it."""

    def __init__(self, message: str, partial: str = "", status: int | None = None) -> None:
        super().__init__(message)
        self.partial = partial
        self.status = status


class ServerAuthError(ServerError):
    """401/403: wrong or missing API key."""


class ServerBusyError(ServerError):
    """429/503: the server is overloaded or still loading."""


class ServerUnreachableError(ServerError):
    """No connection (down, wrong address, firewall) or it timed out."""


class ServerTLSError(ServerError):
    """The server's certificate could not be verified."""


class ServerProtocolError(ServerError):
    """The server broke off, or sent something that is not OpenAI-compatible."""


SWITCH_HINT = "You can switch back to this computer's model with one click (status bar)."


def _server_message(response: httpx.Response) -> str:
    """The server's own error text, shortened (never the request, which holds patient text)."""
    try:
        data = response.json()
    except (json.JSONDecodeError, UnicodeDecodeError, httpx.ResponseNotRead):
        return response.text[:200].strip() if response.is_stream_consumed else ""
    error = data.get("error", data.get("detail", "")) if isinstance(data, dict) else ""
    if isinstance(error, dict):
        error = error.get("message", "")
    return str(error)[:200]


def status_error(response: httpx.Response, where: str, partial: str = "") -> ServerError:
    """A plain-language :class:`ServerError` for an HTTP error status."""
    code = response.status_code
    detail = _server_message(response)
    said = f" The server said: {detail}" if detail else ""
    if code in (401, 403):
        return ServerAuthError(
            f"The {where} refused the API key (HTTP {code}). Check the key in Settings → Server."
            f" {SWITCH_HINT}",
            partial,
            code,
        )
    if code in (429, 503):
        what = "too many requests" if code == 429 else "unavailable or still loading its model"
        return ServerBusyError(
            f"The {where} is busy (HTTP {code}: {what}). Try again in a moment. {SWITCH_HINT}",
            partial,
            code,
        )
    if code == 404:
        return ServerError(
            f"The {where} does not offer this (HTTP 404) — is the address an OpenAI-compatible "
            f"server and the model name right?{said}",
            partial,
            code,
        )
    return ServerError(f"The {where} answered with an error (HTTP {code}).{said}", partial, code)


def _is_tls_failure(exc: BaseException) -> bool:
    seen: BaseException | None = exc
    for _ in range(8):
        if seen is None:
            return False
        if isinstance(seen, ssl.SSLError) or "CERTIFICATE_VERIFY_FAILED" in str(seen):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def transport_error(
    exc: httpx.HTTPError, where: str, config: ServerConfig, partial: str = ""
) -> ServerError:
    """A plain-language :class:`ServerError` for a network-level failure."""
    got = " The part of the answer received so far was kept." if partial else ""
    if _is_tls_failure(exc):
        return ServerTLSError(
            f"The {where}'s certificate could not be verified ({exc}). If your clinic uses its "
            "own certificate authority, choose its CA file in Settings → Server; never turn "
            f"verification off for patient text.{got} {SWITCH_HINT}",
            partial,
        )
    if isinstance(exc, httpx.ConnectTimeout):
        return ServerUnreachableError(
            f"The {where} did not accept a connection within {config.connect_timeout:g} s."
            f"{got} {SWITCH_HINT}",
            partial,
        )
    if isinstance(exc, httpx.ReadTimeout):
        return ServerUnreachableError(
            f"The {where} stopped answering (nothing for {config.read_timeout:g} s).{got} "
            f"{SWITCH_HINT}",
            partial,
        )
    if isinstance(exc, httpx.ConnectError):
        return ServerUnreachableError(
            f"The {where} could not be reached — is it running, and is the address "
            f"{config.base_url} right?{got} {SWITCH_HINT}",
            partial,
        )
    if isinstance(exc, httpx.RemoteProtocolError | httpx.ReadError | httpx.WriteError):
        return ServerProtocolError(
            f"The connection to the {where} broke off mid-answer.{got} {SWITCH_HINT}", partial
        )
    return ServerError(f"Talking to the {where} failed: {exc}.{got} {SWITCH_HINT}", partial)


# -- configuration -----------------------------------------------------------------------
@dataclass
class ServerConfig:
    """How to reach one server. ``api_key`` comes from the OS keyring, never from JSON."""

    url: str
    model: str = ""  # an id from /v1/models; "" = the server's first model
    api_key: str | None = None
    verify: bool = True
    ca_file: str | None = None  # the clinic's own CA (PEM), added to certificate checks
    connect_timeout: float = 5.0
    read_timeout: float = 120.0
    top_logprobs: int = 20
    # Servers that do not publish their chat template (vLLM, llama-cpp-python, Ollama) can
    # name a local GGUF of the same model; MCQ prompts are then exactly the in-process ones.
    template_gguf: str | None = None

    @property
    def base_url(self) -> str:
        url = self.url.strip().rstrip("/")
        if "://" not in url:
            url = "http://" + url
        return url[:-3].rstrip("/") if url.endswith("/v1") else url

    @property
    def host(self) -> str:
        return urlsplit(self.base_url).hostname or ""


def address_is_private(host: str) -> bool:
    """True when every address of ``host`` is loopback, private (RFC 1918/4193) or link-local.

    Resolves names through the system resolver (the user configured this host). An address
    that cannot be resolved counts as not private, so it needs the user's confirmation.
    """
    try:
        addresses = [ipaddress.ip_address(host.strip("[]"))]
    except ValueError:
        try:
            infos = socket.getaddrinfo(host, None)
        except OSError:
            return False
        addresses = [ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos]
    return bool(addresses) and all(
        a.is_private or a.is_loopback or a.is_link_local for a in addresses
    )


def template_from_gguf(path: str) -> ChatTemplate:
    """The chat template (and BOS/EOS text) stored in a GGUF file, without loading weights."""
    from gguf import GGUFReader  # lazy: keeps gguf (and numpy) off start-up

    reader = GGUFReader(path)

    def field(key: str) -> Any:
        f = reader.fields.get(key)
        return None if f is None else f.contents()

    tokens = field("tokenizer.ggml.tokens") or []

    def token(key: str) -> str:
        index = field(key)
        return str(tokens[index]) if isinstance(index, int) and 0 <= index < len(tokens) else ""

    return ChatTemplate(
        field("tokenizer.chat_template"),
        token("tokenizer.ggml.bos_token_id"),
        token("tokenizer.ggml.eos_token_id"),
    )


def _tls(config: ServerConfig) -> ssl.SSLContext | bool:
    if not config.verify:
        return False
    context = ssl.create_default_context()
    if config.ca_file:
        try:
            context.load_verify_locations(cafile=os.path.expanduser(config.ca_file))
        except (OSError, ssl.SSLError) as exc:
            raise ServerTLSError(
                f"The CA file {config.ca_file} could not be read as a PEM certificate: {exc}."
            ) from exc
    return context


# -- the backend ---------------------------------------------------------------------------
class RemoteBackend:
    """An OpenAI-compatible server as a :class:`desktop.engine.backend.ModelBackend`.

    Opening it asks ``/v1/models`` (so a wrong address, key or certificate fails here, with a
    clear message). One owner thread at a time, like the in-process engine.
    """

    kind = SERVER

    def __init__(self, config: ServerConfig) -> None:
        self.config = config
        self.where = f"server {config.host}"
        # The user chose this server: the process's network guard now allows its host (only).
        netguard.set_allowed_hosts([config.host])
        headers = {"Accept": "application/json"}
        if config.api_key:
            headers["Authorization"] = f"Bearer {config.api_key}"
        self._client = httpx.Client(
            base_url=config.base_url,
            headers=headers,
            verify=_tls(config),
            timeout=httpx.Timeout(config.read_timeout, connect=config.connect_timeout),
            trust_env=False,  # no proxy from the environment: patient text goes only here
            follow_redirects=False,
        )
        try:
            self.models, self.server_kind, self.n_ctx = self._discover()
        except BaseException:
            self._client.close()
            raise
        if config.model and config.model not in self.models:
            self._client.close()
            offered = ", ".join(self.models) or "none"
            raise ServerError(
                f"The {self.where} has no model {config.model!r}; it offers: {offered}. "
                "Choose one in Settings → Server."
            )
        self.model = config.model or self.models[0]
        self._template: ChatTemplate | None = None
        self._template_known = False

    # -- HTTP --------------------------------------------------------------------------
    def _request(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        try:
            response = self._client.request(method, path, json=body)
        except httpx.HTTPError as exc:
            raise transport_error(exc, self.where, self.config) from exc
        if response.status_code >= 400:
            raise status_error(response, self.where)
        try:
            return response.json()
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise ServerProtocolError(
                f"The {self.where} sent a reply that is not JSON — is {self.config.base_url} an "
                "OpenAI-compatible server?"
            ) from exc

    def _discover(self) -> tuple[list[str], str, int]:
        data = self._request("GET", "/v1/models")
        entries = data.get("data") if isinstance(data, dict) else None
        if not isinstance(entries, list) or not entries:
            raise ServerProtocolError(f"The {self.where} lists no models at /v1/models.")
        ids = [str(e.get("id")) for e in entries if isinstance(e, dict) and e.get("id")]
        first = entries[0] if isinstance(entries[0], dict) else {}
        kind = _OWNERS.get(str(first.get("owned_by", "")), GENERIC)
        n_ctx = int(first.get("max_model_len") or 0)  # vLLM says it here
        if kind == LLAMA_SERVER:
            n_ctx = n_ctx or self._props_n_ctx()
        return ids, kind, n_ctx

    def _props(self) -> dict[str, Any]:
        try:
            data = self._request("GET", "/props")
        except ServerError:
            return {}
        return data if isinstance(data, dict) else {}

    def _props_n_ctx(self) -> int:
        settings = self._props().get("default_generation_settings") or {}
        return int(settings.get("n_ctx") or 0)

    def list_models(self) -> list[str]:
        return list(self.models)

    # -- ModelBackend ------------------------------------------------------------------
    def describe(self) -> BackendInfo:
        name = self.model.rsplit("/", 1)[-1] if os.sep in self.model or "/" in self.model else ""
        return BackendInfo(
            kind=SERVER,
            name=name or self.model,
            where=self.where,
            n_ctx=self.n_ctx,
            quantization=self.server_kind,
            model_id=f"{self.config.host}:{self.model}",
        )

    def _sampling(self, sampling: SamplingSettings) -> dict[str, Any]:
        body: dict[str, Any] = {
            "temperature": sampling.temperature,
            "top_p": sampling.top_p,
            "max_tokens": sampling.max_tokens,
        }
        if sampling.seed is not None:
            body["seed"] = sampling.seed
        if self.server_kind in LLAMA_KINDS:
            body.update(
                top_k=sampling.top_k, min_p=sampling.min_p, repeat_penalty=sampling.repeat_penalty
            )
        elif self.server_kind == VLLM:
            body.update(
                top_k=sampling.top_k or -1,
                min_p=sampling.min_p,
                repetition_penalty=sampling.repeat_penalty,
            )
        return body

    def stream_chat(
        self,
        messages: list[Message],
        sampling: SamplingSettings | None = None,
        cancel: CancelToken | None = None,
    ) -> ChatStream:
        body = {
            "model": self.model,
            "messages": messages,
            **self._sampling(sampling or SamplingSettings()),
            "stream": True,
            "stream_options": {"include_usage": True},
        }
        return ChatStream(self._stream("/v1/chat/completions", body, cancel, _delta_text))

    def stream_completion(
        self,
        prompt: str,
        sampling: SamplingSettings | None = None,
        cancel: CancelToken | None = None,
        grammar: str | None = None,
    ) -> ChatStream:
        """Stream a raw-prompt completion (``/v1/completions``), optionally under GBNF."""
        body: dict[str, Any] = {
            "model": self.model,
            "prompt": prompt,
            **self._sampling(sampling or SamplingSettings()),
            "stream": True,
        }
        if grammar:
            body["grammar"] = grammar
        return ChatStream(self._stream("/v1/completions", body, cancel, _choice_text))

    def chat(
        self,
        messages: list[Message],
        sampling: SamplingSettings | None = None,
        on_event: Callable[[StreamEvent], None] | None = None,
        cancel: CancelToken | None = None,
    ) -> GenerationResult:
        return run_chat(self.stream_chat(messages, sampling, cancel), on_event)

    def close(self) -> None:
        self._client.close()

    # -- streaming ---------------------------------------------------------------------
    def _stream(
        self,
        path: str,
        body: dict[str, Any],
        cancel: CancelToken | None,
        text_of: Callable[[dict[str, Any]], str],
    ) -> Iterator[StreamEvent]:
        """SSE loop: one event per text piece; ``[DONE]`` or ``finish_reason`` ends it.

        A stop closes the stream (the server sees the client go away and stops generating).
        """
        t0 = time.perf_counter()
        pieces: list[str] = []
        count = 0
        finish: str | None = None
        usage: dict[str, Any] = {}
        t_first: float | None = None
        done = False
        try:
            with connect_sse(self._client, "POST", path, json=body) as source:
                response = source.response
                if response.status_code >= 400:
                    response.read()
                    raise status_error(response, self.where)
                for sse in source.iter_sse():
                    data = sse.data.strip()
                    if not data:
                        continue
                    if data == "[DONE]":
                        done = True
                        break
                    chunk = self._chunk(data, "".join(pieces))
                    if isinstance(chunk.get("usage"), dict):
                        usage = chunk["usage"]
                    choices = chunk.get("choices") or []
                    choice = choices[0] if choices and isinstance(choices[0], dict) else {}
                    text = text_of(choice)
                    if text:
                        if t_first is None:
                            t_first = time.perf_counter()
                        count += 1
                        pieces.append(text)
                        elapsed = time.perf_counter() - t_first
                        prompt = int(usage.get("prompt_tokens") or 0)
                        yield StreamEvent(
                            text=text,
                            completion_tokens=count,
                            tokens_per_second=(count - 1) / elapsed if elapsed > 0 else 0.0,
                            context_used=prompt + count,
                            n_ctx=self.n_ctx,
                        )
                    if choice.get("finish_reason"):
                        finish = str(choice["finish_reason"])
                    if cancel is not None and cancel.cancelled:
                        finish = "cancelled"
                        break
        except httpx.HTTPError as exc:
            raise transport_error(exc, self.where, self.config, "".join(pieces)) from exc
        except SSEError as exc:
            raise ServerProtocolError(
                f"The {self.where} did not stream its answer (no text/event-stream reply): {exc}",
                "".join(pieces),
            ) from exc
        if finish is None and not done:
            raise ServerProtocolError(
                f"The {self.where} closed the connection before the answer was complete. "
                f"The part received so far was kept. {SWITCH_HINT}",
                "".join(pieces),
            )
        t_end = time.perf_counter()
        t_gen0 = t_first if t_first is not None else t_end
        completion = int(usage.get("completion_tokens") or 0)
        if finish == "cancelled" or completion < count:
            completion = count
        cached = (usage.get("prompt_tokens_details") or {}).get("cached_tokens") or 0
        return GenerationResult(
            text="".join(pieces),
            finish_reason=finish if finish in ("stop", "length", "cancelled") else "stop",
            prompt_tokens=int(usage.get("prompt_tokens") or 0),
            cached_tokens=int(cached),
            completion_tokens=completion,
            prompt_seconds=t_gen0 - t0,
            decode_seconds=t_end - t_gen0,
            n_ctx=self.n_ctx,
            trimmed_messages=0,
        )

    def _chunk(self, data: str, partial: str) -> dict[str, Any]:
        try:
            chunk = json.loads(data)
        except json.JSONDecodeError as exc:
            raise ServerProtocolError(
                f"The {self.where} sent a streaming event the app cannot read "
                f"({data[:60]!r}…). The part received so far was kept.",
                partial,
            ) from exc
        if not isinstance(chunk, dict):
            raise ServerProtocolError(f"The {self.where} sent an unexpected event.", partial)
        if chunk.get("error"):
            error = chunk["error"]
            message = error.get("message", error) if isinstance(error, dict) else error
            raise ServerError(f"The {self.where} stopped with an error: {message}", partial)
        return chunk

    # -- MCQ: next-token probabilities ---------------------------------------------------
    def prompt_template(self) -> ChatTemplate | None:
        """The model's chat template: from ``template_gguf``, else the server's ``/props``
        (llama-server publishes it), else ``None`` (the server's own template applies)."""
        if not self._template_known:
            self._template_known = True
            if self.config.template_gguf:
                self._template = template_from_gguf(self.config.template_gguf)
            elif self.server_kind == LLAMA_SERVER:
                props = self._props()
                if props.get("chat_template"):
                    self._template = ChatTemplate(
                        props["chat_template"],
                        str(props.get("bos_token") or ""),
                        str(props.get("eos_token") or ""),
                    )
        return self._template

    def completion_top_logprobs(self, prompt: str) -> dict[str, float] | None:
        """Top next-token log-probabilities after a raw ``prompt`` (token text -> logprob);
        ``None`` when the server gives no logprobs."""
        body = {
            "model": self.model,
            "prompt": prompt,
            "max_tokens": 1,
            "temperature": 0.0,
            "logprobs": self.config.top_logprobs,
        }
        data = self._request("POST", "/v1/completions", body)
        choice = _first_choice(data)
        return _parse_top_logprobs(choice.get("logprobs"))

    def chat_top_logprobs(
        self, messages: list[Message], prefill: str | None = None
    ) -> dict[str, float] | None:
        """Top log-probabilities of the first answer token of a chat turn. With ``prefill``
        (vLLM only: ``continue_final_message``) the assistant turn starts with that text."""
        body: dict[str, Any] = {
            "model": self.model,
            "messages": list(messages),
            "max_tokens": 1,
            "temperature": 0.0,
            "logprobs": True,
            "top_logprobs": self.config.top_logprobs,
        }
        if prefill is not None:
            body["messages"].append({"role": "assistant", "content": prefill})
            body.update(continue_final_message=True, add_generation_prompt=False)
        data = self._request("POST", "/v1/chat/completions", body)
        return _parse_top_logprobs(_first_choice(data).get("logprobs"))

    def constrained_choice(self, messages: list[Message], labels: list[str]) -> str:
        """The model's answer restricted to ``labels`` (GBNF on llama.cpp servers, guided
        choice on vLLM); other servers answer freely and the caller parses the text."""
        body: dict[str, Any] = {
            "model": self.model,
            "messages": list(messages),
            "max_tokens": 8,
            "temperature": 0.0,
        }
        if self.server_kind in LLAMA_KINDS:
            body["grammar"] = "root ::= " + " | ".join(json.dumps(label) for label in labels)
        elif self.server_kind == VLLM:
            body["guided_choice"] = list(labels)
        data = self._request("POST", "/v1/chat/completions", body)
        message = _first_choice(data).get("message") or {}
        return str(message.get("content") or "")

    @property
    def constrained_method(self) -> str:
        if self.server_kind in LLAMA_KINDS:
            return "grammar"
        return "guided-choice" if self.server_kind == VLLM else "parsed"


def _delta_text(choice: dict[str, Any]) -> str:
    delta = choice.get("delta") or {}
    return str(delta.get("content") or "") if isinstance(delta, dict) else ""


def _choice_text(choice: dict[str, Any]) -> str:
    return str(choice.get("text") or "")


def _first_choice(data: Any) -> dict[str, Any]:
    choices = data.get("choices") if isinstance(data, dict) else None
    if not isinstance(choices, list) or not choices or not isinstance(choices[0], dict):
        raise ServerProtocolError("The server's reply has no answer (no 'choices').")
    return choices[0]


def _parse_top_logprobs(logprobs: Any) -> dict[str, float] | None:
    """Both shapes: legacy completions (``top_logprobs: [{token: lp}]``) and chat
    (``content: [{top_logprobs: [{token, logprob}]}]``, also llama-server's completions)."""
    if not isinstance(logprobs, dict):
        return None
    top = logprobs.get("top_logprobs")
    if isinstance(top, list) and top and isinstance(top[0], dict):
        return {str(k): float(v) for k, v in top[0].items()}
    content = logprobs.get("content")
    if isinstance(content, list) and content and isinstance(content[0], dict):
        entries = content[0].get("top_logprobs") or []
        out: dict[str, float] = {}
        for entry in entries:
            if isinstance(entry, dict) and "token" in entry:
                out.setdefault(str(entry["token"]), float(entry["logprob"]))
        return out or None
    return None


register_backend(SERVER, "clinic server", RemoteBackend)


def config_from_settings(settings: ServerSettings, api_key: str | None) -> ServerConfig:
    """The connection settings the user saved, with the key from the keyring."""
    return ServerConfig(
        url=settings.url,
        model=settings.model,
        api_key=api_key,
        verify=settings.verify,
        ca_file=settings.ca_file or None,
        connect_timeout=settings.connect_timeout,
        read_timeout=settings.read_timeout,
        template_gguf=settings.template_gguf or None,
    )
