"""Errors raised by the training tools, with messages a user can act on."""

from __future__ import annotations


class TrainingError(Exception):
    """Base class for clear, user-facing training errors."""


class DataFormatError(TrainingError):
    """A data file or one of its records is malformed (message names file and record)."""


class ConfigError(TrainingError):
    """An invalid option, flag combination or configuration file."""
