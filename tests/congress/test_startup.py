"""`make run` is safe on real data: start-up loads the demo only into a database without records.

Start-up is what `make run` runs before serving: ``migrate`` and ``load_demo``. Resetting to the
demo is a separate command (``demo_reset``) that lists what it erases and asks first.
"""

import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from congress.demo import entered_rows
from congress.models import TownshipProfile
from deputies.models import Constituency, Deputy
from tests.factories import DeputyFactory, TermFactory, UserFactory

# 乌审召镇's records: the demo's second township, 图克镇, has its own profile and roster.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("first_township_scope")]


def start_up() -> str:
    """The commands `make run` runs before it serves (Makefile: demo)."""
    out = io.StringIO()
    call_command("migrate", interactive=False, verbosity=0)
    call_command("load_demo", stdout=out)
    call_command("demo_accounts", "--list", stdout=out)
    return out.getvalue()


def snapshot() -> dict:
    return {model._meta.label: n for model, n in entered_rows().items()}


@pytest.fixture
def demo(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    output = start_up()
    assert "演示数据：deputies.demo 已加载" in output
    assert "演示账号（密码均为 demo-2022）" in output
    assert "banner" in output and "unit" in output  # every app's demo logins are listed
    return output


def test_start_up_twice_keeps_edited_records_and_a_deputy_who_shares_a_demo_name(demo):
    chair = Deputy.objects.get(name="王宝平")
    chair.occupation = "乌审召镇人大主席（人大办改过）"
    chair.save()
    profile = TownshipProfile.objects.get()
    profile.introduction = "人大办写的简介。"
    profile.save()
    # A real deputy imported later: another person of the chair's name, born in another month.
    namesake = Deputy.objects.create(
        term=chair.term,
        name="王宝平",
        gender="male",
        birth_month=datetime.date(1990, 7, 1),
        constituency=Constituency.objects.create(name="第九选区"),
        took_office=chair.term.start_date,
    )
    before = snapshot()

    first, second = start_up(), start_up()

    for output in (first, second):
        assert (
            "数据库中已有记录（乌审召镇、图克镇，账号 7 个" in output
        )  # the banner's and 图克镇's demo accounts too
        assert "不加载演示数据，现有记录原样使用" in output and "make demo-reset" in output
    assert snapshot() == before
    chair.refresh_from_db()
    assert chair.occupation == "乌审召镇人大主席（人大办改过）"
    assert TownshipProfile.objects.get().introduction == "人大办写的简介。"
    assert sorted(str(d) for d in Deputy.objects.filter(name="王宝平")) == [
        str(Deputy.objects.get(pk=chair.pk)),
        str(Deputy.objects.get(pk=namesake.pk)),
    ]
    assert Deputy.objects.filter(name="王宝平").count() == 2


def test_start_up_never_loads_the_demo_beside_a_real_roster():
    term = TermFactory()
    DeputyFactory(term=term, name="王宝平", birth_month=datetime.date(1990, 7, 1))
    before = snapshot()

    output = start_up() + start_up()

    assert "数据库中已有记录（账号 0 个" in output and "演示账号" not in output
    assert snapshot() == before
    assert not TownshipProfile.objects.exists()
    assert not get_user_model().objects.exists()  # demo accounts come only with the demo


def test_start_up_with_only_the_first_account_leaves_it_alone(password):
    admin = UserFactory(username="admin", is_superuser=True, is_staff=True)
    output = start_up()

    assert "账号 1 个" in output and "演示账号" not in output
    admin.refresh_from_db()
    assert admin.check_password(password)  # not reset to the demo password
    assert not Deputy.objects.exists()


def test_demo_reset_refuses_without_a_yes(demo, monkeypatch):
    deputy = Deputy.objects.get(name="王宝平")
    deputy.occupation = "改过"
    deputy.save()
    before = snapshot()
    for answer in ("no", ""):
        monkeypatch.setattr("builtins.input", lambda question, answer=answer: answer)
        out = io.StringIO()
        with pytest.raises(CommandError, match="未删除任何记录"):
            call_command("demo_reset", stdout=out)
        assert "代表名册（deputies.Deputy）：79" in out.getvalue()  # 乌审召镇 69, 图克镇 10

    def no_terminal(question):
        raise EOFError

    monkeypatch.setattr("builtins.input", no_terminal)
    with pytest.raises(CommandError):
        call_command("demo_reset", stdout=io.StringIO())
    assert snapshot() == before
    assert Deputy.objects.get(pk=deputy.pk).occupation == "改过"


def test_demo_reset_with_yes_erases_every_record_and_account_then_loads_the_demo(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    term = TermFactory()
    real = DeputyFactory(term=term, name="王宝平", birth_month=datetime.date(1990, 7, 1))
    UserFactory(username="renda", role="presidium_staff")
    out = io.StringIO()

    call_command("demo_reset", "--yes", stdout=out)

    listed = out.getvalue()
    assert (
        "将从" in listed and "代表名册（deputies.Deputy）：1" in listed and "用户（auth.User）：1" in listed
    )
    assert "演示乡镇数据已加载" in listed
    assert not Deputy.objects.filter(pk=real.pk, birth_month=datetime.date(1990, 7, 1)).exists()
    assert Deputy.objects.filter(name="王宝平").count() == 1
    assert not get_user_model().objects.filter(username="renda").exists()
    assert get_user_model().objects.filter(username="staff").exists()
    assert TownshipProfile.objects.get().township.name == "乌审召镇"
