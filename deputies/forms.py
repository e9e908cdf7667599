from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from congress.widgets import DateInput

from .models import AttendanceReply


class ReceptionLogForm(forms.Form):
    """A deputy logs a reception of voters they held (staff confirm it later)."""

    date = forms.DateField(
        label=_("date"), initial=timezone.localdate, widget=DateInput()
    )  # today, on every page
    place = forms.CharField(label=_("place"), max_length=200)
    visitors = forms.IntegerField(
        label=_("voters received (person-times)"),
        min_value=1,
        max_value=10000,
        help_text=_("Person-times: count each voter once per visit."),
    )
    matters_summary = forms.CharField(
        label=_("matters raised"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the voters raised, briefly. Do not write down their phone numbers."),
    )

    def __init__(self, *args, deputy=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.deputy = deputy

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        if self.deputy is not None and date < self.deputy.took_office:
            raise forms.ValidationError(_("The date is before you took office."))
        return date


class AttendanceReplyForm(forms.Form):
    """The deputy's answer to an invitation: attending, or leave with a reason."""

    reply = forms.ChoiceField(
        label=_("your answer"),
        choices=[
            (AttendanceReply.ATTENDING, _("I will attend")),
            (AttendanceReply.DECLINED, _("I ask for leave")),
        ],
    )
    note = forms.CharField(label=_("reason for leave"), max_length=200, required=False)
