"""The admin of 履职动态: staff write, review and publish posts; the lists of records lead to them.

The status changes only through ``deputies.posts`` (the buttons under the form and
the list's action); the form says before anything is saved why a post may not be
published or sent back.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from congress import protected_media
from congress.concurrency_admin import ConcurrentInlineMixin, ConcurrentModelAdmin
from congress.language import colon, listed
from congress.selectors import count_of
from congress.uploads import PhotoField

from . import posts
from .models import MAX_PHOTOS, Activity, DutyReport, Post, PostPhoto, PostStatus, Reception

# The buttons under a post's form: what each does, and from which statuses it is offered.
BUTTONS = {
    posts.PUBLISH: (_("Save and publish"), posts.TRANSITIONS[posts.PUBLISH][0]),
    posts.REJECT: (_("Send back to the deputy"), posts.TRANSITIONS[posts.REJECT][0]),
    posts.WITHDRAW: (_("Take off the public pages"), posts.TRANSITIONS[posts.WITHDRAW][0]),
}
RECORDS = {Activity: "activity", Reception: "reception", DutyReport: "duty_report"}


class PostAdminForm(forms.ModelForm):
    """A post's form; ``change`` is the button pressed (publish, reject, withdraw), checked before saving."""

    change: str | None = None

    def clean(self):
        cleaned_data = super().clean()
        if self.change == posts.REJECT and not (cleaned_data.get("review_note") or "").strip():
            self.add_error("review_note", _("Say why the proposal is not approved: the deputy reads it."))
        return cleaned_data

    def _post_clean(self):
        super()._post_clean()  # the instance now holds what was typed
        if self.change == posts.PUBLISH and not self.errors:
            for problem in posts.publishing_problems(self.instance):
                self.add_error(None, problem)


class RecordFilter(admin.SimpleListFilter):
    """The posts about one record (``?record=activity-12``), reached from the record's list; no sidebar choices."""

    title = _("record")
    parameter_name = "record"

    def lookups(self, request, model_admin):
        return ()

    def queryset(self, request, queryset):
        field, _dash, pk = (self.value() or "").partition("-")
        if field not in RECORDS.values() or not pk.isdigit() or len(pk) > 18:
            return queryset
        return queryset.filter(**{f"{field}_id": int(pk)})


class NewPhotoInput(forms.FileInput):
    """A file input for a new row only: a stored photo shows as its preview, never as a link under /media/
    (photos are served by protected_media); to change one, delete its row and add another."""

    template_name = "admin/deputies/post/photo_input.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["stored"] = bool(value) and getattr(value, "_committed", False)
        return context


class PostPhotoInline(ConcurrentInlineMixin, admin.TabularInline):
    model = PostPhoto
    max_num = MAX_PHOTOS
    fields = ["preview", "image", "caption", "order"]
    readonly_fields = ["preview"]
    formfield_overrides = {PhotoField: {"widget": NewPhotoInput}}

    def get_extra(self, request, obj=None, **kwargs):
        return 3 if obj is None else 1

    def get_formset(self, request, obj=None, **kwargs):
        return super().get_formset(request, obj, validate_max=True, **kwargs)

    @admin.display(description=_("preview"))
    def preview(self, photo):
        if not photo.pk or not photo.thumbnail:
            return "—"
        return format_html(
            '<img class="post-photo-preview" src="{}" alt="" width="120" height="90">',
            protected_media.url(photo, "thumbnail"),
        )


