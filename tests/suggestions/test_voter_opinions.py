"""社情民意: the public form and its lookup code, the deputy's QR code and portal, the staff inbox."""

import datetime
import io
import re
import xml.etree.ElementTree as ET

import pytest
import segno
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from congress import protected_media
from congress.transitions import TransitionError
from suggestions.choices import Source, State
from suggestions.models import Notification, Suggestion, VoterOpinion
from suggestions.opinions import services
from suggestions.opinions.choices import OpinionSource, OpinionStatus
from tests.factories import DeputyFactory, UserFactory

pytestmark = pytest.mark.django_db

NAME, PHONE = "赵某某", "13847700123"
CONTENT = "查汗庙嘎查三组通往牧点的砂石路被雨水冲断了两处，拉草料的车过不去。"


@pytest.fixture(autouse=True)
def empty_cache():
    """The rate limits count in the cache: every test starts with none used."""
    cache.clear()
    yield
    cache.clear()


def jpeg(size=(60, 40)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "orange").save(buffer, "JPEG")
    return buffer.getvalue()


def form_data(**extra):
    return {"content": CONTENT, "category": "roads", "voter_name": NAME, "voter_contact": PHONE, **extra}


def submit(client, address="10.0.0.1", **extra):
    return client.post(reverse("opinions:new"), form_data(**extra), REMOTE_ADDR=address)


def opinion_for(deputy=None, **fields) -> VoterOpinion:
    fields = {
        "content": CONTENT,
        "category": "roads",
        "source": OpinionSource.QR_CODE if deputy else OpinionSource.PUBLIC_FORM,
        "deputy": deputy,
        "voter_name": NAME,
        "voter_contact": PHONE,
        **fields,
    }
    return services.voter_opinion_submit(VoterOpinion(**fields))


def lookup(client, code, address="10.0.0.9"):
    return client.post(reverse("opinions:lookup"), {"code": code}, REMOTE_ADDR=address)


# ---- the public form -------------------------------------------------------------------------


def test_the_form_saves_the_opinion_and_the_thank_you_page_shows_its_lookup_code(client, township):
    response = submit(client)
    assert response.status_code == 302 and response["Location"] == reverse("opinions:thanks")

    opinion = VoterOpinion.objects.get()
    assert (opinion.status, opinion.source, opinion.deputy) == (OpinionStatus.NEW, "public_form", None)
    assert (opinion.voter_name, opinion.voter_contact) == (NAME, PHONE)
    assert re.fullmatch(r"[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{8}", opinion.code)

    html = client.get(response["Location"]).content.decode()
    assert opinion.code in html
    assert "请记下" in html  # keep the code
    assert NAME not in html and PHONE not in html


def test_each_opinion_gets_its_own_code(client, township):
    submit(client)
    submit(client, content="绿洲社区路灯坏了一个多月。")
    codes = set(VoterOpinion.objects.values_list("code", flat=True))
    assert len(codes) == 2


def test_the_thank_you_page_without_a_sent_opinion_leads_to_the_form(client, township):
    response = client.get(reverse("opinions:thanks"))
    assert response.status_code == 302 and response["Location"] == reverse("opinions:new")


def test_the_public_navigation_leads_to_the_form(client, township):
    html = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("opinions:new")}"' in html and "反映社情民意" in html


def test_errors_are_in_chinese_next_to_their_field(client, township):
    response = submit(client, content="", voter_contact="call me")
    html = response.content.decode()
    assert response.status_code == 200
    assert re.search(r'id="error_1_id_content"[^>]*>\s*<strong>请写下您要反映的问题', html)
    assert re.search(r'id="error_1_id_voter_contact"[^>]*>\s*<strong>请填写电话号码', html)
    assert VoterOpinion.objects.count() == 0


