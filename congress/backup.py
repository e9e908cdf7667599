"""Backups: every row of the database as JSON plus the uploaded files, restorable into an empty database.

A backup is one folder (``manage.py backup --output DIR``)::

    manifest.json      when, from which engine, the migrations applied, rows per model, files and their SHA-256
    database.json.gz   Django's dumpdata of every model with natural foreign keys and the original
                       primary keys (content types and permissions are left out: migrate makes them)
    media/             a copy of MEDIA_ROOT

Why dumpdata rather than pg_dump: the same backup restores on SQLite and on
PostgreSQL (a laptop can open a copy of the server's data), and restore can
check every model's row count and every file against the manifest. For a
township's records it takes seconds. The rows are read in one transaction
(REPEATABLE READ on PostgreSQL), so they are a consistent snapshot; files are
copied after the rows and are write-once under random names, so every file a
row names is in the copy.

``manage.py restore --input DIR`` migrates the database, replaces its content
with the backup's in one transaction (refusing, without ``--replace``, a database
that already has user accounts), copies the files back and checks both counts
and checksums; any difference rolls the database back.
"""

import gzip
import hashlib
import json
import shutil
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.test.utils import override_settings
from django.utils import timezone

FORMAT = 1
DATABASE_FILE = "database.json.gz"
MANIFEST_FILE = "manifest.json"
MEDIA_DIR = "media"
# Made again by migrate (and referred to by natural keys); sessions, the limits' counts
# (congress/limits.py) and the claimed form tokens (congress/submissions.py) are not worth keeping.
EXCLUDED_MODELS = {
    "contenttypes.contenttype",
    "auth.permission",
    "sessions.session",
    "congress.ratecounter",
    "congress.submission",
}


class BackupError(Exception):
    """A backup that cannot be made or restored; the message says why."""


@dataclass
class Summary:
    folder: Path
    rows: int
    models: int
    files: int


def _label(model) -> str:
    return model._meta.label_lower


def backed_up_models() -> list:
    return [m for m in apps.get_models() if _label(m) not in EXCLUDED_MODELS and not m._meta.proxy]


def row_counts(using=DEFAULT_DB_ALIAS) -> dict[str, int]:
    return {_label(m): m._base_manager.using(using).count() for m in backed_up_models()}


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _media_files(root: Path) -> dict[str, str]:
    if not root.is_dir():
        return {}
    return {
        path.relative_to(root).as_posix(): _sha256(path) for path in sorted(root.rglob("*")) if path.is_file()
    }


def _applied_migrations(connection) -> list[str]:
    return sorted(f"{app}.{name}" for app, name in MigrationRecorder(connection).applied_migrations())


