"""履职动态: what the deputies did, shown to voters with photos (the seed's "晒活动").

A post tells about one record of the deputies' duty work (an activity, a
reception day or a duty report) in a short write-up with up to nine photos.
Staff write and publish posts in the admin; a deputy may propose one about an
activity they attended, which staff approve or send back with a reason. The
deputies a post names are those who took part in its record, read from the
record itself (``deputies.posts.participants``); the figures keep counting the
records, published or not.
"""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from congress.concurrency import VersionedModel
from congress.fields import done_by
from congress.townships import TownshipOwned, scoped_manager
from congress.uploads import THUMBNAIL_LONGEST_SIDE, PhotoField, process_photo, random_upload_to

from .activities import Activity, Attendance, AttendanceStatus
from .receptions import DutyReport, Reception
from .roster import Deputy

MAX_PHOTOS = 9
TEXT_MAX_LENGTH = 1500


class PostKind(models.TextChoices):
    ACTIVITY = "activity", _("deputies' activity")
    RECEPTION = "reception", _("reception of voters")
    DUTY_REPORT = "duty_report", _("duty report")


# The field holding each kind's record.
RECORD_FIELDS = {
    PostKind.ACTIVITY: "activity",
    PostKind.RECEPTION: "reception",
    PostKind.DUTY_REPORT: "duty_report",
}


class PostStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    PROPOSED = "proposed", _("proposed, awaiting review")
    PUBLISHED = "published", _("published")
    REJECTED = "rejected", _("not approved")


# A mobile or landline number, or an ID number: never in a published text.
PERSONAL_NUMBER = re.compile(r"(?<!\d)(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}|\d{17}[\dXx])(?![\dXx])")


@deconstructible
class NoPersonalNumbers:
    """Published text holds no phone or ID number (a voter's or anyone's)."""

    def __call__(self, value):
        found = PERSONAL_NUMBER.search(value or "")
        if found:
            raise ValidationError(
                _(
                    "This is published for everyone to read: it may not contain a phone or ID number "
                    "(found: %(number)s)."
                ),
                params={"number": found.group(0)},
                code="personal_number",
            )

    def __eq__(self, other):
        return isinstance(other, NoPersonalNumbers)


class PostQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=PostStatus.PUBLISHED)

    def dated(self):
        """With ``date``: the date of the post's record (an activity's start)."""
        return self.annotate(date=Coalesce("activity__start_date", "reception__date", "duty_report__date"))

    def newest_first(self):
        return self.dated().order_by("-date", "-published_at", "-pk")

    def in_year(self, year: int):
        return self.dated().filter(date__year=year)

    def naming(self, deputy):
        """The posts that name ``deputy``: those whose record the deputy took part in."""
        return self.filter(
            Q(
                Exists(
                    Attendance.objects.filter(
                        activity=OuterRef("activity"), deputy=deputy, status=AttendanceStatus.PRESENT
                    )
                )
            )
            | Q(
                Exists(
                    Reception.deputies.through.objects.filter(reception=OuterRef("reception"), deputy=deputy)
                )
            )
            | Q(duty_report__deputy=deputy)
        )


