"""A project's status rules and its progress."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from livelihood import services
from livelihood.models import ProgressPhoto, Project, ProjectStatus

from .helpers import chosen_projects, png_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(staff):
    return chosen_projects(staff, count=1)[0]


def test_a_project_in_use_needs_its_completion_and_first_use_dates(project):
    with pytest.raises(ValidationError) as error:
        services.project_set_status(project, ProjectStatus.IN_USE, completion_date=datetime.date(2022, 9, 1))
    assert "first_use_date" in error.value.message_dict
    assert Project.objects.get(pk=project.pk).status == ProjectStatus.NOT_STARTED


def test_a_project_goes_into_use_with_both_dates_and_is_complete(project):
    services.project_set_status(
        project,
        ProjectStatus.IN_USE,
        completion_date=datetime.date(2022, 9, 1),
        first_use_date=datetime.date(2022, 9, 10),
    )
    project.refresh_from_db()
    assert project.status == ProjectStatus.IN_USE
    assert project.percent_complete == 100


def test_first_use_cannot_come_before_completion(project):
    with pytest.raises(ValidationError):
        services.project_set_status(
            project,
            ProjectStatus.IN_USE,
            completion_date=datetime.date(2022, 9, 10),
            first_use_date=datetime.date(2022, 9, 1),
        )


def test_a_cancelled_project_needs_a_reason(project):
    with pytest.raises(ValidationError) as error:
        services.project_set_status(project, ProjectStatus.CANCELLED)
    assert "cancel_reason" in error.value.message_dict
    services.project_set_status(project, ProjectStatus.CANCELLED, reason="选址与规划冲突，经会议研究取消")
    assert Project.objects.get(pk=project.pk).cancel_reason.startswith("选址")


def test_leaving_cancelled_clears_the_reason(project):
    services.project_set_status(project, ProjectStatus.CANCELLED, reason="暂缓")
    services.project_set_status(project, ProjectStatus.UNDER_CONSTRUCTION)
    assert Project.objects.get(pk=project.pk).cancel_reason == ""


@pytest.mark.parametrize(
    "fields",
    [
        {"status": ProjectStatus.IN_USE, "percent_complete": 100},
        {"status": ProjectStatus.CANCELLED, "cancel_reason": ""},
        {
            "status": ProjectStatus.COMPLETED,
            "percent_complete": 80,
            "completion_date": datetime.date(2022, 9, 1),
        },
        {"percent_complete": 101},
    ],
    ids=["in-use-without-dates", "cancelled-without-reason", "completed-below-100", "over-100"],
)
def test_the_database_holds_the_status_rules(project, fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        Project.objects.filter(pk=project.pk).update(**fields)


def test_posting_progress_moves_the_project_along(project, staff):
    services.progress_post(project, date=datetime.date(2022, 4, 1), text="开工", percent=20, actor=staff)
    services.progress_post(project, date=datetime.date(2022, 3, 1), text="前期设计", percent=5)
    project.refresh_from_db()
    assert project.status == ProjectStatus.UNDER_CONSTRUCTION
    assert project.percent_complete == 20  # the latest dated update, not the last posted


def test_progress_without_a_percent_leaves_the_project_as_it_is(project):
    services.progress_post(project, date=datetime.date(2022, 3, 1), text="完成施工图设计")
    project.refresh_from_db()
    assert (project.status, project.percent_complete) == (ProjectStatus.NOT_STARTED, 0)


def test_progress_photos_are_checked_by_content(project, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    fake = SimpleUploadedFile("site.png", b"this is not a picture", content_type="image/png")
    with pytest.raises(ValidationError):
        services.progress_post(
            project,
            date=datetime.date(2022, 5, 1),
            text="施工现场",
            photos=[{"image": fake, "alt_text": "施工现场"}],
        )
    good = SimpleUploadedFile("site.png", png_bytes(), content_type="image/png")
    update = services.progress_post(
        project,
        date=datetime.date(2022, 5, 1),
        text="施工现场",
        photos=[{"image": good, "alt_text": "球场基础施工"}],
    )
    photo = ProgressPhoto.objects.get(update=update)
    assert photo.image.name.startswith("livelihood/progress/") and "site" not in photo.image.name


def test_a_photo_needs_its_alt_text(project, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    good = SimpleUploadedFile("site.png", png_bytes(), content_type="image/png")
    with pytest.raises(ValidationError):
        services.progress_post(
            project, date=datetime.date(2022, 5, 1), text="施工现场", photos=[{"image": good, "alt_text": ""}]
        )


def test_the_project_services_name_the_actor_in_every_history_record(staff):
    from livelihood.models import ProgressUpdate

    (project,) = chosen_projects(staff, count=1)
    assert project.history.earliest().history_user == staff  # opened by the vote staff confirmed
    services.progress_post(project, date=datetime.date(2022, 5, 1), text="开工", percent=30, actor=staff)
    services.project_set_status(project, "completed", completion_date=datetime.date(2022, 9, 1), actor=staff)
    assert {h.history_user for h in project.history.all()} == {staff}
    assert {h.history_user for h in ProgressUpdate.history.all()} == {staff}
