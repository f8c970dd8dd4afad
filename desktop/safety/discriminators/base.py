"""The discriminator extension point: one class per kind of presentation, one registry."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from desktop.safety.lexicon import BY_NAME
from desktop.safety.message import Mention, Message

CALL = "call your local emergency number now (for example 911, 112 or 999)"


class Level(IntEnum):
    ROUTINE = 0
    URGENT = 1  # be seen today (GP / urgent care / same-day service)
    EMERGENCY = 2  # emergency services or emergency department now

    @property
    def title(self) -> str:
        return {0: "routine", 1: "urgent today", 2: "emergency now"}[int(self)]


@dataclass(frozen=True)
class Hit:
    """What a discriminator returns: its level and the evidence that made it fire."""

    level: Level
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class Finding:
    kind: str
    flag: str  # family name shown as a red flag (several kinds may share one)
    level: Level
    label: str
    advice: str
    reasons: tuple[str, ...]


def why(*mentions: Mention | None) -> tuple[str, ...]:
    """Reasons in the form ``concept label: 'words'`` for each mention given."""
    return tuple(f"{BY_NAME[m.concept].label}: '{m.text}'" for m in mentions if m is not None)


class Discriminator:
    """Subclasses set the class attributes and implement :meth:`evaluate`."""

    kind: str = ""
    flag: str = ""
    label: str = ""
    advice: str = ""
    urgent_advice: str = ""  # advice when it fires at the urgent level

    def evaluate(self, msg: Message) -> Hit | None:  # pragma: no cover - interface
        raise NotImplementedError

    def run(self, msg: Message) -> Finding | None:
        hit = self.evaluate(msg)
        if hit is None or hit.level == Level.ROUTINE:
            return None
        advice = (
            self.advice if hit.level == Level.EMERGENCY else (self.urgent_advice or self.advice)
        )
        return Finding(
            self.kind, self.flag or self.kind, hit.level, self.label, advice, hit.reasons
        )


REGISTRY: list[Discriminator] = []


def register(cls: type[Discriminator]) -> type[Discriminator]:
    """Class decorator: add one instance of ``cls`` to :data:`REGISTRY` (kinds are unique)."""
    if any(d.kind == cls.kind for d in REGISTRY):
        raise ValueError(f"duplicate discriminator kind {cls.kind!r}")
    REGISTRY.append(cls())
    return cls

# The same-day advice every urgent (not emergency) rule starts from.
TODAY = "get a same-day appointment (GP, urgent care / urgent treatment centre, or NHS 111)"


def cue_hit(
    level: Level, *found: tuple[str, str | None], extra: tuple[str, ...] = ()
) -> Hit:
    """A hit whose reasons are ``label: 'words'`` for each (label, matched words) found."""
    return Hit(level, tuple(f"{lab}: '{t}'" for lab, t in found if t) + extra)


def emergency(*mentions: Mention | None, extra: tuple[str, ...] = ()) -> Hit:
    return Hit(Level.EMERGENCY, why(*mentions) + extra)


def urgent(*mentions: Mention | None, extra: tuple[str, ...] = ()) -> Hit:
    return Hit(Level.URGENT, why(*mentions) + extra)


def emergency_hit(*found: tuple[str, str | None], extra: tuple[str, ...] = ()) -> Hit:
    """:func:`cue_hit` at the emergency level."""
    return cue_hit(Level.EMERGENCY, *found, extra=extra)


def urgent_hit(*found: tuple[str, str | None], extra: tuple[str, ...] = ()) -> Hit:
    """:func:`cue_hit` at the same-day level (the shape every same-day rule returns)."""
    return cue_hit(Level.URGENT, *found, extra=extra)
