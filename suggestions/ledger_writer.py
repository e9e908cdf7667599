"""The ledger import's writer: each row's transitions planned by the workflow, then every table written at once.

A row's steps are the workflow's own plans (``workflow.plan``: the states,
reach, guards and refusals of one transition entered by hand), taken on the
row's ``workflow.Record`` in memory while the sheet is checked; numbers come
from one ``numbering.Numbers`` for the whole sheet. Once every row is good
``LedgerWriter.write`` inserts the suggestions, co-signers, rounds,
assignments, contacts, replies, evaluations, workflow events and every history
record ``save()`` would have made, a thousand rows a statement, each history
record naming the importing staff member.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from simple_history.models import HistoricalRecords

from congress import cache

from . import workflow
from .choices import Transition
from .models import Assignment, Contact, Evaluation, Reply, Round, Suggestion, SuggestionEvent
from .numbering import Numbers, stored_number

BATCH_SIZE = 1000


@dataclass
class _Snapshot:
    """One historical record of a suggestion, as a ``save()`` at that step would have written it."""

    history_type: str
    reason: str
    state: str
    round: Round | None


@dataclass
class PlannedRow:
    """One row's records: the workflow's plans for its steps, gathered in memory."""

    writer: LedgerWriter
    record: workflow.Record
    co_signers: list = field(default_factory=list)
    rows: list = field(default_factory=list)
    events: list = field(default_factory=list)
    snapshots: list = field(default_factory=list)

    @property
    def suggestion(self) -> Suggestion:
        return self.record.suggestion

    def apply(self, transition, *, at=None, note: str = "", **data) -> None:
        """Take the transition as ``workflow.apply`` would, on unsaved records (its refusal raised here)."""
        writer = self.writer
        plan = workflow.plan(
            self.record, transition, scope=writer.scope, numbers=writer.numbers, note=note, **data
        )
        plan.apply_to(self.record)
        self.rows += plan.rows
        if plan.transition == Transition.REGISTER:
            writer.claim(self.suggestion)
            self.co_signers = plan.co_signers
            self._snapshot("+", plan.reason)
            if self.co_signers:  # co_signers.set() after the first save: its own record
                self._snapshot("~", plan.reason)
        else:
            self._snapshot("~", plan.reason)
        self.events.append(workflow.event_of(plan, self.record, actor=writer.actor, at=at))

    def add_contact(self, *, form, contacted_on) -> None:
        """A further contact of the round (the office's ledger lists every one; staff entered it)."""
        self.rows.append(
            Contact(
                round=self.record.round,
                unit=self.record.lead_unit,
                form=form,
                contacted_on=contacted_on,
                recorded_by=self.writer.actor,
                on_behalf=True,
            )
        )

    def _snapshot(self, history_type: str, reason: str):
        s = self.suggestion
        self.snapshots.append(_Snapshot(history_type, reason, s.state, s.current_round))

    def of(self, model) -> list:
        return [row for row in self.rows if type(row) is model]


class LedgerWriter:
    """The rows of one import, planned while the sheet is read and written at the end in a few statements."""

    def __init__(self, actor, *, numbers=()):
        self.actor = actor
        self.scope = workflow.Scope(actor)
        self.planned: list[PlannedRow] = []
        self.claimed: dict[str, Suggestion] = {}
        # The numbers the sheet gives, as written and as they would be stored, looked up once.
        wanted = {n for n in numbers if n} | {stored_number(n) for n in numbers if n} - {None}
        self.on_file = {s.number: s for s in Suggestion.objects.filter(number__in=wanted)} if wanted else {}
        self.numbers = Numbers(taken=lambda number: number in self.on_file or number in self.claimed)

    # -- while the rows are read --

    def numbered(self, number: str) -> Suggestion | None:
        """The item with this number on file or on an earlier row of the sheet (the row is then skipped)."""
        return self.on_file.get(number) or self.claimed.get(number)

    @staticmethod
    def is_planned(suggestion: Suggestion) -> bool:
        return getattr(suggestion, "_ledger_planned", False)

    def plan(self, suggestion: Suggestion) -> PlannedRow:
        planned = PlannedRow(
            writer=self, record=workflow.Record(suggestion, assignments=[], reply=None, evaluation=None)
        )
        self.planned.append(planned)
        return planned

    def claim(self, suggestion: Suggestion) -> None:
        suggestion._ledger_planned = True
        self.claimed[suggestion.number] = suggestion

    # -- once every row is good --

    @transaction.atomic
    def write(self) -> None:
        planned = [p for p in self.planned if p.record.registered]
        self.planned = []
        if not planned:
            return
        now = timezone.now()
        self.numbers.save()
        handled = [p for p in planned if p.of(Round)]
        current = [p.suggestion.current_round for p in handled]
        for p in handled:  # the suggestion is saved before its round: linked to it afterwards
            p.suggestion.current_round = None
        self._create(Suggestion, [p.suggestion for p in planned])
        through = Suggestion.co_signers.through
        self._create(
            through, [through(suggestion=p.suggestion, deputy=d) for p in planned for d in p.co_signers]
        )
        rounds = self._create(Round, [r for p in handled for r in p.of(Round)])
        for p, round_ in zip(handled, current, strict=True):
            p.suggestion.current_round = round_
        first_round = Subquery(Round.objects.filter(suggestion=OuterRef("pk")).values("pk")[:1])
        for ids in _chunks([p.suggestion.pk for p in handled]):
            Suggestion.objects.filter(pk__in=ids).update(current_round=first_round)
        created = {Round: rounds}
        for model in (Assignment, Contact, Reply, Evaluation):
            created[model] = self._create(model, [row for p in handled for row in p.of(model)])
        self._create(SuggestionEvent, [e for p in planned for e in p.events])
        for model, objects in created.items():
            if objects:  # as save() records them: "created", no reason, the importing staff member
                _copy_to_history(model, [o.pk for o in objects], date=now, user=self.actor)
        self._suggestion_history(planned, now)
        cache.data_changed()  # bulk_create sends no signals: a new data version on commit

    @staticmethod
    def _create(model, objects: list) -> list:
        return model.objects.bulk_create(objects, batch_size=BATCH_SIZE) if objects else objects

    def _suggestion_history(self, planned: list[PlannedRow], now) -> None:
        """Each suggestion's records as its saves made them: one per transition (and one for co-signers).

        A record is the suggestion as written, with the state (and, before the
        assignment, no round) it had at that step; records of the same step are
        copied in one statement, and every record after the co-signers were set
        lists them, as simple_history's records of a many-to-many field do.
        """
        steps: dict[tuple, list[int]] = {}
        for p in planned:
            for step, snapshot in enumerate(p.snapshots):
                key = (
                    step,
                    snapshot.history_type,
                    snapshot.reason,
                    snapshot.state,
                    snapshot.round is None,
                )
                steps.setdefault(key, []).append(p.suggestion.pk)
        for (step, history_type, reason, state, no_round), ids in sorted(steps.items()):
            overrides = {"state": state} | ({"current_round_id": None} if no_round else {})
            _copy_to_history(
                Suggestion,
                ids,
                # A microsecond apart, so that each record's previous one is well defined.
                date=now + datetime.timedelta(microseconds=step),
                user=self.actor,
                reason=reason,
                history_type=history_type,
                overrides=overrides,
            )
        history = Suggestion.history.model
        m2m = HistoricalRecords.m2m_models[Suggestion._meta.get_field("co_signers")]
        through = Suggestion.co_signers.through
        qn = connection.ops.quote_name

        def column(model, name):
            return qn(model._meta.get_field(name).column)

        for ids in _chunks([p.suggestion.pk for p in planned if p.co_signers]):
            with connection.cursor() as cursor:
                cursor.execute(
                    f"INSERT INTO {qn(m2m._meta.db_table)} "
                    f"({column(m2m, 'history')}, {column(m2m, 'id')}, {column(m2m, 'suggestion')}, "
                    f"{column(m2m, 'deputy')}) "
                    f"SELECT h.{column(history, 'history_id')}, t.{column(through, 'id')}, "
                    f"t.{column(through, 'suggestion')}, t.{column(through, 'deputy')} "
                    f"FROM {qn(history._meta.db_table)} h INNER JOIN {qn(through._meta.db_table)} t "
                    f"ON t.{column(through, 'suggestion')} = h.{column(history, 'id')} "
                    f"WHERE h.{column(history, 'history_type')} = %s "
                    f"AND h.{column(history, 'id')} IN ({', '.join(['%s'] * len(ids))})",
                    ["~", *ids],
                )


def _chunks(items: list, size: int = BATCH_SIZE):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _copy_to_history(model, ids, *, date, user, reason=None, history_type="+", overrides=None) -> None:
    """History records of rows just written, copied by the database (INSERT … SELECT) instead of built in Python.

    ``overrides`` gives a column its value at that step (e.g. the state before
    the later transitions); every other column is the row's.
    """
    history = model.history.model
    qn = connection.ops.quote_name
    overrides = overrides or {}
    columns, select, params = [], [], []
    for tracked in history.tracked_fields:
        columns.append(qn(history._meta.get_field(tracked.name).column))
        if tracked.attname in overrides:
            select.append("%s")
            params.append(overrides[tracked.attname])
        else:
            select.append(qn(model._meta.get_field(tracked.name).column))
    for name, value in (
        ("history_date", connection.ops.adapt_datetimefield_value(date)),
        ("history_type", history_type),
        ("history_user", getattr(user, "pk", None)),
        ("history_change_reason", reason),
    ):
        columns.append(qn(history._meta.get_field(name).column))
        select.append("%s")
        params.append(value)
    head = (
        f"INSERT INTO {qn(history._meta.db_table)} ({', '.join(columns)}) "
        f"SELECT {', '.join(select)} FROM {qn(model._meta.db_table)} WHERE {qn(model._meta.pk.column)} IN "
    )
    with connection.cursor() as cursor:
        for chunk in _chunks(list(ids)):
            cursor.execute(head + f"({', '.join(['%s'] * len(chunk))})", [*params, *chunk])
