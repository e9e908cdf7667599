"""Transition tables: which action leads from which states to which state, and for whom.

A table maps each action to a ``Rule``: for each kind of actor (a "reach", e.g.
presidium staff or the addressed deputy) the states the action may start from,
and the state it leads to. The functions here are pure (no database, no
request): the module that owns a model's state locks the row, asks the table,
then writes. Voters' opinions use it; any other state machine may.
"""

from __future__ import annotations

import enum
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError


class TransitionError(ValidationError):
    """A transition the record's state or data does not allow; the message says why in words."""


@dataclass(frozen=True)
class Rule:
    """Who (by reach) may start the action from which states, and the state it leads to."""

    sources: Mapping[Hashable, frozenset]
    target: Hashable


class Verdict(enum.Enum):
    ALLOWED = "allowed"
    NOT_YOURS = "not_yours"  # the actor may never take this action on this record
    NOT_NOW = "not_now"  # the actor may, but not from the record's present state


def verdict(table: Mapping[Hashable, Rule], action, state, reach: Iterable) -> Verdict:
    """Whether an actor with ``reach`` may take ``action`` on a record in ``state``."""
    rule = table[action]
    mine = set(reach) & set(rule.sources)
    if not mine:
        return Verdict.NOT_YOURS
    if not any(state in rule.sources[r] for r in mine):
        return Verdict.NOT_NOW
    return Verdict.ALLOWED


def available(table: Mapping[Hashable, Rule], state, reach: Iterable) -> list:
    """The actions an actor with ``reach`` may take from ``state``, in the table's order."""
    reach = set(reach)
    return [action for action in table if verdict(table, action, state, reach) is Verdict.ALLOWED]
