from django.contrib import admin, messages
from django.contrib.admin.widgets import AdminFileWidget
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from import_export.admin import ExportMixin, ImportExportMixin
from import_export.forms import ExportForm

from congress.accounts.admin import OpensAccountsMixin, open_accounts_action
from congress.accounts.selectors import portal_accounts
from congress.admin_rows import SharedChoicesInlineMixin
from congress.concurrency_admin import ConcurrentInlineMixin, ConcurrentModelAdmin
from congress.language import colon, listed
from congress.record_links import RecordLinksMixin
from congress.roles import Role, is_staff_member
from congress.selectors import count_of
from congress.spreadsheets import NamedExportMixin, SafeXLSX

from . import accounts, services
from .admin_defaults import CurrentTermDefaultMixin, TodayDefaultMixin
from .admin_deliberations import DeliberationAdmin  # noqa: F401  (registered there)
from .admin_posts import PostLinkMixin
from .exporters import ReceptionLedgerResource, ReceptionMatterResource
from .importers import RosterResource
from .models import (
    Activity,
    Attendance,
    Constituency,
    DeputiesHome,
    Deputy,
    DutyPointWeight,
    DutyReport,
    PresidiumContact,
    PresidiumMembership,
    Reception,
    ReceptionMatter,
    VoterContact,
)
from .models.roster import normalise_name, refresh_namesakes, without_spaces


@admin.register(Constituency)
class ConstituencyAdmin(ConcurrentModelAdmin):
    list_display = ["name", "sort_order", "description"]
    search_fields = ["name", "description"]


class PresidiumMembershipInline(ConcurrentInlineMixin, SharedChoicesInlineMixin, admin.TabularInline):
    model = PresidiumMembership
    extra = 0
    row_related = ["deputy"]
    fields = ["term", "role", "title", "duty_division", "start_date", "end_date"]


class VoterContactInline(ConcurrentInlineMixin, SharedChoicesInlineMixin, admin.TabularInline):
    model = VoterContact
    extra = 0
    row_related = ["deputy"]
    fields = ["term", "contact_point", "households", "voters", "notes"]


