"""Persisted app settings: one owner-only JSON file in the data dir, written atomically.

Groups (field names as in :mod:`desktop.engine.config`):

- ``sampling``: SamplingSettings fields (temperature, top_p, top_k, min_p, repeat_penalty,
  max_tokens, seed);
- ``engine``: EngineConfig fields n_ctx, n_threads, n_gpu_layers;
- ``app``: model_id, model_path, first_run_done.

Other groups (e.g. ``ui``) may hold any JSON object. A corrupt file is moved aside
(``settings.json.corrupt-<time>``) and defaults are used; invalid single values fall back to
their defaults. Both are reported in :attr:`SettingsStore.warnings`.
"""

from __future__ import annotations

import copy
import json
import math
import os
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop.engine.config import EngineConfig, SamplingSettings
from desktop.library.modes import DEFAULT_SEARCH_MODE, SearchMode
from models.default_model import default_model_path
from models.paths import data_dir

SETTINGS_FILE = "settings.json"
SETTINGS_VERSION = 1
ENGINE_KEYS = ("n_ctx", "n_threads", "n_gpu_layers")
APP_KEYS = ("model_id", "model_path", "first_run_done")
DEFAULT_SAMPLING = SamplingSettings(temperature=0.3, max_tokens=512)  # conservative for clinics


def default_engine() -> dict[str, int]:
    """The engine settings' defaults: :class:`EngineConfig`'s own (the one place they live)."""
    config = EngineConfig(model_path="")
    return {key: int(getattr(config, key)) for key in ENGINE_KEYS}


# Checks one setting: (its dotted name, the JSON value given) -> the coerced value, or raises
# SettingsError. Values are whatever JSON held, hence Any.
Validator = Callable[[str, Any], Any]


class SettingsError(ValueError):
    """A setting has an invalid value (the message names the setting and the allowed range)."""


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_num(value: Any) -> bool:
    return (_is_int(value) or isinstance(value, float)) and math.isfinite(value)


def _num(lo: float, hi: float, integer: bool = False, nullable: bool = False) -> Validator:
    def check(key: str, value: Any) -> int | float | None:
        if value is None and nullable:
            return None
        ok = _is_int(value) if integer else _is_num(value)
        kind = "a whole number" if integer else "a number"
        if not ok:
            raise SettingsError(f"{key} must be {kind} (got {value!r})")
        if not lo <= value <= hi:
            raise SettingsError(f"{key} must be between {lo:g} and {hi:g} (got {value!r})")
        return int(value) if integer else float(value)

    return check


def _opt_str(key: str, value: Any) -> str | None:
    if value is not None and not isinstance(value, str):
        raise SettingsError(f"{key} must be text or empty (got {value!r})")
    return value or None


def _search_mode(key: str, value: Any) -> str:
    if value not in {m.value for m in SearchMode}:
        choices = " or ".join(m.value for m in SearchMode)
        raise SettingsError(f"{key} must be {choices} (got {value!r})")
    return str(value)