def backup(output: Path, *, using=DEFAULT_DB_ALIAS) -> Summary:
    """Write a backup folder at ``output`` (which must not exist or be empty)."""
    output = Path(output)
    if output.exists() and any(output.iterdir()):
        raise BackupError(f"{output} already exists and is not empty")
    partial = output.with_name(output.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    connection = connections[using]
    outermost = not connection.in_atomic_block
    with transaction.atomic(using=using):
        if connection.vendor == "postgresql" and outermost:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        counts = row_counts(using)
        migrations = _applied_migrations(connection)
        call_command(
            "dumpdata",
            *[m._meta.label for m in backed_up_models()],
            natural_foreign=True,
            database=using,
            output=str(partial / DATABASE_FILE),
            verbosity=0,
        )
    media_root = Path(settings.MEDIA_ROOT)
    if media_root.is_dir():
        shutil.copytree(media_root, partial / MEDIA_DIR)
    files = _media_files(partial / MEDIA_DIR)
    manifest = {
        "format": FORMAT,
        "created": timezone.now().isoformat(),
        "engine": connection.vendor,
        "migrations": migrations,
        "rows": counts,
        "files": files,
    }
    (partial / MANIFEST_FILE).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    if output.exists():
        output.rmdir()
    partial.rename(output)
    return Summary(output, sum(counts.values()), len(counts), len(files))


def read_manifest(folder: Path) -> dict:
    folder = Path(folder)
    try:
        manifest = json.loads((folder / MANIFEST_FILE).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BackupError(f"{folder} is not a backup: {MANIFEST_FILE} is missing") from None
    if manifest.get("format") != FORMAT or not (folder / DATABASE_FILE).is_file():
        raise BackupError(f"{folder} is not a backup of this platform (format {manifest.get('format')})")
    return manifest


def _check_files(folder: Path, manifest: dict):
    for name, digest in manifest["files"].items():
        path = folder / MEDIA_DIR / name
        if not path.is_file() or _sha256(path) != digest:
            raise BackupError(f"the backup's file {name} is missing or damaged")


def _clear_tables(connection, labels):
    """Empty the tables of the models named ``labels`` and of their many-to-many links.

    Other tables keep their rows: content types and permissions (the backup names
    them by natural key) and models newer than the backup (with what migrate put there).
    """
    tables = []
    for label in labels:
        model = apps.get_model(label)
        tables.append(model._meta.db_table)
        tables += [f.remote_field.through._meta.db_table for f in model._meta.local_many_to_many]
    existing = set(connection.introspection.table_names())
    tables = [t for t in dict.fromkeys(tables) if t in existing]
    postgresql = connection.vendor == "postgresql"
    if postgresql:
        # TRUNCATE refuses tables with deferred foreign-key checks pending in this transaction.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    connection.ops.execute_sql_flush(
        connection.ops.sql_flush(no_style(), tables, reset_sequences=True, allow_cascade=False)
    )
    if postgresql:
        # loaddata inserts rows before the rows they point to: check the keys at commit.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def restore(folder: Path, *, replace: bool = False, using=DEFAULT_DB_ALIAS) -> Summary:
    """Replace the database's content and the uploaded files with the backup in ``folder``."""
    folder = Path(folder)
    manifest = read_manifest(folder)
    connection = connections[using]
    unknown = set(manifest["migrations"]) - {f"{a}.{n}" for a, n in MigrationLoader(connection).graph.nodes}
    if unknown:
        raise BackupError(
            f"the backup was made by a newer version of the platform (migrations {', '.join(sorted(unknown))}); "
            "update the code first"
        )
    _check_files(folder, manifest)
    call_command("migrate", database=using, interactive=False, verbosity=0)
    if not replace and get_user_model()._base_manager.using(using).exists():
        raise BackupError("the database already has user accounts: pass --replace to replace its content")
    expected = manifest["rows"]
    with transaction.atomic(using=using):
        _clear_tables(connection, expected)
        ContentType.objects.clear_cache()  # migrate may have just made them again
        # The backup holds the history rows; loading many-to-many links must not add new ones.
        with override_settings(SIMPLE_HISTORY_ENABLED=False):
            call_command("loaddata", str(folder / DATABASE_FILE), database=using, verbosity=0)
        counts = {label: apps.get_model(label)._base_manager.using(using).count() for label in expected}
        if counts != expected:
            differences = {label: (n, counts[label]) for label, n in expected.items() if counts[label] != n}
            raise BackupError(f"the restored rows differ from the backup (expected, found): {differences}")
    media_root = Path(settings.MEDIA_ROOT)
    for name in manifest["files"]:
        target = media_root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(folder / MEDIA_DIR / name, target)
    restored = _media_files(media_root)
    damaged = [name for name, digest in manifest["files"].items() if restored.get(name) != digest]
    if damaged:
        raise BackupError(f"these files did not restore intact: {', '.join(damaged)}")
    return Summary(folder, sum(counts.values()), len(counts), len(manifest["files"]))


def default_folder() -> Path:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    return Path(settings.VAR_DIR) / "backups" / stamp


def database_rows(folder: Path) -> list[dict]:
    """The rows of a backup (for inspection and tests)."""
    with gzip.open(Path(folder) / DATABASE_FILE, "rt", encoding="utf-8") as handle:
        return json.load(handle)
