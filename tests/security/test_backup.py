"""A backup restored into an empty database has the same rows and the same files."""

import datetime
import json

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command

from congress.backup import BackupError, backup, restore, row_counts
from congress.models import Session
from deputies.models import Activity, Deputy
from tests.factories import DeputyFactory, SessionFactory, TermFactory, TownshipProfileFactory, UserFactory
from tests.livelihood.helpers import png_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def records(media):
    TownshipProfileFactory()
    term = TermFactory()
    SessionFactory(term=term, ordinal=3, place="镇政府会议室")
    staff = UserFactory(username="staff", first_name="李娜", role="presidium_staff")
    deputy = DeputyFactory(term=term, name="乌云其其格", user=UserFactory(username="wuyun", role="deputy"))
    deputy.photo.save("photo.jpg", ContentFile(png_bytes()))
    deputy._history_user = staff
    deputy.occupation = "牧民"
    deputy.save()  # a second history row, by staff
    activity = Activity.objects.create(
        term=term, kind="research_trip", title="赴五原县调研", start_date=datetime.date(2022, 6, 1)
    )
    activity.outcome_document.save("report.pdf", ContentFile(b"%PDF-1.7 report"))
    return {"deputy": deputy, "activity": activity}


def files_under(root):
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def empty_everything(media):
    call_command("flush", interactive=False, verbosity=0)
    for path in sorted(media.rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()


@pytest.mark.django_db(transaction=True)  # emptied and restored for real, committed
def test_a_backup_restored_into_an_empty_database_has_the_same_rows_and_files(records, media, tmp_path):
    rows, files = row_counts(), files_under(media)
    deputy = Deputy.objects.values().get(pk=records["deputy"].pk)
    assert rows["deputies.historicaldeputy"] == 3 and len(files) == 2  # created, photo, occupation

    summary = backup(tmp_path / "backup")
    assert summary.rows == sum(rows.values()) and summary.files == 2
    empty_everything(media)
    assert Deputy.objects.count() == 0 and files_under(media) == {}

    restore(tmp_path / "backup")
    assert row_counts() == rows
    assert files_under(media) == files
    assert Deputy.objects.values().get(pk=records["deputy"].pk) == deputy  # same primary keys and values
    restored = Deputy.objects.get(pk=records["deputy"].pk)
    assert restored.user.username == "wuyun" and restored.user.groups.get().name == "deputy"
    assert restored.history.latest().history_user.first_name == "李娜"


def test_restore_refuses_a_database_with_accounts_unless_told_to_replace_it(records, media, tmp_path):
    backup(tmp_path / "backup")
    Session.objects.update(place="改过的地点")
    with pytest.raises(BackupError, match="--replace"):
        restore(tmp_path / "backup")
    restore(tmp_path / "backup", replace=True)
    assert Session.objects.get().place == "镇政府会议室"


def test_restore_refuses_a_damaged_backup_and_changes_nothing(records, media, tmp_path):
    backup(tmp_path / "backup")
    photo = next((tmp_path / "backup" / "media").rglob("*.jpg"))
    photo.write_bytes(b"damaged")
    Session.objects.update(place="改过的地点")
    files = files_under(media)
    with pytest.raises(BackupError, match="damaged"):
        restore(tmp_path / "backup", replace=True)
    assert Session.objects.get().place == "改过的地点"
    assert files_under(media) == files


def test_restore_refuses_a_backup_from_a_newer_version(records, media, tmp_path):
    backup(tmp_path / "backup")
    manifest_path = tmp_path / "backup" / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    manifest["migrations"].append("congress.9999_from_the_future")
    manifest_path.write_text(json.dumps(manifest))
    with pytest.raises(BackupError, match="newer version"):
        restore(tmp_path / "backup", replace=True)


def test_backup_never_overwrites_an_earlier_backup(records, media, tmp_path):
    backup(tmp_path / "backup")
    with pytest.raises(BackupError, match="not empty"):
        backup(tmp_path / "backup")


def test_the_commands_back_up_and_restore(records, media, tmp_path, capsys):
    call_command("backup", "--output", str(tmp_path / "backup"))
    assert "Backed up" in capsys.readouterr().out
    call_command("restore", "--input", str(tmp_path / "backup"), "--replace")
    assert "Restored" in capsys.readouterr().out
