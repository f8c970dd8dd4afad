"""One real llama.cpp engine on the embedded model, shared by the MCQ tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.engine import Engine, EngineConfig
from desktop.mcq import MCQScorer


@pytest.fixture(scope="package")
def engine(default_model_path: Path) -> Iterator[Engine]:
    eng = Engine(EngineConfig(str(default_model_path), n_ctx=4096, n_threads=1))
    yield eng
    eng.close()


@pytest.fixture(scope="package")
def scorer(engine: Engine) -> MCQScorer:
    return MCQScorer(engine)
