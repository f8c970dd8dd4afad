"""An embedding GGUF the user imports (nomic-embed, bge, e5, ...), run by llama.cpp.

One worker thread owns the ``Llama``: it is created, used and freed on that thread only,
never shared with the chat model's worker. Callers block on a future (they are library
worker threads, never the GUI thread).
"""

from __future__ import annotations

import hashlib
import os
import queue
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from pathlib import Path
from typing import TypeVar

import llama_cpp
import numpy as np

from desktop.library.embedding import EmbedderError, EmbedderSpec, unit_rows

T = TypeVar("T")
N_CTX = 512  # longest passage embedded (tokens); a ~800-character passage is ~200
_STOP = object()


def file_identity(path: Path) -> str:
    """Name, size and a hash of the first MiB: a different file gives different vectors."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        digest.update(fh.read(1 << 20))
    return f"gguf:{path.name}:{path.stat().st_size}:{digest.hexdigest()[:16]}"


class GgufEmbedder:
    """Mean-pooled llama.cpp embeddings of one GGUF, on a thread that owns its ``Llama``."""

    def __init__(
        self,
        path: str | os.PathLike[str],
        n_threads: int = 1,
        query_prefix: str = "",
        document_prefix: str = "",
    ) -> None:
        self.path = Path(path)
        if not self.path.is_file():
            raise EmbedderError(f"The embedding model file {self.path} does not exist.")
        self._identity = file_identity(self.path)
        self._query_prefix = query_prefix
        self._document_prefix = document_prefix
        self._jobs: queue.Queue[object] = queue.Queue()
        self._llama: llama_cpp.Llama | None = None
        self._thread = threading.Thread(target=self._run, name="embedder-worker", daemon=True)
        self._thread.start()
        self._dim = self._call(lambda: self._load(n_threads)).result()

    @classmethod
    def from_spec(cls, spec: EmbedderSpec) -> GgufEmbedder:
        return cls(spec.path, spec.n_threads, spec.query_prefix, spec.document_prefix)

    @property
    def identity(self) -> str:
        return self._identity

    @property
    def dim(self) -> int:
        return self._dim

    @property
    def thread(self) -> threading.Thread:
        """The one thread that touches the ``Llama``."""
        return self._thread

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray:
        prefixed = [self._document_prefix + t for t in texts]
        return self._call(lambda: self._embed(prefixed)).result()

    def embed_query(self, text: str) -> np.ndarray:
        return self._call(lambda: self._embed([self._query_prefix + text])).result()[0]

    def close(self) -> None:
        if self._thread.is_alive():
            self._jobs.put(_STOP)
            self._thread.join(timeout=30)

    # -- on the worker thread ------------------------------------------------------------
    def _load(self, n_threads: int) -> int:
        try:
            self._llama = llama_cpp.Llama(
                model_path=str(self.path),
                embedding=True,
                pooling_type=llama_cpp.LLAMA_POOLING_TYPE_MEAN,
                n_ctx=N_CTX,
                n_batch=N_CTX,
                n_ubatch=N_CTX,
                n_threads=n_threads,
                n_threads_batch=n_threads,
                verbose=False,
            )
        except Exception as exc:
            raise EmbedderError(
                f"llama.cpp could not load {self.path.name} as an embedding model ({exc})."
            ) from exc
        return int(self._llama.n_embd())

    def _embed(self, texts: list[str]) -> np.ndarray:
        assert self._llama is not None
        # One text per decode: with several sequences in one batch llama.cpp's mean pooling
        # needs n_seq_max > 1, and passages are long enough to fill a batch on their own.
        rows = [self._llama.embed(t or " ", truncate=True) for t in texts]
        return unit_rows(np.asarray(rows, dtype=np.float32))

    def _call(self, fn: Callable[[], T]) -> Future[T]:
        future: Future[T] = Future()
        if not self._thread.is_alive():
            future.set_exception(EmbedderError("The embedding model was closed."))
            return future
        self._jobs.put((fn, future))
        return future

    def _run(self) -> None:
        while True:
            job = self._jobs.get()
            if job is _STOP:
                break
            fn, future = job  # type: ignore[misc]
            if future.set_running_or_notify_cancel():
                try:
                    future.set_result(fn())
                except BaseException as exc:  # delivered to the caller through its future
                    future.set_exception(exc)
        if self._llama is not None:
            self._llama.close()
            self._llama = None
