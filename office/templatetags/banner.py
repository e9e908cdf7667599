"""{% banner_link %}: the way to the banner's comparison of the townships, for the banner's staff alone."""

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from office.banner.views import may_compare

register = template.Library()


@register.simple_tag(takes_context=True)
def banner_link(context, css_class: str = "") -> str:
    """A link to /banner/ ("" for everyone but the banner's staff and superusers)."""
    request = context.get("request")
    if request is None or not may_compare(request.user):
        return ""
    here = request.resolver_match is not None and request.resolver_match.namespace == "banner"
    return format_html(
        '<a class="{}" href="{}"{}>{}</a>',
        css_class,
        reverse("banner:index"),
        format_html(' aria-current="page"') if here else "",
        _("Township comparison"),
    )
