"""The banner's pages: the comparison of the townships, the records behind each number, the workbook.

Read-only, for the banner's staff (and superusers); a township's account gets 403. The scope of
these paths is every township for the banner's staff (``congress.middleware``): each figure is
computed in its own township's scope all the same (``comparison``).
"""

from functools import wraps

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from congress.figures import parse_year, unit_of
from congress.models import Township
from congress.roles import is_banner_staff
from congress.spreadsheets import xlsx_response

from . import comparison

PER_PAGE = 100
# The date a record is listed with: the first of these fields it has a value of.
DATE_FIELDS = ("received_on", "date", "start_date", "first_use_date", "completion_date", "took_office")


def may_compare(user) -> bool:
    """The banner's staff (and superusers) compare the townships."""
    return user.is_authenticated and user.is_active and (user.is_superuser or is_banner_staff(user))


def banner_required(view):
    """Signed in and the banner's: others sign in, or are refused (403)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not may_compare(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _year(value) -> int:
    year = parse_year(value)
    if year is None:
        raise Http404
    return year


@banner_required
def index(request):
    """Every township's figures of a year side by side (default: the latest year with records)."""
    asked = request.GET.get("year")
    year = _year(asked) if asked else comparison.latest_year()
    years = comparison.years()
    if year not in years:
        years = sorted({*years, year}, reverse=True)
    context = {
        **admin.site.each_context(request),
        "title": f"{_('Township comparison')} · {year}",
        "table": comparison.comparison(year),
        "year": year,
        "years": years,
    }
    return render(request, "office/banner/index.html", context)


def record_date(record):
    for name in DATE_FIELDS:
        value = getattr(record, name, None)
        if value is not None:
            return value
    return None


@banner_required
def records(request, slug: str, year: int, code: str):
    """The records of one township behind one number of the comparison (names and dates only)."""
    year = _year(year)
    if code not in comparison.codes():
        raise Http404
    township = get_object_or_404(Township, slug=slug)
    figure, page = comparison.township_records(township, code, year, request.GET.get("page"), PER_PAGE)
    context = {
        **admin.site.each_context(request),
        "title": f"{township.name} · {comparison.label_of(code)} · {year}",
        "compared": township,
        "label": comparison.label_of(code),
        "cell": comparison.cell(code, figure),
        "unit": "" if figure.is_rate else unit_of(code),
        "year": year,
        "page": page,
        "rows": [(record, record_date(record)) for record in page.object_list] if page else [],
    }
    return render(request, "office/banner/records.html", context)


@banner_required
def export(request, year: int):
    """The comparison of a year as .xlsx (乡镇对比-2022.xlsx)."""
    year = _year(year)
    return xlsx_response(comparison.workbook(year), f"{comparison.workbook_name(year)}.xlsx")