def test_a_form_opened_from_a_deputys_qr_code_is_addressed_to_them(
    client, township, term, django_capture_on_commit_callbacks
):
    user = UserFactory(username="qr-deputy", role="deputy")
    deputy = DeputyFactory(term=term, name="乌云其其格", user=user)
    html = client.get(reverse("opinions:new") + f"?deputy={deputy.pk}").content.decode()
    assert "乌云其其格" in html
    assert f'name="deputy" value="{deputy.pk}"' in html

    with django_capture_on_commit_callbacks(execute=True):
        submit(client, deputy=deputy.pk)

    opinion = VoterOpinion.objects.get()
    assert (opinion.deputy, opinion.source) == (deputy, OpinionSource.QR_CODE)
    notice = Notification.objects.get(user=user)
    assert notice.link == reverse("opinions:mine_detail", args=[opinion.pk])
    assert NAME not in notice.text and PHONE not in notice.text


def test_a_qr_code_of_a_deputy_no_longer_in_office_sends_the_opinion_to_the_office(client, township, term):
    gone = DeputyFactory(term=term, name="巴特尔", status="resigned", left_office=datetime.date(2022, 3, 1))
    html = client.get(reverse("opinions:new") + f"?deputy={gone.pk}").content.decode()
    assert "已不在任" in html and "巴特尔" not in html
    assert 'name="deputy" value=""' in html or 'name="deputy">' in html or 'name="deputy" id' in html

    response = submit(client, deputy=gone.pk)  # a form kept open from before they left
    assert response.status_code == 200 and "已不在任" in response.content.decode()
    assert VoterOpinion.objects.count() == 0


def test_a_bot_filling_the_hidden_field_gets_a_success_page_and_nothing_is_saved(client, township):
    html = client.get(reverse("opinions:new")).content.decode()
    assert re.search(r'class="[^"]*opinion-hp[^"]*"', html)  # hidden by the stylesheet
    assert 'style="' not in html

    response = submit(client, website="http://spam.example")
    assert response.status_code == 302
    thanks = client.get(response["Location"]).content.decode()
    code = re.search(r'class="opinion-code[^"]*"[^>]*>([A-Z0-9]{8})<', thanks).group(1)
    assert VoterOpinion.objects.count() == 0
    assert "没有找到" in lookup(client, code).content.decode()


def test_the_sixth_opinion_within_an_hour_from_one_address_is_refused_keeping_the_input(client, township):
    for n in range(services.SUBMIT_LIMIT.limit):
        assert submit(client, content=f"第{n}条意见：道路坑洼。").status_code == 302

    response = submit(client, content="第六条意见：路灯不亮。")

    assert response.status_code == 429
    html = response.content.decode()
    assert "提交的意见过多" in html
    assert "第六条意见：路灯不亮。" in html  # the voter's text is kept
    assert VoterOpinion.objects.count() == services.SUBMIT_LIMIT.limit
    # Another address is not held up.
    assert submit(client, address="10.0.0.2").status_code == 302


# ---- the photo ---------------------------------------------------------------------------------


def test_a_photo_is_kept_privately_for_staff_and_the_addressed_deputy(client, township, term, staff):
    deputy_user = UserFactory(username="photo-deputy", role="deputy")
    deputy = DeputyFactory(term=term, user=deputy_user)
    other_user = UserFactory(username="other-deputy", role="deputy")
    DeputyFactory(term=term, user=other_user)
    photo = SimpleUploadedFile("路口 王某某.jpg", jpeg(), content_type="image/jpeg")
    submit(client, deputy=deputy.pk, photo=photo)

    opinion = VoterOpinion.objects.get()
    assert opinion.photo.name.startswith("suggestions/opinions/") and "王某某" not in opinion.photo.name
    url = protected_media.url(opinion, "photo")
    assert client.get(url).status_code == 404  # the public
    for user, status in [(other_user, 404), (UserFactory(username="m", role="presidium_member"), 404)]:
        client.force_login(user)
        assert client.get(url).status_code == status
    for user in (deputy_user, staff):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
        assert response["Cache-Control"] == "private, no-store"


def test_a_file_that_is_not_an_image_is_refused_even_named_jpg(client, township):
    fake = SimpleUploadedFile(
        "photo.jpg", b"<html><script>alert(1)</script></html>", content_type="image/jpeg"
    )
    response = submit(client, photo=fake)
    html = response.content.decode()
    assert response.status_code == 200
    assert re.search(r'id="error_1_id_photo"[^>]*>\s*<strong>[^<]*(图片|文件)', html)
    assert VoterOpinion.objects.count() == 0


