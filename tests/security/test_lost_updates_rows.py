"""No lost updates in the rows edited inside a page (inline rows, list rows) or in the annual report.

Two staff sessions each open a page, change something and save, the second
from a stale copy. It answered "成功修改" and the first's change was gone:
(a) the report draft's sections — a browser sends every textarea back, with
CR LF line breaks, so every multi-line section counted as changed and the
stale copy's text of section 1 replaced the first editor's; (b) an activity's
attendance rows; (c) a deputy's voter-contact rows.

Now every row edited in a page carries its version as the record's own fields
do (``congress.concurrency``): the later save of a row changed meanwhile is
refused, naming who changed it and what, the input kept; a row the second
editor did not touch is not written at all. ``test_every_inline_row_is_refused_when_stale``
runs that for every inline of every admin (discovered); a new inline without
the version fails ``test_every_row_edited_in_a_page_carries_its_version``.
"""

from __future__ import annotations

import pytest
from django import forms
from django.apps import apps
from django.contrib import admin
from django.core.files.base import ContentFile
from django.db import transaction
from django.forms.models import _get_foreign_key
from django.test import Client
from django.urls import reverse

from congress.concurrency import VersionedModel
from congress.concurrency_admin import ConcurrentInlineMixin, ConcurrentModelAdmin
from congress.models import ReportSection
from deputies.models import Attendance, AttendanceStatus, DutyPointWeight, VoterContact
from livelihood import services as livelihood_services
from livelihood.models import ProgressPhoto
from tests.factories import UserFactory
from tests.livelihood.factories import CandidateFactory, PlanFactory
from tests.livelihood.helpers import png_bytes

from .forms import admin_change_data, form_data
from .test_permission_matrix import ADMIN_MODELS, DOMAIN

pytestmark = pytest.mark.django_db

FIRST, SECOND = "李娜", "赵敏"


def extend_world(w):
    w.users["first"] = UserFactory(username="rows-li", first_name=FIRST, role="presidium_staff")
    w.users["second"] = UserFactory(username="rows-zhao", first_name=SECOND, role="presidium_staff")
    # A vote still in draft, with its totals (a confirmed vote's rows are never edited).
    plan = PlanFactory(year=2023, session=w["congress.Session"], number_to_choose=1)
    candidates = CandidateFactory.create_batch(2, plan=plan)
    draft = livelihood_services.vote_create(plan, deputies_in_office=69, deputies_present=64)
    livelihood_services.tallies_record(draft, {c: (40, 20, 4) for c in candidates}, valid=64)
    w.records["draft vote"] = draft
    ballots = livelihood_services.vote_create(
        PlanFactory(year=2024, session=w["congress.Session"], number_to_choose=1),
        entry_mode="ballots",
        deputies_in_office=69,
        deputies_present=64,
    )
    livelihood_services.ballot_add(ballots)
    w.records["ballot vote"] = ballots
    # What the admin's forms require, as staff would have entered it.
    w["livelihood.ProgressUpdate"].text = "主体工程完工。"
    w["livelihood.ProgressUpdate"].save()
    w["livelihood.Inspection"].findings = "进度正常。"
    w["livelihood.Inspection"].save()
    photo = ProgressPhoto(update=w["livelihood.ProgressUpdate"], alt_text="施工现场")
    photo.image.save("site.png", ContentFile(png_bytes()), save=False)
    photo.save()


def two_staff(world):
    first, second = Client(), Client()
    first.force_login(world.users["first"])
    second.force_login(world.users["second"])
    return first, second


def change_url(record):
    meta = record._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[record.pk])


# ---- every row edited in a page ---------------------------------------------------------------------


def domain_admins():
    for model, model_admin in admin.site._registry.items():
        label = model._meta.label
        if label in ADMIN_MODELS and ADMIN_MODELS[label][0] == DOMAIN:
            yield label, model_admin


def test_every_row_edited_in_a_page_carries_its_version():
    """Every domain admin, its inlines and its list rows refuse a stale save (congress.concurrency)."""
    for label, model_admin in domain_admins():
        assert isinstance(model_admin, ConcurrentModelAdmin), f"{label}'s admin"
        assert issubclass(model_admin.model, VersionedModel), label
        for inline in model_admin.inlines:
            assert issubclass(inline, ConcurrentInlineMixin), f"{label}: {inline.__name__}"
            assert issubclass(inline.model, VersionedModel), f"{label}: {inline.model.__name__}"