class DeputyGroupFilter(admin.AllValuesFieldListFilter):
    """代表小组 as entered; a deputy in no group is not offered as a choice without a name."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.lookup_choices = [group for group in self.lookup_choices if group]


@admin.register(Deputy)
class DeputyAdmin(
    OpensAccountsMixin, CurrentTermDefaultMixin, NamedExportMixin, ImportExportMixin, ConcurrentModelAdmin
):
    resource_classes = [RosterResource]
    export_name = _("roster of deputies")
    formats = [SafeXLSX]
    list_display = [
        "name",
        "gender",
        "ethnicity",
        "birth_month_display",
        "political_affiliation",
        "constituency",
        "occupation",
        "status",
        "term",
        "duty_record_link",
        "code_card_link",
        "account_display",
    ]
    list_display_links = ["name"]
    list_filter = [
        "term",
        "status",
        "gender",
        "political_affiliation",
        "constituency",
        ("deputy_group", DeputyGroupFilter),
        "is_banner_deputy",
    ]
    search_fields = ["name", "occupation", "constituency__name", "phone"]
    autocomplete_fields = ["constituency", "user"]
    list_select_related = ["constituency", "term", "user"]
    list_per_page = 50
    fieldsets = [
        (None, {"fields": ["term", "name", "gender", "ethnicity", "birth_month", "photo"]}),
        (
            _("Background"),
            {"fields": ["political_affiliation", "education", "occupation", "constituency", "deputy_group"]},
        ),
        (_("Other congresses"), {"fields": ["is_banner_deputy", "is_city_deputy", "is_region_deputy"]}),
        (_("Private"), {"fields": ["phone", "id_number", "user"]}),
        (_("Office"), {"fields": ["status", "took_office", "left_office", "notes"]}),
    ]
    inlines = [PresidiumMembershipInline, VoterContactInline]
    actions = [
        open_accounts_action(
            plan=accounts.plan,
            open_=accounts.deputy_accounts_open,
            description=_("Open accounts (print sign-in slips)"),
        )
    ]

    def get_list_display(self, request):
        shown = list(super().get_list_display(request))
        # The account (its username is the mobile number) is for those who manage accounts.
        return (
            shown
            if self.has_open_accounts_permission(request)
            else [c for c in shown if c != "account_display"]
        )

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if "user" in form.base_fields and not request.user.is_superuser:
            # Staff link a deputy's account only: no admin account, none linked to another deputy.
            free = portal_accounts(role=Role.DEPUTY).filter(deputy__isnull=True).values("pk")
            current = Q(pk=obj.user_id) if obj is not None and obj.user_id else Q(pk__in=[])
            field = form.base_fields["user"]
            field.queryset = (
                get_user_model()._default_manager.filter(Q(pk__in=free) | current).order_by("username")
            )
            field.help_text = _(
                "A deputy's account not linked to another deputy. To open one, tick the deputy in the "
                "roster and choose “Open accounts” in the action menu."
            )
        return form

    @admin.display(description=_("account"), ordering="user__username")
    def account_display(self, deputy):
        """The deputy's account (links to it), or "—" when none is open yet."""
        if deputy.user_id is None:
            return "—"
        label = deputy.user.get_username()
        if not deputy.user.is_active:
            label = _("%(username)s (disabled)") % {"username": label}
        return format_html(
            '<a href="{}">{}</a>', reverse("admin:congress_account_change", args=[deputy.user_id]), label
        )

    def get_search_results(self, request, queryset, search_term):
        """Also a name kept with spaces inside (entered before imports took them out): 罗宝音 finds 罗　宝音."""
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        compact = normalise_name(search_term).replace(" ", "")
        if compact:
            spaced = Deputy.objects.alias(compact=without_spaces("name")).filter(compact__contains=compact)
            results = queryset.filter(Q(pk__in=results.values("pk")) | Q(pk__in=spaced.values("pk")))
        return results, may_have_duplicates

    def delete_queryset(self, request, queryset):
        # Who is left of each name loses the birth month and constituency lists showed after it.
        keys = list(queryset.values_list("term_id", "name"))
        super().delete_queryset(request, queryset)
        refresh_namesakes(keys)

    @admin.display(description=_("birth month"), ordering="birth_month")
    def birth_month_display(self, deputy):
        return deputy.birth_month.strftime("%Y.%m") if deputy.birth_month else ""

    @admin.display(description=_("duty record"))
    def duty_record_link(self, deputy):
        year = timezone.localdate().year
        if deputy.left_office:
            year = min(year, deputy.left_office.year)
        url = reverse("deputies:record", args=[deputy.pk, year])
        return format_html('<a href="{}">{}</a>', url, _("duty record"))

    @admin.display(description=_("deputy QR code"))
    def code_card_link(self, deputy):
        """代表码: the printable card voters scan (deputies in office only)."""
        if deputy.status != "active" or deputy.left_office is not None:
            return "—"
        return format_html(
            '<a href="{}">{}</a>', reverse("deputies:code_card", args=[deputy.pk]), _("QR card")
        )


class PresidiumContactInline(ConcurrentInlineMixin, SharedChoicesInlineMixin, admin.TabularInline):
    model = PresidiumContact
    fk_name = "presidium_member"
    extra = 0
    row_related = ["presidium_member__deputy"]
    fields = ["term", "deputy"]
    autocomplete_fields = ["deputy"]


@admin.register(PresidiumMembership)
class PresidiumMembershipAdmin(CurrentTermDefaultMixin, ConcurrentModelAdmin):
    list_display = ["deputy", "role", "title", "term", "start_date", "end_date", "contacts_count"]
    list_filter = ["term", "role"]
    search_fields = ["deputy__name", "title", "duty_division"]
    autocomplete_fields = ["deputy"]
    list_select_related = ["deputy", "term"]
    inlines = [PresidiumContactInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(contacts_total=count_of(PresidiumContact.objects, "presidium_member"))
        )

    @admin.display(description=_("deputies contacted"), ordering="contacts_total")
    def contacts_count(self, membership):
        return membership.contacts_total


