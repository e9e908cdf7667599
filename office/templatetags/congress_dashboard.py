"""{% dashboard %}: the year at a glance on the admin's front page (templates/admin/index.html)."""

from django import template
from django.template.loader import render_to_string

from congress import cache
from congress.figures import parse_year
from office.dashboard import build
from office.dashboard.views import can_see_figures

register = template.Library()
PANEL = "congress/dashboard/panel.html"


@register.simple_tag(takes_context=True)
def dashboard(context):
    """The panel, rendered once per version of the data (congress.cache): the same for every staff member."""
    request = context["request"]
    if not can_see_figures(request.user):
        return render_to_string(PANEL, {"dashboard": None})
    year = parse_year(request.GET.get("year"))
    return cache.fragment(
        ("dashboard", year), lambda: render_to_string(PANEL, {"dashboard": build(year), "request": request})
    )