# ---- the lookup -----------------------------------------------------------------------------------


def test_the_lookup_shows_the_status_and_the_answer_but_never_the_name_or_phone(client, township, term):
    user = UserFactory(username="answering-deputy", role="deputy")
    deputy = DeputyFactory(term=term, name="乌云其其格", user=user)
    opinion = opinion_for(deputy)
    html = lookup(client, opinion.code.lower()).content.decode()  # typed in small letters
    assert "已收到，待处理" in html and "乌云其其格" in html

    services.voter_opinion_answer(opinion, actor=user, answer="已联系交通部门，本周内修补。")

    html = lookup(client, f"{opinion.code[:4]} {opinion.code[4:]}").content.decode()
    assert "已答复" in html and "已联系交通部门，本周内修补。" in html
    assert "代表乌云其其格" in html
    assert NAME not in html and PHONE not in html


def test_a_wrong_code_says_so_the_same_way_whatever_it_is(client, township):
    opinion_for()
    for code in ("ABCD2345", "not a code", "I0I0I0I0"):
        response = lookup(client, code)
        assert response.status_code == 200
        assert "没有找到使用这个查询码的意见" in response.content.decode()


def test_lookups_are_rate_limited_per_address(client, township):
    opinion = opinion_for()
    for _n in range(services.LOOKUP_LIMIT.limit):
        lookup(client, "ABCD2345")
    response = lookup(client, opinion.code)
    assert response.status_code == 429
    html = response.content.decode()
    assert "查询次数过多" in html and "已收到，待处理" not in html
    assert "已收到，待处理" in lookup(client, opinion.code, address="10.0.0.3").content.decode()


def test_no_public_page_shows_the_voters_name_or_phone(client, township, term, staff):
    deputy = DeputyFactory(term=term, name="乌云其其格")
    opinion = opinion_for(deputy)
    suggestion = services.voter_opinion_convert(opinion, actor=staff)
    Suggestion.objects.filter(pk=suggestion.pk).update(public=True)
    pages = [
        reverse("home"),
        reverse("opinions:new"),
        reverse("opinions:new") + f"?deputy={deputy.pk}",
        reverse("opinions:lookup"),
        reverse("deputies:directory"),
        reverse("deputies:detail", args=[deputy.pk]),
        reverse("suggestions:public_results"),
    ]
    for url in pages:
        html = client.get(url).content.decode()
        assert NAME not in html and PHONE not in html, url
    html = lookup(client, opinion.code).content.decode()
    assert suggestion.number in html
    assert NAME not in html and PHONE not in html


# ---- the addressed deputy --------------------------------------------------------------------------


@pytest.fixture
def deputy_user(term):
    user = UserFactory(username="opinion-deputy", role="deputy")
    DeputyFactory(term=term, name="乌云其其格", user=user)
    return user


@pytest.fixture
def others_opinion(term):
    other = DeputyFactory(term=term, name="巴特尔", user=UserFactory(username="bater", role="deputy"))
    return opinion_for(other, content="别的代表收到的意见：惠泽社区停车难。")


def test_a_deputy_sees_only_the_opinions_addressed_to_them(client, deputy_user, others_opinion):
    own = opinion_for(deputy_user.deputy)
    client.force_login(deputy_user)

    html = client.get(reverse("opinions:mine")).content.decode()
    assert "查汗庙嘎查三组" in html and "惠泽社区停车难" not in html
    detail = client.get(reverse("opinions:mine_detail", args=[own.pk])).content.decode()
    assert CONTENT in detail
    assert NAME not in detail and PHONE not in detail and own.code not in detail

    assert client.get(reverse("opinions:mine_detail", args=[others_opinion.pk])).status_code == 404
    answer = client.post(reverse("opinions:answer", args=[others_opinion.pk]), {"answer-answer": "好的"})
    assert answer.status_code == 404
    passed = client.post(reverse("opinions:pass_to_staff", args=[others_opinion.pk]), {})
    assert passed.status_code == 404
    assert VoterOpinion.objects.get(pk=others_opinion.pk).status == OpinionStatus.NEW


