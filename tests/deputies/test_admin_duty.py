"""Staff record duty work fast in the admin: defaults, invite all, attendance in one list, confirm, export."""

import datetime
from unittest import mock

import pytest
from django.urls import reverse

from deputies.models import Activity, Attendance, AttendanceStatus, DeputyStatus, Outcome, Reception
from tests.factories import DeputyFactory
from tests.spreadsheets import sheet_of

from .factories import ActivityFactory, DeputiesHomeFactory, ReceptionFactory, ReceptionMatterFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def change_url(activity):
    return reverse("admin:deputies_activity_change", args=[activity.pk])


def test_invite_all_action_invites_every_deputy_in_office_on_the_activity_date(staff_client, term):
    in_office = DeputyFactory.create_batch(3, term=term)
    DeputyFactory(term=term, status=DeputyStatus.RESIGNED, left_office=D(2022, 3, 1))
    activity = ActivityFactory(term=term, start_date=D(2022, 4, 12))
    Attendance.objects.create(activity=activity, deputy=in_office[0], status=AttendanceStatus.PRESENT)

    response = staff_client.post(
        reverse("admin:deputies_activity_changelist"),
        {"action": "invite_all", "_selected_action": [activity.pk]},
        follow=True,
    )

    assert response.status_code == 200
    statuses = dict(activity.attendances.values_list("deputy__name", "status"))
    assert statuses == {
        in_office[0].name: AttendanceStatus.PRESENT,  # already on the list: kept as it was
        in_office[1].name: AttendanceStatus.INVITED,
        in_office[2].name: AttendanceStatus.INVITED,
    }
    assert "2" in str(list(response.context["messages"])[0])


def test_invite_all_keeps_each_deputy_once_when_run_twice(staff_client, term):
    DeputyFactory.create_batch(2, term=term)
    activity = ActivityFactory(term=term)
    for _ in range(2):
        staff_client.post(
            reverse("admin:deputies_activity_changelist"),
            {"action": "invite_all", "_selected_action": [activity.pk]},
        )
    assert activity.attendances.count() == 2


def activity_form(activity, attendances, **extra):
    """The change form's POST: the activity's fields and the attendance inline rows."""
    data = {
        "term": activity.term_id,
        "kind": activity.kind,
        "title": activity.title,
        "start_date": activity.start_date.isoformat(),
        "end_date": "",
        "destination": "巴彦淖尔市五原县",
        "organizer": "",
        "description": "",
        "outcome_summary": "",
        "seen_version": activity.version,  # the version the page showed (no lost updates)
        "attendances-TOTAL_FORMS": len(attendances),
        "attendances-INITIAL_FORMS": len(attendances),
        "attendances-MIN_NUM_FORMS": 0,
        "attendances-MAX_NUM_FORMS": 1000,
    }
    for index, (attendance, status, reason) in enumerate(attendances):
        data.update(
            {
                f"attendances-{index}-id": attendance.pk,
                f"attendances-{index}-activity": activity.pk,
                f"attendances-{index}-deputy": attendance.deputy_id,
                f"attendances-{index}-status": status,
                f"attendances-{index}-absence_reason": reason,
                f"attendances-{index}-seen_version": attendance.version,
            }
        )
    data.update(extra)
    return data


def test_the_save_and_invite_all_button_saves_and_fills_the_list(staff_client, term):
    DeputyFactory.create_batch(4, term=term)
    activity = ActivityFactory(term=term)
    response = staff_client.post(change_url(activity), activity_form(activity, [], _invite_all="1"))
    assert response.status_code == 302
    assert response["Location"] == change_url(activity)
    assert activity.attendances.filter(status=AttendanceStatus.INVITED).count() == 4
    assert Activity.objects.get(pk=activity.pk).destination == "巴彦淖尔市五原县"


def test_attendance_is_marked_in_one_inline_list(staff_client, term):
    deputies = DeputyFactory.create_batch(3, term=term)
    activity = ActivityFactory(term=term)
    rows = [Attendance.objects.create(activity=activity, deputy=d) for d in deputies]

    response = staff_client.post(
        change_url(activity),
        activity_form(
            activity,
            [
                (rows[0], AttendanceStatus.PRESENT, ""),
                (rows[1], AttendanceStatus.ABSENT, "春季接羔"),
                (rows[2], AttendanceStatus.PRESENT, ""),
            ],
        ),
    )

    assert response.status_code == 302
    assert dict(activity.attendances.values_list("deputy_id", "status")) == {
        deputies[0].pk: "present",
        deputies[1].pk: "absent",
        deputies[2].pk: "present",
    }
    assert activity.attendances.get(deputy=deputies[1]).absence_reason == "春季接羔"


def test_mark_everyone_not_yet_marked_present_leaves_absences(staff_client, term):
    deputies = DeputyFactory.create_batch(3, term=term)
    activity = ActivityFactory(term=term)
    Attendance.objects.create(
        activity=activity, deputy=deputies[0], status="absent", absence_reason="外出务工"
    )
    Attendance.objects.create(activity=activity, deputy=deputies[1])
    Attendance.objects.create(activity=activity, deputy=deputies[2])
    staff_client.post(
        reverse("admin:deputies_activity_changelist"),
        {"action": "mark_invited_present", "_selected_action": [activity.pk]},
    )
    assert sorted(activity.attendances.values_list("status", flat=True)) == ["absent", "present", "present"]


