from django.shortcuts import get_object_or_404, render

from congress.selectors import current_term

from . import selectors
from .models import Deputy, DeputyStatus


def directory(request):
    """The public directory of the current term's deputies: never phone or ID numbers."""
    term = current_term()
    return render(request, "deputies/directory.html", {"term": term, "deputies": selectors.roster(term)})


def detail(request, pk):
    deputy = get_object_or_404(
        Deputy.objects.select_related("constituency", "term"), pk=pk, status=DeputyStatus.ACTIVE
    )
    return render(request, "deputies/detail.html", {"deputy": deputy})
