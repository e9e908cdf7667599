"""The livelihood app's words: categories, origins, statuses, entry modes (domain.md §2, §5)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    ROADS = "roads", _("roads and transport")
    WATER = "water", _("water supply and drainage")
    HOUSING = "housing", _("housing and living environment")
    CULTURE = "culture", _("culture and sports")
    SAFETY = "safety", _("public safety")
    EDUCATION_HEALTH = "education_health", _("education and health")
    ELDERLY = "elderly", _("elderly and social services")
    OTHER = "other", _("other")


class Origin(models.TextChoices):
    DEPUTIES = "deputies", _("proposed by deputies")
    VOTERS = "voters", _("proposed by voters")
    GOVERNMENT = "government", _("proposed by the government")


class CandidateStatus(models.TextChoices):
    CANDIDATE = "candidate", _("candidate")
    ON_BALLOT = "on_ballot", _("on the ballot")
    CHOSEN = "chosen", _("chosen")
    NOT_CHOSEN = "not_chosen", _("not chosen")


class EntryMode(models.TextChoices):
    TOTALS = "totals", _("per-candidate totals")
    BALLOTS = "ballots", _("each paper ballot")


class VoteState(models.TextChoices):
    DRAFT = "draft", _("draft")
    CONFIRMED = "confirmed", _("confirmed")


class ProjectStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("not started")
    UNDER_CONSTRUCTION = "under_construction", _("under construction")
    COMPLETED = "completed", _("completed")
    IN_USE = "in_use", _("built and in use")
    DELAYED = "delayed", _("delayed")
    CANCELLED = "cancelled", _("cancelled")


DONE_STATUSES = (ProjectStatus.COMPLETED, ProjectStatus.IN_USE)

WAN_YUAN = _("10,000 yuan")


class VoteLocked(ValidationError):
    """A confirmed vote and its ballots or totals are never edited: a correction is a new vote."""

    def __init__(self):
        super().__init__(
            _("This vote is confirmed and locked; record a correction vote instead."), code="locked"
        )
