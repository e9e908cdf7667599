"""The deputy's and the handling unit's portals, the public results, notifications and files.

Views are thin: check access, scope the queryset to the user (others' items
answer 404), call one workflow transition or service, render.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, Value, When
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from congress import protected_media
from congress.access import deputy_required, role_required
from congress.cache import personal_page, public_page
from congress.roles import Role
from congress.submissions import once_per_submission

from . import selectors, services, time_limits, workflow
from .choices import State, Transition
from .documents.views import unit_documents
from .forms import ContactRecordForm, CoOpinionForm, EvaluationForm, ReasonForm, ReplyForm, add_errors
from .models import Notification, Reply, Suggestion, SuggestionAttachment
from .workflow import Reach

PAGE_SIZE = 30


# --- the deputy's portal ------------------------------------------------------------------------


@deputy_required
@personal_page
def mine(request):
    """我的建议: what the deputy leads or co-signed, newest first; items awaiting a rating on top."""
    suggestions = selectors.suggestions_of_deputy(request.deputy).order_by("-received_on", "-number")
    page = Paginator(suggestions, PAGE_SIZE).get_page(request.GET.get("page"))
    awaiting = [s for s in page if s.state == State.REPLIED and s.lead_deputy_id == request.deputy.pk]
    return render(
        request, "suggestions/mine.html", {"page": page, "awaiting": awaiting, "deputy": request.deputy}
    )


@deputy_required
@personal_page
def mine_detail(request, pk):
    suggestion = get_object_or_404(selectors.with_rounds(Suggestion.objects.of_deputy(request.deputy)), pk=pk)
    return render(
        request,
        "suggestions/mine_detail.html",
        {
            "suggestion": suggestion,
            "rounds": selectors.timeline(suggestion),
            "may_evaluate": workflow.refusal(suggestion, Transition.EVALUATE, request.user) is None,
        },
    )


@deputy_required
@once_per_submission
def evaluate(request, pk):
    """The lead deputy rates the current round's reply (once per round, only when replied)."""
    suggestion = get_object_or_404(
        Suggestion.objects.of_deputy(request.deputy).select_related("current_round"), pk=pk
    )
    refusal = workflow.refusal(suggestion, Transition.EVALUATE, request.user)
    if refusal:
        messages.info(request, refusal)
        return redirect("suggestions:mine_detail", pk=suggestion.pk)
    form = EvaluationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            workflow.apply(suggestion, Transition.EVALUATE, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Thank you: your rating has been recorded."))
            return redirect("suggestions:mine_detail", pk=suggestion.pk)
    reply = suggestion.current_round.reply
    return render(
        request, "suggestions/evaluate.html", {"suggestion": suggestion, "reply": reply, "form": form}
    )


# --- the handling unit's portal -----------------------------------------------------------------


def _unit_suggestion(request, pk):
    return get_object_or_404(selectors.with_rounds(Suggestion.objects.of_unit_user(request.user)), pk=pk)


@role_required(Role.UNIT)
@personal_page
def unit_inbox(request):
    """The items assigned to the user's units, open ones first (by deadline), a page at a time."""
    open_states = (State.ASSIGNED, State.IN_HANDLING)
    suggestions = (
        selectors.suggestions_of_unit(request.user)
        .alias(done=Case(When(state__in=open_states, then=Value(0)), default=Value(1)))
        .order_by("done", "current_round__deadline", "-number")
    )
    page = Paginator(suggestions, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "suggestions/unit_inbox.html",
        {
            "page": page,
            "open_items": [s for s in page if s.state in open_states],
            "done": [s for s in page if s.state not in open_states],
            "units": request.user.handling_units.all(),
        },
    )


def _unit_page(request, suggestion, **forms):
    reach = workflow.reach_of(request.user, suggestion)
    state = suggestion.state
    lead, co = Reach.LEAD_UNIT in reach, Reach.CO_UNIT in reach
    context = {
        "suggestion": suggestion,
        "rounds": selectors.timeline(suggestion),
        "show_supervision": True,  # the supervising presidium member's notes, for the unit to act on
        "is_lead": lead,
        "is_co": co,
        "contact_form": None,
        "reply_form": None,
        "opinion_form": None,
        "return_form": None,
        "documents": [
            {"kind": kind, "label": kind.label}
            for kind in unit_documents(request.user, suggestion, _current_round(suggestion))
        ],
    }
    if (lead or co) and state in (State.ASSIGNED, State.IN_HANDLING, State.REPLIED, State.EVALUATED):
        context["contact_form"] = forms.get("contact_form") or ContactRecordForm(prefix="contact")
    if lead and workflow.refusal(suggestion, Transition.REPLY, request.user) is None:
        context["reply_form"] = forms.get("reply_form") or ReplyForm(prefix="reply")
        context["waiting_for"] = workflow.waiting_co_units(suggestion.current_round.assignments.all())
    if co and state in (State.ASSIGNED, State.IN_HANDLING):
        context["opinion_form"] = forms.get("opinion_form") or CoOpinionForm(prefix="opinion")
    if lead and state == State.ASSIGNED:
        # 退办 within 7 working days of the assignment: the last day, or the day it ran out.
        context["return_until"] = time_limits.return_deadline(suggestion.current_round)
        if workflow.refusal(suggestion, Transition.RETURN, request.user) is None:
            context["return_form"] = forms.get("return_form") or ReasonForm(prefix="return")
        else:
            context["return_closed"] = time_limits.return_refusal(suggestion)
    return render(request, "suggestions/unit_detail.html", context)


def _current_round(suggestion):
    """The current round among the prefetched ones (with its assignments and reply)."""
    return next((r for r in suggestion.rounds.all() if r.pk == suggestion.current_round_id), None)


@role_required(Role.UNIT)
@personal_page
def unit_detail(request, pk):
    return _unit_page(request, _unit_suggestion(request, pk))


def _unit_action(request, pk, form_class, prefix, action, success):
    suggestion = _unit_suggestion(request, pk)
    form = form_class(request.POST, request.FILES, prefix=prefix)
    if form.is_valid():
        try:
            action(suggestion, form.cleaned_data)
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, success)
            return redirect("suggestions:unit_detail", pk=suggestion.pk)
    return _unit_page(request, suggestion, **{f"{prefix}_form": form})


