"""Livelihood projects (民生实事项目): the yearly plan, its candidates, the deputies' vote
(票决) and the chosen projects until they are built and in use.

The rules of the vote live in ``services`` (``count_vote``, ``confirm_vote``);
the models hold what the database can: choices, ranges and the rules of a
project's status (domain.md §5).
"""

from .choices import (
    DONE_STATUSES,
    WAN_YUAN,
    CandidateStatus,
    Category,
    EntryMode,
    Origin,
    ProjectStatus,
    VoteLocked,
    VoteState,
)
from .plans import Candidate, LivelihoodPlan
from .projects import Inspection, ProgressPhoto, ProgressUpdate, Project, SatisfactionSurvey
from .votes import Ballot, CandidateTally, Vote, VoteRowMixin

__all__ = [
    "DONE_STATUSES",
    "WAN_YUAN",
    "Ballot",
    "Candidate",
    "CandidateStatus",
    "CandidateTally",
    "Category",
    "EntryMode",
    "Inspection",
    "LivelihoodPlan",
    "Origin",
    "ProgressPhoto",
    "ProgressUpdate",
    "Project",
    "ProjectStatus",
    "SatisfactionSurvey",
    "Vote",
    "VoteLocked",
    "VoteRowMixin",
    "VoteState",
]
