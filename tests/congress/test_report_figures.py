"""The presentation of figures (as the seed report writes them) and the report's own figures."""

import datetime
from decimal import Decimal

import pytest

from congress.figures import REGISTRY, Figure, FigureDefinition, approx, compute, formatted, rate_text
from congress.models import Term
from deputies.models import ActivityKind, HomeKind
from livelihood import figures as livelihood_figures
from tests.deputies.factories import ActivityFactory, DeputiesHomeFactory
from tests.factories import ConstituencyFactory


@pytest.mark.parametrize(
    ("value", "word", "text"),
    [
        (83, "多", "80多"),
        (32, "余", "30余"),
        (80, "多", "80"),
        (7, "多", "7"),
        (105, "多", "100多"),
        (1234, "余", "1200余"),
    ],
)
def test_counts_are_written_round_as_the_seed_writes_them(value, word, text):
    assert approx(value, word) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [(Decimal("89.55"), "89.55%"), (Decimal("100.00"), "100%"), (Decimal("12.50"), "12.50%"), (None, "—")],
)
def test_rates_keep_two_decimals_but_a_whole_hundred_reads_100_percent(value, text):
    assert rate_text(value) == text


def test_a_rate_placeholder_prints_like_the_seed():
    assert formatted(Figure.rate(60, 67)) == "89.55%"
    assert formatted(Figure.rate(19, 19)) == "100%"
    assert formatted(Figure.rate(0, 0)) == "—"


def test_approx_format_leaves_rates_and_empty_figures_alone():
    assert formatted(Figure(value=83), "approx") == "80多"
    assert formatted(Figure(value=32), "approx", "余") == "30余"
    assert formatted(Figure.rate(60, 67), "approx") == "89.55%"
    assert formatted(Figure(value=None), "approx") == "—"


def test_chinese_numeral_format():
    assert formatted(Figure(value=5), "cn") == "五"
    assert formatted(Figure(value=None), "cn") == "—"


@pytest.mark.django_db
def test_join_format_names_the_records_in_order():
    for name in ["旧镇区文化广场球场建设项目", "新建镇区三处红绿灯项目"]:
        ConstituencyFactory(name=name)
    from deputies.models import Constituency

    figure = Figure.count(Constituency.objects.order_by("pk"))
    assert formatted(figure, "join") == "旧镇区文化广场球场建设项目、新建镇区三处红绿灯项目"


@pytest.mark.django_db
def test_places_format_names_each_city_once():
    term = Term.objects.create(ordinal=4, start_date=datetime.date(2021, 9, 22), seats=70)
    for destination in [
        "巴彦淖尔市五原县",
        "巴彦淖尔市杭锦后旗",
        "鄂尔多斯市鄂托克前旗",
        "巴彦淖尔市五原县",
        "",
    ]:
        ActivityFactory(term=term, kind=ActivityKind.RESEARCH_TRIP, destination=destination)
    from deputies.models import Activity

    figure = Figure.count(Activity.objects.order_by("pk"))
    assert formatted(figure, "places") == "巴彦淖尔市五原县、杭锦后旗、鄂尔多斯市鄂托克前旗"


@pytest.fixture
def livelihood_stubs(monkeypatch):
    """Stand-ins for livelihood.voted and livelihood.in_use: (voted, in_use) set per test."""
    counts = {"livelihood.voted": 0, "livelihood.in_use": 0}
    for code in counts:
        monkeypatch.setitem(
            REGISTRY,
            code,
            FigureDefinition(
                code, code, lambda year, code=code: Figure(value=counts[code], records=Term.objects.all())
            ),
        )
    return counts


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("voted", "in_use", "text"),
    [
        (6, 6, "均已建成投用"),
        (6, 4, "其中4项已建成投用，其余项目正在加快推进"),
        (6, 0, "正在加快推进"),
        (0, 0, ""),
    ],
)
def test_projects_status_says_all_in_use_only_when_every_project_is(livelihood_stubs, voted, in_use, text):
    livelihood_stubs.update({"livelihood.voted": voted, "livelihood.in_use": in_use})
    assert compute("report.projects_status", 2022).value == text
    assert livelihood_figures.projects_status(2022).value == text


@pytest.mark.django_db
def test_home_star_rating_is_the_best_rating_held_by_the_end_of_the_year():
    DeputiesHomeFactory(name="乌审召镇人大代表之家", star_rating=5, rated_on=datetime.date(2022, 6, 1))
    DeputiesHomeFactory(name="绿洲社区代表联络站", kind=HomeKind.STATION, star_rating=5, rated_on=None)
    DeputiesHomeFactory(name="查汗庙代表之家", star_rating=3, rated_on=None)
    figure = compute("report.home_star_rating", 2022)
    assert figure.value == 5
    assert [home.name for home in figure.records] == ["乌审召镇人大代表之家"]
    assert compute("report.home_star_rating", 2021).value == 3


@pytest.mark.django_db
def test_suggestions_by_state_counts_the_years_items_in_each_state(staff_user, term):
    from suggestions import workflow
    from suggestions.choices import Source, State, Transition
    from suggestions.models import Suggestion
    from tests.factories import DeputyFactory

    deputy = DeputyFactory(term=term)
    for day in (datetime.date(2022, 3, 1), datetime.date(2022, 5, 1), datetime.date(2023, 1, 5)):
        item = Suggestion(
            title="道路", content="修路", source=Source.SESSION, lead_deputy=deputy, received_on=day
        )
        workflow.apply(item, Transition.REGISTER, actor=staff_user)
    rejected = Suggestion.objects.get(received_on=datetime.date(2022, 5, 1))
    workflow.apply(rejected, Transition.REJECT, actor=staff_user, reason="不属于建议")

    figure = compute("report.suggestions_by_state", 2022)
    counts = {state: count for state, (_label, count) in figure.value.items()}
    assert counts[State.REGISTERED] == 1
    assert counts[State.REJECTED] == 1
    assert sum(counts.values()) == 2
    assert figure.records.count() == 2
