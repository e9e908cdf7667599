"""Links one app adds to another's admin pages (congress.admin_links): suggestions' "turn into a suggestion"."""

import datetime

import pytest
from django.urls import reverse

from congress import admin_links
from deputies.models import Reception, ReceptionMatter
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_reception_matter_links_to_turning_it_into_a_suggestion_for_staff_only(term):
    reception = Reception.objects.create(term=term, date=datetime.date(2022, 5, 1))
    matter = ReceptionMatter.objects.create(reception=reception, summary="道路坑洼")
    staff = UserFactory(username="staff", role="presidium_staff")
    member = UserFactory(username="member", role="presidium_member")
    url = reverse("admin:suggestions_suggestion_from_matter", args=[matter.pk])
    assert admin_links.links_for(matter, staff) == [("转为代表建议", url)]
    assert admin_links.links_for(matter, member) == []
    assert f'href="{url}"' in admin_links.links_html(matter, staff)
