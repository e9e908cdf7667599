"""Forms of the portals and of the admin's transition pages.

Each form's cleaned data is exactly what ``workflow.apply`` (or a service)
takes for its transition; the rules themselves live in the workflow.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from congress.language import bracketed
from congress.models import Township
from congress.uploads import attachment_validators
from congress.widgets import DateInput
from deputies.models import Deputy, PresidiumMembership

from .choices import (
    HANDED_DOWN_SOURCES,
    Category,
    ContactForm,
    Rating,
    ResultClass,
    Source,
    SupervisionForm,
    Transition,
)
from .models import HandlingUnit


def add_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a workflow error on the form: on its field when the form has one, else on top."""
    if hasattr(error, "error_dict"):
        for name, messages in error.message_dict.items():
            form.add_error(name if name in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


class EvaluationForm(forms.Form):
    """The deputy rates the reply of the current round."""

    rating = forms.ChoiceField(label=_("rating"), choices=Rating.choices, widget=forms.RadioSelect)
    comment = forms.CharField(
        label=_("comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when you are not satisfied: say what is missing."),
    )


class StaffEvaluationForm(EvaluationForm):
    """Staff enter the rating from the deputy's written evaluation form (代录), with the form's scan."""

    evaluated_on = forms.DateField(label=_("evaluated on"), initial=timezone.localdate, widget=DateInput())
    form_scan = forms.FileField(
        label=_("scan of the evaluation form"),
        required=False,
        validators=attachment_validators(),
        help_text=_("The deputy's signed paper form (PDF or a photo), kept with the rating."),
    )


class ContactRecordForm(forms.Form):
    """见面: how and when the unit contacted the deputy."""

    form = forms.ChoiceField(label=_("form"), choices=[("", "---------"), *ContactForm.choices])
    contacted_on = forms.DateField(label=_("date"), initial=timezone.localdate, widget=DateInput())
    note = forms.CharField(label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ReplyForm(forms.Form):
    text = forms.CharField(label=_("reply"), widget=forms.Textarea(attrs={"rows": 5}))
    result_class = forms.ChoiceField(
        label=_("result class"), choices=[("", "---------"), *ResultClass.choices]
    )
    replied_on = forms.DateField(label=_("replied on"), initial=timezone.localdate, widget=DateInput())
    attachment = forms.FileField(
        label=_("attachment"),
        required=False,
        validators=attachment_validators(),
        help_text=_("The signed reply letter, if any (PDF, Word or a photo)."),
    )


class CoOpinionForm(forms.Form):
    text = forms.CharField(label=_("co-handling opinion"), widget=forms.Textarea(attrs={"rows": 4}))


class StaffCoOpinionForm(CoOpinionForm):
    """Staff enter a co-handling unit's opinion given on paper or by phone (代录)."""

    opinion_on = forms.DateField(label=_("opinion given on"), initial=timezone.localdate, widget=DateInput())


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("reason"), widget=forms.Textarea(attrs={"rows": 3}))


class NoteForm(forms.Form):
    note = forms.CharField(label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class CloseForm(forms.Form):
    """办结: the reason is required when an outside proposer's reply is closed without an evaluation."""

    reason = forms.CharField(
        label=_("reason for closing the item"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "class": "vLargeTextField"}),
        help_text=_(
            "Required for an outside proposer's item closed without an evaluation, 30 days after the "
            "reply: e.g. the reply was sent to the banner and the proposer gave no rating."
        ),
    )


class TakeBackForm(forms.Form):
    """Staff take an assigned item back from its unit to assign it elsewhere (also after the unit's 7 days)."""

    reason = forms.CharField(
        label=_("reason"),
        widget=forms.Textarea(attrs={"rows": 3, "class": "vLargeTextField"}),
        help_text=_("Why the item goes back for re-assignment; the unit sees it."),
    )


def supervisor_choices():
    return PresidiumMembership.objects.filter(end_date__isnull=True).select_related("deputy", "term")


class RoundForm(forms.Form):
    """Units, deadline and supervisor of a round (assigning or re-handling)."""

    lead_unit = forms.ModelChoiceField(
        label=_("lead unit"), queryset=HandlingUnit.objects.filter(active=True)
    )
    co_units = forms.ModelMultipleChoiceField(
        label=_("co-handling units"),
        queryset=HandlingUnit.objects.filter(active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    assigned_on = forms.DateField(label=_("assigned on"), initial=timezone.localdate, widget=DateInput())
    deadline = forms.DateField(
        label=_("deadline"),
        required=False,
        widget=DateInput(),
        help_text=_(
            "Leave empty for three months after the assignment (an item handed down by the banner: "
            "the banner's deadline)."
        ),
    )
    supervisor_member = forms.ModelChoiceField(
        label=_("supervising presidium member"), queryset=PresidiumMembership.objects.none(), required=False
    )
    supervisor_leader = forms.CharField(
        label=_("or a supervising township leader"),
        required=False,
        max_length=100,
        help_text=_("A principal township leader, e.g. the township head."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["supervisor_member"].queryset = supervisor_choices()
        self.fields["supervisor_member"].label_from_instance = lambda m: bracketed(
            m.deputy.name, m.title or m.get_role_display()
        )

    def clean(self):
        data = super().clean()
        if not data.get("supervisor_member") and not data.get("supervisor_leader", "").strip():
            self.add_error(
                "supervisor_member",
                _("Name the supervisor: a presidium member or a principal township leader."),
            )
        return data


class AssignForm(RoundForm):
    key_supervision = forms.BooleanField(label=_("key supervision"), required=False)


class RehandleForm(RoundForm):
    """Re-handling: the units and supervisor of the last round unless changed; a new deadline."""

    note = forms.CharField(label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, previous_round=None, **kwargs):
        if previous_round is not None:
            initial = kwargs.setdefault("initial", {})
            initial.setdefault("lead_unit", previous_round.lead_unit)
            initial.setdefault("co_units", [a.unit for a in previous_round.co_assignments])
            initial.setdefault("supervisor_member", previous_round.supervisor_member)
            initial.setdefault("supervisor_leader", previous_round.supervisor_leader)
        super().__init__(*args, **kwargs)


class SupervisionNoteForm(forms.Form):
    """督办记录: what the supervising presidium member did about the item, and when."""

    date = forms.DateField(label=_("date"), initial=timezone.localdate, widget=DateInput())
    form = forms.ChoiceField(
        label=_("form of supervision"), choices=SupervisionForm.choices, widget=forms.RadioSelect
    )
    text = forms.CharField(
        label=_("supervision note"),
        widget=forms.Textarea(attrs={"rows": 4, "class": "vLargeTextField"}),
        help_text=_("What was done and what was asked of the unit, e.g. a deadline it promised."),
    )


# The admin's form for each transition that needs data (the others take an optional note).
ADMIN_FORMS = {
    Transition.ASSIGN: AssignForm,
    Transition.REJECT: ReasonForm,
    Transition.START: ContactRecordForm,
    Transition.REPLY: ReplyForm,
    Transition.EVALUATE: StaffEvaluationForm,
    Transition.REHANDLE: RehandleForm,
    Transition.CLOSE: CloseForm,
    Transition.RETURN: TakeBackForm,
}


class BannerDeputyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, deputy):
        return f"{deputy.township} · {deputy.name}"


class HandDownForm(forms.Form):
    """交办: what the banner hands down to a township (its cleaned data is what ``handdowns.hand_down`` takes)."""

    township = forms.ModelChoiceField(label=_("township"), queryset=Township.objects.all())
    source = forms.ChoiceField(
        label=_("source"),
        choices=[(s, label) for s, label in Source.choices if s in HANDED_DOWN_SOURCES],
        widget=forms.RadioSelect,
    )
    lead_deputy = BannerDeputyChoiceField(
        label=_("banner deputy on the township's roster"),
        queryset=Deputy.objects.every_township()
        .filter(is_banner_deputy=True, left_office__isnull=True)
        .select_related("township")
        .order_by("township__sort_order", "name"),
        required=False,
        help_text=_(
            "A banner deputy living in the township (flagged on its roster): they follow the item "
            "and rate the reply in their portal. Leave empty for a CPPCC member or a deputy elsewhere."
        ),
    )
    proposer = forms.CharField(
        label=_("proposer"),
        max_length=200,
        required=False,
        help_text=_("The banner deputy or CPPCC member who made it, with the constituency or sector."),
    )
    title = forms.CharField(label=_("suggestion title"), max_length=200)
    content = forms.CharField(label=_("content"), widget=forms.Textarea(attrs={"rows": 6}))
    category = forms.ChoiceField(label=_("category"), choices=Category.choices, initial=Category.OTHER)
    received_on = forms.DateField(label=_("received on"), initial=timezone.localdate, widget=DateInput())
    deadline = forms.DateField(
        label=_("banner's deadline"),
        widget=DateInput(),
        help_text=_("The township's unit replies by this date."),
    )

    def clean(self):
        data = super().clean()
        received_on, deadline = data.get("received_on"), data.get("deadline")
        if received_on and deadline and deadline < received_on:  # as hand_down says, with the other errors
            self.add_error("deadline", _("The deadline cannot be before the date received."))
        if (
            not data.get("lead_deputy")
            and not (data.get("proposer") or "").strip()
            and "lead_deputy" not in self.errors
        ):
            self.add_error("proposer", _("Name the banner deputy or CPPCC member who made it."))
        return data