class Post(TownshipOwned, VersionedModel):
    """履职动态: a write-up with photos about one activity, reception day or duty report."""

    kind = models.CharField(_("kind"), max_length=20, choices=PostKind.choices, editable=False)
    activity = models.ForeignKey(
        Activity,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="posts",
        verbose_name=_("deputies' activity"),
    )
    reception = models.ForeignKey(
        Reception,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="posts",
        verbose_name=_("reception of voters"),
    )
    duty_report = models.ForeignKey(
        DutyReport,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="posts",
        verbose_name=_("duty report"),
    )
    title = models.CharField(_("headline"), max_length=100, validators=[NoPersonalNumbers()])
    text = models.TextField(
        _("write-up"),
        max_length=TEXT_MAX_LENGTH,
        validators=[NoPersonalNumbers()],
        help_text=_(
            "A few sentences for voters: what was done, where, and what came of it. Published for "
            "everyone: never voters' names, phone numbers or the matters they raised."
        ),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=PostStatus.choices, default=PostStatus.DRAFT, editable=False
    )
    proposed_by = models.ForeignKey(
        Deputy,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="proposed_posts",
        verbose_name=_("proposed by"),
    )
    review_note = models.CharField(
        _("reason for not approving"),
        max_length=300,
        blank=True,
        validators=[NoPersonalNumbers()],
        help_text=_("Needed to send a deputy's proposal back; the deputy reads it in the portal."),
    )
    reviewed_by = done_by(_("reviewed by"), editable=False)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True, editable=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    history = HistoricalRecords()

    objects = scoped_manager(PostQuerySet)

    class Meta:
        verbose_name = _("post on the deputies' work")
        verbose_name_plural = _("posts on the deputies' work")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind=PostKind.ACTIVITY, activity__isnull=False, reception=None, duty_report=None)
                    | Q(kind=PostKind.RECEPTION, reception__isnull=False, activity=None, duty_report=None)
                    | Q(kind=PostKind.DUTY_REPORT, duty_report__isnull=False, activity=None, reception=None)
                ),
                name="post_tells_about_one_record_of_its_kind",
                violation_error_message=_(
                    "Choose what the post is about: one activity, reception day or duty report."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(status=PostStatus.REJECTED) | ~Q(review_note=""),
                name="post_rejected_with_a_reason",
                violation_error_message=_("Say why the proposal is not approved."),
            ),
            models.CheckConstraint(
                condition=~Q(status=PostStatus.PUBLISHED) | Q(published_at__isnull=False),
                name="post_published_with_its_time",
            ),
        ]
        indexes = [models.Index(fields=["status", "published_at"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("posts:detail", args=[self.pk])

    @property
    def record(self):
        """The activity, reception day or duty report the post tells about."""
        return getattr(self, RECORD_FIELDS[PostKind(self.kind)]) if self.kind else None

    @property
    def is_published(self) -> bool:
        return self.status == PostStatus.PUBLISHED

    def clean(self):
        chosen = [kind for kind, field in RECORD_FIELDS.items() if getattr(self, f"{field}_id")]
        if len(chosen) != 1:
            raise ValidationError(
                _("Choose what the post is about: one activity, reception day or duty report.")
            )
        self.kind = chosen[0]


class PostPhoto(VersionedModel):
    """One of a post's photos, stored fit for a phone (no EXIF or GPS), with a thumbnail for lists."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="photos", verbose_name=_("post"))
    image = PhotoField(
        _("photo"), upload_to=random_upload_to("deputies/posts"), width_field="width", height_field="height"
    )
    # Filled from the stored photo: the page reserves its place before it loads.
    width = models.PositiveIntegerField(_("width"), null=True, blank=True, editable=False)
    height = models.PositiveIntegerField(_("height"), null=True, blank=True, editable=False)
    thumbnail = PhotoField(
        _("thumbnail"),
        upload_to=random_upload_to("deputies/posts/thumbnails"),
        longest_side=THUMBNAIL_LONGEST_SIDE,
        editable=False,
        blank=True,
    )
    caption = models.CharField(
        _("caption"),
        max_length=100,
        blank=True,
        validators=[NoPersonalNumbers()],
        help_text=_("What the photo shows, read out to blind visitors; the post's title if empty."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    objects = scoped_manager(path="post__township")

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["post", "order", "pk"]

    def __str__(self):
        return self.caption or gettext("photo %(n)s") % {"n": self.order + 1}

    def save(self, *args, **kwargs):
        # A new photo: made fit for a phone once, and its thumbnail from that (cheaper than the original).
        if self.image and not self.image._committed:
            self.image = process_photo(self.image.file)
            self.thumbnail = process_photo(self.image.file, THUMBNAIL_LONGEST_SIDE)
        super().save(*args, **kwargs)
