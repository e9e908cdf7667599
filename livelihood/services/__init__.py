"""Writes of the livelihood app and the one count of a vote (domain.md §5).

- ``counting``: ``count_vote`` computes a vote's result from its ballots or totals
  (quorum, valid and invalid ballots, each candidate's yes votes, who passed,
  the ranking, the chosen and any tie needing a run-off); ``plan_choice`` puts
  a plan's rounds together. Nothing else computes a result.
- ``votes``: the ballot list, drafts, ballots and totals, confirming, corrections
  and run-offs; ``confirm_vote`` is the only writer of the candidates' chosen /
  not chosen status and the only creator of projects.
- ``projects``: a project's status (``project_set_status``), progress
  (``progress_post``), inspections and satisfaction surveys.
"""

from .counting import (
    CandidateResult,
    PlanChoice,
    VoteResult,
    ballot_is_valid,
    count_vote,
    fewest_for_quorum,
    fewest_to_pass,
    passes,
    plan_choice,
    quorum_met,
)
from .projects import (
    inspection_record,
    progress_post,
    project_cancel,
    project_reopen,
    project_set_status,
    project_sync_percent,
    survey_record,
)
from .votes import (
    VoteError,
    ballot_add,
    ballot_set,
    confirm_vote,
    roster_count,
    runoff_open,
    tallies_record,
    vote_create,
    vote_prepare,
    vote_start_correction,
)

__all__ = [
    "CandidateResult",
    "PlanChoice",
    "VoteError",
    "VoteResult",
    "ballot_add",
    "ballot_is_valid",
    "ballot_set",
    "confirm_vote",
    "count_vote",
    "fewest_for_quorum",
    "fewest_to_pass",
    "inspection_record",
    "passes",
    "plan_choice",
    "progress_post",
    "project_cancel",
    "project_reopen",
    "project_set_status",
    "project_sync_percent",
    "quorum_met",
    "roster_count",
    "runoff_open",
    "survey_record",
    "tallies_record",
    "vote_create",
    "vote_prepare",
    "vote_start_correction",
]
