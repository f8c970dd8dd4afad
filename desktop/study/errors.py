"""Errors raised by study mode with messages meant for the user."""


class StudyError(Exception):
    """A study-mode operation cannot be done (no matching questions, finished block, ...)."""