@admin.register(Post)
class PostAdmin(ConcurrentModelAdmin):
    form = PostAdminForm
    change_form_template = "admin/deputies/post/change_form.html"
    list_display = [
        "title",
        "kind",
        "record_date",
        "status",
        "proposed_by",
        "photos_count",
        "published_at",
        "links",
    ]
    list_filter = ["status", "kind", RecordFilter]
    search_fields = ["title", "text", "proposed_by__name"]
    autocomplete_fields = ["activity", "reception", "duty_report"]
    list_select_related = ["proposed_by"]
    readonly_fields = [
        "status",
        "proposed_by",
        "named_deputies",
        "reviewed_by",
        "reviewed_at",
        "published_at",
    ]
    fieldsets = [
        (
            _("What the post is about"),
            {
                "fields": ["activity", "reception", "duty_report"],
                "description": _(
                    "Choose one: an activity, a reception day or a duty report. The post names the "
                    "deputies who took part in it, and no one else."
                ),
            },
        ),
        (None, {"fields": ["title", "text"]}),
        (
            _("Review"),
            {
                "fields": [
                    "status",
                    "proposed_by",
                    "named_deputies",
                    "review_note",
                    "reviewed_by",
                    "reviewed_at",
                    "published_at",
                ]
            },
        ),
    ]
    inlines = [PostPhotoInline]
    actions = ["publish_selected"]

    class Media:
        css = {"all": ["deputies/admin-posts.css"]}

    def get_queryset(self, request):
        return (
            super().get_queryset(request).dated().annotate(photos_total=count_of(PostPhoto.objects, "post"))
        )

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        # The record is chosen from its list; adding or editing one is the activity's (reception's…) page.
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        widget = getattr(formfield, "widget", None)
        if db_field.name in RECORDS.values() and hasattr(widget, "can_add_related"):
            widget.can_add_related = widget.can_change_related = widget.can_delete_related = False
        return formfield

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        pressed = next((change for change in BUTTONS if f"_{change}" in request.POST), None)
        return type(form.__name__, (form,), {"change": pressed})

    def get_changeform_initial_data(self, request):
        """A post started from an activity's, a reception's or a duty report's list: its title, its text."""
        initial = super().get_changeform_initial_data(request)
        for model, field in RECORDS.items():
            value = request.GET.get(field, "")
            record = model.objects.filter(pk=value).first() if value.isdigit() else None
            if record is not None:
                initial.setdefault("title", posts.default_title(record)[:100])
                initial.setdefault("text", posts.default_text(record))
        return initial

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        may_save = self.has_add_permission(request) if add else self.has_change_permission(request, obj)
        status = obj.status if obj is not None else PostStatus.DRAFT
        context["post_buttons"] = [
            (f"_{name}", label)
            for name, (label, sources) in BUTTONS.items()
            if may_save and status in sources
        ]
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if form.change is None:
            return
        post = form.instance
        try:
            if form.change == posts.PUBLISH:
                posts.post_publish(post, actor=request.user)
                self.message_user(request, _("The post is published."), messages.SUCCESS)
            elif form.change == posts.REJECT:
                posts.post_reject(post, actor=request.user, reason=post.review_note)
                self.message_user(request, _("The proposal is sent back to the deputy."), messages.SUCCESS)
            else:
                posts.post_withdraw(post, actor=request.user)
                self.message_user(request, _("The post is off the public pages."), messages.SUCCESS)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)

    @admin.display(description=_("date"), ordering="date")
    def record_date(self, post):
        return post.date

    @admin.display(description=_("photos"), ordering="photos_total")
    def photos_count(self, post):
        return post.photos_total

    @admin.display(description=_("deputies named"))
    def named_deputies(self, post):
        if post is None or not post.pk:
            return _("The deputies who took part, once the post is saved.")
        named = posts.participants(post)
        return listed(deputy.name for deputy in named) or _("Nobody is recorded as taking part yet.")

    @admin.display(description=_("public page"))
    def links(self, post):
        if not post.is_published:
            return format_html('<a href="{}">{}</a>', post.get_absolute_url(), _("preview"))
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>',
            post.get_absolute_url(),
            _("view"),
            reverse("posts:card", args=[post.pk]),
            _("QR code"),
        )

    @admin.action(description=_("Publish the selected posts"), permissions=["change"])
    def publish_selected(self, request, queryset):
        published, refused = 0, []
        for post in queryset.select_related("proposed_by"):
            try:
                posts.post_publish(post, actor=request.user)
            except ValidationError as error:
                refused.append((post.title, " ".join(error.messages)))
            else:
                published += 1
        if published:
            self.message_user(
                request,
                ngettext("%(n)d post published.", "%(n)d posts published.", published) % {"n": published},
                messages.SUCCESS,
            )
        for title, reason in refused:
            self.message_user(request, colon(title, reason), messages.ERROR)


class PostLinkMixin:
    """A column on an activity's, reception's or duty report's list: its posts, or a link to write one."""

    def get_queryset(self, request):
        field = RECORDS[self.model]
        return super().get_queryset(request).annotate(posts_total=count_of(Post.objects, field))

    @admin.display(description=_("post on the deputies' work"))
    def post_link(self, record):
        field = RECORDS[self.model]
        if record.posts_total:
            url = (
                reverse("admin:deputies_post_changelist")
                + "?"
                + urlencode({f"{field}__id__exact": record.pk})
            )
            label = ngettext("%(n)d post", "%(n)d posts", record.posts_total) % {"n": record.posts_total}
        else:
            url = reverse("admin:deputies_post_add") + "?" + urlencode({field: record.pk})
            label = _("write a post")
        return format_html('<a href="{}">{}</a>', url, label)
