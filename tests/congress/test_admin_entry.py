"""Fast entry in the admin: wherever staff choose a deputy, a handling unit or an account, they type to find it.

A plain <select> of a thousand deputies (a banner's townships over ten years) is slow to load and
impossible to use with the keyboard; the admin's autocomplete (select2, vendored with Django) is
neither. Accounts that record who did something are filled in by the platform, not chosen.
"""

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model

from deputies.models import Deputy
from suggestions.models import HandlingUnit

CHOSEN = {Deputy, HandlingUnit, get_user_model()}


def admin_forms():
    for model, model_admin in admin.site._registry.items():
        yield type(model_admin).__name__, model, model_admin
        for inline in model_admin.inlines:
            yield f"{type(model_admin).__name__} › {inline.__name__}", inline.model, inline(model, admin.site)


def plain_choosers(model, model_admin):
    """Fields choosing a deputy, unit or account that the form shows as a plain select."""
    shown = model_admin.fields
    for field in model._meta.get_fields():
        if (
            not (field.many_to_one or field.many_to_many)
            or field.auto_created
            or field.related_model not in CHOSEN
        ):
            continue
        if not field.editable or field.name in (model_admin.exclude or ()):
            continue
        if shown is not None and field.name not in shown:
            continue
        if field.name in (*model_admin.autocomplete_fields, *model_admin.raw_id_fields):
            continue
        if (
            isinstance(model_admin.readonly_fields, (list, tuple))
            and field.name in model_admin.readonly_fields
        ):
            continue
        yield field.name


@pytest.mark.parametrize("form", list(admin_forms()), ids=lambda form: form[0])
def test_every_deputy_unit_or_account_is_chosen_by_typing(form):
    label, model, model_admin = form
    assert list(plain_choosers(model, model_admin)) == [], f"{label}: use autocomplete_fields"


@pytest.mark.django_db
def test_attendance_rows_choose_a_deputy_without_add_or_edit_icons_between_the_fields(staff_client, term):
    """Tabbing through a list of 60 deputies' attendance meets each row's fields, not four icons a row."""
    from django.urls import reverse

    from deputies.models import AttendanceStatus
    from tests.deputies.factories import ActivityFactory, AttendanceFactory
    from tests.factories import DeputyFactory

    activity = ActivityFactory(term=term)
    AttendanceFactory(activity=activity, deputy=DeputyFactory(term=term), status=AttendanceStatus.INVITED)
    page = staff_client.get(reverse("admin:deputies_activity_change", args=[activity.pk])).content.decode()
    assert 'name="attendances-0-deputy"' in page
    assert 'id="change_id_attendances-0-deputy"' not in page
    assert 'id="add_id_attendances-0-deputy"' not in page
    assert 'id="add_id_term"' in page  # the activity's own choosers keep theirs
