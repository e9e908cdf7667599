import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from deputies.models import Deputy, DeputyStatus, PresidiumMembership
from tests.factories import DeputyFactory, PresidiumMembershipFactory

pytestmark = pytest.mark.django_db

END_2022 = datetime.date(2022, 12, 31)


def test_in_office_counts_deputies_on_the_day(term):
    DeputyFactory(term=term)
    DeputyFactory(term=term, status=DeputyStatus.RESIGNED, left_office=datetime.date(2022, 6, 30))
    DeputyFactory(term=term, took_office=datetime.date(2023, 1, 1))  # by-election the next year
    DeputyFactory(term=term, status=DeputyStatus.DECEASED, left_office=datetime.date(2023, 1, 1))
    assert Deputy.objects.in_office(END_2022).count() == 2
    assert Deputy.objects.in_office(datetime.date(2022, 6, 29)).count() == 3


def test_a_deputy_who_left_needs_the_effective_date(term):
    with pytest.raises(IntegrityError), transaction.atomic():
        DeputyFactory(term=term, status=DeputyStatus.RESIGNED, left_office=None)


def test_a_deputy_in_office_has_no_leaving_date(term):
    deputy = DeputyFactory.build(term=term, left_office=datetime.date(2022, 1, 1))
    with pytest.raises(ValidationError):
        deputy.full_clean()


def test_the_presidium_has_one_current_chair(term):
    PresidiumMembershipFactory(term=term, role="chair")
    second = PresidiumMembership(
        term=term, deputy=DeputyFactory(term=term), role="chair", start_date=term.start_date
    )
    with pytest.raises(ValidationError):
        second.full_clean()


def test_a_former_chair_does_not_block_the_new_one(term):
    PresidiumMembershipFactory(term=term, role="chair", end_date=datetime.date(2023, 3, 1))
    PresidiumMembershipFactory(term=term, role="chair")
    assert PresidiumMembership.objects.filter(term=term, role="chair").count() == 2


def test_changes_to_a_deputy_are_kept_in_history(term):
    deputy = DeputyFactory(term=term, occupation="牧民")
    deputy.occupation = "合作社理事长"
    deputy.save()
    assert [h.occupation for h in deputy.history.order_by("history_date")] == ["牧民", "合作社理事长"]
