"""No lost updates: the later of two saves of the same record is refused, saying who and when."""

import re
import threading

import pytest
from django import forms
from django.db import connection, transaction
from django.urls import reverse
from django.utils.text import capfirst

from congress.concurrency import StaleRecordError
from congress.concurrency_forms import VersionedFormMixin
from congress.models import Session, Term, TownshipProfile
from tests.factories import SessionFactory, TermFactory, TownshipProfileFactory, UserFactory

from .forms import admin_change_data

pytestmark = pytest.mark.django_db


def test_every_save_raises_the_version():
    session = SessionFactory()
    assert session.version == 1
    session.place = "镇政府会议室"
    session.save()
    session.save(update_fields=["place"])
    assert Session.objects.get(pk=session.pk).version == session.version == 3


def test_a_save_based_on_an_outdated_copy_is_refused():
    session = SessionFactory(place="旧址")
    mine, theirs = Session.objects.get(pk=session.pk), Session.objects.get(pk=session.pk)
    theirs.place = "镇政府会议室"
    theirs.save()
    mine.place = "嘎查活动室"
    with pytest.raises(StaleRecordError):
        mine.save()
    assert Session.objects.get(pk=session.pk).place == "镇政府会议室"
    assert mine.version == 1  # unchanged, so refresh_from_db() and saving again works


def test_a_save_of_a_record_deleted_meanwhile_is_refused_not_resurrected():
    session = SessionFactory()
    copy = Session.objects.get(pk=session.pk)
    session.delete()
    with pytest.raises(StaleRecordError):
        copy.save()
    assert not Session.objects.filter(pk=copy.pk).exists()


def test_admin_refuses_the_later_save_saying_who_and_when_and_keeps_the_input(two_staff, township):
    first, second = two_staff
    session = SessionFactory(place="旧址", title="第四届人民代表大会第三次会议")
    url = reverse("admin:congress_session_change", args=[session.pk])
    opened_by_first, opened_by_second = first.get(url), second.get(url)

    saved = first.post(url, admin_change_data(opened_by_first, place="镇政府会议室"))
    assert saved.status_code == 302

    refused = second.post(url, admin_change_data(opened_by_second, place="嘎查活动室", deputies_present="66"))
    assert refused.status_code == 200
    html = refused.content.decode()
    assert "李娜" in html  # who
    history = Session.history.filter(id=session.pk).latest("history_date")
    assert history.history_date.astimezone().strftime("%Y-%m-%d") in html  # when
    assert "地点" in html  # which field they changed
    form = refused.context["adminform"].form
    assert form["place"].value() == "嘎查活动室"  # the input is kept
    assert form["deputies_present"].value() == "66"
    assert Session.objects.get(pk=session.pk).place == "镇政府会议室"

    # Saving again, having seen the message, is a deliberate overwrite.
    again = second.post(url, admin_change_data(refused))
    assert again.status_code == 302
    assert Session.objects.get(pk=session.pk).place == "嘎查活动室"


def test_admin_checks_inline_rows_too(two_staff, township):
    first, second = two_staff
    term = TermFactory()
    session = SessionFactory(term=term, place="旧址")
    url = reverse("admin:congress_term_change", args=[term.pk])
    opened_by_first, opened_by_second = first.get(url), second.get(url)

    assert (
        first.post(url, admin_change_data(opened_by_first, **{"sessions-0-place": "甲"})).status_code == 302
    )
    refused = second.post(url, admin_change_data(opened_by_second, **{"sessions-0-place": "乙"}))
    assert refused.status_code == 200
    assert "李娜" in refused.content.decode()
    assert Session.objects.get(pk=session.pk).place == "甲"


def test_an_admin_save_that_changed_nothing_leaves_the_version_alone(two_staff, township):
    first, second = two_staff
    term = TermFactory(seats=70)
    url = reverse("admin:congress_term_change", args=[term.pk])
    opened_by_first, opened_by_second = first.get(url), second.get(url)
    assert first.post(url, admin_change_data(opened_by_first)).status_code == 302
    assert second.post(url, admin_change_data(opened_by_second, seats="71")).status_code == 302
    assert Term.objects.get(pk=term.pk).seats == 71


def test_a_post_without_the_version_is_refused(staff_client, township):
    session = SessionFactory(place="旧址")
    url = reverse("admin:congress_session_change", args=[session.pk])
    data = admin_change_data(staff_client.get(url), place="新址")
    del data["seen_version"]
    response = staff_client.post(url, data)
    assert response.status_code == 200
    assert Session.objects.get(pk=session.pk).place == "旧址"