def test_the_deputy_pages_need_a_signed_in_deputy(client, staff, deputy_user):
    opinion = opinion_for(deputy_user.deputy)
    response = client.get(reverse("opinions:mine"))
    assert response.status_code == 302 and reverse("login") in response["Location"]
    client.force_login(staff)
    assert client.get(reverse("opinions:mine")).status_code == 404
    assert client.get(reverse("opinions:mine_detail", args=[opinion.pk])).status_code == 404


def test_the_deputy_answers_and_the_voter_reads_it_by_code(client, deputy_user):
    opinion = opinion_for(deputy_user.deputy)
    client.force_login(deputy_user)

    empty = client.post(reverse("opinions:answer", args=[opinion.pk]), {"answer-answer": " "})
    assert empty.status_code == 200 and "请填写给选民的答复" in empty.content.decode()

    response = client.post(reverse("opinions:answer", args=[opinion.pk]), {"answer-answer": "已协调修补。"})

    assert response.status_code == 302
    opinion.refresh_from_db()
    assert (opinion.status, opinion.answer, opinion.answered_by) == (
        OpinionStatus.ANSWERED,
        "已协调修补。",
        deputy_user,
    )
    assert opinion.answered_at is not None
    client.logout()
    assert "已协调修补。" in lookup(client, opinion.code).content.decode()


def test_the_deputy_passes_an_opinion_to_the_office_with_a_note(
    client, deputy_user, staff, django_capture_on_commit_callbacks
):
    opinion = opinion_for(deputy_user.deputy)
    client.force_login(deputy_user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("opinions:pass_to_staff", args=[opinion.pk]), {"pass-note": "涉及旗交通局，需镇里协调。"}
        )

    assert response.status_code == 302
    opinion.refresh_from_db()
    assert (opinion.status, opinion.pass_note, opinion.passed_by) == (
        OpinionStatus.PASSED_TO_STAFF,
        "涉及旗交通局，需镇里协调。",
        deputy_user,
    )
    assert Notification.objects.filter(user=staff, link__contains=f"/voteropinion/{opinion.pk}/").exists()
    # Passed on: the deputy no longer answers it, and the voter never sees the note.
    detail = client.get(reverse("opinions:mine_detail", args=[opinion.pk])).content.decode()
    assert 'name="answer-answer"' not in detail
    client.logout()
    html = lookup(client, opinion.code).content.decode()
    assert "已转交人大主席团办公室" in html and "涉及旗交通局" not in html


def test_the_portal_home_counts_the_opinions_waiting_for_the_deputy(client, deputy_user, township):
    opinion_for(deputy_user.deputy)
    answered = opinion_for(deputy_user.deputy, content="另一条意见：路灯不亮。")
    services.voter_opinion_answer(answered, actor=deputy_user, answer="已修好。")
    client.force_login(deputy_user)
    html = client.get(reverse("portal")).content.decode()
    assert "待回复的社情民意" in html
    assert re.search(r'<span class="badge rounded-pill portal-count">1</span>', html)
    assert f'href="{reverse("opinions:mine")}"' in html


# ---- the rules of each action ------------------------------------------------------------------------


def test_actions_check_the_status_and_who_takes_them(deputy_user, staff):
    opinion = opinion_for(deputy_user.deputy)
    with pytest.raises(PermissionDenied):
        services.voter_opinion_convert(opinion, actor=deputy_user)
    with pytest.raises(PermissionDenied):
        services.voter_opinion_pass_to_staff(opinion, actor=staff)
    services.voter_opinion_close(opinion, actor=staff, reason="重复提交，已合并办理。")
    with pytest.raises(TransitionError):
        services.voter_opinion_answer(opinion, actor=staff, answer="迟到的答复")
    with pytest.raises(TransitionError):
        services.voter_opinion_convert(opinion, actor=staff)
    assert VoterOpinion.objects.get(pk=opinion.pk).status == OpinionStatus.CLOSED


