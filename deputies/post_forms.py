"""The deputy's form proposing a post (履职动态) about an activity they attended."""

from django import forms
from django.utils.translation import gettext_lazy as _

from congress.uploads import PHOTO_MAX_BYTES, MultiplePhotoField, declare_upload_field

from . import posts
from .models import MAX_PHOTOS, Post

# The photos arrive in one file field: each stops being kept past a photo's limit while it is read.
declare_upload_field("photos", PHOTO_MAX_BYTES)


class PostProposalForm(forms.ModelForm):
    """What the deputy writes; the model's own checks apply (no phone or ID number in what is published)."""

    photos = MultiplePhotoField(
        label=_("photos"),
        max_count=MAX_PHOTOS,
        required=False,
        help_text=_(
            "Up to nine photos, JPG, PNG or WebP of at most 8 MB each; they are made smaller for phones and "
            "their location data is removed. No photos of documents, or of voters who have not agreed."
        ),
    )

    class Meta:
        model = Post
        fields = ["activity", "title", "text"]
        labels = {"activity": _("the activity you took part in"), "text": _("what was done")}
        widgets = {"text": forms.Textarea(attrs={"rows": 6})}
        help_texts = {
            "title": _("Leave it empty to use the activity's title."),
            "text": _(
                "A few sentences for voters: what you did, where, and what came of it. Staff read it before "
                "it is published. Never voters' names, phone numbers or the matters they raised."
            ),
        }

    def __init__(self, *args, deputy, **kwargs):
        super().__init__(*args, **kwargs)
        activity = self.fields["activity"]
        activity.queryset = posts.activities_to_propose(deputy)
        activity.required = True
        activity.empty_label = _("Choose the activity")
        self.fields["title"].required = False

    def clean(self):
        cleaned_data = super().clean()
        activity = cleaned_data.get("activity")
        if activity is not None and not cleaned_data.get("title"):
            cleaned_data["title"] = activity.title
        return cleaned_data

    def _post_clean(self):
        # The model checks the post against its activity: without one, that is said once, on the field.
        if not self.has_error("activity"):
            super()._post_clean()
