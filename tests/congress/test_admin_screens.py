"""The admin's pages carry what a phone needs to show them as cards, and every page names its icon."""

import pytest
from django.urls import reverse

from tests.deputies.factories import ActivityFactory, AttendanceFactory
from tests.factories import DeputyFactory

pytestmark = pytest.mark.django_db


def test_each_list_cell_names_its_column_for_a_phone(staff_client, term):
    DeputyFactory(term=term, name="斯琴高娃")
    html = staff_client.get(reverse("admin:deputies_deputy_changelist")).content.decode()
    assert 'data-label="性别"' in html and 'data-label="届"' in html
    assert '<td class="action-checkbox"' in html  # the checkbox column has no label


def test_attendance_is_marked_with_toggles_and_every_input_has_a_label(staff_client, term):
    attendance = AttendanceFactory(activity=ActivityFactory(term=term), deputy=DeputyFactory(term=term))
    html = staff_client.get(
        reverse("admin:deputies_activity_change", args=[attendance.activity_id])
    ).content.decode()
    assert 'type="radio" name="attendances-0-status" value="absent"' in html
    assert '<label class="inline-field-label" for="id_attendances-0-absence_reason">' in html
    assert '<label class="inline-field-label" for="id_attendances-0-DELETE">' in html


@pytest.mark.parametrize("url", ["/", "/admin/login/"])
def test_every_page_names_the_platforms_icon(client, township, url):
    assert 'rel="icon" href="/static/favicon.svg"' in client.get(url).content.decode()
