"""Reads for the two front doors, the public home page and the portal home, and the banner's list of townships.

Each function reads one app through that app's own selectors or querysets and
returns a bounded list, so that a page built from them makes the same number
of queries however much data there is. Nothing here returns private fields
(phone and ID numbers, voters' names or contacts): the public home page shows
whatever these functions return.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from congress import townships
from congress.figures import compute
from congress.models import Township
from congress.selectors import current_term
from deputies import posts as deputy_posts
from deputies import selectors as deputy_selectors
from deputies.models import Activity, Attendance, Reception
from livelihood import selectors as livelihood_selectors
from livelihood.models import Project
from suggestions import selectors as suggestion_selectors
from suggestions.choices import OPEN_STATES, State

HOME_ACTIVITIES = 5
HOME_POSTS = 3
HOME_RESULTS = 3
HOME_PROJECTS = 6
PORTAL_ITEMS = 5


# ---- the banner's list of townships ----------------------------------------------------------


@dataclass
class TownshipEntry:
    township: object
    path: str
    deputies: int
    projects: int


def townships_overview() -> list[TownshipEntry]:
    """Every township with the address of its public pages and two public figures: deputies in
    office and livelihood projects (a few small queries per township: the page is cached)."""
    entries = []
    for township in Township.objects.all():
        with townships.scoped(township):
            roster = deputy_selectors.roster_summary(current_term())
            entries.append(
                TownshipEntry(
                    township=township,
                    path=townships.public_path(township.pk, "home"),
                    deputies=roster.get("total") or 0,
                    projects=Project.objects.count(),
                )
            )
    return entries


# ---- the public home page --------------------------------------------------------------


def recent_activities(limit: int = HOME_ACTIVITIES, today: datetime.date | None = None) -> list[Activity]:
    """The deputies' latest activities that have begun: kind, title, date and place, no attendance."""
    today = today or timezone.localdate()
    return list(
        Activity.objects.filter(start_date__lte=today)
        .only("kind", "title", "start_date", "end_date", "destination")
        .order_by("-start_date", "-pk")[:limit]
    )


def latest_posts(limit: int = HOME_POSTS) -> list:
    """The latest published posts on the deputies' work, with their photos (never unpublished ones)."""
    return deputy_posts.latest_posts(limit)


@dataclass
class ProjectsOverview:
    """The latest year's livelihood projects with their progress, and the year's figures."""

    plan: object
    projects: list[Project]
    has_more: bool
    voted: object
    in_use: object
    average_progress: object


def projects_overview(limit: int = HOME_PROJECTS) -> ProjectsOverview | None:
    """The plan the public is most interested in (the latest year with projects) and its first projects."""
    plan = livelihood_selectors.latest_plan()
    if plan is None:
        return None
    projects = list(livelihood_selectors.projects_of(plan)[: limit + 1])
    voted = compute("livelihood.voted", plan.year)
    return ProjectsOverview(
        plan=plan,
        projects=projects[:limit],
        has_more=len(projects) > limit,
        voted=voted,
        in_use=compute("livelihood.in_use", plan.year),
        average_progress=compute("livelihood.average_progress", plan.year),
    )


def homes_with_schedule(today: datetime.date | None = None, count: int = 2) -> list[tuple]:
    """The public deputies' homes, each with its next reception days."""
    today = today or timezone.localdate()
    return [
        (home, deputy_selectors.upcoming_receptions(home, today, count))
        for home in deputy_selectors.public_homes()
    ]


def latest_results(limit: int = HOME_RESULTS) -> list:
    """The latest published handling results (title, unit, result class; never the proposer)."""
    return list(suggestion_selectors.public_results()[:limit])


# ---- the portal home -------------------------------------------------------------------


def replies_to_rate(deputy) -> list:
    """Replies waiting for the deputy's rating: items the deputy leads whose current round is replied."""
    return list(
        suggestion_selectors.suggestions_of_deputy(deputy)
        .filter(lead_deputy=deputy, state=State.REPLIED)
        .order_by("current_round__reply__replied_on", "number")
    )


def latest_suggestions(deputy, limit: int = PORTAL_ITEMS) -> tuple[list, int]:
    """The deputy's latest suggestions (led or co-signed) and how many there are in all."""
    suggestions = suggestion_selectors.suggestions_of_deputy(deputy)
    return list(suggestions.order_by("-received_on", "-number")[:limit]), suggestions.count()


def upcoming_activities(deputy, today: datetime.date | None = None) -> list[Attendance]:
    """The activities the deputy is on the list of that have not ended yet, soonest first."""
    today = today or timezone.localdate()
    return list(
        Attendance.objects.filter(deputy=deputy)
        .filter(Q(activity__start_date__gte=today) | Q(activity__end_date__gte=today))
        .select_related("activity")
        .order_by("activity__start_date", "activity__pk")
    )


@dataclass
class DutySummary:
    """The portal's glance at a deputy's duty record of one year."""

    year: int
    row: deputy_selectors.DutyRecordRow
    pending_receptions: int


def duty_summary(deputy) -> DutySummary:
    """The deputy's duty points and counts of their latest year with records (the record page's definition)."""
    year = deputy_selectors.latest_record_year(deputy)
    counts = deputy_selectors.duty_counts([deputy.pk], year).get(deputy.pk, Counter())
    return DutySummary(
        year=year,
        row=deputy_selectors.DutyRecordRow(
            deputy=deputy,
            counts=counts,
            points=deputy_selectors.duty_points(counts, deputy_selectors.duty_point_weights()),
            contact_points=[],
        ),
        pending_receptions=Reception.objects.filter(deputies=deputy, confirmed=False).count(),
    )


@dataclass
class PostSummary:
    """The deputy's proposed posts at a glance: how many wait for the office, are published, were sent back."""

    proposed: int
    published: int
    rejected: int


def post_summary(deputy) -> PostSummary:
    counts = deputy_posts.proposal_counts(deputy)
    return PostSummary(
        proposed=counts.get("proposed", 0),
        published=counts.get("published", 0),
        rejected=counts.get("rejected", 0),
    )


def unit_open_items(user) -> list:
    """The items assigned to the user's units that are being handled, nearest deadline first."""
    return list(
        suggestion_selectors.suggestions_of_unit(user)
        .filter(state__in=OPEN_STATES)
        .order_by("current_round__deadline", "number")
    )


def unit_done_count(user) -> int:
    return suggestion_selectors.suggestions_of_unit(user).exclude(state__in=OPEN_STATES).count()


def latest_notifications(user, limit: int = 3) -> tuple[list, int]:
    """The user's latest unread notifications and how many are unread."""
    unread = suggestion_selectors.notifications_of(user).filter(read=False)
    return list(unread[:limit]), unread.count()