# Parents whose rows the world's own record does not have (a confirmed vote's rows are never edited).
PARENTS = {"livelihood.Vote": ["draft vote", "ballot vote"]}


def inline_cases():
    """(parent label, parent's key in the world or None for "a parent that has rows", inline class)."""
    for label, model_admin in domain_admins():
        for inline in model_admin.inlines:
            for key in PARENTS.get(label, [None]):
                yield pytest.param(
                    label, key, inline, id=f"{label}.{inline.__name__}" + (f" ({key})" if key else "")
                )


def parent_with_rows(world, label, key, inline):
    if key is not None:
        return world[key]
    parent_model = admin.site._registry[apps.get_model(label)].model
    fk = _get_foreign_key(parent_model, inline.model, fk_name=inline.fk_name)
    row = inline.model._default_manager.filter(**{f"{fk.name}__isnull": False}).order_by("pk").first()
    assert row is not None, f"the world has no {inline.model.__name__}"
    return getattr(row, fk.name)


def editable_field(formset):
    """A field of the first row that a person changes (text, else a number, else a choice), and two values."""
    form = formset.forms[0]
    fields = [
        (name, field)
        for name, field in form.fields.items()
        if name not in ("id", "DELETE", "seen_version") and not field.disabled and not field.widget.is_hidden
    ]
    for name, field in fields:
        if type(field) is forms.CharField:
            return name, "甲方改的", "乙方改的"
    for name, field in fields:
        if isinstance(field, forms.IntegerField | forms.DecimalField):
            initial = form[name].value() or 0
            return name, str(int(float(initial)) + 1), str(int(float(initial)) + 2)
    for name, field in fields:
        if isinstance(field, forms.ModelChoiceField) and not isinstance(
            field, forms.ModelMultipleChoiceField
        ):
            current = str(form[name].value())
            others = [str(pk) for pk in field.queryset.values_list("pk", flat=True) if str(pk) != current]
            if len(others) >= 2:
                return name, others[0], others[1]
    raise AssertionError(f"no field to change in {formset.prefix}")


@pytest.mark.parametrize(("label", "key", "inline"), list(inline_cases()))
def test_every_inline_row_is_refused_when_stale(world, label, key, inline):
    first, second = two_staff(world)
    url = change_url(parent_with_rows(world, label, key, inline))

    def rows(response):
        return next(f.formset for f in response.context["inline_admin_formsets"] if type(f.opts) is inline)

    with transaction.atomic():
        opened_by_first, opened_by_second = first.get(url), second.get(url)
        formset = rows(opened_by_first)
        assert formset.initial_forms, f"{url} shows no {inline.model.__name__} row"
        name, theirs, mine = editable_field(formset)
        field = formset.forms[0].add_prefix(name)

        saved = first.post(url, admin_change_data(opened_by_first, **{field: theirs}))
        assert saved.status_code == 302, _errors(saved)
        refused = second.post(url, admin_change_data(opened_by_second, **{field: mine}))

        assert refused.status_code == 200, "the stale row was saved over the first editor's"
        assert FIRST in refused.content.decode()  # who
        row = formset.forms[0].instance
        row.refresh_from_db()
        stored = getattr(row, formset.forms[0].instance._meta.get_field(name).attname)
        assert str(stored).removesuffix(".00") == theirs.removesuffix(".00")  # the first editor's value
        assert str(rows(refused).forms[0][name].value()) == mine  # the input is kept
        transaction.set_rollback(True)


def _errors(response):
    context = getattr(response, "context", None)
    if not context or "adminform" not in context:
        return response.status_code
    errors = [context["adminform"].form.errors]
    errors += [f.formset.errors for f in context.get("inline_admin_formsets", [])]
    return errors


# ---- the findings, as reported ------------------------------------------------------------------------


def as_a_browser_sends(data: dict) -> dict:
    """Every multi-line text with CR LF line breaks, as browsers send a textarea."""
    return {
        key: value.replace("\n", "\r\n") if isinstance(value, str) else value for key, value in data.items()
    }


def section_fields(response, index):
    formset = next(
        f.formset for f in response.context["inline_admin_formsets"] if f.opts.model is ReportSection
    )
    return formset.forms[index].add_prefix("text")


