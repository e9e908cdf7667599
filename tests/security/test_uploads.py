"""Uploads: checked by content and size, stored under random names, served only to who may see them."""

import datetime
import io
import zipfile

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.core.management import call_command
from django.db import models
from django.http import HttpResponse
from django.http.multipartparser import MultiPartParser
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from PIL import Image, ImageFile

from congress import protected_media
from congress.middleware import RequestSizeLimitMiddleware
from congress.uploads import (
    MB,
    ORIENTATION,
    PHOTO_MAX_BYTES,
    PhotoField,
    RefusedUpload,
    UploadLimitHandler,
    attachment_validators,
    field_limit,
    photo_validators,
    random_upload_to,
)
from deputies.models import Activity, Deputy
from suggestions.models import VoterOpinion
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


def opinion_form(**extra):
    return {"content": "查汗庙嘎查三组的路灯坏了一个多月。", "category": "roads", **extra}


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
def registered(monkeypatch):
    # The apps register the outcome document themselves; the photo is public (served by the proxy),
    # registered here with the route too to test a public file. What the apps registered comes back after.
    monkeypatch.setattr(protected_media, "_registry", dict(protected_media._registry))
    protected_media.register(Activity, "outcome_document", can_view=protected_media.presidium)
    protected_media.register(DeputyFactory._meta.model, "photo", can_view=protected_media.anyone)


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


# ---- photos: made fit for a phone, without EXIF or GPS (issue 14, finding 9) ----------------------

GPS_TAG, MAKE_TAG = 0x8825, 0x010F


