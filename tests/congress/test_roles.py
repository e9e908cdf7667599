"""Each role reaches exactly what domain.md §3 gives it."""

import pytest
from django.urls import reverse

from tests.factories import DeputyFactory, UserFactory

pytestmark = pytest.mark.django_db

DEPUTY_ADD = reverse("admin:deputies_deputy_add")
DEPUTY_LIST = reverse("admin:deputies_deputy_changelist")


def test_the_four_role_groups_exist_after_migrate():
    from django.contrib.auth.models import Group

    assert set(Group.objects.values_list("name", flat=True)) >= {
        "presidium_staff",
        "presidium_member",
        "deputy",
        "handling_unit",
    }


def test_presidium_staff_may_add_and_change_deputies(client):
    staff = UserFactory(role="presidium_staff")
    deputy = DeputyFactory()
    client.force_login(staff)
    assert client.get(DEPUTY_ADD).status_code == 200
    assert client.get(reverse("admin:deputies_deputy_change", args=[deputy.pk])).status_code == 200
    assert staff.has_perm("suggestions.add_suggestion") or not _app_has_models("suggestions")


def test_presidium_members_may_view_but_not_change(client):
    member = UserFactory(role="presidium_member")
    deputy = DeputyFactory(name="查看对象")
    client.force_login(member)
    assert client.get(DEPUTY_LIST).status_code == 200
    assert client.get(DEPUTY_ADD).status_code == 403
    response = client.post(reverse("admin:deputies_deputy_change", args=[deputy.pk]), {"name": "改名"})
    assert response.status_code == 403
    deputy.refresh_from_db()
    assert deputy.name == "查看对象"


@pytest.mark.parametrize("role", ["deputy", "handling_unit"])
def test_deputies_and_units_never_enter_the_admin(client, role):
    user = UserFactory(role=role)
    client.force_login(user)
    response = client.get(DEPUTY_LIST)
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]
    assert not user.is_staff


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(DEPUTY_LIST)
    assert response.status_code == 302


def _app_has_models(label):
    from django.apps import apps

    return bool(list(apps.get_app_config(label).get_models()))
