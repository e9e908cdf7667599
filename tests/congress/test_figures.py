from decimal import Decimal

import pytest

from congress.figures import Figure, percent


def test_rates_have_two_decimals_rounded_half_up():
    assert percent(60, 67) == Decimal("89.55")
    assert percent(2, 3) == Decimal("66.67")
    assert percent(1, 8) == Decimal("12.50")
    assert Figure.rate(60, 67).display() == "89.55%"


def test_an_empty_denominator_shows_a_dash_never_zero_or_hundred():
    figure = Figure.rate(0, 0)
    assert figure.value is None
    assert figure.display() == "—"


@pytest.mark.django_db
def test_a_count_figure_keeps_the_records_it_counted():
    from tests.factories import TermFactory

    term = TermFactory()
    from congress.models import Term

    figure = Figure.count(Term.objects.all())
    assert figure.value == 1
    assert list(figure.records) == [term]
