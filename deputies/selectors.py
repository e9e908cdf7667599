"""Reads of the roster, the presidium and the deputies' duty records (履职档案)."""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, F, Prefetch, Q
from django.utils import timezone

from .models import (
    ActivityKind,
    Attendance,
    AttendanceStatus,
    Deliberation,
    DeputiesHome,
    Deputy,
    DeputyStatus,
    DutyPointItem,
    DutyPointWeight,
    DutyReport,
    Opinion,
    PresidiumContact,
    PresidiumMembership,
    Reception,
    VoterContact,
)
from .models.points import DEFAULT_POINTS
from .models.roster import by_constituency


def presidium_of(term):
    """The current presidium of a term, chair first."""
    if term is None:
        return PresidiumMembership.objects.none()
    return PresidiumMembership.objects.filter(term=term, end_date__isnull=True).select_related("deputy")


def roster_summary(term) -> dict:
    """Counts for the public home page: deputies in office, women, ethnic minorities."""
    if term is None:
        return {}
    today = timezone.localdate()
    return (
        Deputy.objects.filter(term=term)
        .in_office(today)
        .aggregate(
            total=Count("pk"),
            women=Count("pk", filter=Q(gender="female")),
            minorities=Count("pk", filter=~Q(ethnicity__in=["", "汉族"])),
            banner=Count("pk", filter=Q(is_banner_deputy=True)),
        )
    )


def roster(term):
    """The deputies of a term, for public and staff lists (no private fields needed)."""
    return (
        Deputy.objects.filter(term=term, status=DeputyStatus.ACTIVE)
        .select_related("constituency")
        .order_by(*by_constituency())
    )


# ---- the public side of the contact system and the deputies' home -------------------------


def public_contact_points(deputy) -> list[str]:
    """The villages and communities a deputy keeps in touch with (names only: no counts or notes)."""
    return list(
        VoterContact.objects.filter(deputy=deputy, term=deputy.term)
        .order_by("contact_point")
        .values_list("contact_point", flat=True)
    )


def presidium_contacts_of(deputy):
    """The presidium members who keep in touch with the deputy."""
    return PresidiumContact.objects.filter(deputy=deputy, term=deputy.term).select_related(
        "presidium_member__deputy"
    )


def contacted_by(membership):
    """The deputies a presidium member keeps in touch with."""
    return PresidiumContact.objects.filter(presidium_member=membership).select_related("deputy")


def public_homes():
    return DeputiesHome.objects.filter(is_public=True).order_by("kind", "name")


# ---- duty records -----------------------------------------------------------------------


ACTIVITY_ITEMS = {kind.value: DutyPointItem(kind.value) for kind in ActivityKind}


def duty_point_weights() -> dict[str, Decimal]:
    """The points of each item: the staff's weights, the defaults where staff set none."""
    weights = {item.value: points for item, points in DEFAULT_POINTS.items()}
    weights.update(DutyPointWeight.objects.values_list("item", "points"))
    return weights


def duty_counts(deputy_ids, year: int) -> dict[int, Counter]:
    """How many of each duty point item each deputy did in the year: {deputy id: Counter(item → n)}.

    Receptions count when confirmed; activities when the deputy was marked present
    (absences are counted apart); deliberations the deputy was recorded at; opinions
    the deputy raised. This is the one definition the record page, the list and the
    export share.
    """
    counts: dict[int, Counter] = defaultdict(Counter)
    ids = list(deputy_ids)

    def add(rows, item=None):
        for row in rows:
            counts[row["who"]][item or row["item"]] += row["n"]

    add(
        Reception.deputies.through.objects.filter(
            deputy_id__in=ids, reception__confirmed=True, reception__date__year=year
        )
        .values(who=F("deputy_id"))
        .annotate(n=Count("pk")),
        DutyPointItem.RECEPTION,
    )
    add(
        DutyReport.objects.filter(deputy_id__in=ids, date__year=year)
        .values(who=F("deputy_id"))
        .annotate(n=Count("pk")),
        DutyPointItem.DUTY_REPORT,
    )
    attendances = Attendance.objects.filter(deputy_id__in=ids, activity__start_date__year=year)
    add(
        attendances.filter(status=AttendanceStatus.PRESENT)
        .values(who=F("deputy_id"), item=F("activity__kind"))
        .annotate(n=Count("pk"))
    )
    add(
        attendances.filter(status=AttendanceStatus.ABSENT).values(who=F("deputy_id")).annotate(n=Count("pk")),
        DutyPointItem.ABSENCE,
    )
    add(
        Deliberation.deputies.through.objects.filter(deputy_id__in=ids, deliberation__date__year=year)
        .values(who=F("deputy_id"))
        .annotate(n=Count("pk")),
        DutyPointItem.DELIBERATION,
    )
    add(
        Opinion.objects.filter(raised_by_id__in=ids, deliberation__date__year=year)
        .values(who=F("raised_by_id"))
        .annotate(n=Count("pk")),
        DutyPointItem.OPINION,
    )
    return counts


