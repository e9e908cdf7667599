import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from congress.models import Session, Term, TownshipProfile
from congress.numerals import chinese_ordinal
from congress.townships import scoped
from tests.factories import SessionFactory, TermFactory, TownshipFactory, first_township

pytestmark = pytest.mark.django_db


def test_each_township_keeps_one_profile_and_pages_read_their_own():
    fields = {"banner": "乌审旗", "city": "鄂尔多斯市", "region": "内蒙古自治区"}
    first = first_township()
    other = TownshipFactory()
    TownshipProfile.objects.create(township=first, **fields, platform_title="甲")
    TownshipProfile.objects.create(township=other, **fields, platform_title="乙")
    with pytest.raises(IntegrityError), transaction.atomic():
        TownshipProfile.objects.create(township=other, **fields, platform_title="丙")
    assert TownshipProfile.current().platform_title == "甲"  # no scope: the first township
    with scoped(other):
        assert TownshipProfile.current().platform_title == "乙"
        assert list(TownshipProfile.objects.values_list("platform_title", flat=True)) == ["乙"]


def test_session_title_defaults_to_the_official_form():
    term = TermFactory(ordinal=4)
    session = SessionFactory(term=term, ordinal=3)
    assert session.title == "第四届人民代表大会第三次会议"
    assert str(term) == "第四届"


@pytest.mark.parametrize(
    ("number", "text"), [(1, "一"), (4, "四"), (10, "十"), (13, "十三"), (20, "二十"), (21, "二十一")]
)
def test_chinese_ordinals(number, text):
    assert chinese_ordinal(number) == text


def test_a_term_cannot_end_before_it_starts():
    with pytest.raises(IntegrityError):
        Term.objects.create(
            ordinal=5, start_date=datetime.date(2026, 9, 1), end_date=datetime.date(2026, 1, 1), seats=70
        )


def test_two_sessions_of_a_term_cannot_share_a_number():
    session = SessionFactory(ordinal=2)
    duplicate = Session(
        term=session.term, ordinal=2, start_date=session.start_date, end_date=session.end_date
    )
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert "__all__" in error.value.message_dict


def test_a_session_outside_its_term_is_refused():
    term = TermFactory(start_date=datetime.date(2021, 9, 22), end_date=datetime.date(2026, 12, 31))
    session = Session(
        term=term, ordinal=9, start_date=datetime.date(2027, 1, 5), end_date=datetime.date(2027, 1, 5)
    )
    with pytest.raises(ValidationError) as error:
        session.full_clean()
    assert "start_date" in error.value.message_dict


def test_current_term_is_the_one_covering_today(settings):
    TermFactory(ordinal=3, start_date=datetime.date(2016, 9, 1), end_date=datetime.date(2021, 9, 21))
    fourth = TermFactory(
        ordinal=4, start_date=datetime.date(2021, 9, 22), end_date=datetime.date(2099, 12, 31)
    )
    assert Term.objects.current() == fourth