def test_reverting_to_a_historical_version_in_the_admin_works(staff_client):
    profile = TownshipProfileFactory(presidium_address="旧地址")
    profile.presidium_address = "新地址"
    profile.save()
    old = TownshipProfile.history.get(presidium_address="旧地址")
    url = reverse("admin:congress_townshipprofile_simple_history", args=[profile.pk, old.history_id])
    response = staff_client.post(url, admin_change_data(staff_client.get(url)))
    assert response.status_code == 302
    assert TownshipProfile.objects.get().presidium_address == "旧地址"


def test_view_only_members_see_the_change_page_without_the_version_field(client, township):
    client.force_login(UserFactory(username="member", role="presidium_member"))
    term = TermFactory()
    SessionFactory(term=term)
    response = client.get(reverse("admin:congress_term_change", args=[term.pk]))
    assert response.status_code == 200
    assert 'name="seen_version"' not in response.content.decode()


def test_history_pages_do_not_list_the_version_as_a_change(staff_client, township):
    term = TermFactory(seats=70)
    term.seats = 71
    term.save()
    html = staff_client.get(reverse("admin:congress_term_history", args=[term.pk])).content.decode()
    changes = re.findall(r"<strong>([^<]*):</strong>", html)
    assert changes == [str(capfirst(Term._meta.get_field("seats").verbose_name))]


class SessionForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Session
        fields = ["place"]


def test_portal_forms_refuse_a_stale_save_and_keep_the_input():
    session = SessionFactory(place="旧址")
    opened = SessionForm(instance=session)
    seen = opened["seen_version"].value()
    Session.objects.get(pk=session.pk).save()  # someone else saves meanwhile
    form = SessionForm({"place": "新址", "seen_version": seen}, instance=Session.objects.get(pk=session.pk))
    assert not form.is_valid()
    assert form.non_field_errors().as_data()[0].code == "stale"
    assert form["place"].value() == "新址"
    assert form["seen_version"].value() == "2"


def test_portal_forms_turn_a_race_lost_at_save_into_the_same_message():
    session = SessionFactory(place="旧址")
    form = SessionForm({"place": "新址", "seen_version": "1"}, instance=Session.objects.get(pk=session.pk))
    assert form.is_valid()
    Session.objects.get(pk=session.pk).save()  # wins the race after the check
    with pytest.raises(StaleRecordError) as raised:
        form.save()
    form.refuse_stale(raised.value)
    assert form.non_field_errors().as_data()[0].code == "stale"
    assert form["seen_version"].value() == "2"


postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Two connections racing on one row need PostgreSQL's row locks; SQLite runs one writer at a time.",
)


def _race(target, count=2):
    """Run ``target(i, barrier)`` in ``count`` threads, each on its own database connection."""
    barrier = threading.Barrier(count, timeout=10)
    results = [None] * count

    def run(i):
        try:
            results[i] = target(i, barrier)
        except Exception as error:  # noqa: BLE001 - the outcome of each thread is what is asserted
            results[i] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_two_connections_saving_the_same_version_produce_one_winner():
    pk = SessionFactory(place="旧址").pk

    def save(i, barrier):
        with transaction.atomic():
            session = Session.objects.get(pk=pk)
            barrier.wait()
            session.place = f"地点{i}"
            session.save()
            return session.place

    results = _race(save)
    winners = [r for r in results if isinstance(r, str)]
    losers = [r for r in results if isinstance(r, StaleRecordError)]
    assert len(winners) == 1 and len(losers) == 1, results
    assert Session.objects.get(pk=pk).place == winners[0]
    assert Session.objects.get(pk=pk).version == 2


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_two_connections_submitting_forms_produce_one_winner():
    pk = SessionFactory(place="旧址").pk

    def submit(i, barrier):
        session = Session.objects.get(pk=pk)
        barrier.wait()
        with transaction.atomic():  # as the admin does: the version check locks the row until commit
            form = SessionForm({"place": f"地点{i}", "seen_version": "1"}, instance=session)
            if not form.is_valid():
                return form.non_field_errors().as_data()[0].code
            form.save()
            return "saved"

    assert sorted(_race(submit)) == ["saved", "stale"]
    assert Session.objects.get(pk=pk).version == 2