# ---- the contact system ---------------------------------------------------------------


class PresidiumMemberFilter(admin.RelatedFieldListFilter):
    """The presidium members, named in one query (a membership's name is its deputy's)."""

    def field_choices(self, field, request, model_admin):
        members = PresidiumMembership.objects.select_related("deputy")
        return [(member.pk, str(member)) for member in members]


@admin.register(PresidiumContact)
class PresidiumContactAdmin(CurrentTermDefaultMixin, ConcurrentModelAdmin):
    list_display = ["member", "deputy", "deputy_constituency", "term"]
    list_filter = ["term", ("presidium_member", PresidiumMemberFilter), "deputy__constituency"]
    search_fields = ["deputy__name", "presidium_member__deputy__name"]
    autocomplete_fields = ["presidium_member", "deputy"]
    list_select_related = ["presidium_member__deputy", "deputy__constituency", "term"]

    # Sorted by the member's name: sorting by the membership itself follows its Meta.ordering, whose
    # CASE on the role Django cannot prefix through a relation (a server error on clicking the column).
    @admin.display(description=_("presidium member"), ordering="presidium_member__deputy__name")
    def member(self, contact):
        return contact.presidium_member

    @admin.display(description=_("constituency"), ordering="deputy__constituency__name")
    def deputy_constituency(self, contact):
        return contact.deputy.constituency


@admin.register(VoterContact)
class VoterContactAdmin(CurrentTermDefaultMixin, ConcurrentModelAdmin):
    list_display = ["deputy", "contact_point", "households", "voters", "term"]
    list_filter = ["term", "deputy__constituency"]
    search_fields = ["deputy__name", "contact_point"]
    autocomplete_fields = ["deputy"]
    list_select_related = ["deputy", "term"]


# ---- the deputies' home and receptions of voters ---------------------------------------


@admin.register(DeputiesHome)
class DeputiesHomeAdmin(ConcurrentModelAdmin):
    list_display = [
        "name",
        "kind",
        "address",
        "reception_day",
        "star_rating",
        "rated_on",
        "rated_by",
        "is_public",
    ]
    list_filter = ["kind", "star_rating", "is_public"]
    search_fields = ["name", "address"]
    fieldsets = [
        (None, {"fields": ["name", "kind", "address", "facilities", "is_public"]}),
        (_("Reception schedule"), {"fields": ["opening_hours", "reception_day", "reception_schedule"]}),
        (_("Star rating"), {"fields": ["star_rating", "rated_on", "rated_by"]}),
        (None, {"fields": ["activity_rules"]}),
    ]


class ReceptionMatterInline(RecordLinksMixin, ConcurrentInlineMixin, admin.StackedInline):
    model = ReceptionMatter
    extra = 1
    fields = [
        ("summary", "category"),
        ("voter_name", "voter_contact", "may_contact"),
        ("outcome", "outcome_note"),
    ]