@require_POST
@role_required(Role.UNIT)
@once_per_submission
def unit_contact(request, pk):
    return _unit_action(
        request,
        pk,
        ContactRecordForm,
        "contact",
        lambda s, data: services.contact_record(s, actor=request.user, **data),
        _("The contact with the deputy has been recorded."),
    )


@require_POST
@role_required(Role.UNIT)
@once_per_submission
def unit_reply(request, pk):
    return _unit_action(
        request,
        pk,
        ReplyForm,
        "reply",
        lambda s, data: workflow.apply(s, Transition.REPLY, actor=request.user, **data),
        _("The reply has been sent; the deputy will be asked to rate it."),
    )


@require_POST
@role_required(Role.UNIT)
@once_per_submission
def unit_opinion(request, pk):
    return _unit_action(
        request,
        pk,
        CoOpinionForm,
        "opinion",
        lambda s, data: services.co_opinion_submit(s, actor=request.user, **data),
        _("Your opinion has been passed to the lead unit."),
    )


@require_POST
@role_required(Role.UNIT)
@once_per_submission
def unit_return(request, pk):
    return _unit_action(
        request,
        pk,
        ReasonForm,
        "return",
        lambda s, data: workflow.apply(s, Transition.RETURN, actor=request.user, **data),
        _("The item has been returned to the presidium's office for re-assignment."),
    )


# --- public, notifications, files ---------------------------------------------------------------


@public_page
def public_results(request):
    """Results of the items staff made public: title, content, unit, result; never who raised them."""
    page = Paginator(selectors.public_results(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "suggestions/public_results.html", {"page": page})


@login_required
def notifications(request):
    if request.method == "POST":
        services.notifications_mark_read(request.user)
        return redirect("suggestions:notifications")
    page = Paginator(selectors.notifications_of(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "suggestions/notifications.html", {"page": page})


@login_required
def notification_open(request, pk):
    """Open a notice: it counts as read, and the user lands where it leads (their list when nowhere)."""
    try:
        link = services.notification_open(request.user, pk)
    except Notification.DoesNotExist:
        raise Http404 from None
    if link and url_has_allowed_host_and_scheme(link, allowed_hosts=None):
        return redirect(link)
    return redirect("suggestions:notifications")


def _file_response(request, record, field: str):
    """The file through the protected-file rule (congress.protected_media): a download named as uploaded."""
    stored = getattr(record, field)
    if not stored:
        raise Http404
    name = stored.name.rsplit("/", 1)[-1]
    return protected_media.serve_record(request, record, field, filename=name, as_attachment=True)


@login_required
def attachment(request, pk):
    """A suggestion's attachment, for those who may read the suggestion (404 for anyone else)."""
    item = get_object_or_404(
        SuggestionAttachment, pk=pk, suggestion__in=selectors.visible_suggestions(request.user)
    )
    return _file_response(request, item, "file")


@login_required
def reply_attachment(request, pk):
    reply = get_object_or_404(Reply, pk=pk, round__suggestion__in=selectors.visible_suggestions(request.user))
    return _file_response(request, reply, "attachment")
