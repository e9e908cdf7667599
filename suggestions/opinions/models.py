"""社情民意: a voter's opinion, its lookup code, where it came from and how it was handled.

The model belongs to the ``suggestions`` app (``suggestions.models`` imports it
so that Django finds it); ``status`` is written by ``opinions.services`` only.
"""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from congress.concurrency import VersionedModel
from congress.fields import done_by
from congress.townships import TownshipOwned, scoped_manager
from congress.uploads import PhotoField, random_upload_to
from deputies.models import Deputy

from .choices import OpinionCategory, OpinionSource, OpinionStatus


class VoterOpinionQuerySet(models.QuerySet):
    def addressed_to(self, deputy):
        return self.filter(deputy=deputy)

    def waiting(self):
        """Nobody has acted on it yet (the addressed deputy's or the office's to-do)."""
        return self.filter(status=OpinionStatus.NEW)


class VoterOpinion(TownshipOwned, VersionedModel):
    """社情民意: a voter's opinion from the public form, a deputy's QR code or a reception.

    The voter follows it with the lookup ``code``; their name, phone and photo
    are private (presidium staff, and the photo also the addressed deputy).
    ``status`` and the handling fields are written by ``suggestions.opinions.services`` only.
    """

    # The status of an opinion waiting for its deputy (read by the rest of the app without importing
    # the package's choices: suggestions.selectors).
    WAITING = OpinionStatus.NEW

    code = models.CharField(
        _("lookup code"),
        max_length=12,
        unique=True,
        editable=False,
        help_text=_("The voter looks the opinion up with it."),
    )
    content = models.TextField(_("opinion"), max_length=2000)
    category = models.CharField(
        _("category"), max_length=20, choices=OpinionCategory.choices, default=OpinionCategory.OTHER
    )
    source = models.CharField(
        _("source"), max_length=20, choices=OpinionSource.choices, default=OpinionSource.RECEPTION
    )
    deputy = models.ForeignKey(
        Deputy,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="voter_opinions",
        verbose_name=_("addressed deputy"),
    )
    voter_name = models.CharField(
        _("voter's name"), max_length=50, blank=True, help_text=_("Private: presidium staff only.")
    )
    voter_contact = models.CharField(
        _("voter's phone"), max_length=30, blank=True, help_text=_("Private: presidium staff only.")
    )
    photo = PhotoField(
        _("photo of the problem"),
        upload_to=random_upload_to("suggestions/opinions"),
        blank=True,
        help_text=_("Private: presidium staff and the addressed deputy."),
    )
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now, db_index=True)
    entered_by = done_by(_("entered by"), editable=False)
    status = models.CharField(
        _("status"), max_length=20, choices=OpinionStatus.choices, default=OpinionStatus.NEW, editable=False
    )
    answer = models.TextField(_("answer to the voter"), blank=True, editable=False)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True, editable=False)
    answered_by = done_by(_("answered by"), editable=False)
    pass_note = models.TextField(_("note to the presidium office"), blank=True, editable=False)
    passed_at = models.DateTimeField(_("passed on at"), null=True, blank=True, editable=False)
    passed_by = done_by(_("passed on by"), editable=False)
    suggestion = models.OneToOneField(
        "suggestions.Suggestion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="voter_opinion",
        editable=False,
        verbose_name=_("suggestion"),
    )
    converted_at = models.DateTimeField(
        _("turned into a suggestion at"), null=True, blank=True, editable=False
    )
    converted_by = done_by(_("turned into a suggestion by"), editable=False)
    close_reason = models.TextField(
        _("reason for closing"),
        blank=True,
        editable=False,
        help_text=_("The voter sees it when looking the opinion up."),
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, editable=False)
    closed_by = done_by(_("closed by"), editable=False)
    # The voter's name and phone stay out of the history: its pages are open to presidium members.
    history = HistoricalRecords(excluded_fields=["voter_name", "voter_contact"])
    # Shown to presidium staff only, wherever the admin shows the record (congress/admin_guard.py).
    staff_only_fields = ("voter_name", "voter_contact", "photo")

    objects = scoped_manager(VoterOpinionQuerySet)

    class Meta:
        verbose_name = _("voter opinion")
        verbose_name_plural = _("voter opinions")
        ordering = ["-submitted_at", "-pk"]
        indexes = [models.Index(fields=["deputy", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=OpinionStatus.values), name="voter_opinion_status_is_known"
            ),
            models.CheckConstraint(
                condition=~Q(status=OpinionStatus.ANSWERED) | ~Q(answer=""),
                name="voter_opinion_answered_has_an_answer",
                violation_error_message=_("Write the answer to the voter."),
            ),
            models.CheckConstraint(
                condition=~Q(status=OpinionStatus.CLOSED) | ~Q(close_reason=""),
                name="voter_opinion_closed_has_a_reason",
                violation_error_message=_("Give the reason for closing."),
            ),
        ]

    def __str__(self):
        excerpt = " ".join(self.content.split())[:20]
        return f"{self.code} {excerpt}" if self.code else excerpt
