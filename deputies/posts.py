"""履职动态: whom a post names, who may see it, the lists that show it, and every change of its status.

The status of a post changes only through the functions at the bottom, each in
one transaction, with the acting user in the post's history:

    draft ─ publish ─→ published ─ withdraw ─→ draft
    proposed (by a deputy) ─ publish ─→ published;  ─ reject (with a reason) ─→ rejected ─ publish ─→ …

A post is published only about something that happened (an activity that has
begun, a confirmed reception day, a duty report held) and names exactly the
deputies who took part in it: marked present at the activity, on duty at the
reception, the reporting deputy. A deputy's proposal is published only once
staff have marked that deputy present.
"""

from __future__ import annotations

import datetime
import io
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Count, Prefetch, Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from PIL import Image, ImageEnhance, ImageFilter

from congress.roles import Role, has_role, is_presidium

from .models import (
    MAX_PHOTOS,
    Activity,
    Attendance,
    AttendanceReply,
    AttendanceStatus,
    Deputy,
    Post,
    PostKind,
    PostPhoto,
    PostStatus,
)

# A second identical proposal within this time is the same submission (a double tap, a retry).
SAME_SUBMISSION = datetime.timedelta(minutes=10)
# The picture a chat app shows with a shared link (Open Graph: 1.91 : 1).
SHARE_SIZE = (1200, 630)


# ---- whom a post names, and what it tells -------------------------------------------------------


def participants(post: Post) -> list[Deputy]:
    """The deputies who took part in the post's record: the only ones a post names."""
    deputies = Deputy.objects.select_related("constituency").order_by("constituency__name", "name")
    if post.kind == PostKind.ACTIVITY:
        deputies = deputies.filter(
            attendances__activity_id=post.activity_id, attendances__status=AttendanceStatus.PRESENT
        )
    elif post.kind == PostKind.RECEPTION:
        deputies = deputies.filter(receptions_on_duty=post.reception_id)
    elif post.kind == PostKind.DUTY_REPORT:
        deputies = deputies.filter(duty_reports=post.duty_report_id)
    else:
        return []
    return list(deputies)


def date_of(post: Post) -> datetime.date | None:
    record = post.record
    if record is None:
        return None
    return record.start_date if post.kind == PostKind.ACTIVITY else record.date


def place_of(post: Post) -> str:
    """Where it happened, as the public may read it."""
    record = post.record
    if post.kind == PostKind.ACTIVITY:
        return record.destination
    if post.kind == PostKind.RECEPTION:
        return record.place or (record.home.name if record.home_id else "")
    if post.kind == PostKind.DUTY_REPORT:
        return record.place
    return ""


def default_title(record) -> str:
    """A title for a new post about ``record`` (staff may change it)."""
    if isinstance(record, Activity):
        return record.title
    day = formats.date_format(record.date)
    if hasattr(record, "visitors"):  # a reception day
        place = record.place or (record.home.name if record.home_id else "")
        return _("Deputies receive voters at %(place)s on %(date)s") % {"place": place, "date": day}
    return _("Deputy %(name)s reports to the voters on %(date)s") % {"name": record.deputy.name, "date": day}


def default_text(record) -> str:
    """The start of a write-up: an activity's own description (a reception's notes may hold voters' matters)."""
    return record.description if isinstance(record, Activity) else ""


def publishing_problems(post: Post, today: datetime.date | None = None) -> list[str]:
    """Why ``post`` may not be published now (nothing when it may)."""
    today = today or timezone.localdate()
    record = post.record
    if record is None:
        return [_("Choose what the post is about: one activity, reception day or duty report.")]
    problems = []
    if date_of(post) > today:
        problems.append(_("This has not happened yet: publish the post once it has."))
    if post.kind == PostKind.RECEPTION and not record.confirmed:
        problems.append(
            _("This reception was logged by a deputy and is not confirmed yet: confirm it first.")
        )
    if post.proposed_by_id and not _took_part(post, post.proposed_by_id):
        problems.append(
            _(
                "%(name)s, who proposed the post, is not marked present at this activity: record the "
                "attendance first (a post names only the deputies who took part)."
            )
            % {"name": post.proposed_by.name}
        )
    elif not participants(post):
        problems.append(
            _(
                "No deputy is recorded as taking part yet: record who was there first, so that the post "
                "names them."
            )
        )
    if not post.text.strip():
        problems.append(_("Write a few sentences for voters."))
    return problems


def _took_part(post: Post, deputy_id: int) -> bool:
    return any(deputy.pk == deputy_id for deputy in participants(post))


