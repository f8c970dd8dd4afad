"""Discriminator modules; importing this package fills :data:`base.REGISTRY` (in this order)."""

from desktop.safety.discriminators import (  # noqa: F401  (imported to register)
    abdominal,
    cardiovascular,
    environmental,
    eye,
    general,
    general_urgent,
    infection,
    lay_patterns,
    lay_signs,
    lay_syndromes,
    mental_health,
    metabolic,
    neurological,
    obstetric,
    paediatric,
    poisoning,
    respiratory,
    same_day,
    same_day_lay,
    same_day_signs,
    soft_tissue,
    surgical,
    trauma,
)
from desktop.safety.discriminators.base import REGISTRY, Discriminator, Finding, Hit, Level

__all__ = ["REGISTRY", "Discriminator", "Finding", "Hit", "Level"]
