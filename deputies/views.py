from pathlib import Path

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from congress import protected_media
from congress.access import deputy_required, presidium_required
from congress.cache import personal_page, public_page
from congress.figures import parse_year
from congress.selectors import current_term
from congress.spreadsheets import xlsx_response
from congress.submissions import once_per_submission

from . import deputy_code, exporters, posts, selectors, services
from .forms import AttendanceReplyForm, ReceptionLogForm
from .models import Activity, Attendance, Deputy, DeputyStatus

RECORDS_PER_PAGE = 100


@public_page
def directory(request):
    """The public directory of the current term's deputies: never phone or ID numbers."""
    term = current_term()
    return render(request, "deputies/directory.html", {"term": term, "deputies": selectors.roster(term)})


@public_page
def detail(request, pk):
    """A deputy's public page: who they are, the villages they keep in touch with, their presidium contact,
    and the published posts on work they took part in."""
    deputy = get_object_or_404(
        Deputy.objects.select_related("constituency", "term"), pk=pk, status=DeputyStatus.ACTIVE
    )
    seat = selectors.presidium_of(deputy.term).filter(deputy=deputy).first()
    deputy_posts, posts_count = posts.posts_of_deputy(deputy)
    return render(
        request,
        "deputies/detail.html",
        {
            "deputy": deputy,
            "contact_points": selectors.public_contact_points(deputy),
            "presidium_contacts": selectors.presidium_contacts_of(deputy),
            "contacted_deputies": selectors.contacted_by(seat) if seat else [],
            "posts": deputy_posts,
            "posts_count": posts_count,
        },
    )


@public_page
def homes(request):
    """The deputies' home(s) and liaison stations with their reception schedule: no personal data."""
    today = timezone.localdate()
    homes = [(home, home.upcoming_reception_days(today)) for home in selectors.public_homes()]
    return render(request, "deputies/homes.html", {"homes": homes})


def year_param(value, default: int) -> int:
    """The year asked for (``default`` when none): a year figures exist for, else 404."""
    year = parse_year(value if value not in (None, "") else default)
    if year is None:
        raise Http404
    return year


@deputy_required
@personal_page
def my_record(request):
    """The signed-in deputy's own duty record (履职档案) for ``?year=``."""
    deputy = request.deputy
    year = year_param(request.GET.get("year"), selectors.latest_record_year(deputy))
    record = selectors.duty_record(deputy, year)
    return render(
        request,
        "deputies/my_record.html",
        {"record": record, "years": selectors.record_years(deputy), "own": True},
    )


@deputy_required
@once_per_submission
def log_reception(request):
    """A deputy logs a reception of voters they held; it counts once staff confirm it."""
    form = ReceptionLogForm(request.POST or None, deputy=request.deputy)
    if request.method == "POST" and form.is_valid():
        services.reception_log(deputy=request.deputy, actor=request.user, **form.cleaned_data)
        messages.success(
            request, _("Thank you. The reception is saved; it counts once the presidium staff confirm it.")
        )
        return redirect(f"{reverse('deputies:my_record')}?year={form.cleaned_data['date'].year}")
    return render(request, "deputies/log_reception.html", {"form": form})


@deputy_required
@require_POST
@once_per_submission
def reply_to_invitation(request, pk):
    """The deputy answers an invitation from the portal home: will attend, or asks for leave with a reason."""
    attendance = get_object_or_404(Attendance, pk=pk, deputy=request.deputy)
    form = AttendanceReplyForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(m for errors in form.errors.values() for m in errors))
        return redirect("portal")
    try:
        services.attendance_reply(attendance, actor=request.user, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Thank you: the presidium office has your answer."))
    return redirect("portal")


@presidium_required
@personal_page
def records(request):
    """Staff: every deputy's duty record of a year at a glance, with the .xlsx export."""
    year = year_param(request.GET.get("year"), timezone.localdate().year)
    # A page of deputies at a time: a banner's worth of townships is over a thousand rows (the export has all).
    page = Paginator(list(selectors.deputies_of_year(year)), RECORDS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "deputies/records.html",
        {
            "year": year,
            "page": page,
            "rows": selectors.duty_record_rows(year, deputies=page.object_list),
            "years": selectors.record_years(),
        },
    )


@presidium_required
@personal_page
def record(request, pk, year):
    """Staff: one deputy's duty record of a year."""
    deputy = get_object_or_404(Deputy.objects.select_related("term", "constituency"), pk=pk)
    year = year_param(year, year)
    return render(
        request,
        "deputies/record.html",
        {
            "record": selectors.duty_record(deputy, year),
            "years": selectors.record_years(deputy),
            "own": False,
        },
    )


@presidium_required
def records_export(request, year):
    """Staff: all deputies' duty records of a year as .xlsx."""
    year = year_param(year, year)
    content = exporters.duty_records_xlsx(year)
    return xlsx_response(content, _("duty records %(year)s.xlsx") % {"year": year})


@presidium_required
def activity_document(request, pk):
    """Staff: an activity's outcome document (not public: served only through this view)."""
    activity = get_object_or_404(Activity.objects.exclude(outcome_document=""), pk=pk)
    name = f"{activity.title}{Path(activity.outcome_document.name).suffix}"
    return protected_media.serve_record(
        request, activity, "outcome_document", filename=name, as_attachment=True
    )


# ---- 代表码: the deputy's QR code card ----------------------------------------------------------


def _card(request, deputy):
    url = deputy_code.opinion_form_url(request, deputy)
    return render(request, "deputies/code_card.html", {"deputy": deputy, "url": url})


@presidium_required
def code_card(request, pk):
    """Staff: the printable card of a deputy in office, with the QR code voters scan to reach them."""
    deputy = get_object_or_404(Deputy.objects.in_office().active().select_related("constituency"), pk=pk)
    return _card(request, deputy)


@deputy_required
def my_code_card(request):
    """The signed-in deputy's own printable card (only while in office)."""
    if not request.deputy.is_in_office() or request.deputy.status != DeputyStatus.ACTIVE:
        raise Http404
    return _card(request, request.deputy)


@require_safe
def code_svg(request, pk):
    """The QR code (SVG) of the opinion form addressed to a deputy in office: public, it only holds a URL."""
    deputy = get_object_or_404(Deputy.objects.in_office().active(), pk=pk)
    title = _("QR code: send deputy %(name)s a voters' opinion") % {"name": deputy.name}
    response = HttpResponse(
        deputy_code.qr_svg(deputy_code.opinion_form_url(request, deputy), title=title),
        content_type="image/svg+xml",
    )
    response["Cache-Control"] = "public, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response