def test_every_action_is_kept_in_the_history_with_who_but_without_the_voters_details(deputy_user):
    opinion = opinion_for(deputy_user.deputy)
    services.voter_opinion_answer(opinion, actor=deputy_user, answer="已协调修补。")
    versions = list(opinion.history.order_by("history_date"))
    assert [v.status for v in versions] == [OpinionStatus.NEW, OpinionStatus.ANSWERED]
    assert versions[-1].history_user == deputy_user
    assert not hasattr(versions[-1], "voter_contact") and not hasattr(versions[-1], "voter_name")


# ---- the staff inbox in the admin -------------------------------------------------------------------


def action_url(opinion, action):
    return reverse("admin:suggestions_voteropinion_action", args=[opinion.pk, action])


def test_staff_turn_an_opinion_into_a_suggestion_linked_both_ways(client, staff, deputy_user):
    opinion = opinion_for(deputy_user.deputy)
    client.force_login(staff)
    change = client.get(reverse("admin:suggestions_voteropinion_change", args=[opinion.pk])).content.decode()
    assert action_url(opinion, "convert") in change
    assert NAME in change and PHONE in change  # staff see who wrote it
    form = client.get(action_url(opinion, "convert")).content.decode()
    assert "查汗庙嘎查三组通往牧点的砂石路被雨水冲断了两处" in form

    response = client.post(
        action_url(opinion, "convert"),
        {"title": "关于修复查汗庙嘎查三组砂石路的建议", "category": "infrastructure", "lead_deputy": ""},
    )

    suggestion = Suggestion.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:suggestions_suggestion_change", args=[suggestion.pk])
    opinion.refresh_from_db()
    assert (opinion.status, opinion.suggestion, opinion.converted_by) == (
        OpinionStatus.CONVERTED,
        suggestion,
        staff,
    )
    assert suggestion.voter_opinion == opinion
    assert (suggestion.source, suggestion.state) == (Source.VOTER_OPINION, State.REGISTERED)
    assert suggestion.title == "关于修复查汗庙嘎查三组砂石路的建议"
    assert suggestion.content == CONTENT
    assert suggestion.lead_deputy is None and suggestion.external_proposer == "选民（社情民意）"
    for value in (suggestion.title, suggestion.content, suggestion.external_proposer):
        assert NAME not in value and PHONE not in value
    page = client.get(reverse("admin:suggestions_suggestion_change", args=[suggestion.pk])).content.decode()
    assert reverse("admin:suggestions_voteropinion_change", args=[opinion.pk]) in page


def test_the_addressed_deputy_leads_the_suggestion_by_default(staff, deputy_user):
    opinion = opinion_for(deputy_user.deputy)
    suggestion = services.voter_opinion_convert(opinion, actor=staff)
    assert suggestion.lead_deputy == deputy_user.deputy
    assert suggestion.category == "infrastructure"  # roads → roads, water and infrastructure


def test_closing_needs_a_reason_which_the_voter_sees(client, staff):
    opinion = opinion_for()
    client.force_login(staff)

    refused = client.post(action_url(opinion, "close"), {"reason": ""})
    assert refused.status_code == 200 and "请填写关闭的理由" in refused.content.decode()
    assert VoterOpinion.objects.get(pk=opinion.pk).status == OpinionStatus.NEW

    client.post(action_url(opinion, "close"), {"reason": "已在接待日当场答复。"})
    opinion.refresh_from_db()
    assert (opinion.status, opinion.close_reason, opinion.closed_by) == (
        OpinionStatus.CLOSED,
        "已在接待日当场答复。",
        staff,
    )
    client.logout()
    assert "已在接待日当场答复。" in lookup(client, opinion.code).content.decode()


def test_staff_answer_an_opinion_passed_to_them(client, staff, deputy_user):
    opinion = opinion_for(deputy_user.deputy)
    services.voter_opinion_pass_to_staff(opinion, actor=deputy_user)
    client.force_login(staff)
    client.post(action_url(opinion, "answer"), {"answer": "镇政府已安排修补。"})
    opinion.refresh_from_db()
    assert (opinion.status, opinion.answered_by) == (OpinionStatus.ANSWERED, staff)
    client.logout()
    html = lookup(client, opinion.code).content.decode()
    assert "镇政府已安排修补。" in html and "人大主席团办公室" in html


