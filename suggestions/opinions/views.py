"""社情民意 pages: the public form, the thank-you page and the lookup; the addressed deputy's inbox.

The public pages are never cached (they carry forms and a voter's code) and
never show a voter's name, phone or photo. The deputy sees only the opinions
addressed to them (others answer 404) and acts through ``services``.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from congress import townships
from congress.access import deputy_required
from congress.signin import client_ip
from congress.submissions import once_per_submission, remember
from deputies.models import Deputy

from ..forms import add_errors
from . import selectors, services, transitions
from .choices import OpinionAction, OpinionSource
from .forms import LookupForm, OpinionAnswerForm, OpinionPassForm, VoterOpinionForm, deputies_in_office
from .models import VoterOpinion

SESSION_KEY = "voter_opinion_code"
TOO_MANY = 429
PAGE_SIZE = 30


def _deputy_of(value):
    """The in-office deputy a form is addressed to (``?deputy=`` or the hidden field), and whether one
    was asked for but is not (a QR code printed for someone who has left office)."""
    if not value:
        return None, False
    deputy = deputies_in_office().filter(pk=value).first() if str(value).isdigit() else None
    if deputy is None and str(value).isdigit():
        # Another township's deputy (a card scanned under the wrong township's address): not found here.
        owner = Deputy.objects.every_township().filter(pk=value).values_list("township_id", flat=True).first()
        if owner is not None and owner != townships.current_township_id():
            raise Http404
    return deputy, deputy is None


# --- public ---------------------------------------------------------------------------------------


def _show_code_again(request, code):
    """A double tap's second answer: the thank-you page shows the code of the one opinion saved."""
    request.session[SESSION_KEY] = code


@never_cache
@once_per_submission(on_replay=_show_code_again)
def new(request):
    """反映社情民意: the public form (no sign-in), addressed to a deputy when opened from their QR code."""
    if request.method != "POST":
        deputy, gone = _deputy_of(request.GET.get("deputy"))
        form = VoterOpinionForm(initial={"deputy": deputy.pk if deputy else None})
        return _form_page(request, form, deputy, gone)

    form = VoterOpinionForm(request.POST, request.FILES)
    deputy, gone = _deputy_of(request.POST.get("deputy"))
    if form.is_bot():
        # Looks like success to the bot; nothing is saved and no code will ever be found.
        request.session[SESSION_KEY] = services.random_code()
        remember(request, request.session[SESSION_KEY])
        return redirect("opinions:thanks")
    address = client_ip(request)
    limit = services.SUBMIT_LIMIT
    # Refused before any work when over the limit; a form sent counts (atomically, for every worker at once)
    # when it is valid, and is given back if saving it fails after all.
    if limit.exceeded(address) or (form.is_valid() and not limit.take(address)):
        form.is_valid()
        form.add_error(
            None,
            _(
                "Too many opinions have been sent from this network in the last hour (at most %(limit)s). "
                "What you wrote is kept below: please send it again later. A photo has to be chosen again."
            )
            % {"limit": limit.limit},
        )
        return _form_page(request, form, deputy, gone, status=TOO_MANY)
    if form.is_valid():
        opinion = form.save(commit=False)
        opinion.source = OpinionSource.QR_CODE if opinion.deputy_id else OpinionSource.PUBLIC_FORM
        try:
            services.voter_opinion_submit(opinion)
        except ValidationError as error:
            limit.give_back(address)
            add_errors(form, error)
        else:
            request.session[SESSION_KEY] = opinion.code
            remember(request, opinion.code)
            return redirect("opinions:thanks")
    return _form_page(request, form, deputy, gone)


def _form_page(request, form, deputy, gone, status=200):
    return render(
        request,
        "suggestions/opinion_form.html",
        {"form": form, "deputy": deputy, "deputy_gone": gone},
        status=status,
    )


@never_cache
def thanks(request):
    """The lookup code of the opinion just sent, with the advice to keep it."""
    code = request.session.get(SESSION_KEY)
    if not code:
        return redirect("opinions:new")
    return render(request, "suggestions/opinion_thanks.html", {"code": code})


@never_cache
def lookup(request):
    """查询办理情况: the status and the answer for a lookup code; never the voter's name or phone."""
    form = LookupForm(request.POST or None)
    result, status = None, 200
    if request.method == "POST":
        if not services.LOOKUP_LIMIT.take(client_ip(request)):
            form.is_valid()
            form.add_error(
                None,
                _("Too many lookups from this network in the last hour. Please try again later."),
            )
            status = TOO_MANY
        else:
            if form.is_valid():
                result = selectors.public_status(form.cleaned_data["code"])
                if result is None:
                    form.add_error(
                        "code",
                        _(
                            "No opinion has this code. Check it and try again: the code has 8 letters "
                            "and digits, e.g. K7M2Q9XA."
                        ),
                    )
    return render(request, "suggestions/opinion_lookup.html", {"form": form, "result": result}, status=status)


# --- the addressed deputy's portal ------------------------------------------------------------------


@deputy_required
def mine(request):
    """The opinions voters addressed to the deputy, those waiting for them first."""
    opinions = selectors.opinions_of_deputy(request.deputy)
    page = Paginator(opinions, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "suggestions/opinion_mine.html", {"page": page, "deputy": request.deputy})


def _own(request, pk) -> VoterOpinion:
    return get_object_or_404(
        VoterOpinion.objects.addressed_to(request.deputy).select_related("deputy"), pk=pk
    )


def _detail_page(request, opinion, **forms):
    may = transitions.available(opinion, request.user)
    context = {
        "opinion": opinion,
        "answer_form": None,
        "pass_form": None,
    }
    if OpinionAction.ANSWER in may:
        context["answer_form"] = forms.get("answer_form") or OpinionAnswerForm(prefix="answer")
    if OpinionAction.PASS_TO_STAFF in may:
        context["pass_form"] = forms.get("pass_form") or OpinionPassForm(prefix="pass")
    return render(request, "suggestions/opinion_mine_detail.html", context)


@deputy_required
def mine_detail(request, pk):
    return _detail_page(request, _own(request, pk))


def _act(request, pk, form_class, prefix, action, success):
    opinion = _own(request, pk)
    form = form_class(request.POST, prefix=prefix)
    if form.is_valid():
        try:
            services.apply(opinion, action, actor=request.user, **form.cleaned_data)
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, success)
            return redirect("opinions:mine_detail", pk=opinion.pk)
    return _detail_page(request, opinion, **{f"{prefix}_form": form})


@require_POST
@deputy_required
@once_per_submission
def answer(request, pk):
    return _act(
        request,
        pk,
        OpinionAnswerForm,
        "answer",
        OpinionAction.ANSWER,
        _("Your answer is saved: the voter sees it with their lookup code."),
    )


@require_POST
@deputy_required
@once_per_submission
def pass_to_staff(request, pk):
    return _act(
        request,
        pk,
        OpinionPassForm,
        "pass",
        OpinionAction.PASS_TO_STAFF,
        _("The opinion has been passed to the presidium office."),
    )