def _bool(key: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise SettingsError(f"{key} must be true or false (got {value!r})")
    return value


VALIDATORS: dict[str, dict[str, Validator]] = {
    "sampling": {
        "temperature": _num(0.0, 5.0),
        "top_p": _num(0.0, 1.0),
        "top_k": _num(0, 100_000, integer=True),
        "min_p": _num(0.0, 1.0),
        "repeat_penalty": _num(0.5, 5.0),
        "max_tokens": _num(1, 1_048_576, integer=True),
        "seed": _num(-1, 2**32 - 1, integer=True, nullable=True),
    },
    "engine": {
        "n_ctx": _num(256, 1_048_576, integer=True),
        "n_threads": _num(1, 1024, integer=True),
        "n_gpu_layers": _num(-1, 100_000, integer=True),
    },
    "app": {"model_id": _opt_str, "model_path": _opt_str, "first_run_done": _bool},
    # library search: BM25 or hybrid, and the download-free embedder hybrid uses
    "library": {
        "search_mode": _search_mode,
        "embedder": _opt_str,
        "embedder_path": _opt_str,
        "query_prefix": _opt_str,
        "document_prefix": _opt_str,
    },
}


def default_groups() -> dict[str, dict[str, Any]]:
    return {
        "sampling": DEFAULT_SAMPLING.to_dict(),
        "engine": default_engine(),
        "app": {"model_id": None, "model_path": None, "first_run_done": False},
        "library": {"search_mode": DEFAULT_SEARCH_MODE.value},
    }


def validate_group(name: str, values: dict[str, Any], partial: bool = True) -> dict[str, Any]:
    """Return validated (coerced) values of group ``name``; raise :class:`SettingsError`."""
    if not isinstance(values, dict):
        raise SettingsError(f"settings group {name!r} must be an object")
    checks = VALIDATORS.get(name)
    if checks is None:
        try:
            json.dumps(values)
        except (TypeError, ValueError) as exc:
            raise SettingsError(f"settings group {name!r} is not JSON-serialisable: {exc}") from exc
        return copy.deepcopy(values)
    out: dict[str, Any] = {}
    for key, value in values.items():
        if key not in checks:
            raise SettingsError(
                f"unknown setting {name}.{key} (known: {', '.join(sorted(checks))})"
            )
        out[key] = checks[key](f"{name}.{key}", value)
    if not partial:
        missing = set(checks) - set(out)
        if missing:
            raise SettingsError(f"missing settings: {', '.join(sorted(missing))}")
    return out


@dataclass
class AppSettings:
    """Typed view of everything in the settings file."""

    sampling: SamplingSettings = field(default_factory=lambda: copy.copy(DEFAULT_SAMPLING))
    n_ctx: int = field(default_factory=lambda: default_engine()["n_ctx"])
    n_threads: int = field(default_factory=lambda: default_engine()["n_threads"])
    n_gpu_layers: int = field(default_factory=lambda: default_engine()["n_gpu_layers"])
    model_id: str | None = None
    model_path: str | None = None
    first_run_done: bool = False

    def engine_config(self, model_path: str | os.PathLike[str] | None = None) -> EngineConfig:
        path = model_path or self.model_path or default_model_path()
        return EngineConfig(
            model_path=str(path),
            n_ctx=self.n_ctx,
            n_threads=self.n_threads,
            n_gpu_layers=self.n_gpu_layers,
        )


class SettingsStore:
    """Settings file in ``home`` (default: ``models.paths.data_dir()``); thread-safe."""

    def __init__(self, home: str | os.PathLike[str] | None = None) -> None:
        if home is None:
            home = data_dir()
        self.home = Path(home)
        self.path = self.home / SETTINGS_FILE
        self.warnings: list[str] = []
        self.backup_path: Path | None = None
        self._lock = threading.RLock()
        self._data = self._read()

    # -- dict-like group access ----------------------------------------------------------
    def get(self, name: str, default: Any = None) -> Any:
        """A copy of group ``name`` (or ``default`` if unset)."""
        with self._lock:
            if name not in self._data:
                return default
            return copy.deepcopy(self._data[name])

    def set(self, name: str, values: dict[str, Any]) -> None:
        """Validate and store group ``name`` (merged over its current values), then save."""
        with self._lock:
            clean = validate_group(name, values)
            if name in VALIDATORS:
                merged = dict(self._data.get(name, {}))
                merged.update(clean)
                self._data[name] = merged
            else:
                self._data[name] = clean
            self.save()

    def update(self, name: str, **values: Any) -> None:
        self.set(name, values)

    def merge(self, name: str, values: dict[str, Any]) -> None:
        """Store ``values`` over group ``name``'s current ones (free-form groups too)."""
        with self._lock:
            current = self.get(name, {})
            merged = dict(current) if isinstance(current, dict) else {}
            merged.update(values)
            self.set(name, merged)

    def as_dict(self) -> dict[str, Any]:
        with self._lock:
            return copy.deepcopy(self._data)

    # -- typed access --------------------------------------------------------------------
    def load(self) -> AppSettings:
        with self._lock:
            eng = self._data["engine"]
            app = self._data["app"]
            return AppSettings(
                sampling=SamplingSettings.from_dict(self._data["sampling"]),
                n_ctx=eng["n_ctx"],
                n_threads=eng["n_threads"],
                n_gpu_layers=eng["n_gpu_layers"],
                model_id=app["model_id"],
                model_path=app["model_path"],
                first_run_done=app["first_run_done"],
            )

    def save_settings(self, settings: AppSettings) -> None:
        """Validate all of ``settings`` and save (nothing is changed if a value is invalid)."""
        groups = {
            "sampling": validate_group("sampling", settings.sampling.to_dict(), partial=False),
            "engine": validate_group(
                "engine",
                {k: getattr(settings, k) for k in ENGINE_KEYS},
                partial=False,
            ),
            "app": validate_group("app", {k: getattr(settings, k) for k in APP_KEYS}),
        }
        with self._lock:
            self._data.update(groups)
            self.save()

    def sampling(self) -> SamplingSettings:
        return self.load().sampling

    def engine_values(self) -> dict[str, int]:
        settings = self.load()
        return {key: int(getattr(settings, key)) for key in ENGINE_KEYS}

    def current_model_path(self) -> str:
        """The chosen model's file, or the embedded default when none is chosen or it is gone."""
        path = self.load().model_path
        return str(path) if path and Path(path).is_file() else str(default_model_path())

    def engine_config(self, model_path: str | os.PathLike[str] | None = None) -> EngineConfig:
        """Engine settings for ``model_path`` (default: :meth:`current_model_path`), with the
        LoRA adapter chosen for that model (group ``adapters``: model path -> adapter path)."""
        path = str(model_path or self.current_model_path())
        config = self.load().engine_config(path)
        adapter = (self.get("adapters") or {}).get(path)
        if isinstance(adapter, str) and Path(adapter).is_file():
            config.lora_path = adapter
        return config

    def set_sampling(self, sampling: SamplingSettings) -> None:
        self.set("sampling", sampling.to_dict())

    def reset(self) -> None:
        """Back to defaults (other groups such as ``ui`` are dropped too)."""
        with self._lock:
            self._data = default_groups()
            self.save()

    # -- file ----------------------------------------------------------------------------
    def save(self) -> None:
        """Write the file atomically (temp file + rename), owner-only."""
        with self._lock:
            payload = {"version": SETTINGS_VERSION, **self._data}
            text = json.dumps(payload, indent=2, sort_keys=True)
            self.home.mkdir(parents=True, exist_ok=True)
            os.chmod(self.home, 0o700)
            fd, tmp = tempfile.mkstemp(prefix=".settings.", suffix=".tmp", dir=self.home)
            try:
                os.fchmod(fd, 0o600)
                with os.fdopen(fd, "w", encoding="utf-8") as fh:
                    fh.write(text)
                    fh.flush()
                    os.fsync(fh.fileno())
                os.replace(tmp, self.path)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise

    def _backup(self, reason: str) -> None:
        stamp = time.strftime("%Y%m%d-%H%M%S")
        backup = self.path.with_name(f"{SETTINGS_FILE}.corrupt-{stamp}")
        n = 1
        while backup.exists():
            n += 1
            backup = self.path.with_name(f"{SETTINGS_FILE}.corrupt-{stamp}-{n}")
        os.replace(self.path, backup)
        os.chmod(backup, 0o600)
        self.backup_path = backup
        self.warnings.append(f"{reason}; the old file was kept as {backup.name}")

    def _read(self) -> dict[str, Any]:
        data = default_groups()
        if not self.path.exists():
            return data
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
            if not isinstance(raw, dict):
                raise ValueError("top level is not an object")
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            self._backup(f"Settings file {self.path} was unreadable ({exc}); defaults are used")
            self._data = data
            self.save()
            return data
        bad: list[str] = []
        for name, values in raw.items():
            if name == "version":
                continue
            if not isinstance(values, dict):
                bad.append(f"{name} (not an object)")
                continue
            if name not in VALIDATORS:
                data[name] = values
                continue
            for key, value in values.items():
                try:
                    data[name].update(validate_group(name, {key: value}))
                except SettingsError as exc:
                    bad.append(str(exc))
        if bad:
            self._backup("Invalid settings were reset to defaults: " + "; ".join(bad))
            self._data = data
            self.save()
        return data


__all__ = [
    "DEFAULT_SAMPLING",
    "ENGINE_KEYS",
    "AppSettings",
    "SettingsError",
    "SettingsStore",
    "default_engine",
    "default_groups",
    "validate_group",
]
