"""{% file_url obj "field" %}: the permission-checked address of an uploaded file (congress.protected_media)."""

from django import template

from congress import protected_media

register = template.Library()


@register.simple_tag
def file_url(obj, field):
    return protected_media.url(obj, field)
