"""Read and write the app's persisted settings through ``desktop.settings_store``.

The UI stores three groups: ``sampling`` (SamplingSettings fields), ``engine`` (n_ctx,
n_threads, n_gpu_layers) and ``app`` (current model id, first-run flag).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from desktop.engine import EngineConfig, SamplingSettings, default_threads

ENGINE_KEYS = ("n_ctx", "n_threads", "n_gpu_layers")
DEFAULT_ENGINE = {"n_ctx": 4096, "n_threads": default_threads(), "n_gpu_layers": 0}
# Answers for clinicians: conservative sampling by default.
DEFAULT_SAMPLING = SamplingSettings(temperature=0.3, max_tokens=512)


def open_settings(home: Path) -> Any:
    from desktop.settings_store import SettingsStore

    return SettingsStore(home)


def _group(store: Any, name: str) -> dict[str, Any]:
    value = store.get(name, {})
    return dict(value) if isinstance(value, dict) else {}


def sampling_from(store: Any) -> SamplingSettings:
    data = DEFAULT_SAMPLING.to_dict()
    data.update(_group(store, "sampling"))
    return SamplingSettings.from_dict(data)


def engine_values(store: Any) -> dict[str, int]:
    data = dict(DEFAULT_ENGINE)
    data.update({k: int(v) for k, v in _group(store, "engine").items() if k in ENGINE_KEYS})
    return data


def engine_config_from(store: Any, model_path: str | None = None) -> EngineConfig:
    values = engine_values(store)
    if model_path is None:
        model_path = current_model_path(store)
    return EngineConfig(model_path=model_path, **values)


def current_model_path(store: Any) -> str:
    path = _group(store, "app").get("model_path")
    if path and Path(path).is_file():
        return str(path)
    from models.default_model import default_model_path

    return str(default_model_path())


def save_group(store: Any, name: str, values: dict[str, Any]) -> None:
    data = _group(store, name)
    data.update(values)
    store.set(name, data)
