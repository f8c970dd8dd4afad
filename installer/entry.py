"""Entry point of the bundled app (``ClinicalAssistant`` executable).

``ClinicalAssistant [app flags]`` starts the GUI (``desktop.app.main``; e.g.
``--quit-after-load`` for a headless smoke answer). ``ClinicalAssistant --selftest`` loads the
embedded default model through ``desktop.engine`` without Qt, answers a fixed prompt, prints
it and exits 0 (used by the bundle test and by support staff to check an installation).
``ClinicalAssistant --check-fast-copy DIR`` requantizes the embedded model to Q8_0 in ``DIR``
with the bundled ``convert.requantize`` (what "Make faster copy (Q8_0)" runs) and prints the
copy's quantization.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

SELFTEST_PROMPT = "In one sentence, what is hypertension?"


def bundle_root() -> Path | None:
    """The PyInstaller data folder when frozen (``sys._MEIPASS``), else ``None``."""
    meipass = getattr(sys, "_MEIPASS", None)
    return Path(meipass) if meipass else None


def configure_paths() -> None:
    """Point the app at the bundled model when frozen (the runtime hook does this too)."""
    root = bundle_root()
    if root is not None:
        os.environ.setdefault("CLINASSIST_EMBEDDED_DIR", str(root / "models" / "embedded"))


def check_migrations() -> str:
    """Create a throw-away database with the bundled Alembic migrations; return its revision."""
    import tempfile

    from sqlalchemy import text

    from desktop.storage.db import open_database

    with tempfile.TemporaryDirectory() as tmp:
        engine = open_database(Path(tmp) / "selftest.db")
        try:
            with engine.connect() as conn:
                return str(conn.execute(text("SELECT version_num FROM alembic_version")).scalar())
        finally:
            engine.dispose()


def selftest(prompt: str = SELFTEST_PROMPT, max_tokens: int = 48) -> int:
    """Check the migrations, load the default model with llama.cpp, answer ``prompt``."""
    print(f"database schema: {check_migrations()}")
    from desktop.engine import Engine, EngineConfig, SamplingSettings
    from models.default_model import default_model_path

    path = default_model_path()
    engine = Engine(EngineConfig(model_path=str(path), n_ctx=1024))
    try:
        result = engine.chat(
            [{"role": "user", "content": prompt}],
            SamplingSettings(temperature=0.0, max_tokens=max_tokens, seed=1),
        )
    finally:
        engine.close()
    answer = result.text.strip()
    print(f"model: {path.name} ({engine.info.architecture}, {engine.info.quantization})")
    print(f"answer: {answer or '(empty)'}")
    print(f"tokens: {result.completion_tokens} at {result.tokens_per_second:.1f} tok/s")
    sys.stdout.flush()
    return 0 if answer else 1


def check_fast_copy(folder: Path) -> int:
    """Requantize the embedded model with the bundled converter module; print the result."""
    from convert.requantize import requantize_gguf
    from models.default_model import default_model_path
    from models.gguf_info import read_gguf_info

    folder.mkdir(parents=True, exist_ok=True)
    out = folder / "fast-copy.q8_0.gguf"
    out.unlink(missing_ok=True)
    requantize_gguf(default_model_path(), out, "Q8_0", n_threads=1)
    print(f"faster copy: {out.name} {read_gguf_info(out).quantization}")
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    configure_paths()
    if "--selftest" in argv:
        return selftest()
    if argv[:1] == ["--check-fast-copy"] and len(argv) == 2:
        return check_fast_copy(Path(argv[1]))
    from desktop.app import main as app_main

    return app_main(argv)


if __name__ == "__main__":
    raise SystemExit(main())
