"""Factories for the deputies' duty work (the roster's are in tests/factories.py)."""

import datetime
import io

import factory
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from deputies.models import (
    Activity,
    ActivityKind,
    Attendance,
    AttendanceStatus,
    Deliberation,
    DeputiesHome,
    DutyReport,
    Opinion,
    Post,
    PostKind,
    PostPhoto,
    PostStatus,
    Reception,
    ReceptionMatter,
    VoterContact,
)
from tests.factories import DeputyFactory, TermFactory


class DeputiesHomeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DeputiesHome
        django_get_or_create = ("name",)

    name = "乌审召镇人大代表之家"
    address = "乌审召镇人民政府院内"
    reception_day = 10
    reception_schedule = "每月10日接待选民"
    star_rating = 5
    rated_by = "乌审旗人大常委会"


class ReceptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Reception
        skip_postgeneration_save = True

    term = factory.SubFactory(TermFactory)
    date = datetime.date(2022, 5, 10)
    place = "代表之家"
    visitors = 5
    confirmed = True

    @factory.post_generation
    def deputies(reception, create, extracted, **kwargs):
        if create and extracted:
            reception.deputies.set(extracted)


class ReceptionMatterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReceptionMatter

    reception = factory.SubFactory(ReceptionFactory)
    summary = "道路破损"
    voter_name = "张某某"
    voter_contact = "13947700001"


class DutyReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DutyReport

    deputy = factory.SubFactory(DeputyFactory)
    date = datetime.date(2022, 6, 21)
    place = "嘎查党群服务中心"
    audience = 30


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    term = factory.SubFactory(TermFactory)
    kind = ActivityKind.RESEARCH_TRIP
    title = factory.Sequence(lambda n: f"调研活动{n}")
    start_date = datetime.date(2022, 4, 12)


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    activity = factory.SubFactory(ActivityFactory)
    deputy = factory.SubFactory(DeputyFactory, term=factory.SelfAttribute("..activity.term"))
    status = AttendanceStatus.PRESENT


class DeliberationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Deliberation

    term = factory.SubFactory(TermFactory)
    subject = factory.Sequence(lambda n: f"专项工作报告{n}")
    date = datetime.date(2022, 6, 28)


class OpinionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Opinion

    deliberation = factory.SubFactory(DeliberationFactory)
    text = factory.Sequence(lambda n: f"意见{n}")


class VoterContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VoterContact

    deputy = factory.SubFactory(DeputyFactory)
    term = factory.SelfAttribute("deputy.term")
    contact_point = "查汗庙嘎查"
    households = 40
    voters = 96
    notes = "联系人电话13900000000"


def attend(activity, deputies, status=AttendanceStatus.PRESENT, reason=""):
    for deputy in deputies:
        Attendance.objects.create(activity=activity, deputy=deputy, status=status, absence_reason=reason)


class PostFactory(factory.django.DjangoModelFactory):
    """A draft post about an activity (pass ``reception=`` or ``duty_report=`` with ``kind`` for the others)."""

    class Meta:
        model = Post

    kind = PostKind.ACTIVITY
    activity = factory.SubFactory(ActivityFactory)
    title = factory.Sequence(lambda n: f"履职动态{n}")
    text = "代表们实地察看，听取情况介绍，提出了意见建议。"


def jpeg_bytes(size=(800, 600), colour=(120, 160, 80)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "JPEG")
    return buffer.getvalue()


def add_photos(post, count=1):
    for order in range(count):
        PostPhoto.objects.create(post=post, image=ContentFile(jpeg_bytes(), name="photo.jpg"), order=order)
    return post


def published(post, *, photos=0, at=None):
    """``post`` published as staff would (its record's deputies marked as taking part beforehand)."""
    add_photos(post, photos)
    post.status, post.published_at = PostStatus.PUBLISHED, at or timezone.now()
    post.save()
    return post
