"""The demo's 2022 is the seed report's year."""

import pytest

from congress.figures import compute
from deputies.models import Activity, Deputy, Opinion, Outcome, ReceptionMatter
from tests.demo import load_demo

# 乌审召镇's figures: the demo's second township, 图克镇, has a year of its own.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("first_township_scope")]


@pytest.fixture
def demo(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    load_demo()


SEED_2022 = {
    "deputies.in_office": "67",
    "receptions.visitors": "83",  # 80多人次
    "activities.research_trips": "5",
    "activities.research_participants": "60",
    "activities.research_participation_rate": "89.55%",
    "deliberations.count": "6",
    "deliberations.opinions": "32",  # 30余条
}


def test_the_demo_2022_figures_equal_the_seed_report_s(demo):
    assert {code: compute(code, 2022).display() for code in SEED_2022} == SEED_2022


def test_the_demo_is_the_same_after_a_second_start_up(demo):
    # load_demo leaves a database with records as it is (tests/congress/test_startup.py);
    # the app's own loader, run again, finds its records and changes no figure either.
    load_demo()
    from deputies import demo as deputies_demo

    deputies_demo.load()
    assert {code: compute(code, 2022).display() for code in SEED_2022} == SEED_2022
    assert Activity.objects.exclude(outcome_document="").count() == 1


def test_the_demo_has_what_the_other_apps_link_to_and_a_rich_year_for_the_demo_deputy(demo):
    assert ReceptionMatter.objects.filter(outcome=Outcome.SUGGESTION, reception__date__year=2022).count() >= 4
    assert Opinion.objects.filter(deliberation__date__year=2022).count() >= 2
    trips = Activity.objects.filter(kind="research_trip", start_date__year=2022)
    assert {"巴彦淖尔市五原县", "巴彦淖尔市杭锦后旗"} <= set(trips.values_list("destination", flat=True))
    assert trips.filter(outcome_summary__contains="农业生态化转型调研报告").exists()

    participants = compute("activities.research_participants", 2022).records
    assert not participants.filter(left_office__year=2022).exists()  # the two who left in 2022
    from deputies import selectors

    record = selectors.duty_record(Deputy.objects.get(name="乌云其其格"), 2022)
    assert len(record.receptions) >= 3 and record.duty_reports and len(record.opinions) >= 2
    assert compute("receptions.visitors", 2023).value > 0
    assert selectors.duty_record(Deputy.objects.get(name="乌云其其格"), 2023).pending_receptions


def test_the_demo_2022_holds_posts_with_photos_among_them_the_wuyuan_research_trip(demo):
    from PIL import Image

    from deputies import posts
    from deputies.models import Post, PostPhoto, PostStatus

    wuyuan = Post.objects.published().get(activity__destination="巴彦淖尔市五原县")
    assert wuyuan.photos.count() == 3
    assert {"斯琴", "乌云其其格"} & {deputy.name for deputy in posts.participants(wuyuan)}
    published = Post.objects.published().in_year(2022)
    assert set(published.values_list("kind", flat=True)) == {"activity", "reception", "duty_report"}
    assert compute("posts.published", 2022).value == published.count() >= 4
    for post in published:  # each publishable as it is: the rules hold for the demo too
        assert posts.publishing_problems(post) == [], post
    assert set(Post.objects.values_list("status", flat=True)) == set(PostStatus.values) - {PostStatus.DRAFT}
    with Image.open(PostPhoto.objects.first().image.path) as photo:
        assert photo.format == "JPEG" and not photo.getexif()

    load_demo()  # again: nothing doubled
    assert Post.objects.count() == 6 and PostPhoto.objects.count() == 11


def test_the_demo_report_names_the_research_trips_as_the_seed_does(demo):
    from office.report.placeholders import PLACEHOLDER
    from office.report.services import draft_from_template

    _draft, sections = draft_from_template(2022)
    text = next(section.text for section in sections if section.key == "review-self-building")
    expected = (
        "组织人大代表赴巴彦淖尔市五原县、杭锦后旗等地就乡村振兴发展方面外出调研{{activities.research_trips}}次，"
        "形成农业生态化转型调研报告，"
    )
    assert expected in text and PLACEHOLDER.search(expected)
