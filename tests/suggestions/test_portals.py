"""The deputy's and the unit's portals: each sees only its own items; guessed ids answer 404."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from suggestions import services, workflow
from suggestions.choices import Rating, State, Transition
from suggestions.models import Contact, Suggestion, SuggestionAttachment

from .factories import advance, register

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4 demo"


@pytest.fixture
def items(make, staff, other_deputy, other_unit, unit):
    """Own (led), co-signed by the lead deputy's colleague, and someone else's assigned to another unit."""
    own = make(State.REPLIED)
    co_signed = register(staff, lead_deputy=other_deputy, co_signers=[], title="别人领衔的建议")
    co_signed.co_signers.add(Suggestion.objects.get(pk=own.pk).lead_deputy)
    others = register(staff, lead_deputy=other_deputy, title="其他代表的建议")
    advance(others, State.ASSIGNED, actor=staff, unit=other_unit)
    return {"own": own, "co_signed": co_signed, "others": others}


def signed_in(client, user):
    client.force_login(user)
    return client


# --- the deputy ---


def test_the_deputy_lists_led_and_co_signed_items_only(client, lead_user, items):
    html = signed_in(client, lead_user).get(reverse("suggestions:mine")).content.decode()
    assert items["own"].title in html
    assert "别人领衔的建议" in html
    assert "其他代表的建议" not in html
    assert "待您测评的答复" in html


@pytest.mark.parametrize("name", ["suggestions:mine_detail", "suggestions:evaluate"])
def test_the_deputy_guessing_another_deputys_id_gets_404(client, lead_user, items, name):
    client = signed_in(client, lead_user)
    assert client.get(reverse(name, args=[items["others"].pk])).status_code == 404
    assert client.get(reverse(name, args=[items["others"].pk + 1000])).status_code == 404
    assert (
        client.post(
            reverse("suggestions:evaluate", args=[items["others"].pk]), {"rating": "satisfied"}
        ).status_code
        == 404
    )
    assert Suggestion.objects.get(pk=items["others"].pk).state == State.ASSIGNED


def test_the_detail_shows_the_whole_timeline(client, lead_user, items):
    html = (
        signed_in(client, lead_user)
        .get(reverse("suggestions:mine_detail", args=[items["own"].pk]))
        .content.decode()
    )
    assert "镇农业综合服务中心" in html
    assert "已办理。" in html  # the reply
    assert "测评答复" in html


def test_the_lead_deputy_rates_a_reply_once(client, lead_user, items):
    client = signed_in(client, lead_user)
    url = reverse("suggestions:evaluate", args=[items["own"].pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"rating": Rating.SATISFIED, "comment": "办得好"})
    assert response.status_code == 302
    suggestion = Suggestion.objects.get(pk=items["own"].pk)
    assert suggestion.state == State.EVALUATED
    assert suggestion.current_round.evaluation.rating == Rating.SATISFIED
    assert not suggestion.current_round.evaluation.on_behalf
    again = client.post(url, {"rating": Rating.UNSATISFIED, "comment": "x"})
    assert again.status_code == 302  # told it is not possible now, nothing changes
    assert Suggestion.objects.get(pk=items["own"].pk).current_round.evaluation.rating == Rating.SATISFIED


def test_unsatisfied_without_a_comment_is_asked_for_one(client, lead_user, items):
    response = signed_in(client, lead_user).post(
        reverse("suggestions:evaluate", args=[items["own"].pk]), {"rating": Rating.UNSATISFIED}
    )
    assert response.status_code == 200
    assert "请说明还有哪些问题没有解决" in response.content.decode()
    assert Suggestion.objects.get(pk=items["own"].pk).state == State.REPLIED


def test_a_co_signer_sees_but_cannot_rate(client, co_signer_user, items):
    client = signed_in(client, co_signer_user)
    assert client.get(reverse("suggestions:mine_detail", args=[items["own"].pk])).status_code == 200
    response = client.post(
        reverse("suggestions:evaluate", args=[items["own"].pk]), {"rating": Rating.SATISFIED}
    )
    assert response.status_code == 302
    assert Suggestion.objects.get(pk=items["own"].pk).state == State.REPLIED


@pytest.mark.parametrize("role_user", ["unit_user", "staff", "member_user"])
def test_only_deputies_enter_the_deputy_portal(client, request, role_user, items):
    user = request.getfixturevalue(role_user)
    assert signed_in(client, user).get(reverse("suggestions:mine")).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client):
    for name in ("suggestions:mine", "suggestions:unit_inbox", "suggestions:notifications"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_deputy_list_takes_the_same_queries_for_more_items(
    client, lead_user, make, django_assert_num_queries
):
    client = signed_in(client, lead_user)
    make(State.REPLIED)
    client.get(reverse("suggestions:mine"))
    with django_assert_num_queries(QUERIES_MINE) as few:
        client.get(reverse("suggestions:mine"))
    for state in (State.ASSIGNED, State.CLOSED, State.EVALUATED, State.REGISTERED):
        make(state)
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(reverse("suggestions:mine"))


QUERIES_MINE = 6  # the deputy comes with the account (congress.accounts.signin); sessions apart


# --- the handling unit ---


def test_the_unit_lists_only_items_assigned_to_it(client, unit_user, items, make, co_unit):
    co_item = make(State.ASSIGNED, co_units=[co_unit])
    html = signed_in(client, unit_user).get(reverse("suggestions:unit_inbox")).content.decode()
    assert items["own"].title in html
    assert "其他代表的建议" not in html
    co_html = signed_in(client, co_unit.users.get()).get(reverse("suggestions:unit_inbox")).content.decode()
    assert co_item.number in co_html and items["own"].number not in co_html


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("suggestions:unit_detail", None),
        ("suggestions:unit_contact", {"contact-form": "phone", "contact-contacted_on": "2022-02-01"}),
        (
            "suggestions:unit_reply",
            {"reply-text": "x", "reply-result_class": "A", "reply-replied_on": "2022-02-01"},
        ),
        ("suggestions:unit_opinion", {"opinion-text": "x"}),
        ("suggestions:unit_return", {"return-reason": "x"}),
    ],
)
def test_a_unit_guessing_another_units_id_gets_404(client, unit_user, items, name, data):
    client = signed_in(client, unit_user)
    url = reverse(name, args=[items["others"].pk])
    response = client.post(url, data) if data else client.get(url)
    assert response.status_code == 404
    others = Suggestion.objects.get(pk=items["others"].pk)
    assert others.state == State.ASSIGNED and not Contact.objects.filter(round__suggestion=others).exists()


@pytest.mark.parametrize("role_user", ["lead_user", "staff"])
def test_only_units_enter_the_unit_portal(client, request, role_user):
    user = request.getfixturevalue(role_user)
    assert signed_in(client, user).get(reverse("suggestions:unit_inbox")).status_code == 404


def test_the_lead_unit_records_a_contact_which_starts_the_handling(client, unit_user, make):
    item = make(State.ASSIGNED)
    response = signed_in(client, unit_user).post(
        reverse("suggestions:unit_contact", args=[item.pk]),
        {
            "contact-form": "in_person",
            "contact-contacted_on": "2022-02-01",
            "contact-note": "到代表家中了解情况",
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.state == State.IN_HANDLING
    contact = item.current_round.contacts.get()
    assert (contact.contacted_on, contact.note) == (datetime.date(2022, 2, 1), "到代表家中了解情况")


def test_the_lead_unit_replies_with_a_letter(client, unit_user, make):
    item = make(State.IN_HANDLING)
    letter = SimpleUploadedFile("答复函.pdf", PDF, content_type="application/pdf")
    response = signed_in(client, unit_user).post(
        reverse("suggestions:unit_reply", args=[item.pk]),
        {
            "reply-text": "已协调解决。",
            "reply-result_class": "A",
            "reply-replied_on": "2022-03-01",
            "reply-attachment": letter,
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.state == State.REPLIED
    assert item.current_round.reply.attachment.name.startswith("replies/")
    assert "答复函" not in item.current_round.reply.attachment.name  # stored under a random name


def test_a_reply_form_with_errors_is_shown_again(client, unit_user, make):
    item = make(State.IN_HANDLING)
    response = signed_in(client, unit_user).post(
        reverse("suggestions:unit_reply", args=[item.pk]), {"reply-text": "", "reply-result_class": "A"}
    )
    assert response.status_code == 200
    assert Suggestion.objects.get(pk=item.pk).state == State.IN_HANDLING


def test_a_co_unit_gives_its_opinion_but_cannot_reply(client, co_unit, make):
    item = make(State.IN_HANDLING, co_units=[co_unit])
    client = signed_in(client, co_unit.users.get())
    page = client.get(reverse("suggestions:unit_detail", args=[item.pk])).content.decode()
    assert "提交协办意见" in page and "提交答复" not in page
    client.post(reverse("suggestions:unit_opinion", args=[item.pk]), {"opinion-text": "同意，配合实地核查。"})
    assert item.current_round.co_assignments[0].opinion == "同意，配合实地核查。"
    response = client.post(
        reverse("suggestions:unit_reply", args=[item.pk]),
        {"reply-text": "x", "reply-result_class": "A", "reply-replied_on": "2022-03-01"},
    )
    assert response.status_code == 404
    assert Suggestion.objects.get(pk=item.pk).state == State.IN_HANDLING


def test_the_lead_unit_returns_an_item_with_a_reason(client, unit_user, make):
    item = make(State.ASSIGNED, assigned_on=timezone.localdate())
    signed_in(client, unit_user).post(
        reverse("suggestions:unit_return", args=[item.pk]), {"return-reason": "属旗级事权"}
    )
    item.refresh_from_db()
    assert item.state == State.REGISTERED and item.rounds.get().return_reason == "属旗级事权"


def test_the_unit_page_never_shows_phone_numbers(client, unit_user, make, lead_deputy):
    item = make(State.ASSIGNED)
    html = (
        signed_in(client, unit_user).get(reverse("suggestions:unit_detail", args=[item.pk])).content.decode()
    )
    assert lead_deputy.phone not in html


def test_the_unit_inbox_takes_the_same_queries_for_more_items(
    client, unit_user, make, django_assert_num_queries
):
    client = signed_in(client, unit_user)
    make(State.ASSIGNED)
    client.get(reverse("suggestions:unit_inbox"))
    with django_assert_num_queries(QUERIES_UNIT) as few:
        client.get(reverse("suggestions:unit_inbox"))
    for state in (State.IN_HANDLING, State.CLOSED, State.REPLIED):
        make(state)
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(reverse("suggestions:unit_inbox"))


QUERIES_UNIT = 8  # a page of the items (open ones first) and their count


def test_the_unit_inbox_shows_open_items_first_and_the_rest_a_page_at_a_time(
    client, unit_user, make, settings
):
    from suggestions import views

    settings.PAGE_CACHE = False
    closed = [make(State.CLOSED) for _ in range(views.PAGE_SIZE)]
    open_item = make(State.ASSIGNED)
    client = signed_in(client, unit_user)
    first = client.get(reverse("suggestions:unit_inbox"))
    assert [s.pk for s in first.context["open_items"]] == [open_item.pk]
    assert len(first.context["done"]) == views.PAGE_SIZE - 1
    second = client.get(reverse("suggestions:unit_inbox") + "?page=2")
    assert second.context["open_items"] == []
    assert len(second.context["done"]) == 1
    shown = {s.pk for s in first.context["done"]} | {s.pk for s in second.context["done"]}
    assert shown == {s.pk for s in closed}
    assert "1 / 2" in first.content.decode()


# --- files, public results ---


def test_attachments_are_served_only_to_those_who_may_read_the_item(
    client, staff, items, lead_user, other_deputy_user, unit_user, other_unit_user
):
    own = items["own"]
    file = SuggestionAttachment.objects.create(
        suggestion=own, file=SimpleUploadedFile("建议原件.pdf", PDF), description="原件"
    )
    url = reverse("suggestions:attachment", args=[file.pk])
    for user, status in [
        (lead_user, 200),
        (unit_user, 200),
        (staff, 200),
        (other_deputy_user, 404),
        (other_unit_user, 404),
    ]:
        assert signed_in(client, user).get(url).status_code == status, user
    client.logout()
    assert client.get(url).status_code == 302


def test_public_results_show_public_replies_without_personal_data(client, make, staff, lead_deputy):
    public = make(State.CLOSED, register_fields={"public": True, "title": "关于公开事项的建议"})
    make(State.CLOSED, register_fields={"public": False, "title": "关于内部事项的建议"})
    make(State.ASSIGNED, register_fields={"public": True, "title": "关于未答复事项的建议"})
    html = client.get(reverse("suggestions:public_results")).content.decode()
    assert public.title in html and "已办理。" in html
    assert "关于内部事项的建议" not in html and "关于未答复事项的建议" not in html
    assert lead_deputy.name not in html and lead_deputy.phone not in html
    assert "阿拉坦" not in html  # co-signers neither


def test_public_results_take_the_same_queries_for_more_items(client, make, django_assert_num_queries):
    make(State.CLOSED, register_fields={"public": True})
    client.get(reverse("suggestions:public_results"))
    with django_assert_num_queries(QUERIES_PUBLIC) as few:
        client.get(reverse("suggestions:public_results"))
    for _i in range(3):
        make(State.REPLIED, register_fields={"public": True})
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(reverse("suggestions:public_results"))


QUERIES_PUBLIC = 3


def test_contacts_after_the_start_do_not_change_the_state(make, unit_user):
    item = make(State.IN_HANDLING)
    services.contact_record(item, actor=unit_user, form="phone")
    assert Suggestion.objects.get(pk=item.pk).state == State.IN_HANDLING
    assert item.current_round.contacts.count() == 2


def test_staff_evaluations_go_through_the_same_rule(make, staff):
    item = make(State.REPLIED)
    workflow.apply(item, Transition.EVALUATE, actor=staff, rating=Rating.SATISFIED)
    assert Suggestion.objects.get(pk=item.pk).current_round.evaluation.on_behalf
