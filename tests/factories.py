"""Factories for the tests: the smallest valid records, overridable per test."""

import datetime

import factory
from django.contrib.auth import get_user_model

from congress.models import Session, Term, Township, TownshipProfile
from congress.roles import Role, grant_role
from congress.townships import first_township_id
from deputies.models import Constituency, Deputy, PresidiumMembership

PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def role(user, create, extracted, **kwargs):
        if extracted:
            grant_role(user, Role(extracted))
        user.save()


def first_township(name="乌审召镇", slug="wushenzhao"):
    """The database's first township, named (every record made without a scope is its)."""
    township = Township.objects.get(pk=first_township_id())
    Township.objects.filter(pk=township.pk).update(name=name, slug=slug)
    township.refresh_from_db()
    return township


class TownshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Township
        django_get_or_create = ("slug",)

    name = "图克镇"
    slug = "tuke"
    sort_order = 3


class TownshipProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TownshipProfile
        django_get_or_create = ("township",)

    township = factory.LazyFunction(first_township)
    banner = "乌审旗"
    city = "鄂尔多斯市"
    region = "内蒙古自治区"
    platform_title = "乌审召镇人大主席团工作平台"


class TermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Term
        django_get_or_create = ("ordinal",)

    ordinal = 4
    start_date = datetime.date(2021, 9, 22)
    end_date = datetime.date(2026, 12, 31)
    seats = 70


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    term = factory.SubFactory(TermFactory)
    ordinal = factory.Sequence(lambda n: n + 1)
    start_date = datetime.date(2022, 12, 16)
    end_date = datetime.date(2022, 12, 16)


class ConstituencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Constituency
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"第{n + 1}选区")


class DeputyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Deputy

    term = factory.SubFactory(TermFactory)
    name = factory.Sequence(lambda n: f"代表{n:03d}")
    gender = "male"
    ethnicity = "汉族"
    birth_month = datetime.date(1980, 5, 1)
    constituency = factory.SubFactory(ConstituencyFactory)
    phone = factory.Sequence(lambda n: f"139{n:08d}")
    took_office = factory.SelfAttribute("term.start_date")


class PresidiumMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PresidiumMembership

    term = factory.SubFactory(TermFactory)
    deputy = factory.SubFactory(DeputyFactory, term=factory.SelfAttribute("..term"))
    role = "member"
    start_date = factory.SelfAttribute("term.start_date")
