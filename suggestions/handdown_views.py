"""The banner's pages of hand-downs (交办, domain.md §10): hand an item down to a township, follow every
handed-down item to the reply and the rating, read one item's handling.

Banner staff only (others: 403); under ``/banner/`` the scope is every township, and the lists read
across townships explicitly (``handdowns.handed_down``).
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from congress.models import Township
from congress.roles import is_banner_staff
from congress.submissions import once_per_submission

from . import handdowns, selectors
from .forms import HandDownForm, add_errors

PAGE_SIZE = 50


def banner_required(view):
    """The banner's staff; a visitor signs in, anyone else is refused (403)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_banner_staff(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


@banner_required
@once_per_submission
def hand_down(request):
    """交办: the banner hands an item down to a township, which registers it with its own number."""
    form = HandDownForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            suggestion = handdowns.hand_down(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                _("Handed down to %(township)s as %(number)s.")
                % {"township": form.cleaned_data["township"], "number": suggestion.number},
            )
            return redirect("handdowns:detail", pk=suggestion.pk)
    return render(request, "suggestions/handdowns/form.html", {"form": form})


@banner_required
def follow(request):
    """Every handed-down item across the townships: where it is, who handles it, the reply and the rating."""
    items = handdowns.handed_down()
    townships = list(Township.objects.all())
    chosen = next((t for t in townships if str(t.pk) == request.GET.get("township")), None)
    if chosen is not None:
        items = items.filter(township=chosen)
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "suggestions/handdowns/follow.html",
        {"page": page, "townships": townships, "chosen": chosen, "today": timezone.localdate()},
    )


@banner_required
def detail(request, pk):
    """One handed-down item, read-only: what was handed down, and the township's handling step by step."""
    suggestion = get_object_or_404(selectors.with_rounds(handdowns.handed_down()), pk=pk)
    return render(
        request,
        "suggestions/handdowns/detail.html",
        {
            "suggestion": suggestion,
            "rounds": selectors.timeline(suggestion),
            "events": suggestion.events.all(),
        },
    )
