"""Factories of the livelihood tests: plans and candidates; votes go through the services."""

import datetime

import factory

from livelihood.models import Candidate, LivelihoodPlan
from tests.factories import SessionFactory


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LivelihoodPlan
        django_get_or_create = ("year",)

    year = 2022
    number_to_choose = 6
    session = factory.SubFactory(
        SessionFactory,
        ordinal=2,
        start_date=datetime.date(2022, 1, 14),
        end_date=datetime.date(2022, 1, 14),
        deputies_present=64,
    )


class CandidateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Candidate

    plan = factory.SubFactory(PlanFactory)
    name = factory.Sequence(lambda n: f"候选项目{n:02d}")
    place = "查汗庙嘎查"
    estimated_investment = 100
    responsible_unit = "乌审召镇村镇建设服务中心"
