"""Markdown to the HTML subset QTextDocument understands (Qt-free, unit-testable)."""

from __future__ import annotations

import html

import markdown

_EXTENSIONS = ["fenced_code", "tables", "sane_lists", "nl2br"]
ROLE_LABELS = {"user": "You", "assistant": "Assistant", "system": "System"}
LIGHT_ROLE_COLORS = {"user": "#1f4e79", "assistant": "#2e6b30", "system": "#666666"}
DARK_ROLE_COLORS = {"user": "#8ab4f8", "assistant": "#81c995", "system": "#bdc1c6"}
ROLE_COLORS = dict(LIGHT_ROLE_COLORS)  # the scheme in use (desktop.ui.color_scheme sets it)
LIGHT_CAPTION, DARK_CAPTION = "#595959", "#bdc1c6"  # 7:1 on white / ~9:1 on the dark base
CAPTION_COLOR = LIGHT_CAPTION  # notes such as "(stopped)" (was #888888: 3.5:1 on white)


def use_dark_colors(dark: bool) -> None:
    """Switch role and caption colours for a dark or light page."""
    global CAPTION_COLOR
    ROLE_COLORS.update(DARK_ROLE_COLORS if dark else LIGHT_ROLE_COLORS)
    CAPTION_COLOR = DARK_CAPTION if dark else LIGHT_CAPTION


def _converter() -> markdown.Markdown:
    md = markdown.Markdown(extensions=_EXTENSIONS)
    # Raw HTML in a message is shown as text, never interpreted.
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    return md


_MD = _converter()


def markdown_html(text: str) -> str:
    """Render model/user Markdown to HTML (not thread-safe: call from one thread)."""
    _MD.reset()
    return _MD.convert(text)


def role_header_html(role: str, note: str = "") -> str:
    label = ROLE_LABELS.get(role, role.capitalize())
    color = ROLE_COLORS.get(role, "#333333")
    extra = f' <span style="color:{CAPTION_COLOR}; font-weight:normal;">{html.escape(note)}</span>'
    return (
        f'<p style="margin-top:14px; margin-bottom:2px;"><b style="color:{color};">{label}</b>'
        f"{extra if note else ''}</p>"
    )


def notice_html(text: str, kind: str = "emergency") -> str:
    """A coloured box for emergency advice (red) or missing-context prompts (amber)."""
    bg, fg = ("#fde7e9", "#8a1020") if kind == "emergency" else ("#fff4ce", "#5c4400")
    body = markdown_html(text)
    return (
        f'<table width="100%" cellpadding="8" style="margin-top:6px; margin-bottom:6px;">'
        f'<tr><td style="background-color:{bg}; color:{fg};">{body}</td></tr></table>'
    )


def message_html(role: str, text: str, note: str = "") -> str:
    return role_header_html(role, note) + markdown_html(text or " ")


def stopped_html() -> str:
    """The mark under an answer the user stopped in this session."""
    return f'<p style="color:{CAPTION_COLOR};"><i>(stopped)</i></p>'
