"""Uploads: checked by content and size, stored under random names, served only to who may see them."""

import datetime
import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from PIL import Image

from congress import protected_media
from congress.uploads import attachment_validators, photo_validators, random_upload_to
from deputies.models import Activity
from tests.factories import DeputyFactory, UserFactory

pytestmark = pytest.mark.django_db


def image_bytes(kind="JPEG", size=(40, 30), mode="RGB") -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, "white").save(buffer, kind)
    return buffer.getvalue()


def office_bytes(main_part: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(main_part, "<x/>")
    return buffer.getvalue()


def check(validators, name, content):
    upload = SimpleUploadedFile(name, content)
    for validator in validators:
        validator(upload)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("photo.jpg", image_bytes("JPEG")),
        ("photo.png", image_bytes("PNG")),
        ("photo.webp", image_bytes("WEBP")),
    ],
)
def test_real_photos_pass(name, content):
    check(photo_validators(), name, content)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("report.pdf", b"%PDF-1.7\n%..."),
        ("report.docx", office_bytes("word/document.xml")),
        ("ledger.xlsx", office_bytes("xl/workbook.xml")),
    ],
)
def test_real_attachments_pass(name, content):
    check(attachment_validators(), name, content)


@pytest.mark.parametrize(
    ("validators", "name", "content"),
    [
        (photo_validators(), "photo.jpg", b"<script>alert(1)</script>"),  # HTML named .jpg
        (
            photo_validators(),
            "photo.jpg",
            b"\xff\xd8\xff" + b"<script>alert(1)</script>" * 20,
        ),  # a fake header
        (photo_validators(), "photo.webp", b"RIFF\x24\x00\x00\x00WAVEfmt "),  # a sound file
        (photo_validators(), "photo.png", image_bytes("PNG", size=(9000, 5000), mode="1")),  # 45 megapixels
        (
            photo_validators(),
            "photo.svg",
            b"<svg xmlns='http://www.w3.org/2000/svg'/>",
        ),  # not an allowed type
        (attachment_validators(), "report.docx", office_bytes("xl/workbook.xml")),  # a workbook named .docx
        (attachment_validators(), "report.docx", b"PK\x03\x04not really a zip"),
        (attachment_validators(), "report.pdf", b"MZ\x90\x00"),  # a program named .pdf
        (attachment_validators(), "report.html", b"<html></html>"),
    ],
)
def test_files_whose_content_is_not_their_type_are_refused(validators, name, content):
    with pytest.raises(ValidationError):
        check(validators, name, content)


def test_files_over_the_size_limit_are_refused_by_size():
    with pytest.raises(ValidationError) as raised:
        check(photo_validators(), "photo.jpg", b"\xff\xd8\xff" + b"0" * (8 * 1024 * 1024 + 1))
    assert raised.value.code == "file_too_large"


def test_uploads_are_stored_under_random_names_keeping_only_the_extension():
    first = random_upload_to("deputies/photos")(None, "乌云其其格 身份证.JPG")
    second = random_upload_to("deputies/photos")(None, "乌云其其格 身份证.JPG")
    assert first != second
    assert first.startswith("deputies/photos/") and first.endswith(".jpg")
    assert "乌云" not in first


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def registered():
    protected_media.register(Activity, "outcome_document", can_view=protected_media.presidium)
    protected_media.register(DeputyFactory._meta.model, "photo", can_view=protected_media.anyone)
    yield
    protected_media.unregister(Activity, "outcome_document")
    protected_media.unregister(DeputyFactory._meta.model, "photo")


@pytest.fixture
def activity(term, media):
    activity = Activity.objects.create(
        term=term, kind="research_trip", title="赴五原县调研", start_date=datetime.date(2022, 6, 1)
    )
    activity.outcome_document.save("调研报告.pdf", ContentFile(b"%PDF-1.7 the report"))
    return activity


@pytest.fixture
def deputy_with_photo(term, media):
    deputy = DeputyFactory(term=term)
    deputy.photo.save("photo.jpg", ContentFile(image_bytes()))
    return deputy


def test_a_public_photo_is_served_inline_to_anyone(client, registered, deputy_with_photo):
    response = client.get(protected_media.url(deputy_with_photo, "photo"))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("inline")
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content) == deputy_with_photo.photo.open("rb").read()


def test_a_protected_document_is_a_download_for_the_presidium(client, registered, activity):
    client.force_login(UserFactory(username="member", role="presidium_member"))
    response = client.get(protected_media.url(activity, "outcome_document"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize("who", [None, "deputy", "handling_unit"])
def test_a_protected_document_is_not_found_for_others(client, registered, activity, who):
    if who:
        client.force_login(UserFactory(username=who, role=who))
    assert client.get(protected_media.url(activity, "outcome_document")).status_code == 404


def test_unregistered_fields_missing_records_and_missing_files_are_not_found(
    client, registered, activity, deputy_with_photo, staff_user
):
    client.force_login(staff_user)
    url = protected_media.url(activity, "outcome_document")
    assert client.get(url.replace("outcome_document", "title")).status_code == 404
    assert client.get(url.replace(f"/{activity.pk}/", "/999999/")).status_code == 404
    assert client.get(f"/files/auth/user/{staff_user.pk}/password/").status_code == 404
    activity.outcome_document.storage.delete(activity.outcome_document.name)
    assert client.get(url).status_code == 404


def test_files_are_only_read_never_posted(client, registered, deputy_with_photo):
    assert client.post(protected_media.url(deputy_with_photo, "photo")).status_code == 405


def test_templates_link_files_through_the_checked_route(registered, deputy_with_photo):
    html = Template('{% load protected_media %}{% file_url deputy "photo" %}').render(
        Context({"deputy": deputy_with_photo})
    )
    assert html == f"/files/deputies/deputy/{deputy_with_photo.pk}/photo/"
