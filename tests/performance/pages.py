"""Every page of the platform that lists or shows records, as one table: (name, who asks, its URL).

A new page is one line in ``PAGES``. The admin's changelists and change pages are
not listed: ``admin_pages()`` walks ``admin.site._registry``. ``World`` finds, in
whatever data is loaded, the records the URLs point at (the same ones as the data
grows, or one like them: a suggestion in the same state, the richest change page).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db.models import Count, Q
from django.forms.models import _get_foreign_key
from django.urls import reverse
from django.utils import timezone

from congress.figures import REGISTRY
from congress.models import ReportDraft, Term
from deputies.models import Deputy, Post, PresidiumMembership, PresidiumRole
from livelihood.models import LivelihoodPlan, Project
from office.dashboard import unit_codes
from suggestions.choices import State
from suggestions.models import HandlingUnit, Suggestion, VoterOpinion
from suggestions.opinions.choices import OpinionStatus

ANONYMOUS, DEPUTY, UNIT, STAFF, SUPERUSER = (
    "anonymous",
    "scale-deputy",
    "scale-unit",
    "scale-staff",
    "superuser",
)


class World:
    """The records the pages point at, found in the data loaded now."""

    @cached_property
    def year(self) -> int:
        return timezone.localdate().year

    @cached_property
    def deputy(self) -> Deputy:
        return Deputy.objects.get(user__username=DEPUTY)

    @cached_property
    def unit(self) -> HandlingUnit:
        return HandlingUnit.objects.get(users__username=UNIT)

    @cached_property
    def chair(self) -> Deputy:
        seat = PresidiumMembership.objects.get(
            term=Term.objects.current(), role=PresidiumRole.CHAIR, end_date__isnull=True
        )
        return seat.deputy

    @cached_property
    def plan(self) -> LivelihoodPlan:
        return LivelihoodPlan.objects.filter(votes__state="confirmed").order_by("-year").first()

    @cached_property
    def project(self) -> Project:
        return Project.objects.order_by("pk").first()

    @cached_property
    def post(self) -> Post | None:
        """The published post with the most photos (the same one as the data grows, or one as rich)."""
        return Post.objects.published().annotate(n=Count("photos")).order_by("-n", "pk").first()

    @cached_property
    def report(self) -> ReportDraft:
        return ReportDraft.objects.order_by("pk").first()

    def richest(self, suggestions) -> Suggestion:
        """A closed suggestion with the most rounds and events (the same state whatever the data)."""
        return (
            suggestions.filter(state=State.CLOSED)
            .annotate(n=Count("rounds", distinct=True) + Count("events", distinct=True))
            .order_by("-n", "pk")
            .first()
        )

    @cached_property
    def own_suggestion(self) -> Suggestion:
        return self.richest(Suggestion.objects.of_deputy(self.deputy))

    @cached_property
    def own_opinion(self) -> VoterOpinion | None:
        """The first voter opinion addressed to the deputy that waits for their answer (forms shown)."""
        return (
            VoterOpinion.objects.filter(deputy=self.deputy, status=OpinionStatus.NEW).order_by("pk").first()
        )

    @cached_property
    def unit_suggestion(self) -> Suggestion:
        return self.richest(Suggestion.objects.filter(rounds__assignments__unit=self.unit).distinct())

    @cached_property
    def unit_current_suggestion(self) -> Suggestion:
        """One the unit leads in its current round (its notice and reply letter print)."""
        return self.richest(
            Suggestion.objects.filter(
                current_round__assignments__unit=self.unit, current_round__assignments__role="lead"
            )
        )

    @cached_property
    def closed_suggestion(self) -> Suggestion:
        return self.richest(Suggestion.objects.all())


@dataclass(frozen=True)
class Page:
    name: str
    who: str
    url: Callable[[World], str]


PAGES = [
    # public
    Page("home", ANONYMOUS, lambda w: reverse("home")),
    Page("deputies directory", ANONYMOUS, lambda w: reverse("deputies:directory")),
    Page("deputy page", ANONYMOUS, lambda w: reverse("deputies:detail", args=[w.chair.pk])),
    Page("deputies' homes", ANONYMOUS, lambda w: reverse("deputies:homes")),
    Page("projects", ANONYMOUS, lambda w: reverse("livelihood:index")),
    Page("projects of a year", ANONYMOUS, lambda w: reverse("livelihood:year", args=[w.plan.year])),
    Page("project", ANONYMOUS, lambda w: reverse("livelihood:project", args=[w.project.pk])),
    Page("vote result", ANONYMOUS, lambda w: reverse("livelihood:vote_result", args=[w.plan.year])),
    Page("suggestion results", ANONYMOUS, lambda w: reverse("suggestions:public_results")),
    Page(
        "suggestion results, page 2", ANONYMOUS, lambda w: reverse("suggestions:public_results") + "?page=2"
    ),
    Page("voter opinion form", ANONYMOUS, lambda w: reverse("opinions:new")),
    Page(
        "voter opinion form from a deputy's QR code",
        ANONYMOUS,
        lambda w: reverse("opinions:new") + f"?deputy={w.chair.pk}",
    ),
    Page("voter opinion lookup", ANONYMOUS, lambda w: reverse("opinions:lookup")),
    Page("deputy QR code", ANONYMOUS, lambda w: reverse("deputies:code_svg", args=[w.chair.pk])),
    Page("posts", ANONYMOUS, lambda w: reverse("posts:index")),
    Page("posts, page 2", ANONYMOUS, lambda w: reverse("posts:index") + "?page=2"),
    Page("posts of a kind", ANONYMOUS, lambda w: reverse("posts:index") + "?kind=activity"),
    Page("posts naming a deputy", ANONYMOUS, lambda w: reverse("posts:index") + f"?deputy={w.chair.pk}"),
    Page("post", ANONYMOUS, lambda w: reverse("posts:detail", args=[w.post.pk]) if w.post else None),
    Page("post QR card", ANONYMOUS, lambda w: reverse("posts:card", args=[w.post.pk]) if w.post else None),
    # the deputy's portal
    Page("portal home (deputy)", DEPUTY, lambda w: reverse("portal")),
    Page("my suggestions", DEPUTY, lambda w: reverse("suggestions:mine")),
    Page("my suggestion", DEPUTY, lambda w: reverse("suggestions:mine_detail", args=[w.own_suggestion.pk])),
    Page("my duty record", DEPUTY, lambda w: reverse("deputies:my_record") + f"?year={w.year}"),
    Page("log a reception", DEPUTY, lambda w: reverse("deputies:log_reception")),
    Page("notifications (deputy)", DEPUTY, lambda w: reverse("suggestions:notifications")),
    Page("voters' opinions to me", DEPUTY, lambda w: reverse("opinions:mine")),
    Page(
        "a voter's opinion to me",
        DEPUTY,
        lambda w: reverse("opinions:mine_detail", args=[w.own_opinion.pk]) if w.own_opinion else None,
    ),
    Page("my deputy QR card", DEPUTY, lambda w: reverse("deputies:my_code_card")),
    Page("my posts", DEPUTY, lambda w: reverse("posts:mine")),
    Page("share an activity", DEPUTY, lambda w: reverse("posts:propose")),
    # the handling unit's portal
    Page("portal home (unit)", UNIT, lambda w: reverse("portal")),
    Page("unit inbox", UNIT, lambda w: reverse("suggestions:unit_inbox")),
    Page(
        "unit's suggestion", UNIT, lambda w: reverse("suggestions:unit_detail", args=[w.unit_suggestion.pk])
    ),
    Page("notifications (unit)", UNIT, lambda w: reverse("suggestions:notifications")),
    *(
        Page(
            f"unit's {kind} (Word)",
            UNIT,
            lambda w, kind=kind: reverse(
                "suggestions:unit_document", args=[w.unit_current_suggestion.pk, kind]
            ),
        )
        for kind in ("notice", "reply-letter")
    ),
    # presidium staff
    Page("dashboard", STAFF, lambda w: reverse("admin:index")),
    Page("dashboard, last year", STAFF, lambda w: reverse("admin:index") + f"?year={w.year - 1}"),
    Page("duty records", STAFF, lambda w: reverse("deputies:records") + f"?year={w.year}"),
    Page("a deputy's duty record", STAFF, lambda w: reverse("deputies:record", args=[w.deputy.pk, w.year])),
    Page("a deputy's QR card", STAFF, lambda w: reverse("deputies:code_card", args=[w.chair.pk])),
    *(
        Page(
            f"a suggestion's {kind} (Word)",
            STAFF,
            lambda w, kind=kind: reverse(
                "admin:suggestions_suggestion_document", args=[w.closed_suggestion.pk, kind]
            ),
        )
        for kind in ("notice", "evaluation-form", "reply-letter")
    ),
    Page(
        "the year's ledger (Word)",
        STAFF,
        lambda w: reverse("admin:suggestions_suggestion_ledger_word") + f"?year={w.year - 1}",
    ),
    Page(
        "report preview", STAFF, lambda w: reverse("admin:congress_reportdraft_preview", args=[w.report.pk])
    ),
    *(
        Page(
            f"figure records {code}",
            STAFF,
            lambda w, code=code: reverse("admin:congress_figure_records", args=[code, w.year - 1]),
        )
        for code in sorted(REGISTRY)
    ),
    *(
        Page(
            f"figure records {code} of a unit",
            STAFF,
            lambda w, code=code: (
                reverse("admin:congress_figure_records", args=[code, w.year - 1]) + f"?unit={w.unit.pk}"
            ),
        )
        for code in sorted(unit_codes())
    ),
]


# ---- the admin, walked ------------------------------------------------------------------------

# Objects whose change page differs by state: compared in the same state.
SAME_STATE = {
    "suggestions.Suggestion": Q(state=State.CLOSED),
    "suggestions.VoterOpinion": Q(status=OpinionStatus.ANSWERED),
    "livelihood.Vote": Q(state="confirmed"),
    "auth.User": Q(username=DEPUTY),
}


def change_object(model_admin):
    """The record whose change page has the most inline rows (the first one if it has no inlines)."""
    model = model_admin.model
    records = model._default_manager.filter(SAME_STATE.get(model._meta.label, Q()))
    counts = []
    for inline in model_admin.inlines:
        fk = _get_foreign_key(model, inline.model, fk_name=inline.fk_name)
        counts.append(Count(fk.related_query_name(), distinct=True))
    if counts:
        records = records.annotate(inline_rows=sum(counts[1:], counts[0])).order_by("-inline_rows", "pk")
    else:
        records = records.order_by("pk")
    return records.first()


def admin_pages() -> list[Page]:
    pages = []
    for model, model_admin in admin.site._registry.items():
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        label = model._meta.label
        pages.append(Page(f"admin {label} list", SUPERUSER, lambda w, p=prefix: reverse(f"{p}_changelist")))

        def change(w, p=prefix, model_admin=model_admin):
            obj = change_object(model_admin)
            return reverse(f"{p}_change", args=[obj.pk]) if obj is not None else None

        pages.append(Page(f"admin {label} change", SUPERUSER, change))
    return pages


def users() -> dict[str, object]:
    """The signed-in users of the table (the scale data's accounts, and a superuser)."""
    User = get_user_model()
    found = {name: User.objects.get(username=name) for name in (DEPUTY, UNIT, STAFF)}
    found[SUPERUSER], _created = User.objects.get_or_create(
        username="perf-superuser", defaults={"is_staff": True, "is_superuser": True}
    )
    return found
