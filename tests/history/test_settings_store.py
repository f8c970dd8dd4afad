"""Persisted settings: defaults, validation, atomic owner-only file, corrupt-file recovery."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from desktop.engine import EngineConfig, SamplingSettings
from desktop.settings_store import (
    DEFAULT_SAMPLING,
    AppSettings,
    SettingsError,
    SettingsStore,
    validate_group,
)


def test_defaults_and_round_trip(tmp_home: Path) -> None:
    from models.paths import data_dir

    store = SettingsStore()
    assert store.path == data_dir() / "settings.json"
    assert not store.path.exists() and store.warnings == []
    app = store.load()
    assert app.sampling == DEFAULT_SAMPLING and app.first_run_done is False
    app.sampling.temperature = 0.9
    app.sampling.top_k = 20
    app.n_ctx = 2048
    app.n_gpu_layers = -1
    app.model_id = "smollm2"
    app.first_run_done = True
    store.save_settings(app)
    assert stat.S_IMODE(os.stat(store.path).st_mode) == 0o600
    again = SettingsStore().load()
    assert again == app
    raw = json.loads(store.path.read_text())
    assert raw["version"] == 1
    assert set(raw["sampling"]) == set(SamplingSettings().to_dict())  # engine field names
    assert set(raw["engine"]) == {"n_ctx", "n_threads", "n_gpu_layers"}
    assert not list(store.home.glob(".settings.*.tmp"))  # no temp file left behind


def test_group_api_used_by_the_ui(tmp_path: Path) -> None:
    store = SettingsStore(tmp_path)
    assert store.get("ui", {}) == {}
    store.set("sampling", {"temperature": 0.1, "max_tokens": 64})
    store.update("app", model_path="/models/x.gguf")
    store.set("ui", {"splitter": [200, 800], "theme": "dark"})
    again = SettingsStore(tmp_path)
    assert again.get("sampling")["temperature"] == 0.1
    assert again.get("sampling")["top_p"] == DEFAULT_SAMPLING.top_p  # merged, not replaced
    assert again.get("ui") == {"splitter": [200, 800], "theme": "dark"}
    assert again.sampling().max_tokens == 64
    cfg = again.load().engine_config()
    assert isinstance(cfg, EngineConfig) and cfg.model_path == "/models/x.gguf"
    value = again.get("sampling")
    value["temperature"] = 2.0  # a copy: the store is unchanged
    assert again.get("sampling")["temperature"] == 0.1
    again.set_sampling(SamplingSettings(temperature=1.5))
    assert SettingsStore(tmp_path).sampling().temperature == 1.5
    again.reset()
    assert SettingsStore(tmp_path).load().sampling == DEFAULT_SAMPLING


@pytest.mark.parametrize(
    ("group", "values", "message"),
    [
        ("sampling", {"temperature": -1}, r"sampling\.temperature must be between 0 and 5"),
        ("sampling", {"top_p": 1.5}, r"sampling\.top_p must be between 0 and 1"),
        ("sampling", {"top_k": 2.5}, r"sampling\.top_k must be a whole number"),
        ("sampling", {"max_tokens": 0}, r"sampling\.max_tokens must be between 1"),
        ("sampling", {"repeat_penalty": "high"}, r"must be a number"),
        ("sampling", {"min_p": float("nan")}, r"must be a number"),
        ("sampling", {"temprature": 0.5}, r"unknown setting sampling\.temprature"),
        ("engine", {"n_ctx": 100}, r"engine\.n_ctx must be between 256"),
        ("engine", {"n_threads": 0}, r"engine\.n_threads must be between 1"),
        ("engine", {"n_gpu_layers": True}, r"must be a whole number"),
        ("app", {"first_run_done": "yes"}, r"app\.first_run_done must be true or false"),
        ("app", {"model_id": 5}, r"app\.model_id must be text"),
        ("ui", {"x": object()}, r"not JSON-serialisable"),
    ],
)
def test_validation_errors_are_clear(
    tmp_path: Path, group: str, values: dict, message: str
) -> None:
    store = SettingsStore(tmp_path)
    store.set("sampling", {"temperature": 0.4})
    before = store.path.read_text()
    with pytest.raises(SettingsError, match=message):
        store.set(group, values)
    assert store.path.read_text() == before  # nothing written
    assert store.get("sampling")["temperature"] == 0.4


def test_save_settings_rejects_invalid(tmp_path: Path) -> None:
    store = SettingsStore(tmp_path)
    bad = AppSettings(n_threads=0)
    with pytest.raises(SettingsError, match="n_threads"):
        store.save_settings(bad)
    assert not store.path.exists()
    assert validate_group("engine", {"n_ctx": 8192}) == {"n_ctx": 8192}


@pytest.mark.parametrize("content", ["{not json", "[1, 2]", "\xff\xfe garbage", ""])
def test_corrupt_file_gives_defaults_and_backup(tmp_path: Path, content: str) -> None:
    path = tmp_path / "settings.json"
    path.write_bytes(content.encode("latin-1"))
    store = SettingsStore(tmp_path)
    assert store.load().sampling == DEFAULT_SAMPLING
    assert store.warnings and "defaults are used" in store.warnings[0]
    assert store.backup_path is not None and store.backup_path.read_bytes() == content.encode(
        "latin-1"
    )
    assert stat.S_IMODE(os.stat(store.backup_path).st_mode) == 0o600
    assert json.loads(path.read_text())["version"] == 1  # a valid file was written back
    assert SettingsStore(tmp_path).warnings == []


def test_invalid_values_fall_back_per_field(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(
        json.dumps(
            {
                "version": 1,
                "sampling": {"temperature": 99, "top_k": 7},
                "engine": {"n_ctx": 2048, "n_threads": "many"},
                "app": "oops",
                "ui": {"theme": "dark"},
            }
        )
    )
    store = SettingsStore(tmp_path)
    app = store.load()
    assert app.sampling.temperature == DEFAULT_SAMPLING.temperature
    assert app.sampling.top_k == 7 and app.n_ctx == 2048 and app.n_threads >= 1
    assert store.get("ui") == {"theme": "dark"}
    assert len(store.warnings) == 1
    for part in ("sampling.temperature", "engine.n_threads", "app (not an object)"):
        assert part in store.warnings[0]
    assert store.backup_path is not None and "99" in store.backup_path.read_text()
