"""The year at a glance on the admin's front page."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from congress.figures import REGISTRY, Figure, FigureDefinition, records_url
from deputies.models import ActivityKind, AttendanceStatus
from office import dashboard
from tests.congress import test_report_fixtures as fixtures
from tests.deputies.factories import ActivityFactory, DeputiesHomeFactory, ReceptionFactory
from tests.factories import DeputyFactory, UserFactory

pytestmark = pytest.mark.django_db

# The shared fixtures (a conftest of its own would reach every congress test).
seed_figures = fixtures.seed_figures
seed_session = fixtures.seed_session

INDEX = reverse("admin:index")


def suggestion(staff, deputy, unit, *, received, deadline=None, title="修缮道路"):
    """A suggestion registered, and assigned to ``unit`` when a deadline is given (the workflow writes it)."""
    from suggestions import workflow
    from suggestions.choices import Source, Transition
    from suggestions.models import Suggestion

    item = Suggestion(
        title=title, content="内容", source=Source.SESSION, lead_deputy=deputy, received_on=received
    )
    workflow.apply(item, Transition.REGISTER, actor=staff)
    if deadline:
        workflow.apply(
            item,
            Transition.ASSIGN,
            actor=staff,
            lead_unit=unit,
            assigned_on=min(received, deadline),
            deadline=deadline,
            supervisor_leader="镇长",
        )
    return item


def unit(name="镇村镇建设服务中心"):
    from suggestions.models import HandlingUnit

    return HandlingUnit.objects.get_or_create(name=name)[0]


def year_data(term, staff, *, size: int):
    """Records of 2022 of every kind the dashboard shows, ``size`` of each."""
    deputies = [DeputyFactory(term=term) for _ in range(size)]
    DeputiesHomeFactory(name=f"代表之家{size}")
    today = timezone.localdate()
    for n in range(size):
        ReceptionFactory(
            term=term, date=datetime.date(2022, n % 12 + 1, 10), visitors=5, deputies=deputies[:2]
        )
        activity = ActivityFactory(term=term, kind=[ActivityKind.STUDY, ActivityKind.SURVEY][n % 2])
        for deputy in deputies:
            activity.attendances.create(deputy=deputy, status=AttendanceStatus.PRESENT)
        suggestion(
            staff,
            deputies[n],
            unit(f"单位{n % 3}"),
            received=datetime.date(2022, 3, 1),
            deadline=today + datetime.timedelta(days=[-3, 10, 60][n % 3]),
        )


def index_queries(client, year=2022) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(INDEX, {"year": year})
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_the_front_page_shows_the_years_figures_each_linking_to_its_records(seed_figures, staff_client):
    _count, html = index_queries(staff_client)
    assert "2022" in html
    for code in [
        "suggestions.collected",
        "receptions.visitors",
        "activities.research_participation_rate",
        "livelihood.voted",
    ]:
        assert f'href="{records_url(code, 2022)}" data-figure="{code}"' in html
    assert ">89.55%<" in html
    assert 'id="dashboard-title"' in html


def test_the_app_list_stays_on_the_front_page(seed_figures, staff_client):
    _count, html = index_queries(staff_client)
    assert reverse("admin:congress_reportdraft_changelist") in html
    assert 'id="content-main"' in html


def test_presidium_members_see_the_dashboard_and_staff_without_a_role_do_not(seed_figures, client):
    client.force_login(UserFactory(username="member", role="presidium_member"))
    assert 'id="dashboard-title"' in client.get(INDEX).content.decode()
    client.force_login(UserFactory(username="plain", is_staff=True))
    html = client.get(INDEX).content.decode()
    assert 'id="dashboard-title"' not in html


def test_the_dashboard_has_no_inline_script_or_style(seed_figures, staff_client, term):
    year_data(term, UserFactory(username="s", role="presidium_staff"), size=3)
    _count, html = index_queries(staff_client)
    panel = html[html.index('<section class="year-dashboard"') : html.index('id="content-main"')]
    assert "<svg" in panel
    assert "style=" not in panel and "<script" not in panel


def test_the_query_count_does_not_grow_with_the_data(staff_client, staff_user, term):
    year_data(term, staff_user, size=2)
    small, html = index_queries(staff_client)
    assert "supervision-row" in html
    year_data(term, staff_user, size=7)
    larger, html = index_queries(staff_client)
    assert html.count("supervision-row") > 2
    assert small == larger


def test_open_suggestions_are_coloured_by_their_deadline(staff_client, staff_user, term):
    deputy = DeputyFactory(term=term)
    today = timezone.localdate()
    suggestion(
        staff_user,
        deputy,
        unit(),
        received=today - datetime.timedelta(days=100),
        deadline=today + datetime.timedelta(days=40),
        title="绿色",
    )
    suggestion(
        staff_user,
        deputy,
        unit(),
        received=today - datetime.timedelta(days=100),
        deadline=today + datetime.timedelta(days=15),
        title="黄色",
    )
    suggestion(
        staff_user,
        deputy,
        unit(),
        received=today - datetime.timedelta(days=100),
        deadline=today - datetime.timedelta(days=1),
        title="红色",
    )
    suggestion(staff_user, deputy, unit(), received=today - datetime.timedelta(days=100), title="未交办")
    result = dashboard.supervision(today)
    assert result.counts == {"red": 1, "yellow": 1, "green": 1}
    assert [(item.title, colour) for item, colour, _url in result.items] == [
        ("红色", "red"),
        ("黄色", "yellow"),
        ("绿色", "green"),
    ]


def test_the_charts_link_to_the_records_they_count(staff_client, staff_user, term):
    year_data(term, staff_user, size=3)
    _count, html = index_queries(staff_client)
    receptions = reverse("admin:deputies_reception_changelist")
    assert f'<a href="{receptions}?date__year=2022&amp;date__month=1&amp;confirmed__exact=1">' in html
    activities = reverse("admin:deputies_activity_changelist")
    assert f'<a href="{activities}?kind__exact=study&amp;start_date__year=2022">' in html
    suggestions = reverse("admin:suggestions_suggestion_changelist")
    assert f'<a href="{suggestions}?received_on__year=2022&amp;state__exact=assigned">' in html


def test_each_units_rates_link_to_the_units_records(staff_client, staff_user, term):
    year_data(term, staff_user, size=3)
    from suggestions.models import HandlingUnit

    first = HandlingUnit.objects.get(name="单位0")
    url = records_url("suggestions.reply_rate", 2022) + f"?unit={first.pk}"
    _count, html = index_queries(staff_client)
    assert f'href="{url}"' in html
    page = staff_client.get(url).content.decode()
    assert "单位0" in page
    assert staff_client.get(records_url("suggestions.reply_rate", 2022) + "?unit=999999").status_code == 404


def test_upcoming_reception_days_are_listed(seed_figures, staff_client):
    _count, html = index_queries(staff_client)
    today = timezone.localdate()
    next_day = DeputiesHomeFactory().upcoming_reception_days(today, 1)[0]
    assert next_day.strftime("%Y-%m-%d") in html


def test_the_default_year_is_the_latest_with_records(monkeypatch):
    monkeypatch.setitem(
        REGISTRY,
        "suggestions.collected",
        FigureDefinition("suggestions.collected", "x", lambda year: Figure(value=3 if year == 2023 else 0)),
    )
    monkeypatch.setattr(dashboard.panels, "PROBES", ("suggestions.collected",))
    assert dashboard.default_year(datetime.date(2025, 5, 1)) == 2023
    assert dashboard.default_year(datetime.date(2023, 5, 1)) == 2023
    assert dashboard.default_year(datetime.date(2040, 5, 1)) == 2040  # nothing in the last years


def test_the_year_can_be_chosen(seed_figures, staff_client):
    html = staff_client.get(INDEX, {"year": 2021}).content.decode()
    assert '<option value="2021" selected>' in html
