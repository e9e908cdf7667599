"""Fixtures of the report and dashboard tests: the seed report's 2022 figures as stand-ins.

The apps' own figures are tested in their apps; here each code the report uses is
registered with a stand-in returning the seed's value, so that a test can also
change a figure (``seed_figures["receptions.visitors"] = Figure(...)``) and see
what the report does. No tests in this module.
"""

import datetime

import pytest

from congress.figures import REGISTRY, Figure, FigureDefinition
from deputies.models import Activity, ActivityKind, Constituency
from tests.demo import SEED_PROJECTS_2022 as SEED_PROJECTS
from tests.deputies.factories import ActivityFactory, DeputiesHomeFactory
from tests.factories import PresidiumMembershipFactory, SessionFactory, TownshipProfileFactory


class Stand_ins(dict):
    """code → Figure; every figure registered under its code returns what the dict holds now."""


def records_of(model):
    return model.objects.order_by("pk")


@pytest.fixture
def seed_session(db, term):
    return SessionFactory(
        term=term, ordinal=3, start_date=datetime.date(2022, 12, 16), end_date=datetime.date(2022, 12, 16)
    )


@pytest.fixture
def seed_figures(db, monkeypatch, term, seed_session):
    TownshipProfileFactory()
    PresidiumMembershipFactory(term=term, role="chair", title="镇党委委员、人大主席", deputy__name="王宝平")
    DeputiesHomeFactory(star_rating=5)
    projects = [Constituency.objects.create(name=name) for name in SEED_PROJECTS]
    # The demo's five trips, entered out of date order: the report lists them by date.
    for month, destination, summary in [
        (8, "巴彦淖尔市磴口县", "形成《农业生态化转型调研报告》：提出四方面建议。"),
        (4, "巴彦淖尔市五原县", ""),
        (6, "鄂尔多斯市鄂托克前旗", ""),
        (5, "巴彦淖尔市杭锦后旗", ""),
        (7, "巴彦淖尔市临河区", ""),
    ]:
        ActivityFactory(
            term=term,
            kind=ActivityKind.RESEARCH_TRIP,
            start_date=datetime.date(2022, month, 12),
            end_date=None,
            destination=destination,
            subject="乡村振兴发展",
            outcome_summary=summary,
        )
    trips = records_of(Activity)
    voted = Constituency.objects.filter(pk__in=[p.pk for p in projects]).order_by("pk")
    anything = records_of(Constituency)
    figures = Stand_ins(
        {
            "livelihood.voted": Figure(value=6, records=voted),
            "livelihood.in_use": Figure(value=6, records=voted),
            "suggestions.collected": Figure(value=19, records=anything),
            "suggestions.handed_down_deputy": Figure(value=2, records=anything),
            "suggestions.handed_down_cppcc": Figure(value=2, records=anything),
            "suggestions.satisfaction_rate": Figure.rate(19, 19, records=anything),
            "receptions.visitors": Figure(value=83, records=anything),
            "activities.research_trips": Figure(value=5, records=trips),
            "activities.research_participants": Figure(value=60, records=anything),
            "activities.research_participation_rate": Figure.rate(60, 67, records=anything),
            "deliberations.count": Figure(value=6, records=anything),
            "deliberations.opinions": Figure(value=32, records=anything),
        }
    )
    for code in list(figures):
        label = REGISTRY[code].label if code in REGISTRY else code
        monkeypatch.setitem(
            REGISTRY, code, FigureDefinition(code, label, lambda year, code=code: figures[code])
        )
    return figures


def seed_phrases():
    """What the 2022 report must say, as the seed says it."""
    return [
        "人 大 工 作 报 告",
        "——2022年12月16日在乌审召镇第四届",
        "人民代表大会第三次会议上",
        "乌审召镇党委委员、人大主席 王宝平",
        "我镇2022年民生实事项目6项，分别为" + "、".join(SEED_PROJECTS) + "，均已建成投用。",
        "共收集代表提出意见、建议19条，完成会议期间交办的2件旗人大代表建议、2件旗政协委员提案，办理结果满意率达100%。",
        "截至目前共接待选民80多人次。",
        "组织人大代表赴巴彦淖尔市五原县、杭锦后旗等地就乡村振兴发展方面外出调研5次，形成农业生态化转型调研报告，",
        "活动人数达60人，占比89.55%。",
        "听取和审议政府专项工作6项，提出意见建议30余条，票决镇级民生实事项目6项",
        "积极打造镇“五星级”人大代表之家",
        "努力为牧区“大寨”乌审召绿色高质量发展展现人大担当！",
    ]
