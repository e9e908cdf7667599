"""Forms of the livelihood admin: the candidate import, the vote and its correction."""

from django import forms
from django.utils.translation import gettext_lazy as _
from import_export.forms import ConfirmImportForm, ImportForm

from .models import Ballot, LivelihoodPlan, ProjectStatus, Vote, VoteState


class CandidateImportForm(ImportForm):
    """The import page asks which plan the candidates belong to."""

    plan = forms.ModelChoiceField(queryset=LivelihoodPlan.objects.order_by("-year"), label=_("plan"))
    field_order = ["plan", "resource", "import_file", "format"]


class CandidateConfirmImportForm(ConfirmImportForm):
    plan = forms.ModelChoiceField(queryset=LivelihoodPlan.objects.all(), widget=forms.HiddenInput())


class VoteForm(forms.ModelForm):
    class Meta:
        model = Vote
        fields = [
            "plan",
            "session",
            "date",
            "entry_mode",
            "deputies_in_office",
            "deputies_present",
            "valid_ballots",
            "invalid_ballots",
            "corrects",
            "correction_reason",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "session" in self.fields:
            self.fields["session"].required = False
            self.fields["session"].help_text = _("Empty: the plan's voting session.")
        if "corrects" in self.fields:
            self.fields["corrects"].queryset = Vote.objects.filter(state=VoteState.CONFIRMED)

    def clean(self):
        cleaned = super().clean()
        plan = cleaned.get("plan")
        if plan and not cleaned.get("session"):
            if not plan.session_id:
                self.add_error("session", _("Choose the session, or set the plan's voting session."))
            else:
                cleaned["session"] = plan.session
                self.instance.session = plan.session
        return cleaned


class BallotForm(forms.ModelForm):
    """A paper ballot: the candidates it marks yes (the admin limits them to the vote's ballot)."""

    class Meta:
        model = Ballot
        fields = ["number", "yes", "spoiled"]
        widgets = {"yes": forms.CheckboxSelectMultiple}


class ConfirmVoteForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I have checked the result against the counting record."), required=True
    )


class CorrectionForm(forms.Form):
    reason = forms.CharField(
        label=_("reason for the correction"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why the confirmed result must be corrected, e.g. a totals sheet was misread."),
    )


class ProjectStatusForm(forms.Form):
    """A project's new status, with what it needs: a reason to cancel, the dates of completion and first use."""

    status = forms.ChoiceField(label=_("status"), choices=ProjectStatus.choices)
    reason = forms.CharField(
        label=_("reason for cancelling"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    completion_date = forms.DateField(label=_("completion date"), required=False)
    first_use_date = forms.DateField(label=_("first use date"), required=False)