def test_a_deputy_appears_once_on_an_activity_s_list(staff_client, term):
    deputy = DeputyFactory(term=term)
    activity = ActivityFactory(term=term)
    data = activity_form(activity, [])
    data.update({"attendances-TOTAL_FORMS": 2, "attendances-INITIAL_FORMS": 0})
    for index in range(2):
        data.update({f"attendances-{index}-deputy": deputy.pk, f"attendances-{index}-status": "present"})
    response = staff_client.post(change_url(activity), data)
    assert response.status_code == 200  # the form comes back with the error
    assert activity.attendances.count() == 0


def test_a_new_reception_defaults_to_today_in_shanghai_the_current_term_and_the_home(staff_client, term):
    home = DeputiesHomeFactory()
    # 16:30 UTC on 31 December is already 1 January in Asia/Shanghai.
    late = datetime.datetime(2022, 12, 31, 16, 30, tzinfo=datetime.UTC)
    with mock.patch("django.utils.timezone.now", return_value=late):
        response = staff_client.get(reverse("admin:deputies_reception_add"))
    initial = response.context["adminform"].form.initial
    assert initial["date"] == D(2023, 1, 1)
    assert initial["term"] == term.pk
    assert initial["home"] == home.pk


def test_staff_add_a_reception_with_a_matter_in_one_form(staff_client, term):
    deputy = DeputyFactory(term=term)
    data = {
        "term": term.pk,
        "home": "",
        "date": "2022-05-10",
        "place": "代表之家",
        "deputies": [deputy.pk],
        "visitors": 7,
        "confirmed": "on",
        "notes": "",
        "matters-TOTAL_FORMS": 1,
        "matters-INITIAL_FORMS": 0,
        "matters-MIN_NUM_FORMS": 0,
        "matters-MAX_NUM_FORMS": 1000,
        "matters-0-summary": "巷道积水",
        "matters-0-category": "infrastructure",
        "matters-0-voter_name": "",
        "matters-0-voter_contact": "",
        "matters-0-outcome": Outcome.PASSED_TO_UNIT,
        "matters-0-outcome_note": "转镇规划建设办",
    }
    response = staff_client.post(reverse("admin:deputies_reception_add"), data)
    assert response.status_code == 302
    reception = Reception.objects.get()
    assert list(reception.deputies.all()) == [deputy]
    assert reception.matters.get().outcome == Outcome.PASSED_TO_UNIT


def test_the_confirm_action_confirms_portal_receptions(staff_client, term):
    logged = ReceptionFactory(term=term, confirmed=False)
    response = staff_client.post(
        reverse("admin:deputies_reception_changelist"), {"action": "confirm", "_selected_action": [logged.pk]}
    )
    assert response.status_code == 302
    logged.refresh_from_db()
    assert logged.confirmed
    assert logged.history.count() == 2  # the confirmation is kept in history


def test_presidium_members_cannot_confirm_receptions(client, term):
    from tests.factories import UserFactory

    client.force_login(UserFactory(username="member", role="presidium_member"))
    logged = ReceptionFactory(term=term, confirmed=False)
    client.post(
        reverse("admin:deputies_reception_changelist"), {"action": "confirm", "_selected_action": [logged.pk]}
    )
    logged.refresh_from_db()
    assert not logged.confirmed


def export(client, admin_name):
    response = client.post(
        reverse(f"admin:deputies_{admin_name}_export"), {"format": "0", "resource": "0", "export_items": []}
    )
    assert response.status_code == 200, response.content[:500]
    return sheet_of(response.content)


def test_the_reception_ledger_exports_with_chinese_headers_and_the_voters_contacts(staff_client, term):
    deputy = DeputyFactory(term=term, name="乌云")
    reception = ReceptionFactory(term=term, deputies=[deputy], visitors=8)
    ReceptionMatterFactory(reception=reception, summary="巷道积水", voter_contact="13947700001")
    sheet = export(staff_client, "reception")
    headers = [cell.value for cell in sheet[1]]
    assert headers[:5] == ["接待日期", "接待地点", "代表之家/联络站", "值班代表", "接待人次"]
    row = dict(zip(headers, [cell.value for cell in sheet[2]], strict=True))
    assert row["值班代表"] == "乌云"
    assert row["接待人次"] == 8
    assert "巷道积水" in row["反映问题"]
    assert "13947700001" in row["选民及联系方式"]


def test_the_outcome_document_is_linked_through_the_permission_checked_view(
    staff_client, term, settings, tmp_path
):
    from django.core.files.base import ContentFile

    settings.MEDIA_ROOT = tmp_path
    activity = ActivityFactory(term=term, title="赴磴口县调研")
    activity.outcome_document.save("报告.pdf", ContentFile(b"%PDF-1.4 test"))
    page = staff_client.get(change_url(activity)).content.decode()
    download = reverse("deputies:activity_document", args=[activity.pk])
    assert download in page
    assert settings.MEDIA_URL + activity.outcome_document.name not in page
    response = staff_client.get(download)
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_the_outcome_document_is_not_served_to_the_public(client, term, settings, tmp_path):
    from django.core.files.base import ContentFile

    settings.MEDIA_ROOT = tmp_path
    activity = ActivityFactory(term=term)
    activity.outcome_document.save("报告.pdf", ContentFile(b"%PDF-1.4 test"))
    response = client.get(reverse("deputies:activity_document", args=[activity.pk]))
    assert response.status_code == 302  # sign in first
