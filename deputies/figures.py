"""The figures of the deputies' duty work (domain.md §6), each defined once.

Year = the calendar year of the record's date (dates are kept as local
Asia/Shanghai dates). Activities count in the year they start. Rates divide
by the deputies in office on 31 December.
"""

from collections import Counter

from django.db.models import Max, Q, Sum
from django.utils.translation import gettext_lazy as _

from congress.figures import ITEMS, PERSON_TIMES, PERSONS, PROJECTS, TIMES, Figure, figure, year_end

from .models import (
    Activity,
    ActivityKind,
    AttendanceStatus,
    Deliberation,
    DeputiesHome,
    Deputy,
    DutyReport,
    HomeKind,
    Opinion,
    Post,
    Reception,
)
from .models.activities import RESEARCH_KINDS


def deputies_in_office(year: int):
    """Deputies whose office (and term) covers 31 December of ``year``."""
    day = year_end(year)
    return (
        Deputy.objects.in_office(day)
        .filter(term__start_date__lte=day)
        .filter(Q(term__end_date__isnull=True) | Q(term__end_date__gte=day))
    )


def receptions_of(year: int):
    return Reception.objects.confirmed().in_year(year)


def activities_of(year: int, kinds=None):
    activities = Activity.objects.filter(start_date__year=year)
    return activities.filter(kind__in=kinds) if kinds else activities


def participants_of(year: int, kinds=None):
    """Distinct deputies marked present at the year's activities (of ``kinds``, default all)."""
    present = Q(attendances__status=AttendanceStatus.PRESENT, attendances__activity__start_date__year=year)
    if kinds:
        present &= Q(attendances__activity__kind__in=kinds)
    return Deputy.objects.filter(pk__in=Deputy.objects.filter(present).values("pk"))


@figure("deputies.in_office", _("deputies in office"), unit=PERSONS)
def in_office(year: int) -> Figure:
    """Deputies whose term of office covers 31 December of the year."""
    return Figure.count(deputies_in_office(year))


@figure("receptions.visitors", _("voters received (person-times)"), unit=PERSON_TIMES)
def reception_visitors(year: int) -> Figure:
    """The sum of visitors (人次) over the year's confirmed reception days."""
    receptions = receptions_of(year)
    return Figure.total(receptions.aggregate(total=Sum("visitors"))["total"], receptions)


@figure("receptions.days", _("reception days"), unit=TIMES)
def reception_days(year: int) -> Figure:
    """The year's confirmed reception days."""
    return Figure.count(receptions_of(year))


@figure("duty_reports.count", _("duty reports to voters"), unit=PERSON_TIMES)
def duty_reports(year: int) -> Figure:
    """Duty reports (代表述职) held in the year."""
    return Figure.count(DutyReport.objects.filter(date__year=year))


@figure("activities.research_trips", _("research trips"), unit=TIMES)
def research_trips(year: int) -> Figure:
    """Activities of kind research_trip (外出调研) starting in the year."""
    return Figure.count(activities_of(year, [ActivityKind.RESEARCH_TRIP]))


@figure("activities.research_participants", _("deputies taking part in research"), unit=PERSONS)
def research_participants(year: int) -> Figure:
    """Distinct deputies marked present at the year's research trips and surveys."""
    return Figure.count(participants_of(year, RESEARCH_KINDS))


@figure("activities.research_participation_rate", _("share of deputies taking part in research"))
def research_participation_rate(year: int) -> Figure:
    """Research participants ÷ deputies in office on 31 December."""
    participants = participants_of(year, RESEARCH_KINDS)
    return Figure.rate(participants, deputies_in_office(year), records=participants)


@figure("activities.participants", _("deputies taking part in activities"), unit=PERSONS)
def participants(year: int) -> Figure:
    """Distinct deputies marked present at any activity of the year."""
    return Figure.count(participants_of(year))


@figure("activities.participation_rate", _("participation rate"))
def participation_rate(year: int) -> Figure:
    """Participants in any activity ÷ deputies in office on 31 December."""
    present = participants_of(year)
    return Figure.rate(present, deputies_in_office(year), records=present)


@figure("activities.by_kind", _("activities by kind"))
def activities_by_kind(year: int) -> Figure:
    """The year's activities counted per kind: {kind: count}, every kind listed."""
    activities = activities_of(year)
    counts = Counter(activities.values_list("kind", flat=True))
    value = {kind.value: counts.get(kind.value, 0) for kind in ActivityKind}
    return Figure(
        value=value,
        records=activities,
        extra={"labels": {kind.value: kind.label for kind in ActivityKind}},
    )


@figure("deliberations.count", _("special work reports heard and deliberated"), unit=PROJECTS)
def deliberations(year: int) -> Figure:
    """Deliberations of special work reports held in the year."""
    return Figure.count(Deliberation.objects.filter(date__year=year))


@figure("deliberations.opinions", _("opinions raised at deliberations"), unit=ITEMS)
def deliberation_opinions(year: int) -> Figure:
    """Opinions raised at the year's deliberations."""
    return Figure.count(Opinion.objects.filter(deliberation__date__year=year))


@figure("posts.published", _("posts on the deputies' work published"), unit=ITEMS)
def posts_published(year: int) -> Figure:
    """Published posts (履职动态) about the year's activities, reception days and duty reports."""
    return Figure.count(Post.objects.published().in_year(year))


# The code stays under ``report.``: saved drafts and the report template name it.
@figure("report.home_star_rating", _("star rating of the deputies' home"))
def home_star_rating(year: int) -> Figure:
    """The highest star rating a deputies' home (not a liaison station) held by the end of the year."""
    homes = DeputiesHome.objects.filter(kind=HomeKind.HOME, star_rating__isnull=False).filter(
        Q(rated_on__isnull=True) | Q(rated_on__lte=year_end(year))
    )
    best = homes.aggregate(best=Max("star_rating"))["best"]
    return Figure(value=best, records=homes.filter(star_rating=best) if best else homes.none())
