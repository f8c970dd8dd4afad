"""Who answers: the identity of the active backend (shown in the status bar, kept in history)."""

from __future__ import annotations

from dataclasses import dataclass

LOCAL = "local"
SERVER = "server"


@dataclass(frozen=True)
class BackendInfo:
    """What the status bar and the history need to know about the active backend."""

    kind: str  # LOCAL | SERVER
    name: str  # model name to show
    where: str  # "this computer" | "server HOST"
    n_ctx: int  # 0 when the server does not say
    quantization: str = ""
    model_id: str = ""  # what the history records as the answering model