def test_two_editors_of_different_report_sections_both_keep_their_text(world):
    """(a) A edits section 1, B section 2 from pages opened before: both texts are kept, nobody is refused
    (B's copy of section 1 is what B was shown: the history says so, and it is left as A saved it)."""
    first, second = two_staff(world)
    draft = world["congress.ReportDraft"]
    url = change_url(draft)
    with transaction.atomic():
        opened_by_first, opened_by_second = first.get(url), second.get(url)
        one, two = section_fields(opened_by_first, 1), section_fields(opened_by_second, 2)
        a = first.post(
            url, as_a_browser_sends(admin_change_data(opened_by_first, **{one: "甲改写的第一节。\n第二段。"}))
        )
        b = second.post(
            url, as_a_browser_sends(admin_change_data(opened_by_second, **{two: "乙改写的第二节。"}))
        )
        assert a.status_code == 302 and b.status_code == 302, (_errors(a), _errors(b))
        texts = list(draft.sections.order_by("order", "pk").values_list("text", flat=True))
        assert texts[1] == "甲改写的第一节。\n第二段。"  # A's text is not lost
        assert texts[2] == "乙改写的第二节。"
        transaction.set_rollback(True)


def test_two_editors_of_the_same_report_section_the_later_is_refused(world):
    first, second = two_staff(world)
    draft = world["congress.ReportDraft"]
    url = change_url(draft)
    with transaction.atomic():
        opened_by_first, opened_by_second = first.get(url), second.get(url)
        one = section_fields(opened_by_first, 1)
        first.post(url, as_a_browser_sends(admin_change_data(opened_by_first, **{one: "甲的文字。"})))
        refused = second.post(
            url, as_a_browser_sends(admin_change_data(opened_by_second, **{one: "乙的文字。"}))
        )
        assert refused.status_code == 200
        html = refused.content.decode()
        assert FIRST in html and "正文" in html  # who, and what they changed
        assert draft.sections.order_by("order", "pk").values_list("text", flat=True)[1] == "甲的文字。"
        assert "乙的文字。" in html  # the input is kept
        transaction.set_rollback(True)


def test_the_report_draft_s_own_fields_are_refused_when_stale(world):
    first, second = two_staff(world)
    draft = world["congress.ReportDraft"]
    url = change_url(draft)
    with transaction.atomic():
        opened_by_first, opened_by_second = first.get(url), second.get(url)
        assert (
            first.post(url, as_a_browser_sends(admin_change_data(opened_by_first, speaker="甲"))).status_code
            == 302
        )
        refused = second.post(url, as_a_browser_sends(admin_change_data(opened_by_second, speaker="乙")))
        assert refused.status_code == 200 and FIRST in refused.content.decode()
        draft.refresh_from_db()
        assert draft.speaker == "甲"
        transaction.set_rollback(True)


def test_refreshing_the_figures_does_not_refuse_an_open_draft_page(world, client):
    """The figures are no field staff edit: a refresh meanwhile leaves the prose page saveable."""
    from office.report import services as report_services

    first, _second = two_staff(world)
    draft = world["congress.ReportDraft"]
    url = change_url(draft)
    with transaction.atomic():
        opened = first.get(url)
        report_services.draft_refresh_figures(draft, actor=world.users["second"])
        assert first.post(url, as_a_browser_sends(admin_change_data(opened, speaker="甲"))).status_code == 302
        transaction.set_rollback(True)


def two_stale_saves_of_a_row(world, parent, row, theirs: dict, mine: dict):
    """Both staff open ``parent``'s page; the first saves ``theirs`` on ``row``, then the second ``mine``
    from the page opened before: the second's answer (the changes are rolled back afterwards)."""
    first, second = two_staff(world)
    url = change_url(parent)
    opened_by_first, opened_by_second = first.get(url), second.get(url)
    formset = next(
        f.formset for f in opened_by_first.context["inline_admin_formsets"] if f.opts.model is type(row)
    )
    form = next(form for form in formset.forms if form.instance.pk == row.pk)
    assert first.post(url, admin_change_data(opened_by_first, **_prefixed(form, theirs))).status_code == 302
    return second.post(url, admin_change_data(opened_by_second, **_prefixed(form, mine)))


def _prefixed(form, values: dict) -> dict:
    return {form.add_prefix(name): value for name, value in values.items()}


