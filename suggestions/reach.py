"""Who the actor is for one suggestion (staff, its lead or co-handling unit, its lead deputy), and the
record the workflow's plans read: the suggestion with its current round's assignments, reply and evaluation."""

from __future__ import annotations

from functools import cached_property

from django.db import models
from django.db.models import Max
from django.utils.translation import gettext_lazy

from congress.roles import Role, has_role, is_banner_staff, is_staff_member

from .choices import HANDED_DOWN_SOURCES, AssignmentRole
from .models import Assignment, Evaluation, HandlingUnit, Reply, Round, Suggestion
from .selectors import unit_ids_of


class Reach(models.TextChoices):
    """Who the actor is for one suggestion."""

    STAFF = "staff", gettext_lazy("presidium staff")
    LEAD_UNIT = "lead_unit", gettext_lazy("the lead unit")
    CO_UNIT = "co_unit", gettext_lazy("a co-handling unit")
    LEAD_DEPUTY = "lead_deputy", gettext_lazy("the lead deputy")
    # The banner's staff hand an item down (交办): they register it in the township, and no more.
    BANNER = "banner", gettext_lazy("the banner's staff")


_UNREAD = object()


class Record:
    """A suggestion as the planners read it: its current round's assignments, reply and evaluation.

    A bulk writer gives them (rows it keeps in memory, no queries); for one
    suggestion they are read from the database when first needed.
    ``Plan.apply_to`` moves the record on after a step.
    """

    def __init__(self, suggestion: Suggestion, *, assignments=None, reply=_UNREAD, evaluation=_UNREAD):
        self.suggestion = suggestion
        self._assignments = assignments
        self._reply = reply
        self._evaluation = evaluation
        self._last_round: int | None = 0 if suggestion.pk is None else None
        # Registered: on file, or planned in memory by a bulk writer (``Plan.apply_to``).
        self.registered = suggestion.pk is not None

    @property
    def round(self) -> Round | None:
        return self.suggestion.current_round

    @property
    def assignments(self) -> list[Assignment]:
        if self._assignments is None:
            self._assignments = list(self.round.assignments.all()) if self.round else []
        return self._assignments

    @property
    def reply(self) -> Reply | None:
        if self._reply is _UNREAD:
            self._reply = reply_of(self.round)
        return self._reply

    @property
    def evaluation(self) -> Evaluation | None:
        if self._evaluation is _UNREAD:
            self._evaluation = evaluation_of(self.round)
        return self._evaluation

    @property
    def last_round(self) -> int:
        if self._last_round is None:
            self._last_round = self.suggestion.rounds.aggregate(last=Max("number"))["last"] or 0
        return self._last_round

    @property
    def lead_unit(self) -> HandlingUnit | None:
        return next((a.unit for a in self.assignments if a.role == AssignmentRole.LEAD), None)

    @property
    def co_assignments(self) -> list[Assignment]:
        # In the lists' order (Assignment.Meta.ordering: by the unit's name).
        return sorted((a for a in self.assignments if a.role == AssignmentRole.CO), key=lambda a: a.unit.name)


def waiting_co_units(assignments) -> list[HandlingUnit]:
    """The co-handling units whose opinion the lead unit's reply waits for (a blank opinion is not given)."""
    return [a.unit for a in assignments if a.role == AssignmentRole.CO and not a.opinion.strip()]


class Scope:
    """What an account is, whatever the suggestion: staff, the units it answers for, the deputy it is."""

    def __init__(self, actor):
        self.actor = actor
        self.authenticated = actor is not None and actor.is_authenticated
        self.staff = self.authenticated and is_staff_member(actor)
        self.banner = self.authenticated and is_banner_staff(actor)

    @cached_property
    def unit_ids(self) -> set[int]:
        if not (self.authenticated and has_role(self.actor, Role.UNIT)):
            return set()
        return unit_ids_of(self.actor)

    @cached_property
    def deputy_id(self) -> int | None:
        if not (self.authenticated and has_role(self.actor, Role.DEPUTY)):
            return None
        deputy = getattr(self.actor, "deputy", None)
        return deputy.pk if deputy is not None else None

    def reach(self, record: Record, on_behalf_of=None) -> set[Reach]:
        """What the actor is for this suggestion: staff, its current lead or co unit, its lead deputy.

        With ``on_behalf_of`` (a handling unit or a deputy) presidium staff enter what that party did on
        paper or by phone (代录): they have the party's reach, not staff's, so the party's rules apply.
        Anyone else has no reach on anyone's behalf.
        """
        if not self.authenticated:
            return set()
        if on_behalf_of is not None:
            return party_reach(on_behalf_of, record) if self.staff else set()
        reach: set[Reach] = {Reach.STAFF} if self.staff else set()
        if self.banner and not record.registered and record.suggestion.source in HANDED_DOWN_SOURCES:
            reach.add(Reach.BANNER)
        if record.round is not None and self.unit_ids:
            for assignment in record.assignments:
                if assignment.unit_id in self.unit_ids:
                    reach.add(Reach.LEAD_UNIT if assignment.role == AssignmentRole.LEAD else Reach.CO_UNIT)
        lead_deputy_id = record.suggestion.lead_deputy_id
        if lead_deputy_id and self.deputy_id is not None and self.deputy_id == lead_deputy_id:
            reach.add(Reach.LEAD_DEPUTY)
        return reach

    def unit_in(self, record: Record, reach: set[Reach]) -> HandlingUnit | None:
        """The unit the actor acts for in the current round (its lead unit when staff act)."""
        if Reach.LEAD_UNIT in reach or Reach.CO_UNIT in reach:
            for assignment in record.assignments:
                if assignment.unit_id in self.unit_ids:
                    return assignment.unit
        return record.lead_unit


def as_record(suggestion_or_record) -> Record:
    """A ``Record`` of the suggestion (or the record itself)."""
    return suggestion_or_record if isinstance(suggestion_or_record, Record) else Record(suggestion_or_record)


def party_reach(party, suggestion) -> set[Reach]:
    """What a handling unit or a deputy is for this suggestion: its current lead or co unit, its lead deputy."""
    from deputies.models import Deputy

    record = as_record(suggestion)
    reach: set[Reach] = set()
    if isinstance(party, HandlingUnit) and record.round is not None:
        for assignment in record.assignments:
            if assignment.unit_id == party.pk:
                reach.add(Reach.LEAD_UNIT if assignment.role == AssignmentRole.LEAD else Reach.CO_UNIT)
    elif isinstance(party, Deputy) and record.suggestion.lead_deputy_id == party.pk:
        reach.add(Reach.LEAD_DEPUTY)
    return reach


def reply_of(round_: Round | None) -> Reply | None:
    if round_ is None:
        return None
    try:
        return round_.reply
    except Reply.DoesNotExist:
        return None


def evaluation_of(round_: Round | None) -> Evaluation | None:
    if round_ is None:
        return None
    try:
        return round_.evaluation
    except Evaluation.DoesNotExist:
        return None
