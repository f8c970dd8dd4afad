# One-command entry points. `make run` and `make test` each create/reuse .venv,
# install everything (llama-cpp-python builds from source once; pip caches the wheel),
# install the embedded default model and then run the app / the test suite.
PYTHON ?= python3.11
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
# Portable llama.cpp build: no -march=native, so the same wheel runs on any x86-64 (AVX2) machine.
export CMAKE_ARGS ?= -DGGML_NATIVE=OFF
STAMP := $(VENV)/.installed
MODEL := models/embedded/SmolLM2-135M-Instruct.Q4_1.gguf

.PHONY: setup run test lint bench bundle clean-venv

$(PY):
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)

$(STAMP): pyproject.toml | $(PY)
	$(PIP) install -q -U pip
	$(PIP) install -q torch==2.13.0
	$(PIP) install -q -e '.[dev,installer,encryption]'
	touch $(STAMP)

$(MODEL): | $(STAMP)
	$(PY) -m models.install_default

setup: $(STAMP) $(MODEL)

run: setup
	sh installer/system_libs.sh
	$(PY) -m desktop

test: setup
	QT_QPA_PLATFORM=offscreen $(PY) -m ruff check .
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q $(PYTEST_ARGS)

lint: setup
	$(PY) -m ruff check .

bench: setup
	QT_QPA_PLATFORM=offscreen $(PY) -m bench $(BENCH)

bundle: setup
	$(PY) -m installer.build_bundle

clean-venv:
	rm -rf $(VENV)
