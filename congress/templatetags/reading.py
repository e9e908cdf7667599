"""Punctuation in the reader's language in templates (congress.language):
``{{ home|colon:days }}``, ``{{ days|listed }}``, ``{{ name|bracketed:role }}``."""

from django import template

from congress import language

register = template.Library()


@register.filter
def colon(label, text=""):
    return language.colon(label, text)


@register.filter
def listed(items):
    return language.listed(items)


@register.filter
def bracketed(text, after):
    return language.bracketed(text, after)


@register.simple_tag
def colon_mark():
    """The colon alone: ：in Chinese, ": " in English."""
    return "：" if language.chinese() else ": "


@register.simple_tag
def list_mark():
    """Between the items of a list: 、in Chinese, ", " in English."""
    return "、" if language.chinese() else ", "


@register.simple_tag
def bracket_open():
    """（ in Chinese, " (" in English."""
    return "（" if language.chinese() else " ("


@register.simple_tag
def bracket_close():
    return "）" if language.chinese() else ")"
