"""社情民意 forms: the public form and the lookup, and the form of each action on a voter opinion."""

import re

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Field, Layout
from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from deputies.models import Deputy

from ..choices import Category
from ..services import title_from
from .choices import OpinionAction, suggestion_category_of
from .models import VoterOpinion

# A mobile or landline number, with the separators people type.
PHONE = re.compile(r"^\+?[0-9][0-9 \-()（）]{5,22}[0-9]$")


def deputies_in_office():
    return Deputy.objects.in_office().active().select_related("constituency")


class VoterOpinionForm(forms.ModelForm):
    """反映社情民意: what the voter writes; name and phone are optional and stay with the office."""

    # The honeypot: hidden by the stylesheet (class opinion-hp); people leave it empty, form-filling bots do not.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    deputy = forms.ModelChoiceField(
        queryset=Deputy.objects.none(),
        required=False,
        widget=forms.HiddenInput,
        error_messages={
            "invalid_choice": _(
                "The deputy this form was addressed to is no longer in office. Open the form again "
                "from the menu to send your opinion to the presidium office."
            )
        },
    )

    class Meta:
        model = VoterOpinion
        fields = ["content", "category", "photo", "voter_name", "voter_contact", "deputy"]
        labels = {
            "content": _("Your opinion"),
            "category": _("What is it about?"),
            "photo": _("Photo of the problem (optional)"),
            "voter_name": _("Your name (optional)"),
            "voter_contact": _("Your phone (optional)"),
        }
        help_texts = {
            "content": _(
                "Where is it, what is the problem, and what do you suggest? At most 2,000 characters."
            ),
            "photo": _("A JPG, PNG or WebP photo of at most 8 MB."),
            "voter_name": "",
            "voter_contact": _("Only so that the presidium office can call you back if needed."),
        }
        error_messages = {"content": {"required": _("Write down the problem you want to raise.")}}
        widgets = {
            "content": forms.Textarea(attrs={"rows": 6}),
            "photo": forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
            "voter_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "voter_contact": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deputy"].queryset = deputies_in_office()
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field("content"),
            Field("category"),
            Field("photo"),
            HTML(
                format_html(
                    '<p class="opinion-private small">{}</p>',
                    _(
                        "Your name and phone are optional. Only the presidium office sees them; "
                        "they are never published or shown to anyone else."
                    ),
                )
            ),
            Field("voter_name"),
            Field("voter_contact"),
            Field("website", wrapper_class="opinion-hp"),
            Field("deputy"),
        )

    def is_bot(self) -> bool:
        """The hidden field was filled in: a bot (it gets a made-up success and nothing is saved)."""
        return bool(self.data.get("website", "").strip())

    def clean_content(self):
        content = self.cleaned_data["content"].strip()
        if len(content) < 5:
            raise ValidationError(_("Say a little more: at least 5 characters."))
        return content

    def clean_voter_contact(self):
        contact = self.cleaned_data["voter_contact"].strip()
        if contact and not PHONE.match(contact):
            raise ValidationError(
                _("Enter a phone number, e.g. 13904771234 or 0477-1234567, or leave it empty.")
            )
        return contact


class LookupForm(forms.Form):
    code = forms.CharField(
        label=_("Lookup code"),
        max_length=20,
        help_text=_("The 8 letters and digits you were given after sending your opinion."),
        error_messages={"required": _("Enter your lookup code.")},
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )


class OpinionAnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Answer to the voter"),
        widget=forms.Textarea(attrs={"rows": 5, "class": "vLargeTextField"}),
        help_text=_("The voter reads it with their lookup code. Write no one's phone number in it."),
        error_messages={"required": _("Write the answer to the voter.")},
    )


class OpinionPassForm(forms.Form):
    note = forms.CharField(
        label=_("Note to the presidium office"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Optional: what you know about it already. The voter does not see it."),
    )


class OpinionCloseForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for closing"),
        widget=forms.Textarea(attrs={"rows": 3, "class": "vLargeTextField"}),
        help_text=_("The voter sees it when looking the opinion up."),
        error_messages={"required": _("Give the reason for closing.")},
    )


class OpinionConvertForm(forms.Form):
    """Staff turn the opinion into a suggestion: its title, category and lead deputy."""

    title = forms.CharField(
        label=_("suggestion title"), max_length=200, widget=forms.TextInput(attrs={"class": "vTextField"})
    )
    category = forms.ChoiceField(label=_("category"), choices=Category.choices)
    lead_deputy = forms.ModelChoiceField(
        label=_("lead deputy"),
        queryset=Deputy.objects.none(),
        required=False,
        help_text=_("Leave it empty when no deputy takes it up: the proposer is then “a voter”."),
    )

    def __init__(self, *args, opinion=None, **kwargs):
        if opinion is not None:
            initial = kwargs.setdefault("initial", {})
            initial.setdefault("title", title_from(opinion.content))
            initial.setdefault("category", suggestion_category_of(opinion.category))
            initial.setdefault("lead_deputy", opinion.deputy_id)
        super().__init__(*args, **kwargs)
        self.fields["lead_deputy"].queryset = deputies_in_office()


# The form of each action staff take in the admin.
OPINION_ADMIN_FORMS = {
    OpinionAction.ANSWER: OpinionAnswerForm,
    OpinionAction.CONVERT: OpinionConvertForm,
    OpinionAction.CLOSE: OpinionCloseForm,
}
