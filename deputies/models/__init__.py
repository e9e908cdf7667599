"""The deputies app's models: the roster and the deputies' duty work between sessions.

Import from here (``from deputies.models import Reception``); the submodules
only keep each concern short.
"""

from .activities import Activity, ActivityKind, Attendance, AttendanceReply, AttendanceStatus
from .contacts import PresidiumContact, VoterContact
from .deliberations import Deliberation, Opinion, ReportingBody
from .homes import DeputiesHome, HomeKind
from .points import DutyPointItem, DutyPointWeight
from .posts import MAX_PHOTOS, Post, PostKind, PostPhoto, PostStatus
from .receptions import (
    DutyReport,
    DutyReportForm,
    MatterCategory,
    Outcome,
    Reception,
    ReceptionMatter,
)
from .roster import (
    Constituency,
    Deputy,
    DeputyQuerySet,
    DeputyStatus,
    Gender,
    PoliticalAffiliation,
    PresidiumMembership,
    PresidiumRole,
)

__all__ = [
    "Activity",
    "ActivityKind",
    "Attendance",
    "AttendanceReply",
    "AttendanceStatus",
    "Constituency",
    "Deliberation",
    "DeputiesHome",
    "Deputy",
    "DeputyQuerySet",
    "DeputyStatus",
    "DutyPointItem",
    "DutyPointWeight",
    "DutyReport",
    "DutyReportForm",
    "Gender",
    "HomeKind",
    "MAX_PHOTOS",
    "MatterCategory",
    "Opinion",
    "Outcome",
    "PoliticalAffiliation",
    "Post",
    "PostKind",
    "PostPhoto",
    "PostStatus",
    "PresidiumContact",
    "PresidiumMembership",
    "PresidiumRole",
    "Reception",
    "ReceptionMatter",
    "ReportingBody",
    "VoterContact",
]
