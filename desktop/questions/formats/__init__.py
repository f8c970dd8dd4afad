"""Question-bank formats, one module each; every module registers a ``QuestionFormat``.

Modules here are found and imported by :func:`desktop.questions.registry.formats`; see
``ARCHITECTURE.md`` for the recipe of a new format.
"""