# ---- who may see what -------------------------------------------------------------------------------


def sees_every_post(user) -> bool:
    """Presidium staff and members see posts before they are published (a preview), as they see every record."""
    return is_presidium(user)


def visible_to(user):
    """The posts ``user`` may open: published ones, and before that staff's and members' and one's own proposals."""
    posts = Post.objects.all()
    if sees_every_post(user):
        return posts
    deputy = getattr(user, "deputy", None) if has_role(user, Role.DEPUTY) else None
    if deputy is not None:
        return posts.filter(Q(status=PostStatus.PUBLISHED) | Q(proposed_by=deputy))
    return posts.published()


def may_see_photo(user, photo: PostPhoto) -> bool:
    """A published post's photos are public; before that, as the post itself (``visible_to``)."""
    post = photo.post
    if post.is_published or sees_every_post(user):
        return True
    deputy = getattr(user, "deputy", None) if has_role(user, Role.DEPUTY) else None
    return deputy is not None and post.proposed_by_id == deputy.pk


def photo_is_public(photo: PostPhoto) -> bool:
    return photo.post.is_published


# ---- the lists ---------------------------------------------------------------------------------------


def with_photos(posts):
    """Posts with their records and photos, in a fixed number of queries (``post.photo_list``)."""
    return posts.select_related("activity", "reception__home", "duty_report__deputy").prefetch_related(
        Prefetch("photos", queryset=PostPhoto.objects.order_by("order", "pk"), to_attr="photo_list")
    )


def public_posts(*, kind: str | None = None, deputy: Deputy | None = None):
    """Published posts, newest first, of one kind and naming one deputy when given."""
    posts = Post.objects.published()
    if kind:
        posts = posts.filter(kind=kind)
    if deputy is not None:
        posts = posts.naming(deputy)
    return with_photos(posts.newest_first())


def latest_posts(limit: int = 3) -> list[Post]:
    return list(public_posts()[:limit])


def posts_of_deputy(deputy: Deputy, limit: int = 6) -> tuple[list[Post], int]:
    """The latest published posts naming ``deputy``, and how many there are."""
    posts = public_posts(deputy=deputy)
    return list(posts[:limit]), Post.objects.published().naming(deputy).count()


def proposals_of(deputy: Deputy):
    """The posts a deputy proposed, newest first, with their photos."""
    return with_photos(Post.objects.filter(proposed_by=deputy).order_by("-created_at", "-pk"))


def proposal_counts(deputy: Deputy) -> dict[str, int]:
    """How many of the deputy's proposals are in each status: {status: n}."""
    rows = Post.objects.filter(proposed_by=deputy).order_by().values_list("status").annotate(n=Count("pk"))
    return dict(rows)


def activities_to_propose(deputy: Deputy, today: datetime.date | None = None):
    """Activities of the deputy's term that have begun, the deputy there or expected, newest first.

    Marked present, or invited and not asking for leave (staff may not have
    recorded the attendance yet: they do so before approving the post).
    """
    today = today or timezone.localdate()
    took_part = Attendance.objects.filter(deputy=deputy).filter(
        Q(status=AttendanceStatus.PRESENT)
        | (Q(status=AttendanceStatus.INVITED) & ~Q(reply=AttendanceReply.DECLINED))
    )
    return Activity.objects.filter(
        pk__in=took_part.values("activity"), term=deputy.term_id, start_date__lte=today
    ).order_by("-start_date", "-pk")


# ---- the share image -----------------------------------------------------------------------------------


def cover_of(post: Post) -> PostPhoto | None:
    photos = getattr(post, "photo_list", None)
    if photos is None:
        photos = list(post.photos.order_by("order", "pk")[:1])
    return photos[0] if photos else None


