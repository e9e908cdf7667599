"""社情民意's choices: categories, sources, statuses and the actions that change a status."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from ..choices import Category


class OpinionCategory(models.TextChoices):
    ROADS = "roads", _("roads, transport and infrastructure")
    WATER_ENVIRONMENT = "water_environment", _("drinking water and the environment")
    PASTURES = "pastures", _("pastures, farming and herding")
    SOCIAL_SECURITY = "social_security", _("social security and assistance")
    EDUCATION_HEALTH = "education_health", _("education and health care")
    OTHER = "other", _("other")


class OpinionSource(models.TextChoices):
    PUBLIC_FORM = "public_form", _("the public form")
    QR_CODE = "qr_code", _("a deputy's QR code")
    RECEPTION = "reception", _("a reception of voters")


class OpinionStatus(models.TextChoices):
    NEW = "new", _("received, waiting for a reply")
    PASSED_TO_STAFF = "passed_to_staff", _("passed to the presidium office")
    ANSWERED = "answered", _("answered")
    CONVERTED = "converted", _("taken up as a suggestion")
    CLOSED = "closed", _("closed")


class OpinionAction(models.TextChoices):
    ANSWER = "answer", _("Answer the voter")
    PASS_TO_STAFF = "pass_to_staff", _("Pass to the presidium office")
    CONVERT = "convert", _("Turn into a suggestion")
    CLOSE = "close", _("Close with a reason")


# Still waiting for someone to act on it.
OPEN_OPINION_STATUSES = (OpinionStatus.NEW, OpinionStatus.PASSED_TO_STAFF)


# A voter opinion's category → the suggestion's, when the opinion becomes a suggestion.
OPINION_CATEGORIES = {
    OpinionCategory.ROADS: Category.INFRASTRUCTURE,
    OpinionCategory.WATER_ENVIRONMENT: Category.ECOLOGY,
    OpinionCategory.PASTURES: Category.AGRICULTURE,
    OpinionCategory.SOCIAL_SECURITY: Category.SOCIAL,
    OpinionCategory.EDUCATION_HEALTH: Category.SOCIAL,
    OpinionCategory.OTHER: Category.OTHER,
}


def suggestion_category_of(opinion_category: str) -> str:
    """The suggestion's category for a voter opinion's."""
    return OPINION_CATEGORIES.get(opinion_category, Category.OTHER)
