"""A backup restores into an empty database and media storage with every record and file;
a wrong key, a damaged file or a database that holds data are refused with a clear message.

The restore runs as an operator would run it: `manage.py restore` in a process of its own,
pointed at the new, empty database and media directory by its environment."""

from __future__ import annotations

import io
import os
import secrets
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection
from psycopg import sql

from sutura.cases.models import CaseDocument
from sutura.core.backups import crypto
from sutura.people.models import Person
from sutura.referrals.models import Referral
from tests.worlds import build_world

ROOT = Path(__file__).resolve().parents[3]


@dataclass(frozen=True)
class Target:
    """An empty database on the test server and an empty var/ directory for its media."""

    name: str
    var_dir: Path

    @property
    def media(self) -> Path:
        return self.var_dir / "test-media"  # MEDIA_ROOT of the test settings

    def connect(self) -> psycopg.Connection[Any]:
        params = connection.get_connection_params()
        params.pop("cursor_factory", None)
        params.pop("context", None)
        params.update(dbname=self.name, autocommit=True)
        return psycopg.connect(**params)

    def manage(self, *arguments: str, key: str) -> subprocess.CompletedProcess[str]:
        db = connection.settings_dict
        url = "postgresql://{user}:{password}@{host}:{port}/{name}".format(
            user=quote(db["USER"], safe=""),
            password=quote(db["PASSWORD"] or "", safe=""),
            host=quote(str(db["HOST"] or "localhost"), safe=""),
            port=db["PORT"] or 5432,
            name=self.name,
        )
        env = {k: v for k, v in os.environ.items() if k not in {"SUTURA_DB_NAME"}}
        env.update(
            DJANGO_SETTINGS_MODULE="sutura.settings.test",
            DATABASE_URL=url,
            SUTURA_VAR_DIR=str(self.var_dir),
            SUTURA_BACKUP_KEY=key,
        )
        return subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", *arguments],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def _counts(conn: psycopg.Connection[Any]) -> dict[str, int]:
    tables = conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
    counts = {}
    for (table,) in sorted(tables.fetchall()):
        query = sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table))
        counts[table] = conn.execute(query).fetchone()[0]  # type: ignore[index]
    return counts


@pytest.fixture
def backup_key(settings: Any) -> str:
    settings.SUTURA_BACKUP_KEY = crypto.generate_key()
    return settings.SUTURA_BACKUP_KEY


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def target(transactional_db: None, tmp_path: Path) -> Iterator[Target]:
    name = f"{connection.settings_dict['NAME']}_restored"
    drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
    with connection.cursor() as cursor:
        cursor.execute(drop.as_string(connection.connection))
        cursor.execute(
            sql.SQL("CREATE DATABASE {}")
            .format(sql.Identifier(name))
            .as_string(connection.connection)
        )
    yield Target(name=name, var_dir=tmp_path / "restored-var")
    with connection.cursor() as cursor:
        cursor.execute(drop.as_string(connection.connection))


def _local_counts() -> dict[str, int]:
    return _counts(Target(name=connection.settings_dict["NAME"], var_dir=Path()).connect())


def test_a_backup_restores_every_record_and_file(target, media, backup_key, tmp_path):
    build_world()  # people with photos and identity documents, cases, documents, referrals
    assert Person.objects.exclude(photo="").exists()
    assert CaseDocument.objects.exists() and Referral.objects.exists()
    backup = tmp_path / "sutura.backup"
    call_command("backup", output=str(backup), stdout=io.StringIO())
    source_counts, source_files = _local_counts(), _files(media)
    assert source_files and source_counts["audit_auditentry"] > 0
    assert backup.stat().st_mode & 0o077 == 0  # readable by its owner only
    assert b"Ndiaye" not in backup.read_bytes()

    restored = target.manage("restore", str(backup), key=backup_key)

    assert restored.returncode == 0, restored.stderr
    assert "Audit log: OK" in restored.stdout
    with target.connect() as conn:
        assert _counts(conn) == source_counts
    assert _files(target.media) == source_files
    verified = target.manage("verify_audit", key=backup_key)
    assert verified.returncode == 0, verified.stderr
    assert verified.stdout.startswith(f"OK: {source_counts['audit_auditentry']} entries")


def test_a_restore_refuses_a_wrong_key_a_damaged_file_and_a_database_with_data(
    target, media, backup_key, tmp_path
):
    (media / "photos").mkdir(parents=True)
    (media / "photos" / "p.png").write_bytes(secrets.token_bytes(200_000))  # several chunks
    backup = tmp_path / "sutura.backup"
    call_command("backup", output=str(backup), stdout=io.StringIO())

    wrong_key = target.manage("restore", str(backup), key=crypto.generate_key())
    assert wrong_key.returncode == 1
    assert "does not open this backup: it was made with another key" in wrong_key.stderr

    damaged = bytearray(backup.read_bytes())
    damaged[len(damaged) // 2] ^= 0x01
    (tmp_path / "damaged.backup").write_bytes(bytes(damaged))
    result = target.manage("restore", str(tmp_path / "damaged.backup"), key=backup_key)
    assert result.returncode == 1
    assert "damaged or was altered" in result.stderr
    with target.connect() as conn:
        assert _counts(conn) == {}  # pg_restore's transaction rolled back

    assert target.manage("restore", str(backup), key=backup_key).returncode == 0
    again = target.manage("restore", str(backup), key=backup_key)
    assert again.returncode == 1
    assert f"The database {target.name} is not empty" in again.stderr
    forced = target.manage("restore", str(backup), "--force", key=backup_key)
    assert forced.returncode == 0, forced.stderr
    assert _files(target.media) == _files(media)