def duty_points(counts: Counter, weights: dict[str, Decimal]) -> Decimal:
    """履职积分: each item's count times its weight, summed."""
    return sum((weights.get(item, Decimal(0)) * n for item, n in counts.items()), Decimal(0))


@dataclass
class PointLine:
    item: DutyPointItem
    count: int
    weight: Decimal

    @property
    def points(self) -> Decimal:
        return self.weight * self.count


@dataclass
class DutyRecord:
    """A deputy's year (履职档案), computed from the records."""

    deputy: Deputy
    year: int
    receptions: list
    pending_receptions: list
    duty_reports: list
    attendances: list
    deliberations: list
    opinions: list
    voter_contacts: list
    presidium_contacts: list
    counts: Counter
    weights: dict = field(repr=False)

    @property
    def point_lines(self) -> list[PointLine]:
        return [
            PointLine(item=item, count=self.counts.get(item.value, 0), weight=self.weights[item.value])
            for item in DutyPointItem
            if self.counts.get(item.value)
        ]

    @property
    def points(self) -> Decimal:
        return duty_points(self.counts, self.weights)

    @property
    def activities_by_kind(self) -> list[dict]:
        """Per kind: how many the deputy attended and missed, kinds with any invitation only."""
        rows = {}
        for attendance in self.attendances:
            kind = attendance.activity.kind
            row = rows.setdefault(
                kind,
                {"kind": kind, "label": attendance.activity.get_kind_display(), "present": 0, "absent": 0},
            )
            if attendance.status in (AttendanceStatus.PRESENT, AttendanceStatus.ABSENT):
                row[attendance.status] += 1
        order = [kind.value for kind in ActivityKind]
        return sorted(rows.values(), key=lambda row: order.index(row["kind"]))

    @property
    def visitors(self) -> int:
        return sum(reception.visitors for reception in self.receptions)


def duty_record(deputy: Deputy, year: int) -> DutyRecord:
    """Everything a deputy did in ``year``, with counts and duty points."""
    receptions = list(
        Reception.objects.filter(deputies=deputy, date__year=year)
        .select_related("home")
        .prefetch_related("deputies")
        .order_by("date", "pk")
    )
    return DutyRecord(
        deputy=deputy,
        year=year,
        receptions=[r for r in receptions if r.confirmed],
        pending_receptions=[r for r in receptions if not r.confirmed],
        duty_reports=list(DutyReport.objects.filter(deputy=deputy, date__year=year).order_by("date")),
        attendances=list(
            Attendance.objects.filter(deputy=deputy, activity__start_date__year=year)
            .select_related("activity")
            .order_by("activity__start_date", "activity__pk")
        ),
        deliberations=list(
            Deliberation.objects.filter(date__year=year)
            .filter(Q(deputies=deputy) | Q(opinions__raised_by=deputy))
            .distinct()
            .prefetch_related(Prefetch("opinions", Opinion.objects.filter(raised_by=deputy), to_attr="own"))
            .order_by("date")
        ),
        opinions=list(
            Opinion.objects.filter(raised_by=deputy, deliberation__date__year=year).select_related(
                "deliberation"
            )
        ),
        voter_contacts=list(VoterContact.objects.filter(deputy=deputy, term=deputy.term)),
        presidium_contacts=list(presidium_contacts_of(deputy)),
        counts=duty_counts([deputy.pk], year).get(deputy.pk, Counter()),
        weights=duty_point_weights(),
    )


