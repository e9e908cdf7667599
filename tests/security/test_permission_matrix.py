"""Who may open what: every URL pattern of the platform × every role, with the answer each must get.

``ROWS`` is the table: one row per URL (a pattern may have several, e.g. one per
protected file), the concrete address built from a small data set (``World``: one
record of each kind) and the answer of each role: 200, a redirect to a sign-in
page (``LOGIN``), another redirect (``REDIRECT``), 403 or 404. The admin's
standard pages (list, add, change, delete, history, a historical version and the
short link to a record) come from ``ADMIN_MODELS``, which names every registered
model with who may change it. ``test_every_url_pattern_is_in_the_table`` fails
for a URL pattern the table does not list: a new view is one row here.

Object-level reach (domain.md §3): a deputy or a handling unit asking for another
one's record by id gets 404, for every portal view taking an id
(``OTHERS_RECORDS``; ``test_every_portal_view_taking_an_id_is_checked_against_guessing``
keeps that list complete).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from congress import protected_media
from congress.accounts.models import Account
from congress.models import DayKind, Township, WorkCalendarDay
from congress.roles import Role
from congress.townships import current_township_id, first_township_id
from deputies import posts
from deputies.models import AttendanceStatus, DutyPointWeight, PresidiumContact
from livelihood.models import Inspection, ProgressUpdate, SatisfactionSurvey
from office.report import services as report_services
from suggestions import supervision, workflow
from suggestions.choices import State, Transition
from suggestions.models import Evaluation, Notification, Round, SuggestionAttachment, VoterOpinion
from suggestions.opinions.services import new_code
from tests.deputies.factories import (
    ActivityFactory,
    AttendanceFactory,
    DeliberationFactory,
    DeputiesHomeFactory,
    DutyReportFactory,
    PostFactory,
    ReceptionFactory,
    ReceptionMatterFactory,
    VoterContactFactory,
    add_photos,
    published,
)
from tests.factories import (
    DeputyFactory,
    PresidiumMembershipFactory,
    SessionFactory,
    TermFactory,
    TownshipProfileFactory,
    UserFactory,
)
from tests.livelihood.helpers import chosen_projects, png_bytes
from tests.suggestions.factories import HandlingUnitFactory, advance, register

pytestmark = pytest.mark.django_db

ANONYMOUS, DEPUTY, UNIT, MEMBER, STAFF, SUPERUSER = ROLES = (
    "anonymous",
    "deputy",
    "unit",
    "member",
    "staff",
    "superuser",
)
LOGIN = "redirect to sign in"
REDIRECT = "redirect"


def answers(anonymous, deputy, unit, member, staff, superuser) -> dict[str, object]:
    return dict(zip(ROLES, (anonymous, deputy, unit, member, staff, superuser), strict=True))


R = REDIRECT
PUBLIC = answers(200, 200, 200, 200, 200, 200)
SIGNED_IN = answers(LOGIN, 200, 200, 200, 200, 200)
DEPUTY_ONLY = answers(LOGIN, 200, 404, 404, 404, 404)
UNIT_ONLY = answers(LOGIN, 404, 200, 404, 404, 404)
PRESIDIUM = answers(LOGIN, 404, 404, 200, 200, 200)  # staff and members, outside the admin
ADMIN_VIEW = answers(LOGIN, LOGIN, LOGIN, 200, 200, 200)  # the admin: members see everything
ADMIN_CHANGE = answers(LOGIN, LOGIN, LOGIN, 403, 200, 200)  # the admin: staff change
ADMIN_CHANGE_POST = answers(LOGIN, LOGIN, LOGIN, 403, R, R)
SUPERUSER_ONLY = answers(LOGIN, LOGIN, LOGIN, 403, 403, 200)
ACCOUNTS_ONLY = answers(LOGIN, LOGIN, LOGIN, 403, 200, 200)  # 账号: staff manage portal accounts
NOBODY = answers(LOGIN, LOGIN, LOGIN, 403, 403, 403)
BANNER_ONLY = answers(LOGIN, 403, 403, 403, 403, 403)  # the banner's pages (tests/suggestions/test_handdowns)
BANNER = answers(LOGIN, 403, 403, 403, 403, 200)  # the banner's pages: its staff (and superusers)
TO_SIGNED_IN_HOME = answers(200, R, R, R, R, R)


# ---- the data: one record of each kind ----------------------------------------------------------


def pdf() -> bytes:
    return b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@dataclass
class World:
    users: dict[str, object] = field(default_factory=dict)
    records: dict[str, object] = field(default_factory=dict)  # model label → a record
    own: dict[str, object] = field(default_factory=dict)  # the deputy's and the unit's own records
    others: dict[str, object] = field(default_factory=dict)  # another deputy's and unit's records

    def __getitem__(self, label):
        return self.records[label]


def voter_opinion(deputy):
    """A 社情民意 addressed to ``deputy``, with a photo."""
    opinion = VoterOpinion(content="村口路灯不亮。", deputy=deputy, code=new_code(), voter_name="张某某")
    opinion.photo.save("lamp.png", ContentFile(png_bytes()), save=False)
    opinion.save()
    return opinion


def build_world(prefix: str = "") -> World:
    """The world of the township in scope (the first township's when unscoped); ``prefix`` names its
    accounts apart from another township's world (tests/security/test_township_isolation.py)."""
    w = World()
    staff = UserFactory(username=f"{prefix}matrix-staff", role=Role.STAFF)
    w.users = {
        ANONYMOUS: None,
        DEPUTY: UserFactory(username=f"{prefix}matrix-deputy", role=Role.DEPUTY),
        UNIT: UserFactory(username=f"{prefix}matrix-unit", role=Role.UNIT),
        MEMBER: UserFactory(username=f"{prefix}matrix-member", role=Role.MEMBER),
        STAFF: staff,
        SUPERUSER: UserFactory(username=f"{prefix}matrix-root", is_staff=True, is_superuser=True),
    }
    other_deputy_user = UserFactory(username=f"{prefix}matrix-other-deputy", role=Role.DEPUTY)
    other_unit_user = UserFactory(username=f"{prefix}matrix-other-unit", role=Role.UNIT)

    term = TermFactory()
    session = SessionFactory(term=term)
    deputy = DeputyFactory(term=term, user=w.users[DEPUTY], name="乌云")
    other_deputy = DeputyFactory(term=term, user=other_deputy_user, name="巴特尔")
    unit = HandlingUnitFactory(name="镇农业综合服务中心", users=[w.users[UNIT]])
    other_unit = HandlingUnitFactory(name="镇综治办", users=[other_unit_user])
    # The member's account is the chair's: the chair supervises the deputy's item (领衔督办).
    seat = PresidiumMembershipFactory(
        term=term, role="chair", deputy__name="王宝平", deputy__user=w.users[MEMBER]
    )
    reception = ReceptionFactory(term=term, deputies=[deputy])
    activity = ActivityFactory(term=term)
    activity.outcome_document.save("outcome.pdf", ContentFile(pdf()))
    deliberation = DeliberationFactory(term=term, session=session)
    projects = chosen_projects(staff, count=1)
    project = projects[0]
    weight = DutyPointWeight.objects.order_by("pk").first()  # made by a migration, without history
    if weight is None:  # a township added after the migration
        weight = DutyPointWeight(item="reception", points=3)
    weight.save()
    update = ProgressUpdate.objects.create(project=project, date=datetime.date(2022, 6, 1), percent=30)

    def suggestion(lead, lead_unit):
        item = advance(register(staff, lead_deputy=lead), State.REPLIED, actor=staff, unit=lead_unit)
        attachment = SuggestionAttachment(suggestion=item)
        attachment.file.save("form.pdf", ContentFile(pdf()))
        reply = item.current_round.reply
        reply.attachment.save("reply.pdf", ContentFile(pdf()))
        return item, attachment, reply

    own_item, own_attachment, own_reply = suggestion(deputy, unit)
    other_item, other_attachment, other_reply = suggestion(other_deputy, other_unit)
    Round.objects.filter(pk=own_item.current_round_id).update(supervisor_member=seat, supervisor_leader="")
    own_item.refresh_from_db()
    note = supervision.supervision_note_record(
        own_item, actor=w.users[MEMBER], date=datetime.date(2022, 2, 1), form="visit", text="实地察看道路。"
    )

    def rated_from_paper(lead, lead_unit):
        """An item whose rating staff entered from the deputy's paper form (代录), with its scan."""
        item = advance(register(staff, lead_deputy=lead), State.REPLIED, actor=staff, unit=lead_unit)
        scan = ContentFile(pdf(), name="form.pdf")
        workflow.apply(
            item, Transition.EVALUATE, actor=staff, on_behalf_of=lead, rating="satisfied", form_scan=scan
        )
        return Evaluation.objects.get(round__suggestion=item)

    w.own = {"suggestion": own_item, "attachment": own_attachment, "reply": own_reply}
    w.others = {"suggestion": other_item, "attachment": other_attachment, "reply": other_reply}
    w.own["evaluation"], w.others["evaluation"] = (
        rated_from_paper(deputy, unit),
        rated_from_paper(other_deputy, other_unit),
    )
    opinion = voter_opinion(deputy)
    w.own["opinion"], w.others["opinion"] = opinion, voter_opinion(other_deputy)
    # 履职动态: a published post, and each deputy's proposal (not published: theirs and staff's to see).
    AttendanceFactory(activity=activity, deputy=deputy)
    AttendanceFactory(activity=activity, deputy=other_deputy)
    post = published(PostFactory(activity=activity), photos=1)
    w.own["proposal"], w.others["proposal"] = (
        add_photos(posts.post_propose(deputy=someone, actor=None, activity=activity, title="", text="调研。"))
        for someone in (deputy, other_deputy)
    )
    ahead = ActivityFactory(term=term, start_date=timezone.localdate() + datetime.timedelta(days=7))
    w.own["invitation"], w.others["invitation"] = (
        AttendanceFactory(activity=ahead, deputy=someone, status=AttendanceStatus.INVITED)
        for someone in (deputy, other_deputy)
    )
    w.own["notice"], w.others["notice"] = (
        Notification.objects.create(user=w.users[role], text="通知", link="/portal/")
        for role in (DEPUTY, UNIT)
    )

    w.records = {
        "congress.TownshipProfile": (
            TownshipProfileFactory(
                township=Township.objects.get(pk=current_township_id()), platform_title=prefix
            )
            if prefix
            else TownshipProfileFactory()
        ),
        "congress.Township": Township.objects.get_or_create(  # a township of the banner: superusers add them
            slug="matrix-extra", defaults={"name": "矩阵测试镇"}
        )[0],
        "congress.Term": term,
        "congress.Session": session,
        "congress.ReportDraft": report_services.draft_create(year=2022, actor=staff),
        "congress.WorkCalendarDay": WorkCalendarDay.objects.get_or_create(  # the country's: one for all
            date=datetime.date(2027, 1, 1), defaults={"kind": DayKind.HOLIDAY, "name": "元旦"}
        )[0],
        "deputies.Constituency": deputy.constituency,
        "deputies.Deputy": deputy,
        "deputies.PresidiumMembership": seat,
        "deputies.PresidiumContact": PresidiumContact.objects.create(
            term=term, presidium_member=seat, deputy=deputy
        ),
        "deputies.VoterContact": VoterContactFactory(deputy=deputy),
        "deputies.DeputiesHome": DeputiesHomeFactory(),
        "deputies.Reception": reception,
        "deputies.ReceptionMatter": ReceptionMatterFactory(reception=reception),
        "deputies.DutyReport": DutyReportFactory(deputy=deputy),
        "deputies.Activity": activity,
        "deputies.Deliberation": deliberation,
        "deputies.Opinion": deliberation.opinions.create(text="加快道路硬化。"),
        "deputies.DutyPointWeight": weight,
        "deputies.Post": post,
        "suggestions.Suggestion": own_item,
        "suggestions.HandlingUnit": unit,
        "suggestions.VoterOpinion": opinion,
        "suggestions.SupervisionNote": note,
        "livelihood.LivelihoodPlan": project.plan,
        "livelihood.Candidate": project.candidate,
        "livelihood.Vote": project.plan.votes.get(),
        "livelihood.Project": project,
        "livelihood.ProgressUpdate": update,
        "livelihood.Inspection": Inspection.objects.create(project=project, date=datetime.date(2022, 7, 1)),
        "livelihood.SatisfactionSurvey": SatisfactionSurvey.objects.create(
            project=project,
            date=datetime.date(2022, 12, 1),
            satisfied=50,
            basically_satisfied=5,
            unsatisfied=1,
        ),
        "congress.Account": Account.objects.get(pk=w.users[DEPUTY].pk),
        "auth.Group": Group.objects.get(name=Role.DEPUTY.value),
        "auth.User": w.users[DEPUTY],
        "axes.AccessAttempt": AccessAttempt.objects.create(
            username=f"{prefix}x", ip_address="10.0.0.1", user_agent="t", failures_since_start=1
        ),
        "axes.AccessLog": AccessLog.objects.create(
            username=f"{prefix}x", ip_address="10.0.0.1", user_agent="t"
        ),
        "axes.AccessFailureLog": AccessFailureLog.objects.create(
            username=f"{prefix}x", ip_address="10.0.0.1", user_agent="t", locked_out=False
        ),
    }
    return w


# ---- the table ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    key: str  # the URL pattern: its name, or its route when it has none
    url: Callable[[World], str]
    expect: dict[str, object]
    method: str = "get"
    data: dict | None = None
    label: str = ""  # when a pattern has several rows

    @property
    def name(self) -> str:
        return self.label or self.key


def url(name, *args, query=""):
    """A row's address: ``args`` are literals or callables of the world."""
    return lambda w: reverse(name, args=[a(w) if callable(a) else a for a in args]) + query


def pk(label):
    return lambda w: w[label].pk


def own(kind):
    return lambda w: w.own[kind].pk


SUGGESTION = own("suggestion")
OPINION = own("opinion")


def file_url(label, field):
    return lambda w: protected_media.url(w[label], field)


PORTAL_POST = {"data": {}, "method": "post"}

ROWS = [
    # the public site and signing in
    Row("home", url("home"), PUBLIC),
    Row("townships", url("townships"), PUBLIC),
    Row("login", url("login"), TO_SIGNED_IN_HOME),
    Row("logout", url("logout"), answers(R, R, R, R, R, R), method="post"),
    Row("password_change", url("password_change"), SIGNED_IN),
    Row("password_change_done", url("password_change_done"), SIGNED_IN),
    Row("set_language", url("set_language"), answers(R, R, R, R, R, R), "post", {"language": "zh-hans"}),
    Row("deputies:directory", url("deputies:directory"), PUBLIC),
    Row("deputies:detail", url("deputies:detail", pk("deputies.Deputy")), PUBLIC),
    Row("deputies:homes", url("deputies:homes"), PUBLIC),
    Row("deputies:code_svg", url("deputies:code_svg", pk("deputies.Deputy")), PUBLIC),  # holds only a URL
    Row("suggestions:public_results", url("suggestions:public_results"), PUBLIC),
    Row("posts:index", url("posts:index"), PUBLIC),
    Row("posts:detail", url("posts:detail", pk("deputies.Post")), PUBLIC),
    Row(
        "posts:detail",
        url("posts:detail", own("proposal")),
        answers(404, 200, 404, 200, 200, 200),  # not published: a preview for the presidium and its deputy
        label="posts:detail of a proposal",
    ),
    Row("posts:share_image", url("posts:share_image", pk("deputies.Post")), PUBLIC),
    Row("posts:qr_svg", url("posts:qr_svg", pk("deputies.Post")), PUBLIC),  # holds only a URL
    Row("posts:card", url("posts:card", pk("deputies.Post")), PUBLIC),
    Row("livelihood:index", url("livelihood:index"), PUBLIC),
    Row("livelihood:year", url("livelihood:year", 2022), PUBLIC),
    Row("livelihood:vote_result", url("livelihood:vote_result", 2022), PUBLIC),
    Row("livelihood:project", url("livelihood:project", pk("livelihood.Project")), PUBLIC),
    Row("opinions:new", url("opinions:new"), PUBLIC),
    Row("opinions:thanks", url("opinions:thanks"), answers(R, R, R, R, R, R)),  # without a code: to the form
    Row("opinions:lookup", url("opinions:lookup"), PUBLIC),
    # the portals
    Row("portal", url("portal"), answers(LOGIN, 200, 200, R, R, R)),  # admin users land in the admin
    Row("suggestions:notifications", url("suggestions:notifications"), SIGNED_IN),
    Row(
        "suggestions:notification_open",
        url("suggestions:notification_open", own("notice")),
        answers(LOGIN, R, 404, 404, 404, 404),  # the deputy's own notice: read, on to its page
    ),
    Row("deputies:my_record", url("deputies:my_record"), DEPUTY_ONLY),
    Row("deputies:log_reception", url("deputies:log_reception"), DEPUTY_ONLY),
    Row("deputies:my_code_card", url("deputies:my_code_card"), DEPUTY_ONLY),
    Row("posts:mine", url("posts:mine"), DEPUTY_ONLY),
    Row("posts:propose", url("posts:propose"), DEPUTY_ONLY),
    Row(
        "deputies:reply_to_invitation",
        url("deputies:reply_to_invitation", own("invitation")),
        answers(LOGIN, R, 404, 404, 404, 404),  # answered: back to the portal home
        "post",
        {"reply": "attending"},
    ),
    Row("suggestions:mine", url("suggestions:mine"), DEPUTY_ONLY),
    Row("suggestions:mine_detail", url("suggestions:mine_detail", SUGGESTION), DEPUTY_ONLY),
    Row("suggestions:evaluate", url("suggestions:evaluate", SUGGESTION), DEPUTY_ONLY),
    Row("opinions:mine", url("opinions:mine"), DEPUTY_ONLY),
    Row("opinions:mine_detail", url("opinions:mine_detail", OPINION), DEPUTY_ONLY),
    Row("opinions:answer", url("opinions:answer", OPINION), DEPUTY_ONLY, **PORTAL_POST),
    Row(
        "opinions:pass_to_staff",
        url("opinions:pass_to_staff", OPINION),
        answers(LOGIN, R, 404, 404, 404, 404),  # the note is optional: passed, back to the opinion
        **PORTAL_POST,
    ),
    Row("suggestions:unit_inbox", url("suggestions:unit_inbox"), UNIT_ONLY),
    Row("suggestions:unit_detail", url("suggestions:unit_detail", SUGGESTION), UNIT_ONLY),
    *(
        Row(
            f"suggestions:unit_{action}",
            url(f"suggestions:unit_{action}", SUGGESTION),
            UNIT_ONLY,
            **PORTAL_POST,
        )
        for action in ("contact", "reply", "opinion", "return")
    ),
    *(
        Row(
            "suggestions:unit_document",
            url("suggestions:unit_document", SUGGESTION, kind),
            UNIT_ONLY,
            label=f"suggestions:unit_document {kind}",
        )
        for kind in ("notice", "reply-letter")  # the unit's notice; as lead unit, its reply letter
    ),
    # files: for those who may read the record
    Row("suggestions:attachment", url("suggestions:attachment", own("attachment")), SIGNED_IN),
    Row("suggestions:reply_attachment", url("suggestions:reply_attachment", own("reply")), SIGNED_IN),
    Row("deputies:activity_document", url("deputies:activity_document", pk("deputies.Activity")), PRESIDIUM),
    # the same files through the protected-file route, which answers 404 rather than asking to sign in
    Row(
        "protected_file",
        lambda w: protected_media.url(w.own["attachment"], "file"),
        answers(404, 200, 200, 200, 200, 200),  # whoever may read the suggestion
        label="protected_file suggestions.SuggestionAttachment.file",
    ),
    Row(
        "protected_file",
        lambda w: protected_media.url(w.own["reply"], "attachment"),
        answers(404, 200, 200, 200, 200, 200),
        label="protected_file suggestions.Reply.attachment",
    ),
    Row(
        "protected_file",
        lambda w: protected_media.url(w["deputies.Activity"], "outcome_document"),
        answers(404, 404, 404, 200, 200, 200),  # the presidium
        label="protected_file deputies.Activity.outcome_document",
    ),
    Row(
        "protected_file",
        file_url("suggestions.VoterOpinion", "photo"),
        answers(404, 200, 404, 404, 200, 200),  # staff and the addressed deputy
        label="protected_file suggestions.VoterOpinion.photo",
    ),
    Row(
        "protected_file",
        lambda w: protected_media.url(w.own["evaluation"], "form_scan"),
        answers(404, 200, 404, 200, 200, 200),  # the presidium and the deputy whose form it is
        label="protected_file suggestions.Evaluation.form_scan",
    ),
    Row(
        "protected_file",
        lambda w: protected_media.url(w["deputies.Post"].photos.get(), "thumbnail"),
        PUBLIC,  # a published post's photos
        label="protected_file deputies.PostPhoto.thumbnail",
    ),
    Row(
        "protected_file",
        lambda w: protected_media.url(w.own["proposal"].photos.get(), "image"),
        answers(404, 200, 404, 200, 200, 200),  # a proposal's: the presidium and the deputy who sent it
        label="protected_file deputies.PostPhoto.image",
    ),
    # staff and presidium members, outside the admin
    Row("deputies:records", url("deputies:records"), PRESIDIUM),
    Row("deputies:code_card", url("deputies:code_card", pk("deputies.Deputy")), PRESIDIUM),
    Row("deputies:record", url("deputies:record", pk("deputies.Deputy"), 2022), PRESIDIUM),
    Row("deputies:records_export", url("deputies:records_export", 2022), PRESIDIUM),
    # the banner's staff only (their role is not a column: tests/suggestions/test_handdowns.py)
    Row("handdowns:follow", url("handdowns:follow"), BANNER_ONLY),
    Row("handdowns:new", url("handdowns:new"), BANNER_ONLY),
    Row("handdowns:new", url("handdowns:new"), BANNER_ONLY, "post", {}, label="handdowns:new POST"),
    Row("handdowns:detail", url("handdowns:detail", SUGGESTION), BANNER_ONLY),
    # the banner's comparison of the townships
    Row("banner:index", url("banner:index"), BANNER),
    Row("banner:export", url("banner:export", 2022), BANNER),
    Row(
        "banner:records",
        url(
            "banner:records",
            lambda w: Township.objects.get(pk=first_township_id()).slug,
            2022,
            "suggestions.collected",
        ),
        BANNER,
    ),
    # the admin's own pages
    Row("admin:index", url("admin:index"), ADMIN_VIEW),
    Row("admin:login", url("admin:login"), answers(200, 200, 200, R, R, R)),
    Row("admin:logout", url("admin:logout"), answers(R, R, R, R, R, R), method="post"),
    Row("admin:password_change", url("admin:password_change"), ADMIN_VIEW),
    Row("admin:password_change_done", url("admin:password_change_done"), ADMIN_VIEW),
    Row(
        "admin:autocomplete",
        url("admin:autocomplete", query="?app_label=deputies&model_name=dutyreport&field_name=deputy"),
        ADMIN_VIEW,
    ),
    Row(
        "admin:autocomplete",
        url("admin:autocomplete", query="?app_label=deputies&model_name=deputy&field_name=user"),
        ACCOUNTS_ONLY,  # a deputy's account is chosen among the accounts staff manage
        label="admin:autocomplete deputies.Deputy.user",
    ),
    Row(
        "admin:autocomplete",
        url("admin:autocomplete", query="?app_label=suggestions&model_name=handlingunit&field_name=users"),
        ACCOUNTS_ONLY,
        label="admin:autocomplete suggestions.HandlingUnit.users",
    ),
    Row("admin:jsi18n", url("admin:jsi18n"), ADMIN_VIEW),
    Row(
        "admin:view_on_site",
        lambda w: reverse(
            "admin:view_on_site",
            args=[ContentType.objects.get_for_model(w["deputies.Deputy"]).pk, w["deputies.Deputy"].pk],
        ),
        answers(LOGIN, LOGIN, LOGIN, R, R, R),
    ),
    *(
        Row("admin:app_list", url("admin:app_list", app), ADMIN_VIEW, label=f"admin:app_list {app}")
        for app in ("congress", "deputies", "suggestions", "livelihood")
    ),
    *(
        Row(
            "admin:app_list",
            url("admin:app_list", app),
            answers(LOGIN, LOGIN, LOGIN, 404, 404, 200),
            label=f"admin:app_list {app}",
        )
        for app in ("auth", "axes")
    ),
    Row("admin/(?P<url>.*)$", lambda w: "/admin/no-such-page/", answers(LOGIN, LOGIN, LOGIN, 404, 404, 404)),
    # the admin's custom pages
    Row(
        "admin:congress_reportdraft_preview",
        url("admin:congress_reportdraft_preview", pk("congress.ReportDraft")),
        ADMIN_VIEW,
    ),
    Row(
        "admin:congress_reportdraft_docx",
        url("admin:congress_reportdraft_docx", pk("congress.ReportDraft")),
        ADMIN_VIEW,
    ),
    Row(
        "admin:congress_reportdraft_refresh",
        url("admin:congress_reportdraft_refresh", pk("congress.ReportDraft")),
        ADMIN_CHANGE_POST,
        method="post",
    ),
    Row(
        "admin:congress_reportdraft_finalise",
        url("admin:congress_reportdraft_finalise", pk("congress.ReportDraft")),
        ADMIN_CHANGE,
    ),
    Row(
        "admin:congress_figure_records",
        url("admin:congress_figure_records", "suggestions.satisfaction_rate", 2022),
        ADMIN_VIEW,
    ),
    # the suggestions' printed documents: staff and presidium members
    *(
        Row(
            "admin:suggestions_suggestion_document",
            url("admin:suggestions_suggestion_document", SUGGESTION, kind),
            ADMIN_VIEW,
            label=f"admin:suggestions_suggestion_document {kind}",
        )
        for kind in ("notice", "evaluation-form", "reply-letter")
    ),
    Row(
        "admin:suggestions_suggestion_ledger_word",
        url("admin:suggestions_suggestion_ledger_word", query="?year=2022"),
        ADMIN_VIEW,
    ),
    Row("admin:deputies_deputy_import", url("admin:deputies_deputy_import"), ADMIN_CHANGE),
    Row(
        "admin:deputies_deputy_process_import",
        url("admin:deputies_deputy_process_import"),
        ADMIN_CHANGE,
        "post",
        {},
    ),
    Row("admin:deputies_deputy_export", url("admin:deputies_deputy_export"), ADMIN_VIEW),
    # The reception ledgers carry the voters' names and contacts: presidium staff only.
    Row("admin:deputies_reception_export", url("admin:deputies_reception_export"), ADMIN_CHANGE),
    Row("admin:deputies_receptionmatter_export", url("admin:deputies_receptionmatter_export"), ADMIN_CHANGE),
    Row("admin:suggestions_suggestion_import", url("admin:suggestions_suggestion_import"), ADMIN_CHANGE),
    Row(
        "admin:suggestions_suggestion_process_import",
        url("admin:suggestions_suggestion_process_import"),
        ADMIN_CHANGE,
        "post",
        {},
    ),
    Row("admin:suggestions_suggestion_export", url("admin:suggestions_suggestion_export"), ADMIN_VIEW),
    Row(
        "admin:suggestions_suggestion_transition",
        url("admin:suggestions_suggestion_transition", SUGGESTION, "close"),
        ADMIN_CHANGE,
    ),
    # the chair's supervision note on the item they supervise; another member's item answers 404
    Row(
        "admin:suggestions_suggestion_supervision_note",
        url("admin:suggestions_suggestion_supervision_note", SUGGESTION),
        ADMIN_VIEW,
    ),
    Row(
        "admin:suggestions_suggestion_on_behalf",
        url("admin:suggestions_suggestion_on_behalf", SUGGESTION, "evaluation"),  # 代录
        ADMIN_CHANGE,
    ),
    Row(
        "admin:suggestions_suggestion_from_matter",
        url("admin:suggestions_suggestion_from_matter", pk("deputies.ReceptionMatter")),
        ADMIN_CHANGE,
    ),
    Row(
        "admin:suggestions_suggestion_from_opinion",
        url("admin:suggestions_suggestion_from_opinion", pk("deputies.Opinion")),
        ADMIN_CHANGE,
    ),
    Row(
        "admin:suggestions_voteropinion_action",
        url("admin:suggestions_voteropinion_action", pk("suggestions.VoterOpinion"), "answer"),
        ADMIN_CHANGE,
    ),
    Row("admin:livelihood_candidate_import", url("admin:livelihood_candidate_import"), ADMIN_CHANGE),
    Row(
        "admin:livelihood_candidate_process_import",
        url("admin:livelihood_candidate_process_import"),
        ADMIN_CHANGE,
        "post",
        {},
    ),
    # the vote of the world is confirmed: confirming again leads back to it; correcting is adding
    Row(
        "admin:livelihood_vote_confirm",
        url("admin:livelihood_vote_confirm", pk("livelihood.Vote")),
        ADMIN_CHANGE_POST,
    ),
    Row(
        "admin:livelihood_vote_correct",
        url("admin:livelihood_vote_correct", pk("livelihood.Vote")),
        ADMIN_CHANGE,
    ),
    # no tie in the world's vote: no run-off to open, back to the vote
    Row(
        "admin:livelihood_vote_runoff",
        url("admin:livelihood_vote_runoff", pk("livelihood.Vote")),
        ADMIN_CHANGE_POST,
    ),
    Row(
        "admin:livelihood_project_status",
        url("admin:livelihood_project_status", pk("livelihood.Project")),
        ADMIN_CHANGE,
    ),
    Row(
        "admin:auth_user_password_change",
        url("admin:auth_user_password_change", pk("auth.User")),
        SUPERUSER_ONLY,
    ),
]


# ---- the admin's standard pages, per registered model -----------------------------------------

DOMAIN = "domain"  # presidium staff change, members view (congress.roles.ADMIN_ACTIONS)
OPERATIONS = "operations"  # accounts and sign-in records: superusers only
ACCOUNTS = "accounts"  # 账号: deputies' and units' accounts, managed by presidium staff (not members)

# Every registered model, who may change it, and where its pages answer otherwise (page → answers).
ADMIN_MODELS = {
    "congress.TownshipProfile": (
        DOMAIN,
        {"add": NOBODY, "delete": NOBODY},  # one profile, never deleted
    ),
    "congress.Township": (OPERATIONS, {"delete": NOBODY}),  # every record names its township: never deleted
    "congress.Term": (DOMAIN, {}),
    "congress.Session": (DOMAIN, {}),
    "congress.ReportDraft": (DOMAIN, {}),
    "congress.WorkCalendarDay": (DOMAIN, {}),
    "deputies.Constituency": (DOMAIN, {}),
    "deputies.Deputy": (DOMAIN, {}),
    "deputies.PresidiumMembership": (DOMAIN, {}),
    "deputies.PresidiumContact": (DOMAIN, {}),
    "deputies.VoterContact": (DOMAIN, {}),
    "deputies.DeputiesHome": (DOMAIN, {}),
    "deputies.Reception": (DOMAIN, {}),
    "deputies.ReceptionMatter": (DOMAIN, {}),
    "deputies.DutyReport": (DOMAIN, {}),
    "deputies.Activity": (DOMAIN, {}),
    "deputies.Deliberation": (DOMAIN, {}),
    "deputies.DutyPointWeight": (DOMAIN, {}),
    "deputies.Post": (DOMAIN, {}),
    "suggestions.Suggestion": (DOMAIN, {}),
    "suggestions.HandlingUnit": (DOMAIN, {}),
    "suggestions.VoterOpinion": (DOMAIN, {}),
    "suggestions.SupervisionNote": (DOMAIN, {"add": NOBODY}),  # written on the item's page
    "livelihood.LivelihoodPlan": (DOMAIN, {}),
    "livelihood.Candidate": (DOMAIN, {}),
    "livelihood.Vote": (DOMAIN, {"delete": NOBODY}),  # confirmed: locked
    "livelihood.Project": (DOMAIN, {"add": NOBODY}),  # opened by confirming the vote
    "livelihood.ProgressUpdate": (DOMAIN, {}),
    "livelihood.Inspection": (DOMAIN, {}),
    "livelihood.SatisfactionSurvey": (DOMAIN, {}),
    "congress.Account": (ACCOUNTS, {"delete": NOBODY}),  # disabled, never deleted: records stay linked
    "auth.Group": (OPERATIONS, {}),
    "auth.User": (OPERATIONS, {}),
    "axes.AccessAttempt": (OPERATIONS, {"add": NOBODY}),
    "axes.AccessLog": (OPERATIONS, {"add": NOBODY}),
    "axes.AccessFailureLog": (OPERATIONS, {"add": NOBODY}),
}


def short_link(prefix, label):
    return lambda w: reverse(f"{prefix}_change", args=[w[label].pk]).removesuffix("change/")


def admin_rows() -> list[Row]:
    rows = []
    for model, model_admin in admin.site._registry.items():
        label = model._meta.label
        if label not in ADMIN_MODELS:
            continue  # reported by test_every_registered_model_is_in_the_table
        access, overrides = ADMIN_MODELS[label]
        see, change = {
            DOMAIN: (ADMIN_VIEW, ADMIN_CHANGE),
            ACCOUNTS: (ACCOUNTS_ONLY, ACCOUNTS_ONLY),
            OPERATIONS: (SUPERUSER_ONLY, SUPERUSER_ONLY),
        }[access]
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        record = pk(label)
        pages = {
            "changelist": (url(f"{prefix}_changelist"), see),
            "add": (url(f"{prefix}_add"), change),
            "change": (url(f"{prefix}_change", record), see),
            "delete": (url(f"{prefix}_delete", record), change),
            "history": (url(f"{prefix}_history", record), see),
        }
        if isinstance(model_admin, SimpleHistoryAdmin):
            pages["simple_history"] = (
                lambda w, label=label, prefix=prefix: reverse(
                    f"{prefix}_simple_history",
                    args=[w[label].pk, type(w[label]).history.filter(id=w[label].pk).earliest().history_id],
                ),
                see,
            )
        for page, (address, expect) in pages.items():
            rows.append(Row(f"{prefix}_{page}", address, overrides.get(page, expect)))
        # /admin/<app>/<model>/<pk>/: the short link to the change page
        route = f"admin/{model._meta.app_label}/{model._meta.model_name}/<path:object_id>/"
        rows.append(
            Row(
                route,
                short_link(prefix, label),
                answers(LOGIN, LOGIN, LOGIN, R, R, R),
                label=f"{prefix} link",
            )
        )
    return rows


ALL_ROWS = ROWS + admin_rows()
# Only with DJANGO_DEBUG (runserver serves uploads itself; production serves none of /media/).
DEBUG_ONLY = {f"^{settings.MEDIA_URL.lstrip('/')}(?P<path>.*)$"}


# ---- running the table --------------------------------------------------------------------


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("media")
    with (
        django_db_blocker.unblock(),
        override_settings(PAGE_CACHE=False, MEDIA_ROOT=media),
        transaction.atomic(),
    ):
        yield build_world()
        transaction.set_rollback(True)


def ask(client, world, row: Row, address: str, role: str):
    user = world.users[role]
    if user is not None:
        client.force_login(user)
    if row.method == "post":
        return client.post(address, row.data or {})
    return client.get(address)


def answer_of(response) -> object:
    if response.status_code in (301, 302, 303, 307, 308):
        target = response["Location"]
        sign_in = (reverse(settings.LOGIN_URL), reverse("admin:login"))
        return LOGIN if target.startswith(sign_in) else REDIRECT
    return response.status_code


CASES = [pytest.param(row, role, id=f"{role} x {row.name}") for row in ALL_ROWS for role in ROLES]


@pytest.mark.parametrize(("row", "role"), CASES)
def test_each_role_gets_the_answer_the_table_gives(client, world, row, role):
    address = row.url(world)
    got = answer_of(ask(client, world, row, address, role))
    assert got == row.expect[role], f"{role} × {row.name} ({row.method.upper()} {address}): got {got}"


# ---- the table is complete ---------------------------------------------------------------------


def url_patterns(resolver=None, prefix="", namespace=""):
    """(key, route) of every URL pattern: the key is the pattern's name, or its route when unnamed."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from url_patterns(entry, route, inner)
        elif isinstance(entry, URLPattern):
            yield (f"{namespace}{entry.name}" if entry.name else route), route


def test_every_url_pattern_is_in_the_table():
    listed = {row.key for row in ALL_ROWS}
    missing = sorted(f"{key}  ({route})" for key, route in url_patterns() if key not in listed | DEBUG_ONLY)
    assert not missing, "URL patterns the permission matrix does not list (add a row):\n" + "\n".join(missing)


def test_every_row_is_a_url_pattern():
    existing = {key for key, _route in url_patterns()}
    stale = sorted({row.key for row in ALL_ROWS} - existing)
    assert not stale, f"Rows for URL patterns that no longer exist: {stale}"


def test_every_registered_model_is_in_the_table():
    registered = {model._meta.label for model in admin.site._registry}
    assert registered == set(ADMIN_MODELS), {
        "registered, not in ADMIN_MODELS": sorted(registered - set(ADMIN_MODELS)),
        "in ADMIN_MODELS, not registered": sorted(set(ADMIN_MODELS) - registered),
    }


def test_every_protected_file_is_in_the_table():
    rows = {row.label for row in ROWS if row.key == "protected_file"}
    registered = {f"protected_file {e.model._meta.label}.{e.field}" for e in protected_media.registered()}
    assert registered == rows


# ---- writes the admin must refuse ----------------------------------------------------------------


HISTORY_ADMINS = sorted(
    label
    for model, model_admin in admin.site._registry.items()
    if isinstance(model_admin, SimpleHistoryAdmin)
    and (label := model._meta.label) in ADMIN_MODELS
    and ADMIN_MODELS[label][0] != OPERATIONS  # members never see the superusers' own admins
)


@pytest.mark.parametrize("label", HISTORY_ADMINS)
def test_view_only_members_cannot_revert_a_record_to_an_old_version(client, world, label):
    """simple_history's revert page saves what is posted: only those who may change the record may post."""
    record = world[label]
    model = type(record)
    first = model.history.filter(id=record.pk).earliest()
    address = reverse(
        f"admin:{model._meta.app_label}_{model._meta.model_name}_simple_history",
        args=[record.pk, first.history_id],
    )
    client.force_login(world.users[MEMBER])
    page = client.get(address)
    assert page.status_code == 200
    data = {name: value for name, value in _form_values(page).items()}
    before = model.history.filter(id=record.pk).count()
    assert client.post(address, data).status_code == 403
    assert model.history.filter(id=record.pk).count() == before


def test_staff_cannot_revert_a_confirmed_vote(client, world):
    vote = world["livelihood.Vote"]
    draft = vote.history.filter(state="draft").earliest()
    address = reverse("admin:livelihood_vote_simple_history", args=[vote.pk, draft.history_id])
    client.force_login(world.users[STAFF])
    assert client.post(address, _form_values(client.get(address))).status_code == 403
    vote.refresh_from_db()
    assert vote.state == "confirmed"


def _form_values(response) -> dict:
    from .forms import form_data

    return form_data(response.context["adminform"].form)


# ---- object-level reach: guessing another's id answers 404 -------------------------------------


def other(kind):
    return lambda w: w.others[kind].pk


# (URL name, role, address of another deputy's or unit's record, method)
OTHERS_RECORDS = [
    ("suggestions:mine_detail", DEPUTY, url("suggestions:mine_detail", other("suggestion")), "get"),
    ("suggestions:evaluate", DEPUTY, url("suggestions:evaluate", other("suggestion")), "get"),
    ("suggestions:attachment", DEPUTY, url("suggestions:attachment", other("attachment")), "get"),
    ("suggestions:reply_attachment", DEPUTY, url("suggestions:reply_attachment", other("reply")), "get"),
    ("opinions:mine_detail", DEPUTY, url("opinions:mine_detail", other("opinion")), "get"),
    (
        "deputies:reply_to_invitation",
        DEPUTY,
        url("deputies:reply_to_invitation", other("invitation")),
        "post",
    ),
    ("opinions:answer", DEPUTY, url("opinions:answer", other("opinion")), "post"),
    ("opinions:pass_to_staff", DEPUTY, url("opinions:pass_to_staff", other("opinion")), "post"),
    ("protected_file", DEPUTY, lambda w: protected_media.url(w.others["opinion"], "photo"), "get"),
    ("protected_file", DEPUTY, lambda w: protected_media.url(w.others["evaluation"], "form_scan"), "get"),
    ("posts:detail", DEPUTY, url("posts:detail", other("proposal")), "get"),
    (
        "protected_file",
        DEPUTY,
        lambda w: protected_media.url(w.others["proposal"].photos.get(), "image"),
        "get",
    ),
    ("suggestions:notification_open", DEPUTY, url("suggestions:notification_open", other("notice")), "get"),
    ("suggestions:unit_detail", UNIT, url("suggestions:unit_detail", other("suggestion")), "get"),
    *(
        (f"suggestions:unit_{action}", UNIT, url(f"suggestions:unit_{action}", other("suggestion")), "post")
        for action in ("contact", "reply", "opinion", "return")
    ),
    ("suggestions:attachment", UNIT, url("suggestions:attachment", other("attachment")), "get"),
    ("suggestions:reply_attachment", UNIT, url("suggestions:reply_attachment", other("reply")), "get"),
    ("protected_file", DEPUTY, lambda w: protected_media.url(w.others["attachment"], "file"), "get"),
    ("protected_file", DEPUTY, lambda w: protected_media.url(w.others["reply"], "attachment"), "get"),
    ("protected_file", UNIT, lambda w: protected_media.url(w.others["attachment"], "file"), "get"),
    ("protected_file", UNIT, lambda w: protected_media.url(w.others["reply"], "attachment"), "get"),
    *(
        (
            "suggestions:unit_document",
            UNIT,
            url("suggestions:unit_document", other("suggestion"), kind),
            "get",
        )
        for kind in ("notice", "reply-letter")
    ),
]


@pytest.mark.parametrize(
    ("name", "role", "address", "method"),
    [pytest.param(*case, id=f"{case[1]} x {case[0]}") for case in OTHERS_RECORDS],
)
def test_another_deputys_or_units_record_answers_404(client, world, name, role, address, method):
    client.force_login(world.users[role])
    response = getattr(client, method)(address(world))
    assert response.status_code == 404


def test_every_portal_view_taking_an_id_is_checked_against_guessing():
    """A portal row with an id that a deputy or a unit may open must have its guessing case above."""
    checked = {(name, role) for name, role, _address, _method in OTHERS_RECORDS}
    routes = dict(url_patterns())
    needed = {
        (row.key, role)
        for row in ROWS
        if "<int:pk>" in routes.get(row.key, "") and row.expect[ANONYMOUS] != 200
        for role in (DEPUTY, UNIT)
        if row.expect[role] == 200
    }
    assert needed <= checked, f"add to OTHERS_RECORDS: {sorted(needed - checked)}"


# ---- the admin actions that open, reset and disable accounts ---------------------------------------

ACTION_TEMPLATES = {
    "open_accounts": "admin/congress/account/open_confirm.html",
    "reset_passwords": "admin/congress/account/reset_confirm.html",
}
RAN, REFUSED = "ran", "refused"

# (changelist, action, the selected record) → who may take it. Each is asked without its final
# confirmation (no "apply"): staff see the confirmation page; disabling takes effect at once.
ACCOUNT_ACTIONS = [
    ("admin:deputies_deputy_changelist", "open_accounts", lambda w: w["deputies.Deputy"]),
    ("admin:suggestions_handlingunit_changelist", "open_accounts", lambda w: w["suggestions.HandlingUnit"]),
    ("admin:congress_account_changelist", "reset_passwords", lambda w: w["congress.Account"]),
    ("admin:congress_account_changelist", "disable_accounts", lambda w: w["congress.Account"]),
    ("admin:congress_account_changelist", "enable_accounts", lambda w: w["congress.Account"]),
]
ACTION_ANSWERS = answers(LOGIN, LOGIN, LOGIN, REFUSED, RAN, RAN)


@pytest.mark.parametrize(
    ("changelist", "action", "record", "role"),
    [
        pytest.param(*case, role, id=f"{role} x {case[0]} {case[1]}")
        for case in ACCOUNT_ACTIONS
        for role in ROLES
    ],
)
def test_each_role_may_take_the_account_actions_the_table_gives(
    client, world, changelist, action, record, role
):
    user = world.users[role]
    if user is not None:
        client.force_login(user)
    response = client.post(reverse(changelist), {"action": action, "_selected_action": [record(world).pk]})
    if response.status_code in (301, 302) and response["Location"].startswith(reverse("admin:login")):
        got = LOGIN
    elif action in ACTION_TEMPLATES:
        templates = [t.name for t in getattr(response, "templates", [])]
        got = RAN if ACTION_TEMPLATES[action] in templates else REFUSED
    else:
        account = Account.objects.get(pk=record(world).pk)
        ran = not account.is_active if action == "disable_accounts" else response.status_code == 302
        got = RAN if ran and response.status_code == 302 else REFUSED
    assert got == ACTION_ANSWERS[role], (
        f"{role} × {action} on {changelist}: got {got} ({response.status_code})"
    )


# ---- printing a selection: the actions that answer a Word file ----------------------------------
# Who may run each admin action is tests/security/test_admin_actions_matrix.py; here, that the
# printing actions answer the file itself to everyone who may run them.


@pytest.mark.parametrize("action", ["print_notices", "print_evaluation_forms"])
@pytest.mark.parametrize("role", [MEMBER, STAFF])
def test_printing_a_selection_answers_a_word_file(client, world, action, role):
    record = world["suggestions.Suggestion"]
    client.force_login(world.users[role])
    response = client.post(
        reverse("admin:suggestions_suggestion_changelist"),
        {"action": action, "_selected_action": [record.pk], "index": 0},
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
