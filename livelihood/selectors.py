"""Reads of the livelihood app: plans, the announced vote, projects and their satisfaction."""

from __future__ import annotations

from django.db.models import Count, Prefetch, QuerySet

from congress.figures import Figure

from .models import (
    Candidate,
    CandidateStatus,
    Inspection,
    LivelihoodPlan,
    ProgressUpdate,
    Project,
    SatisfactionSurvey,
    Vote,
    VoteState,
)


def ballot_candidates(plan: LivelihoodPlan) -> QuerySet[Candidate]:
    """The candidates put to the vote: on the ballot, or already chosen or not chosen by it."""
    return plan.candidates.exclude(status=CandidateStatus.CANDIDATE).order_by("pk")


def vote_candidates(vote: Vote) -> QuerySet[Candidate]:
    """The candidates on a vote's ballot: the plan's ballot, or a run-off's tied candidates."""
    if vote.runoff_of_id:
        return vote.runoff_candidates.order_by("pk")
    return ballot_candidates(vote.plan)


def effective_rounds(plan: LivelihoodPlan) -> list[Vote]:
    """The plan's confirmed vote, then the confirmed run-off of each tie, in order.

    A confirmed correction stands in for the vote it corrects (at the same place in
    the order); the run-offs of a corrected vote belong to the replaced result and drop out.
    """
    confirmed = list(
        plan.votes.filter(state=VoteState.CONFIRMED)
        .select_related("plan", "session", "corrects", "runoff_of")
        .order_by("pk")
    )
    replaced = {vote.corrects_id for vote in confirmed if vote.corrects_id}
    standing = [vote for vote in confirmed if vote.pk not in replaced]
    rounds: list[Vote] = []
    parent = None
    while True:
        following = next((vote for vote in standing if vote.runoff_of_id == parent), None)
        if following is None or following in rounds:
            return rounds
        rounds.append(following)
        parent = following.pk


def effective_vote(plan: LivelihoodPlan) -> Vote | None:
    """The plan's confirmed vote (its first round) that no confirmed correction has replaced."""
    return (
        plan.votes.filter(state=VoteState.CONFIRMED, runoff_of__isnull=True)
        .exclude(corrections__state=VoteState.CONFIRMED)
        .select_related("plan", "session", "corrects")
        .first()
    )


def draft_runoff(vote: Vote) -> Vote | None:
    """The run-off opened on a tied vote and not yet confirmed."""
    return vote.runoffs.filter(state=VoteState.DRAFT).order_by("pk").first()


def plan_years() -> list[int]:
    return list(LivelihoodPlan.objects.order_by("-year").values_list("year", flat=True))


def latest_plan() -> LivelihoodPlan | None:
    """The latest year's plan that has projects, else the latest plan."""
    return (
        LivelihoodPlan.objects.filter(projects__isnull=False).order_by("-year").first()
        or LivelihoodPlan.objects.order_by("-year").first()
    )


def projects_of(plan: LivelihoodPlan) -> QuerySet[Project]:
    """A plan's projects for the public list, in the order of the vote's ranking (then entry)."""
    return Project.objects.filter(plan=plan).order_by("pk")


def project_page(pk: int) -> QuerySet[Project]:
    """One project with its timeline, inspections and surveys, in a fixed number of queries."""
    return (
        Project.objects.filter(pk=pk)
        .select_related("plan")
        .prefetch_related(
            Prefetch(
                "updates", queryset=ProgressUpdate.objects.order_by("date", "pk").prefetch_related("photos")
            ),
            Prefetch(
                "inspections",
                queryset=Inspection.objects.order_by("date", "pk").annotate(deputy_count=Count("deputies")),
            ),
            Prefetch("surveys", queryset=SatisfactionSurvey.objects.order_by("date")),
        )
    )


def surveys_of_year(year: int) -> QuerySet[SatisfactionSurvey]:
    """Each project's latest survey dated in ``year``: its year-end evaluation."""
    latest = {}
    for survey in SatisfactionSurvey.objects.filter(date__year=year).order_by("project_id", "date", "pk"):
        latest[survey.project_id] = survey.pk
    return SatisfactionSurvey.objects.filter(pk__in=latest.values()).select_related("project")


def satisfaction_rate(surveys: QuerySet[SatisfactionSurvey] | list[SatisfactionSurvey]) -> Figure:
    """(satisfied + basically satisfied) ÷ all answers of ``surveys``; "—" when nobody answered."""
    rows = list(surveys)
    good = sum(s.good for s in rows)
    total = sum(s.total for s in rows)
    records = surveys if isinstance(surveys, QuerySet) else None
    return Figure.rate(good, total, records=records)


def project_satisfaction(project: Project) -> Figure:
    """A project's satisfaction: its latest survey (the year-end evaluation)."""
    surveys = list(project.surveys.all())  # prefetched on the project page, ordered by date
    latest = max(surveys, key=lambda s: (s.date, s.pk)) if surveys else None
    return satisfaction_rate([latest] if latest else [])


def satisfaction_by_project(year: int) -> dict[int, Figure]:
    """Project id → the satisfaction rate of its survey of ``year``."""
    return {survey.project_id: satisfaction_rate([survey]) for survey in surveys_of_year(year)}
