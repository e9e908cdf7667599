"""履职动态 pages: the public list and a page per post (behind the page cache), the share picture and
QR code of a published post, and the deputy's proposals in the portal.

A post not yet published answers 404, except to presidium staff and members
(a preview) and to the deputy who proposed it. Nothing here reads voters' matters
or anyone's private fields: a post shows its record's date and place and the
deputies who took part (``deputies.posts``).
"""

import re

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.utils.http import urlencode
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from congress import townships
from congress.access import deputy_required
from congress.cache import personal_page, public_page
from congress.selectors import current_term
from congress.submissions import once_per_submission

from . import deputy_code, posts, selectors
from .models import Deputy, Post, PostKind
from .post_forms import PostProposalForm

PER_PAGE = 12
DEFAULT_SHARE_IMAGE = "deputies/share-default.png"


def _kind_param(value) -> str | None:
    return value if value in PostKind.values else None


def _deputy_param(value) -> Deputy | None:
    """The deputy a list is filtered by; anything else (not a number, nobody) lists every post."""
    if not value or not str(value).isdigit() or len(str(value)) > 18:
        return None
    return Deputy.objects.filter(pk=int(value)).first()


@public_page
def index(request):
    """履职动态: published posts, newest first, by kind and by deputy."""
    kind = _kind_param(request.GET.get("kind"))
    deputy = _deputy_param(request.GET.get("deputy"))
    page = Paginator(posts.public_posts(kind=kind, deputy=deputy), PER_PAGE).get_page(request.GET.get("page"))
    filters = {key: value for key, value in (("kind", kind), ("deputy", deputy and deputy.pk)) if value}
    return render(
        request,
        "deputies/posts/index.html",
        {
            "page": page,
            "kind": kind,
            "kinds": PostKind.choices,
            "deputy": deputy,
            "deputies": selectors.roster(current_term()),
            "query": urlencode(filters),
            "deputy_query": urlencode({"deputy": deputy.pk}) if deputy else "",
        },
    )


def _published(pk) -> Post:
    return get_object_or_404(Post.objects.published(), pk=pk)


def _absolute(request, url: str) -> str:
    return request.build_absolute_uri(url)


def _post_address(request, post) -> str:
    """A post's absolute address in its own township (under ``/t/<slug>/`` when there are several):
    a QR code or a shared link opens it for anyone, whoever printed or shared it."""
    return _absolute(request, townships.public_path(post.township_id, "posts:detail", args=[post.pk]))


@public_page
def detail(request, pk):
    """A post's page: the write-up, the photos, who took part; with the tags a chat's link card reads."""
    post = get_object_or_404(
        posts.visible_to(request.user).select_related("activity", "reception__home", "duty_report__deputy"),
        pk=pk,
    )
    photos = list(post.photos.order_by("order", "pk"))
    cover = photos[0] if photos else None
    if cover is not None and post.is_published:
        share_url = townships.public_path(post.township_id, "posts:share_image", args=[post.pk])
    else:
        share_url = static(DEFAULT_SHARE_IMAGE)
    return render(
        request,
        "deputies/posts/detail.html",
        {
            "post": post,
            "photos": photos,
            "date": posts.date_of(post),
            "place": posts.place_of(post),
            "participants": posts.participants(post),
            "description": Truncator(re.sub(r"\s+", " ", post.text).strip()).chars(110),
            "page_url": _post_address(request, post),
            "share_image_url": _absolute(request, share_url),
        },
    )


@require_safe
def share_image(request, pk):
    """The picture a chat shows with a shared post (1200 × 630, from its first photo)."""
    post = _published(pk)
    cover = posts.cover_of(post)
    if cover is None:
        raise Http404
    response = FileResponse(default_storage.open(posts.share_image(cover), "rb"), content_type="image/jpeg")
    response["Cache-Control"] = "public, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_safe
def qr_svg(request, pk):
    """The QR code (SVG) of a published post's address: public, it only holds the URL."""
    post = _published(pk)
    title = _("QR code: %(title)s") % {"title": post.title}
    response = HttpResponse(
        deputy_code.qr_svg(_post_address(request, post), title=title),
        content_type="image/svg+xml",
    )
    response["Cache-Control"] = "public, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@public_page
def card(request, pk):
    """A published post's QR card, printed for the deputies' home board: scanning it opens the post."""
    post = _published(pk)
    return render(
        request,
        "deputies/posts/card.html",
        {"post": post, "date": posts.date_of(post), "url": _post_address(request, post)},
    )


# ---- the deputy's proposals ------------------------------------------------------------------------


@deputy_required
@personal_page
def mine(request):
    """The posts the deputy proposed, with where each stands (and why one was sent back)."""
    page = Paginator(posts.proposals_of(request.deputy), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "deputies/posts/mine.html", {"page": page})


@deputy_required
@once_per_submission
def propose(request):
    """The deputy proposes a post about an activity they took part in, with photos, for staff to review."""
    initial = (
        {"activity": request.GET.get("activity")} if str(request.GET.get("activity", "")).isdigit() else {}
    )
    form = PostProposalForm(
        request.POST or None, request.FILES or None, deputy=request.deputy, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            posts.post_propose(
                deputy=request.deputy,
                actor=request.user,
                activity=form.cleaned_data["activity"],
                title=form.cleaned_data["title"],
                text=form.cleaned_data["text"],
                photos=form.cleaned_data["photos"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _(
                    "Thank you. The presidium office reads your post before it is published; its status is below."
                ),
            )
            return redirect("posts:mine")
    return render(request, "deputies/posts/propose.html", {"form": form})
