"""The report's own composite figures (codes under ``report.``), built on the apps' figures."""

from django.db.models import Count, Max, Q
from django.utils.translation import gettext_lazy as _

from congress.figures import REGISTRY, Figure, compute, figure, year_end


@figure("report.projects_status", _("how far the year's livelihood projects are"))
def projects_status(year: int) -> Figure:
    """The state of the year's voted projects in words: 均已建成投用 when every one is in use."""
    if "livelihood.voted" not in REGISTRY or "livelihood.in_use" not in REGISTRY:
        return Figure(value="")
    voted, in_use = compute("livelihood.voted", year), compute("livelihood.in_use", year)
    if not voted.value:
        text = ""
    elif in_use.value == voted.value:
        text = "均已建成投用"
    elif not in_use.value:
        text = "正在加快推进"
    else:
        text = f"其中{in_use.value}项已建成投用，其余项目正在加快推进"
    return Figure(value=text, records=voted.records)


@figure("report.home_star_rating", _("star rating of the deputies' home"))
def home_star_rating(year: int) -> Figure:
    """The highest star rating a deputies' home (not a liaison station) held by the end of the year."""
    from deputies.models import DeputiesHome, HomeKind

    homes = DeputiesHome.objects.filter(kind=HomeKind.HOME, star_rating__isnull=False).filter(
        Q(rated_on__isnull=True) | Q(rated_on__lte=year_end(year))
    )
    best = homes.aggregate(best=Max("star_rating"))["best"]
    return Figure(value=best, records=homes.filter(star_rating=best) if best else homes.none())


@figure("report.suggestions_by_state", _("suggestions by state"))
def suggestions_by_state(year: int) -> Figure:
    """The year's suggestions (every source, rejected included) counted per state: {state: (label, n)}."""
    from suggestions.choices import State
    from suggestions.models import Suggestion

    items = Suggestion.objects.in_year(year)
    counts = dict(items.order_by().values_list("state").annotate(n=Count("pk")))
    value = {state.value: (state.label, counts.get(state.value, 0)) for state in State}
    return Figure(value=value, records=items)