def test_attendance_rows_of_an_activity_are_refused_when_stale(world):
    """(b) Two staff mark the same deputy's attendance from stale pages: the later is refused."""
    attendance = Attendance.objects.filter(status=AttendanceStatus.INVITED).first()
    with transaction.atomic():
        refused = two_stale_saves_of_a_row(
            world,
            attendance.activity,
            attendance,
            {"status": "present"},
            {"status": "absent", "absence_reason": "外出"},
        )
        assert refused.status_code == 200 and FIRST in refused.content.decode()
        attendance.refresh_from_db()
        assert attendance.status == AttendanceStatus.PRESENT
        transaction.set_rollback(True)


def test_a_deputy_s_voter_contact_rows_are_refused_when_stale(world):
    """(c) A deputy's voter-contact rows edited from two stale pages: the later is refused."""
    contact = VoterContact.objects.get(deputy=world["deputies.Deputy"])
    with transaction.atomic():
        refused = two_stale_saves_of_a_row(
            world, contact.deputy, contact, {"households": "120"}, {"households": "95"}
        )
        assert refused.status_code == 200 and FIRST in refused.content.decode()
        contact.refresh_from_db()
        assert contact.households == 120
        transaction.set_rollback(True)


def test_a_deputy_answering_an_invitation_refuses_a_stale_attendance_row(world):
    """The deputy's own answer in the portal is a change too: staff see who answered, not a silent overwrite."""
    from deputies import services as deputy_services

    first, _second = two_staff(world)
    attendance = world.own["invitation"]
    url = change_url(attendance.activity)
    with transaction.atomic():
        opened = first.get(url)
        deputy_services.attendance_reply(
            attendance, actor=world.users["deputy"], reply="declined", note="出差"
        )
        formset = next(
            f.formset for f in opened.context["inline_admin_formsets"] if f.opts.model is Attendance
        )
        index = next(i for i, form in enumerate(formset.forms) if form.instance.pk == attendance.pk)
        refused = first.post(
            url, admin_change_data(opened, **{formset.forms[index].add_prefix("status"): "present"})
        )
        assert refused.status_code == 200
        assert "matrix-deputy" in refused.content.decode() or "乌云" in refused.content.decode()
        transaction.set_rollback(True)


def test_rows_edited_in_a_list_are_refused_when_stale(world):
    """The duty point weights are edited in their list (list_editable): each row carries its version."""
    first, second = two_staff(world)
    url = reverse("admin:deputies_dutypointweight_changelist")
    weight = DutyPointWeight.objects.order_by("pk").first()
    with transaction.atomic():
        opened_by_first, opened_by_second = first.get(url), second.get(url)
        formset = opened_by_first.context["cl"].formset
        assert 'name="form-0-seen_version"' in opened_by_first.content.decode()
        index = next(i for i, form in enumerate(formset.forms) if form.instance.pk == weight.pk)

        def post(page, points):
            data = form_data(page.context["cl"].formset.management_form)
            for form in page.context["cl"].formset.forms:
                data.update(form_data(form))
            data[f"form-{index}-points"] = points
            return data | {"_save": "1"}

        assert first.post(url, post(opened_by_first, "7.5")).status_code == 302
        refused = second.post(url, post(opened_by_second, "8.5"))
        assert refused.status_code == 200 and FIRST in refused.content.decode()
        weight.refresh_from_db()
        assert str(weight.points) in ("7.5", "7.50")
        transaction.set_rollback(True)


def test_an_unchanged_page_saved_after_another_edit_changes_nothing(world):
    """Rows the second editor did not touch are not written: no refusal, nothing replaced."""
    first, second = two_staff(world)
    deliberation = world["deputies.Deliberation"]
    url = change_url(deliberation)
    with transaction.atomic():
        opened_by_first, opened_by_second = first.get(url), second.get(url)
        formset = next(f.formset for f in opened_by_first.context["inline_admin_formsets"])
        row = formset.forms[0].instance
        text = formset.forms[0].add_prefix("text")
        changed = as_a_browser_sends(admin_change_data(opened_by_first, **{text: "甲补充的意见。\n第二条。"}))
        assert first.post(url, changed).status_code == 302
        again = second.post(url, as_a_browser_sends(admin_change_data(opened_by_second, notes="乙补记")))
        assert again.status_code == 302, _errors(again)
        row.refresh_from_db()
        assert row.text == "甲补充的意见。\n第二条。"
        transaction.set_rollback(True)