@admin.register(Reception)
class ReceptionAdmin(
    PostLinkMixin,
    CurrentTermDefaultMixin,
    TodayDefaultMixin,
    NamedExportMixin,
    ExportMixin,
    ConcurrentModelAdmin,
):
    resource_classes = [ReceptionLedgerResource]
    export_name = _("reception ledger")
    formats = [SafeXLSX]
    export_form_class = ExportForm  # one click: format only, every column
    list_display = [
        "date",
        "home",
        "place",
        "visitors",
        "deputies_on_duty",
        "matters_count",
        "confirmed",
        "post_link",
    ]
    list_display_links = ["date"]
    list_filter = ["confirmed", "term", "home"]
    search_fields = ["place", "deputies__name", "matters__summary"]
    autocomplete_fields = ["deputies"]
    list_select_related = ["home"]
    date_hierarchy = "date"
    inlines = [ReceptionMatterInline]
    actions = ["confirm"]

    def has_export_permission(self, request):
        return is_staff_member(request.user)  # the ledger carries the voters' names and contacts

    fields = ["term", "home", "date", "place", "deputies", "visitors", "confirmed", "logged_by", "notes"]
    readonly_fields = ["logged_by"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(matters_total=count_of(ReceptionMatter.objects, "reception"))
            .prefetch_related("deputies")
        )

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        homes = list(DeputiesHome.objects.values_list("pk", flat=True)[:2])
        if len(homes) == 1:
            initial.setdefault("home", homes[0])
        return initial

    @admin.display(description=_("deputies on duty"))
    def deputies_on_duty(self, reception):
        return listed(reception.deputies.all())

    @admin.display(description=_("matters"), ordering="matters_total")
    def matters_count(self, reception):
        return reception.matters_total

    @admin.action(description=_("Confirm the selected receptions"), permissions=["change"])
    def confirm(self, request, queryset):
        changed = services.receptions_confirm(receptions=queryset, actor=request.user)
        self.message_user(
            request,
            ngettext("%(n)d reception confirmed.", "%(n)d receptions confirmed.", changed) % {"n": changed},
            messages.SUCCESS,
        )


@admin.register(ReceptionMatter)
class ReceptionMatterAdmin(RecordLinksMixin, NamedExportMixin, ExportMixin, ConcurrentModelAdmin):
    resource_classes = [ReceptionMatterResource]
    formats = [SafeXLSX]
    export_form_class = ExportForm
    list_display = ["summary_short", "reception", "category", "outcome", "may_contact"]
    list_filter = ["outcome", "category", "reception__term"]
    search_fields = ["summary", "voter_name", "voter_contact", "outcome_note"]  # the voter's: staff only
    autocomplete_fields = ["reception"]
    list_select_related = ["reception__home"]
    date_hierarchy = "reception__date"

    def has_export_permission(self, request):
        return is_staff_member(request.user)  # the sheet carries the voters' names and contacts

    @admin.display(description=_("summary"))
    def summary_short(self, matter):
        return str(matter)


@admin.register(DutyReport)
class DutyReportAdmin(PostLinkMixin, TodayDefaultMixin, ConcurrentModelAdmin):
    list_display = [
        "deputy",
        "date",
        "place",
        "form",
        "audience",
        "satisfied",
        "basically_satisfied",
        "unsatisfied",
        "post_link",
    ]
    list_filter = ["form", "deputy__constituency", "deputy__term"]
    search_fields = ["deputy__name", "place"]
    autocomplete_fields = ["deputy"]
    list_select_related = ["deputy"]
    date_hierarchy = "date"
    fieldsets = [
        (None, {"fields": ["deputy", "date", "place", "form", "audience"]}),
        (_("Voters' evaluation"), {"fields": [("satisfied", "basically_satisfied", "unsatisfied")]}),
        (None, {"fields": ["notes"]}),
    ]


# ---- activities with attendance ------------------------------------------------------


class ProtectedFileWidget(AdminFileWidget):
    """A file input whose "currently" link goes to a permission-checked view instead of the media URL."""

    template_name = "deputies/widgets/protected_file_input.html"

    def __init__(self, download_url="", attrs=None):
        super().__init__(attrs)
        self.download_url = download_url

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["download_url"] = self.download_url
        context["widget"]["download_label"] = _("Download the outcome document")
        return context


class AttendanceInline(ConcurrentInlineMixin, SharedChoicesInlineMixin, admin.TabularInline):
    model = Attendance
    extra = 0
    fields = ["deputy", "reply_display", "status", "absence_reason"]
    readonly_fields = ["reply_display"]
    autocomplete_fields = ["deputy"]
    radio_fields = {"status": admin.HORIZONTAL}  # large toggles, one tap each (static/css/admin-screens.css)
    classes = ["attendance-list"]

    @admin.display(description=_("deputy's reply"))
    def reply_display(self, attendance):
        """What the deputy answered in the portal before the activity."""
        if not attendance.reply:
            # Marked, so that a phone leaves the empty answer out (static/css/admin-screens.css).
            return format_html('<span class="no-reply">{}</span>', "—")
        note = colon("", attendance.reply_note) if attendance.reply_note else ""
        return f"{attendance.get_reply_display()}{note}"

    row_related = ["deputy__constituency"]


