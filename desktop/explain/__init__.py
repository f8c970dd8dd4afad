"""Explanations of a multiple-choice question, shared by the MCQ page and study mode (Qt-free).

- :mod:`desktop.explain.prompt`: the one prompt builder (question record, the answer explained,
  the student's choice, optional numbered library passages);
- :mod:`desktop.explain.library`: the passages of the reference library that back an
  explanation, and the cited sources of a finished one;
- :mod:`desktop.explain.generate`: streaming an explanation on an engine (its thread);
- :mod:`desktop.explain.setting`: the "Explain from my library" switch in the settings.
"""

from desktop.explain.prompt import SYSTEM_PROMPT, default_sampling, explanation_messages

__all__ = ["SYSTEM_PROMPT", "default_sampling", "explanation_messages"]