def deputies_of_year(year: int):
    """Deputies in office at any time during ``year``: whose records the year has."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    return (
        Deputy.objects.filter(took_office__lte=end)
        .filter(Q(left_office__isnull=True) | Q(left_office__gt=start))
        .filter(term__start_date__lte=end)
        .filter(Q(term__end_date__isnull=True) | Q(term__end_date__gte=start))
        .select_related("constituency")
        .order_by(*by_constituency())
    )


@dataclass
class DutyRecordRow:
    deputy: Deputy
    counts: Counter
    points: Decimal
    contact_points: list[str]

    def count(self, item) -> int:
        return self.counts.get(str(item), 0)

    @property
    def activities_attended(self) -> int:
        return sum(self.counts.get(kind, 0) for kind in ACTIVITY_ITEMS)

    @property
    def receptions(self) -> int:
        return self.count(DutyPointItem.RECEPTION)

    @property
    def duty_reports(self) -> int:
        return self.count(DutyPointItem.DUTY_REPORT)

    @property
    def absences(self) -> int:
        return self.count(DutyPointItem.ABSENCE)

    @property
    def deliberations(self) -> int:
        return self.count(DutyPointItem.DELIBERATION)

    @property
    def opinions(self) -> int:
        return self.count(DutyPointItem.OPINION)


def duty_record_rows(year: int, deputies=None) -> list[DutyRecordRow]:
    """One row per deputy of the year (or of ``deputies``, a page of them) with counts and points.

    A fixed number of queries, whatever the number of deputies.
    """
    deputies = list(deputies_of_year(year) if deputies is None else deputies)
    counts = duty_counts([d.pk for d in deputies], year)
    weights = duty_point_weights()
    points_of = defaultdict(list)
    for deputy_id, point in VoterContact.objects.filter(deputy__in=deputies).values_list(
        "deputy_id", "contact_point"
    ):
        points_of[deputy_id].append(point)
    return [
        DutyRecordRow(
            deputy=deputy,
            counts=counts.get(deputy.pk, Counter()),
            points=duty_points(counts.get(deputy.pk, Counter()), weights),
            contact_points=points_of[deputy.pk],
        )
        for deputy in deputies
    ]


def record_years(deputy: Deputy | None = None) -> list[int]:
    """The years a duty record can be read for: from the term's start to this year, newest first."""
    this_year = timezone.localdate().year
    if deputy is not None:
        first = deputy.took_office.year
        last = deputy.left_office.year if deputy.left_office else this_year
    else:
        first = min(Deputy.objects.values_list("took_office__year", flat=True), default=this_year)
        last = this_year
    return list(range(max(last, first), first - 1, -1))


def upcoming_receptions(home: DeputiesHome, today: datetime.date | None = None, count: int = 3):
    return home.upcoming_reception_days(today or timezone.localdate(), count)


def latest_record_year(deputy: Deputy) -> int:
    """This year if the deputy has anything recorded in it, else the latest year that has something."""
    this_year = timezone.localdate().year
    dates = [
        Reception.objects.filter(deputies=deputy, date__year__lte=this_year)
        .order_by("-date")
        .values("date")[:1],
        Attendance.objects.filter(deputy=deputy, activity__start_date__year__lte=this_year)
        .order_by("-activity__start_date")
        .values("activity__start_date")[:1],
        DutyReport.objects.filter(deputy=deputy, date__year__lte=this_year)
        .order_by("-date")
        .values("date")[:1],
    ]
    years = [row[key].year for query in dates for row in query for key in row]
    return max(years, default=this_year)