def share_image(cover: PostPhoto) -> str:
    """The stored name of the cover photo's share picture (1200 × 630), made the first time it is asked for.

    The photo whole on a blurred, darkened copy of itself: a chat's link card crops
    nothing that matters. Named after the photo, so a new cover gets a new picture.
    """
    name = f"deputies/posts/share/{Path(cover.image.name).stem}.jpg"
    if default_storage.exists(name):
        return name
    with cover.image.open("rb") as stored, Image.open(stored) as photo:
        photo = photo.convert("RGB")
        width, height = SHARE_SIZE
        scale = max(width / photo.width, height / photo.height)
        background = photo.resize((round(photo.width * scale) + 1, round(photo.height * scale) + 1))
        left, top = (background.width - width) // 2, (background.height - height) // 2
        background = background.crop((left, top, left + width, top + height))
        background = ImageEnhance.Brightness(background.filter(ImageFilter.GaussianBlur(24))).enhance(0.55)
        photo.thumbnail(SHARE_SIZE, Image.Resampling.LANCZOS)
        background.paste(photo, ((width - photo.width) // 2, (height - photo.height) // 2))
    out = io.BytesIO()
    background.save(out, "JPEG", quality=80, optimize=True, progressive=True)
    return default_storage.save(name, ContentFile(out.getvalue()))


# ---- changes of status ----------------------------------------------------------------------------------

PUBLISH, REJECT, WITHDRAW = "publish", "reject", "withdraw"
# Each change: the statuses it starts from, and the status it leads to.
TRANSITIONS = {
    PUBLISH: ({PostStatus.DRAFT, PostStatus.PROPOSED, PostStatus.REJECTED}, PostStatus.PUBLISHED),
    REJECT: ({PostStatus.PROPOSED}, PostStatus.REJECTED),
    WITHDRAW: ({PostStatus.PUBLISHED}, PostStatus.DRAFT),
}


def _locked(post: Post, change: str) -> Post:
    locked = Post.objects.select_for_update(of=("self",)).select_related("proposed_by").get(pk=post.pk)
    sources, _target = TRANSITIONS[change]
    if locked.status not in sources:
        raise ValidationError(
            _("This post is %(status)s: it cannot be changed that way.")
            % {"status": locked.get_status_display()}
        )
    return locked


def _save(post: Post, change: str, actor, fields: list[str]) -> Post:
    post.status = TRANSITIONS[change][1]
    post.reviewed_by, post.reviewed_at = actor, timezone.now()
    post._history_user = actor
    # The status is the workflow's alone: a form opened before this still saves its own fields.
    post.save(keep_version=True, update_fields=["status", "reviewed_by", "reviewed_at", *fields])
    return post


@transaction.atomic
def post_publish(post: Post, *, actor) -> Post:
    """Publish a post (staff): from a draft, a deputy's proposal, or a proposal sent back."""
    locked = _locked(post, PUBLISH)
    problems = publishing_problems(locked)
    if problems:
        raise ValidationError(problems)
    locked.published_at = timezone.now()
    return _save(locked, PUBLISH, actor, ["published_at"])


@transaction.atomic
def post_reject(post: Post, *, actor, reason: str) -> Post:
    """Send a deputy's proposal back with a reason the deputy reads in the portal (staff)."""
    if not reason.strip():
        raise ValidationError({"review_note": _("Say why the proposal is not approved.")})
    locked = _locked(post, REJECT)
    locked.review_note = reason.strip()
    return _save(locked, REJECT, actor, ["review_note"])


@transaction.atomic
def post_withdraw(post: Post, *, actor) -> Post:
    """Take a published post off the public pages (staff); it stays as a draft, to publish again."""
    locked = _locked(post, WITHDRAW)
    locked.published_at = None
    return _save(locked, WITHDRAW, actor, ["published_at"])


@transaction.atomic
def post_propose(*, deputy: Deputy, actor, activity: Activity, title: str, text: str, photos=()) -> Post:
    """A deputy proposes a post about an activity they attended, with up to nine photos, for staff to review.

    Sent twice (a double tap, a retry after a slow upload), it is one proposal.
    """
    # One proposal of a deputy at a time (the row alone: the roster's ordering would join nullable rows).
    list(Deputy.objects.select_for_update().filter(pk=deputy.pk).order_by().values_list("pk", flat=True))
    if not activities_to_propose(deputy).filter(pk=activity.pk).exists():
        raise ValidationError({"activity": _("Choose an activity you took part in.")})
    if len(photos) > MAX_PHOTOS:
        raise ValidationError({"photos": _("At most %(max)s photos, please.") % {"max": MAX_PHOTOS}})
    text = text.strip()
    same = Post.objects.filter(
        proposed_by=deputy, activity=activity, text=text, created_at__gte=timezone.now() - SAME_SUBMISSION
    ).first()
    if same is not None:
        return same
    post = Post(
        kind=PostKind.ACTIVITY,
        activity=activity,
        title=title.strip() or activity.title,
        text=text,
        status=PostStatus.PROPOSED,
        proposed_by=deputy,
    )
    post.full_clean()
    post._history_user = actor
    post.save()
    for order, image in enumerate(photos):
        photo = PostPhoto(post=post, image=image, order=order)
        photo._history_user = actor
        photo.save()
    return post