INVITE_ALL = "_invite_all"
ALL_PRESENT = "_all_present"


@admin.register(Activity)
class ActivityAdmin(PostLinkMixin, CurrentTermDefaultMixin, TodayDefaultMixin, ConcurrentModelAdmin):
    today_field = "start_date"
    change_form_template = "admin/deputies/activity/change_form.html"
    list_display = [
        "title",
        "kind",
        "start_date",
        "destination",
        "present_count",
        "absent_count",
        "invited_count",
        "post_link",
    ]
    list_filter = ["kind", "term", "start_date"]
    search_fields = ["title", "destination", "subject", "organizer", "description"]
    date_hierarchy = "start_date"
    inlines = [AttendanceInline]
    actions = ["invite_all", "mark_invited_present"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "term",
                    "kind",
                    "title",
                    ("start_date", "end_date"),
                    "destination",
                    "subject",
                    "organizer",
                ]
            },
        ),
        (None, {"fields": ["description"]}),
        (_("Outcome"), {"fields": ["outcome_document", "outcome_summary"]}),
    ]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        # The document is not public: link to the permission-checked download, never to /media/.
        url = reverse("deputies:activity_document", args=[obj.pk]) if obj and obj.outcome_document else ""
        if "outcome_document" in form.base_fields:  # not for view-only members: their form has no fields
            form.base_fields["outcome_document"].widget = ProtectedFileWidget(download_url=url)
        return form

    def get_queryset(self, request):
        counted = {
            f"{status}_total": count_of(Attendance.objects.filter(status=status), "activity")
            for status in ("present", "absent", "invited")
        }
        return super().get_queryset(request).annotate(**counted)

    @admin.display(description=_("present"), ordering="present_total")
    def present_count(self, activity):
        return activity.present_total

    @admin.display(description=_("absent"), ordering="absent_total")
    def absent_count(self, activity):
        return activity.absent_total

    @admin.display(description=_("not yet marked"), ordering="invited_total")
    def invited_count(self, activity):
        return activity.invited_total

    def _invite_all(self, request, activities):
        added = sum(
            services.activity_invite_all(activity=activity, actor=request.user) for activity in activities
        )
        self.message_user(
            request,
            ngettext("%(n)d deputy in office invited.", "%(n)d deputies in office invited.", added)
            % {"n": added},
            messages.SUCCESS,
        )

    def _all_present(self, request, activities):
        changed = sum(
            services.attendance_mark_invited_present(activity=activity, actor=request.user)
            for activity in activities
        )
        self.message_user(
            request,
            ngettext("%(n)d deputy marked present.", "%(n)d deputies marked present.", changed)
            % {"n": changed},
            messages.SUCCESS,
        )

    @admin.action(description=_("Invite all deputies in office"), permissions=["change"])
    def invite_all(self, request, queryset):
        self._invite_all(request, queryset)

    @admin.action(description=_("Mark everyone not yet marked as present"), permissions=["change"])
    def mark_invited_present(self, request, queryset):
        self._all_present(request, queryset)

    def _after_save(self, request, activity, response):
        """The buttons under the form: save, then invite all or mark all present, and stay on the page."""
        if INVITE_ALL in request.POST:
            self._invite_all(request, [activity])
        elif ALL_PRESENT in request.POST:
            self._all_present(request, [activity])
        else:
            return response
        return HttpResponseRedirect(reverse("admin:deputies_activity_change", args=[activity.pk]))

    def response_add(self, request, obj, post_url_continue=None):
        return self._after_save(request, obj, super().response_add(request, obj, post_url_continue))

    def response_change(self, request, obj):
        return self._after_save(request, obj, super().response_change(request, obj))


@admin.register(DutyPointWeight)
class DutyPointWeightAdmin(ConcurrentModelAdmin):
    list_display = ["item", "points"]
    list_editable = ["points"]
    list_display_links = ["item"]
