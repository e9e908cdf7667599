"""A single-township database migrates into one township with every record in it, nothing lost."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from congress.townships import forget_first_township

BEFORE = [
    ("congress", "0013_document_fonts_and_help_texts_in_english"),
    ("deputies", "0011_activity_topic_and_help_texts_in_english"),
    ("suggestions", "0013_notification_message_in_reader_language"),
    ("livelihood", "0006_help_texts_in_english"),
]
AFTER = [
    ("congress", "0014_townships"),
    ("deputies", "0012_townships"),
    ("suggestions", "0014_townships"),
    ("livelihood", "0007_townships"),
]


def migrate(targets):
    forget_first_township()
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_an_existing_township_database_keeps_every_record_in_its_one_township():
    old = migrate(BEFORE)
    old.get_model("congress", "TownshipProfile").objects.create(
        pk=1,
        township="乌审召镇",
        banner="乌审旗",
        city="鄂尔多斯市",
        region="内蒙古自治区",
        platform_title="平台",
    )
    term = old.get_model("congress", "Term").objects.create(
        ordinal=4, start_date=datetime.date(2021, 9, 22), seats=70
    )
    deputy = old.get_model("deputies", "Deputy").objects.create(
        term=term, name="王宝平", took_office=datetime.date(2021, 9, 22)
    )
    unit = old.get_model("suggestions", "HandlingUnit").objects.create(name="镇农业综合服务中心")
    old.get_model("suggestions", "YearCounter").objects.create(year=2022, last=19)
    old.get_model("suggestions", "Suggestion").objects.create(
        number="2022-019",
        title="修缮道路",
        content="请修缮道路。",
        lead_deputy=deputy,
        received_on=datetime.date(2022, 3, 1),
    )
    old.get_model("livelihood", "LivelihoodPlan").objects.create(
        year=2022, title="2022年民生实事", number_to_choose=5
    )

    new = migrate(AFTER)
    forget_first_township()  # the process kept the test database's first township, dropped above

    township = new.get_model("congress", "Township").objects.get()
    assert (township.name, township.slug) == ("乌审召镇", "wushenzhao")
    profile = new.get_model("congress", "TownshipProfile").objects.get()
    assert profile.township_id == township.pk and profile.platform_title == "平台"
    for app, model, count in [
        ("congress", "Term", 1),
        ("deputies", "Deputy", 1),
        ("suggestions", "HandlingUnit", 1),
        ("suggestions", "Suggestion", 1),
        ("livelihood", "LivelihoodPlan", 1),
    ]:
        rows = new.get_model(app, model).objects.values_list("township_id", flat=True)
        assert list(rows) == [township.pk] * count, (app, model)
    assert new.get_model("deputies", "Deputy").objects.get().pk == deputy.pk
    assert new.get_model("suggestions", "HandlingUnit").objects.get().pk == unit.pk
    counter = new.get_model("suggestions", "YearCounter").objects.get()
    assert (counter.township_id, counter.year, counter.last) == (township.pk, 2022, 19)

    migrate(
        [
            (app, name)
            for app, name in MigrationExecutor(connection).loader.graph.leaf_nodes()
            if app in dict(AFTER)
        ]
    )
