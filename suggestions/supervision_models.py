"""督办记录: the notes of the presidium member who supervises an item (领衔督办).

Kept apart from ``models.py`` (which imports it at its end) to keep each module small.
Written only by ``suggestions.supervision.supervision_note_record``.
"""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from congress.concurrency import VersionedModel
from congress.fields import done_by
from congress.townships import scoped_manager
from deputies.models import PresidiumMembership

from .choices import SupervisionForm


class SupervisionNote(VersionedModel):
    """What the supervising presidium member did about an item, on a date: a visit, a meeting with the
    unit, a push on the deadline. The unit and staff see it in the item's timeline."""

    suggestion = models.ForeignKey(
        "suggestions.Suggestion",
        on_delete=models.CASCADE,
        related_name="supervision_notes",
        verbose_name=_("suggestion"),
    )
    round = models.ForeignKey(
        "suggestions.Round",
        on_delete=models.CASCADE,
        related_name="supervision_notes",
        verbose_name=_("round"),
    )
    member = models.ForeignKey(
        PresidiumMembership,
        on_delete=models.PROTECT,
        related_name="supervision_notes",
        verbose_name=_("supervising presidium member"),
    )
    date = models.DateField(_("date"))
    form = models.CharField(_("form of supervision"), max_length=20, choices=SupervisionForm.choices)
    text = models.TextField(
        _("supervision note"), help_text=_("What was done and what was asked of the unit.")
    )
    recorded_by = done_by(_("recorded by"), editable=False)
    on_behalf = models.BooleanField(
        _("recorded by the office"),
        default=False,
        editable=False,
        help_text=_("Presidium staff recorded it on the member's behalf."),
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now, editable=False)
    history = HistoricalRecords()

    objects = scoped_manager(path="suggestion__township")

    class Meta:
        verbose_name = _("supervision note")
        verbose_name_plural = _("supervision notes")
        ordering = ["suggestion_id", "date", "pk"]
        indexes = [models.Index(fields=["suggestion", "-date"], name="supervision_note_latest")]
        constraints = [
            models.CheckConstraint(
                condition=Q(form__in=SupervisionForm.values), name="supervision_note_form_known"
            ),
            models.CheckConstraint(
                condition=~Q(text=""),
                name="supervision_note_has_text",
                violation_error_message=_("Write what was done."),
            ),
        ]

    def __str__(self):
        return f"{self.suggestion.number} {self.date:%Y-%m-%d} {self.get_form_display()}"
