"""The suggestion workflow's words: states, transitions, sources, ratings, result classes.

Kept apart from the models so that templates, figures and importers can use
them without loading anything else (domain.md §2 and §4).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class State(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    ASSIGNED = "assigned", _("Assigned")
    IN_HANDLING = "in_handling", _("In handling")
    REPLIED = "replied", _("Replied")
    EVALUATED = "evaluated", _("Evaluated")
    CLOSED = "closed", _("Closed")
    REJECTED = "rejected", _("Rejected")


# States in which a lead unit is working on the item: the deadline runs.
OPEN_STATES = (State.ASSIGNED, State.IN_HANDLING)


class Transition(models.TextChoices):
    REGISTER = "register", _("Register")
    REJECT = "reject", _("Reject (not registered)")
    ASSIGN = "assign", _("Assign to units")
    RETURN = "return", _("Return to the office")
    START = "start", _("Start handling")
    REPLY = "reply", _("Record the reply")
    EVALUATE = "evaluate", _("Evaluate the reply")
    REHANDLE = "rehandle", _("Handle again")
    CLOSE = "close", _("Close the item")


class Source(models.TextChoices):
    SESSION = "session", _("during the session")
    BETWEEN_SESSIONS = "between_sessions", _("between sessions")
    RECEPTION = "reception", _("from a reception of voters")
    DELIBERATION = "deliberation", _("from a deliberation")
    BANNER_DEPUTY = "banner_deputy", _("banner deputy's suggestion")
    BANNER_CPPCC = "banner_cppcc", _("banner CPPCC member's proposal")
    VOTER_OPINION = "voter_opinion", _("voters' opinion")


# Suggestions raised by this township's deputies (the figure suggestions.collected).
DEPUTY_SOURCES = (Source.SESSION, Source.BETWEEN_SESSIONS, Source.RECEPTION, Source.DELIBERATION)
# Handed down by the banner for handling; the proposer is outside the township's congress.
HANDED_DOWN_SOURCES = (Source.BANNER_DEPUTY, Source.BANNER_CPPCC)


class Category(models.TextChoices):
    AGRICULTURE = "agriculture", _("agriculture and animal husbandry")
    INFRASTRUCTURE = "infrastructure", _("roads, water and infrastructure")
    TOWN = "town", _("housing, heating and town construction")
    ECOLOGY = "ecology", _("ecology and environment")
    SOCIAL = "social", _("social security, health and education")
    GOVERNANCE = "governance", _("governance, disputes and public safety")
    OTHER = "other", _("other")


class UnitKind(models.TextChoices):
    TOWNSHIP_DEPARTMENT = "township_department", _("township department")
    AFFILIATED_UNIT = "affiliated_unit", _("affiliated unit")
    VILLAGE = "village", _("gacha or community")
    BANNER_DEPARTMENT = "banner_department", _("banner department")


class AssignmentRole(models.TextChoices):
    LEAD = "lead", _("lead unit")
    CO = "co", _("co-handling unit")


class ContactForm(models.TextChoices):
    IN_PERSON = "in_person", _("meeting in person")
    PHONE = "phone", _("phone call")
    VISIT = "visit", _("site visit")
    FORUM = "forum", _("forum")
    ONLINE = "online", _("message or video call")


class SupervisionForm(models.TextChoices):
    """How a presidium member supervised an item (督办方式)."""

    VISIT = "visit", _("visit to the site")
    MEETING = "meeting", _("meeting with the unit")
    DEADLINE = "deadline", _("push on the deadline")
    OTHER = "other", _("other")


class ResultClass(models.TextChoices):
    A = "A", _("A: solved or basically solved")
    B = "B", _("B: being solved or work has started")
    C = "C", _("C: planned and to be solved step by step")
    D = "D", _("D: not possible for now; kept for reference and explained to the deputy")


class Rating(models.TextChoices):
    SATISFIED = "satisfied", _("satisfied")
    BASICALLY_SATISFIED = "basically_satisfied", _("basically satisfied")
    UNSATISFIED = "unsatisfied", _("unsatisfied")


GOOD_RATINGS = (Rating.SATISFIED, Rating.BASICALLY_SATISFIED)