def camera_jpeg(size=(4000, 3000), orientation=6) -> bytes:
    """A phone's photo: held upright (EXIF orientation 6), with the camera's make, GPS position and a comment.

    Its sensor picture is landscape with a blue band along the top edge; upright, the band is on the right.
    """
    picture = Image.new("RGB", size, (200, 40, 40))
    picture.paste((20, 40, 200), (0, 0, size[0], size[1] // 10))
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    exif[MAKE_TAG] = "HUAWEI"
    exif[GPS_TAG] = {1: "N", 2: (39.0, 6.0, 51.0), 3: "E", 4: (108.0, 50.0, 27.0)}
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", exif=exif, comment=b"voter at home", quality=90)
    return buffer.getvalue()


def assert_fit_for_a_phone(stored_file, size):
    stored_file.open("rb")
    raw = stored_file.read()
    stored_file.close()
    with Image.open(io.BytesIO(raw)) as stored:
        assert stored.format == "JPEG"
        assert stored.size == size
        assert not stored.getexif()
        assert not {"exif", "xmp", "comment"} & set(stored.info)
        right, left = stored.getpixel((size[0] - 5, size[1] // 2)), stored.getpixel((5, size[1] // 2))
    assert right[2] > 150 and left[0] > 150, "the photo is not upright"  # the blue band is on the right
    assert b"Exif" not in raw and b"HUAWEI" not in raw and b"voter at home" not in raw


def test_every_photo_field_of_every_app_goes_through_the_photo_pipeline():
    image_fields = [
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, models.ImageField) and not isinstance(field, PhotoField)
    ]
    assert image_fields == [], "use congress.uploads.PhotoField"


def test_a_camera_photo_is_stored_upright_downscaled_and_without_exif_or_gps(term, media):
    deputy = DeputyFactory(term=term)
    deputy.photo.save("IMG_20220412_101500.JPG", ContentFile(camera_jpeg()))
    deputy.refresh_from_db()
    assert deputy.photo.name.startswith("deputies/photos/") and deputy.photo.name.endswith(".jpg")
    assert_fit_for_a_phone(deputy.photo, (1536, 2048))


def test_a_voters_photo_sent_through_the_public_form_is_stored_without_its_location(client, township, media):
    photo = SimpleUploadedFile("IMG_0001.jpg", camera_jpeg(size=(1200, 900)), content_type="image/jpeg")
    response = client.post(reverse("opinions:new"), opinion_form(photo=photo))
    assert response.status_code == 302
    assert_fit_for_a_phone(VoterOpinion.objects.get().photo, (900, 1200))


def test_a_small_photo_is_not_enlarged_and_a_transparent_one_gets_a_white_background(term, media):
    deputy = DeputyFactory(term=term)
    deputy.photo.save("logo.png", ContentFile(image_bytes("PNG", size=(120, 80), mode="RGBA")))
    with Image.open(deputy.photo.path) as stored:
        assert (stored.format, stored.size, stored.getpixel((0, 0))) == ("JPEG", (120, 80), (255, 255, 255))


def decompression_bomb() -> bytes:
    """The finding's picture: 7300 × 5466 = 39.9 megapixels in a PNG of a few kilobytes."""
    buffer = io.BytesIO()
    Image.new("1", (7300, 5466)).save(buffer, "PNG")
    return buffer.getvalue()


def test_a_png_of_40_megapixels_is_refused_as_a_decompression_bomb_without_decoding_it(
    client, township, media, monkeypatch
):
    bomb = decompression_bomb()
    assert len(bomb) < 100_000

    def no_decoding(image, *args, **kwargs):
        raise AssertionError("the picture was decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", no_decoding)
    photo = SimpleUploadedFile("路口.png", bomb, content_type="image/png")
    response = client.post(reverse("opinions:new"), opinion_form(photo=photo))

    assert response.status_code == 200
    assert VoterOpinion.objects.count() == 0
    errors = response.context["form"].errors["photo"]
    assert errors == [
        "这张图片为 7300 × 5466 像素（39.9 百万像素），最多接受 24 百万像素。小文件打开后变成巨大的图片，"
        "可能是对服务器的攻击（“解压炸弹”），因此不予接收：请上传相机拍摄的原图，或缩小后的照片。"
    ]


def test_a_jpeg_from_a_100_megapixel_camera_is_accepted_decoded_at_a_fraction_of_its_size(term, media):
    deputy = DeputyFactory(term=term)
    deputy.photo.save("big.jpg", ContentFile(camera_jpeg(size=(10000, 7500), orientation=1)))
    with Image.open(deputy.photo.path) as stored:
        assert stored.size == (2048, 1536)


# ---- the size of a request: refused before it is read ---------------------------------------------


class UnreadableBody(io.RawIOBase):
    """A request body that fails the test if anything reads it."""

    def read(self, *args):
        raise AssertionError("the body was read")

    readline = readinto = read


def post_declaring(client, path, megabytes):
    return client.generic(
        "POST",
        path,
        CONTENT_LENGTH=str(megabytes * MB),
        CONTENT_TYPE="multipart/form-data; boundary=xyz",
        **{"wsgi.input": UnreadableBody()},
    )


def test_a_request_larger_than_anyone_may_send_is_refused_before_its_body_is_read(client, township):
    response = post_declaring(client, reverse("opinions:new"), 1024)
    assert response.status_code == 413
    html = response.content.decode()
    assert "您提交的内容共 1024.0 MB，一次最多只能提交 10.0 MB" in html
    assert VoterOpinion.objects.count() == 0


def test_signed_in_users_may_send_more_than_visitors_but_not_without_limit(client, staff_user):
    assert post_declaring(client, reverse("opinions:new"), 20).status_code == 413
    client.force_login(staff_user)
    assert post_declaring(client, reverse("admin:deputies_deputy_add"), 101).status_code == 413

    seen = []
    middleware = RequestSizeLimitMiddleware(lambda request: seen.append(request) or HttpResponse())
    request = RequestFactory().post("/admin/", CONTENT_LENGTH=str(20 * MB))
    request.user = staff_user
    assert middleware(request).status_code == 200 and seen == [request]


def multipart(*parts) -> tuple[bytes, str]:
    boundary = "----photo-boundary"
    body = b""
    for name, filename, content in parts:
        disposition = f'form-data; name="{name}"' + (f'; filename="{filename}"' if filename else "")
        body += f"--{boundary}\r\nContent-Disposition: {disposition}\r\n".encode()
        body += b"Content-Type: image/jpeg\r\n" if filename else b""
        body += b"\r\n" + content + b"\r\n"
    return body + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


class CountingHandler(FileUploadHandler):
    """Stands for the memory and temporary-file handlers: counts what reaches them."""

    received = 0

    def receive_data_chunk(self, raw_data, start):
        CountingHandler.received += len(raw_data)
        return None

    def file_complete(self, file_size):
        return None


def test_a_photo_past_its_limit_stops_being_kept_while_the_request_is_read():
    body, content_type = multipart(
        ("content", None, "路灯坏了".encode()),
        ("photo", "photo.jpg", b"\xff\xd8\xff" + b"0" * (9 * MB)),
        ("voter_name", None, "王某某".encode()),  # a field after the photo is still read
    )
    meta = {"CONTENT_TYPE": content_type, "CONTENT_LENGTH": str(len(body))}
    CountingHandler.received = 0
    parser = MultiPartParser(meta, io.BytesIO(body), [UploadLimitHandler(), CountingHandler()])
    post, files = parser.parse()

    assert CountingHandler.received <= PHOTO_MAX_BYTES
    assert isinstance(files["photo"], RefusedUpload) and files["photo"].size == 9 * MB + 3
    assert post["content"] == "路灯坏了" and post["voter_name"] == "王某某"


def test_the_form_says_how_large_the_photo_was_and_keeps_what_was_typed(client, township, media):
    photo = SimpleUploadedFile("photo.jpg", b"\xff\xd8\xff" + b"0" * (9 * MB), content_type="image/jpeg")
    response = client.post(reverse("opinions:new"), opinion_form(photo=photo))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["photo"] == ["文件大小为 9.0 MB，最多允许 8 MB。"]
    assert form["content"].value() == opinion_form()["content"]
    assert VoterOpinion.objects.count() == 0


@pytest.mark.parametrize(
    ("field", "limit"),
    [
        ("photo", 8 * MB),  # a deputy's or a voter's photo
        ("photos-0-image", 8 * MB),  # an inline row of photos
        ("reply-attachment", 20 * MB),
        ("outcome_document", 20 * MB),
        ("something-else", 20 * MB),  # a field no form declares: the largest limit there is
    ],
)
def test_each_upload_field_has_its_own_limit_while_the_request_is_read(field, limit):
    assert field_limit(field) == limit


def test_photos_stored_before_are_stripped_of_exif_by_a_command_and_kept_in_the_history(
    term, media, django_capture_on_commit_callbacks
):
    deputy = DeputyFactory(term=term)
    raw = default_storage.save("deputies/photos/old.jpg", ContentFile(camera_jpeg()))
    Deputy.objects.filter(pk=deputy.pk).update(photo=raw)  # as stored before photos were processed
    clean = DeputyFactory(term=term)
    clean.photo.save("new.jpg", ContentFile(image_bytes()))

    out = io.StringIO()
    call_command("strip_photo_metadata", "--dry-run", stdout=out)
    assert out.getvalue().startswith("1 photos would be made fit") and default_storage.exists(raw)

    with django_capture_on_commit_callbacks(execute=True):  # the old file goes once the change is committed
        call_command("strip_photo_metadata", stdout=io.StringIO())
    deputy.refresh_from_db()
    assert deputy.photo.name != raw and not default_storage.exists(raw)
    assert_fit_for_a_phone(deputy.photo, (1536, 2048))
    assert deputy.history.latest().history_change_reason.startswith("photo made fit")

    out = io.StringIO()
    call_command("strip_photo_metadata", stdout=out)
    assert out.getvalue().startswith("0 photos made fit")