def test_staff_record_an_opinion_raised_at_a_reception(client, staff, term):
    client.force_login(staff)
    response = client.post(
        reverse("admin:suggestions_voteropinion_add"),
        {
            "content": "接待日反映：希望增加周末门诊。",
            "category": "education_health",
            "source": "reception",
            "submitted_at_0": "2026-05-10",
            "submitted_at_1": "09:30:00",
            "deputy": "",
            "voter_name": NAME,
            "voter_contact": PHONE,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    opinion = VoterOpinion.objects.get()
    assert (opinion.source, opinion.status, opinion.entered_by) == ("reception", OpinionStatus.NEW, staff)
    assert len(opinion.code) == 8


def test_members_see_the_inbox_without_the_voters_details(client, deputy_user):
    opinion = opinion_for(deputy_user.deputy, photo=SimpleUploadedFile("p.jpg", jpeg()))
    services.voter_opinion_answer(opinion, actor=deputy_user, answer="已协调修补。")
    client.force_login(UserFactory(username="member", role="presidium_member"))
    for url in (
        reverse("admin:suggestions_voteropinion_changelist"),
        reverse("admin:suggestions_voteropinion_change", args=[opinion.pk]),
        reverse("admin:suggestions_voteropinion_history", args=[opinion.pk]),
    ):
        response = client.get(url)
        html = response.content.decode()
        assert response.status_code == 200, url
        assert NAME not in html and PHONE not in html and "/photo/" not in html, url
    assert client.get(action_url(opinion, "close")).status_code == 403


# ---- 代表码: the deputy's QR code -----------------------------------------------------------------------


def svg_modules(svg: bytes) -> str:
    """The drawing of a QR code SVG (its path), to compare two codes."""
    root = ET.fromstring(svg)
    return next(p.get("d") for p in root.iter("{http://www.w3.org/2000/svg}path") if p.get("stroke"))


def test_the_qr_code_is_the_code_of_the_form_addressed_to_the_deputy(client, term):
    deputy = DeputyFactory(term=term, name="乌云其其格")
    response = client.get(reverse("deputies:code_svg", args=[deputy.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "image/svg+xml"

    url = f"http://testserver{reverse('opinions:new')}?deputy={deputy.pk}"
    expected = io.BytesIO()
    segno.make(url, error="m", micro=False).save(expected, kind="svg", scale=8, border=4)
    assert svg_modules(response.content) == svg_modules(expected.getvalue())
    # The address it holds opens the form addressed to the deputy.
    assert "乌云其其格" in client.get(url.removeprefix("http://testserver")).content.decode()


def test_no_qr_code_for_a_deputy_no_longer_in_office(client, term):
    gone = DeputyFactory(term=term, status="resigned", left_office=datetime.date(2022, 3, 1))
    assert client.get(reverse("deputies:code_svg", args=[gone.pk])).status_code == 404


def test_staff_print_a_deputys_card_with_the_address_in_words(client, staff, term, township):
    deputy = DeputyFactory(term=term, name="乌云其其格")
    card_url = reverse("deputies:code_card", args=[deputy.pk])
    assert client.get(card_url).status_code == 302  # sign in first
    client.force_login(staff)
    html = client.get(card_url).content.decode()
    assert "乌云其其格" in html and deputy.constituency.name in html
    assert "扫码向代表反映社情民意" in html
    assert f"http://testserver/opinions/new/?deputy={deputy.pk}" in html
    assert f'src="{reverse("deputies:code_svg", args=[deputy.pk])}"' in html
    roster = client.get(reverse("admin:deputies_deputy_changelist")).content.decode()
    assert card_url in roster


def test_a_deputy_prints_their_own_card_and_no_one_elses(client, deputy_user, others_opinion, township):
    client.force_login(deputy_user)
    html = client.get(reverse("deputies:my_code_card")).content.decode()
    assert f"?deputy={deputy_user.deputy.pk}" in html
    other = others_opinion.deputy
    assert client.get(reverse("deputies:code_card", args=[other.pk])).status_code == 404


def test_the_home_page_invites_voters_to_write_and_to_follow_their_opinion(client, township):
    home = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("opinions:new")}"' in home
    assert f'href="{reverse("opinions:lookup")}"' in home
    assert "向镇人大反映问题" in home
