"""The ledger's 代录 pages: staff enter, for a unit or the deputy, what they did on paper or by phone.

One page per kind of entry (``on_behalf.Entry``), reached from the item's change
page; it asks for whom when there is a choice (the units of the round) and for
what the party's own form asks, then makes the entry through the party's own
write (``on_behalf.enter``), so the same rules hold.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from congress.widgets import admin_dates

from . import on_behalf
from .choices import Transition
from .forms import add_errors
from .on_behalf import Entry

# The item's transitions that are a party's own step: the change page offers them as 代录 entries.
ENTRY_OF = {
    Transition.START: Entry.CONTACT,
    Transition.REPLY: Entry.REPLY,
    Transition.RETURN: Entry.RETURN,
    Transition.EVALUATE: Entry.EVALUATION,
}


def entry_url(suggestion, entry: Entry) -> str:
    return reverse("admin:suggestions_suggestion_on_behalf", args=[suggestion.pk, Entry(entry).value])


def _with_party_field(form, candidates):
    """Put "for whom" first on the form when there is a choice of units."""
    choices = [(str(party.pk), str(party)) for party in candidates]
    field = forms.ChoiceField(label=_("for"), choices=choices, initial=choices[0][0] if choices else None)
    form.fields = {"party": field, **form.fields}
    return form


class OnBehalfAdminMixin:
    """For ``SuggestionAdmin``: the 代录 page of each kind of entry."""

    def get_urls(self):
        return [
            path(
                "<path:object_id>/on-behalf/<str:entry>/",
                self.admin_site.admin_view(self.on_behalf_view),
                name="suggestions_suggestion_on_behalf",
            ),
        ] + super().get_urls()

    def on_behalf_view(self, request, object_id, entry):
        if entry not in Entry.values:
            raise Http404
        if not self.has_change_permission(request):
            raise PermissionDenied
        entry = Entry(entry)
        suggestion = self.get_object(request, object_id)
        if suggestion is None:
            raise Http404
        change_url = reverse("admin:suggestions_suggestion_change", args=[suggestion.pk])
        candidates = on_behalf.parties(suggestion, entry)
        form = admin_dates(on_behalf.FORMS[entry](request.POST or None, request.FILES or None))
        choose = len(candidates) > 1
        if choose:
            _with_party_field(form, candidates)
        if request.method == "POST" and form.is_valid():
            data = dict(form.cleaned_data)
            chosen = data.pop("party", None)
            party = next((p for p in candidates if str(p.pk) == chosen), None) if choose else None
            party = party or (candidates[0] if candidates else None)
            try:
                on_behalf.enter(suggestion, entry, actor=request.user, party=party, **data)
            except ValidationError as error:
                add_errors(form, error)
            except PermissionDenied as error:
                form.add_error(None, str(error))
            else:
                self.message_user(
                    request,
                    gettext("%(number)s: %(entry)s entered by the presidium office for %(party)s.")
                    % {
                        "number": suggestion.number,
                        "entry": entry.label,
                        "party": party or suggestion.proposer,
                    },
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(change_url)
        party = candidates[0] if len(candidates) == 1 else None
        return TemplateResponse(
            request,
            "admin/suggestions/on_behalf.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": gettext("%(entry)s (entered by the presidium office): %(suggestion)s")
                % {"entry": entry.label, "suggestion": suggestion},
                "original": suggestion,
                "entry": entry,
                "form": form,
                "party": party,
                "proposer": suggestion.proposer if entry == Entry.EVALUATION and not candidates else "",
                "refusal": on_behalf.refusal(suggestion, entry, request.user, party),
                "waiting_for": on_behalf.waiting_for(suggestion) if entry == Entry.REPLY else [],
                "co_opinion_url": entry_url(suggestion, Entry.CO_OPINION),
                "cancel_url": change_url,
            },
        )
