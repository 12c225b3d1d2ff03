"""One backup file: the database (pg_dump, custom format) and the uploaded files, in a tar
stream encrypted as it is written (crypto.py). Nothing is held whole in memory or written to
disk in clear: the dump goes into the archive in parts of 8 MiB as pg_dump produces it.

Inside: `database/00000.dump`, `database/00001.dump`, … (pg_dump's output, in order), then
`media/<name>` for every file of the default storage, then `manifest.json` (counts, to check
that the restore found everything).
"""

from __future__ import annotations

import io
import json
import subprocess
import tarfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, BinaryIO

from django.core.files import File
from django.core.files.storage import Storage, default_storage
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import timezone

from sutura.core.backups import pgtools
from sutura.core.backups.crypto import DecryptingReader, EncryptingWriter

PART = 8 * 1024 * 1024
FORMAT = 1


class RestoreRefused(Exception):
    pass


@dataclass
class Summary:
    dump_bytes: int = 0
    files: int = 0
    file_bytes: int = 0
    manifest: dict = field(default_factory=dict)


def write_backup(
    target: BinaryIO,
    *,
    key: bytes,
    connection: BaseDatabaseWrapper,
    storage: Storage = default_storage,
) -> Summary:
    summary = Summary()
    server = pgtools.server_major_version(connection)
    pg_dump = pgtools.find("pg_dump", server)
    conninfo, env = pgtools.conninfo_and_env(connection)
    writer = EncryptingWriter(target, key)
    with tarfile.open(fileobj=writer, mode="w|") as tar:
        dump = subprocess.Popen(  # noqa: S603 - our own pg_dump, our own arguments
            [str(pg_dump), "--format=custom", "--dbname", conninfo],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        )
        assert dump.stdout is not None  # noqa: S101 - for the type checker
        part = 0
        while chunk := dump.stdout.read(PART):
            _add(tar, f"database/{part:05d}.dump", io.BytesIO(chunk), len(chunk))
            summary.dump_bytes += len(chunk)
            part += 1
        _, errors = dump.communicate()
        if dump.returncode != 0:
            raise RuntimeError(f"pg_dump failed: {errors.decode(errors='replace').strip()}")
        for name in _walk(storage):
            size = storage.size(name)
            with storage.open(name, "rb") as source:
                _add(tar, f"media/{name}", source, size)
            summary.files += 1
            summary.file_bytes += size
        summary.manifest = {
            "format": FORMAT,
            "made_at": timezone.now().isoformat(),
            "database": connection.settings_dict["NAME"],
            "server_version": server,
            "pg_dump": str(pg_dump),
            "dump_parts": part,
            "dump_bytes": summary.dump_bytes,
            "files": summary.files,
            "file_bytes": summary.file_bytes,
        }
        manifest = json.dumps(summary.manifest, indent=2).encode()
        _add(tar, "manifest.json", io.BytesIO(manifest), len(manifest))
    writer.close()
    return summary


def read_backup(
    source: BinaryIO,
    *,
    key: bytes,
    connection: BaseDatabaseWrapper,
    storage: Storage = default_storage,
    force: bool = False,
) -> Summary:
    """Restore into `connection`'s database and `storage`; both must be empty unless `force`
    (then what is there is replaced). The whole file is decrypted and checked once before
    anything is written, so a wrong key or a damaged file changes nothing; pg_restore then
    runs in one transaction."""
    if not force:
        if _tables(connection):
            raise RestoreRefused(
                f"The database {connection.settings_dict['NAME']} is not empty: restore into an "
                "empty database, or add --force to replace what it holds."
            )
        if next(_walk(storage), None) is not None:
            raise RestoreRefused(
                "The media storage is not empty: restore into an empty one, or add --force."
            )
    check_backup(source, key=key)
    source.seek(0)
    reader = DecryptingReader(source, key)
    pg_restore = pgtools.find("pg_restore", pgtools.server_major_version(connection))
    conninfo, env = pgtools.conninfo_and_env(connection)
    connection.close()  # pg_restore works alone on the database
    summary = Summary()
    restore: subprocess.Popen[bytes] | None = None
    try:
        with tarfile.open(fileobj=io.BufferedReader(reader, CHUNK_READ), mode="r|") as tar:
            for member in tar:
                data = tar.extractfile(member) if member.isfile() else None
                if data is None:
                    continue
                if member.name.startswith("database/"):
                    if restore is None:
                        restore = _start_restore(pg_restore, conninfo, env, force=force)
                    assert restore.stdin is not None  # noqa: S101 - for the type checker
                    try:
                        _copy(data, restore.stdin)
                    except BrokenPipeError:  # pg_restore stopped: its message says why
                        _finish_restore(restore)
                        raise RuntimeError("pg_restore stopped reading the backup.") from None
                    summary.dump_bytes += member.size
                    continue
                _finish_restore(restore)
                restore = None
                if member.name.startswith("media/"):
                    _save(storage, member.name.removeprefix("media/"), data, force=force)
                    summary.files += 1
                    summary.file_bytes += member.size
                elif member.name == "manifest.json":
                    summary.manifest = json.loads(data.read())
        _finish_restore(restore)
    except BaseException:
        if restore is not None and restore.poll() is None:
            restore.kill()  # its transaction rolls back
            restore.wait()
        raise
    expected = summary.manifest
    if not expected or (expected["files"], expected["dump_bytes"]) != (
        summary.files,
        summary.dump_bytes,
    ):
        raise RuntimeError("The backup is incomplete: its manifest does not match what it held.")
    return summary


CHUNK_READ = 1024 * 1024


def check_backup(source: BinaryIO, *, key: bytes) -> dict:
    """Decrypt the whole file and walk its archive without writing anything; return its
    manifest. Raises on a wrong key, a damaged or cut file, or a manifest that disagrees."""
    reader = io.BufferedReader(DecryptingReader(source, key), CHUNK_READ)
    dump_bytes, files, manifest = 0, 0, {}
    with tarfile.open(fileobj=reader, mode="r|") as tar:
        for member in tar:
            data = tar.extractfile(member) if member.isfile() else None
            if data is None:
                continue
            if member.name == "manifest.json":
                manifest = json.loads(data.read())
                continue
            while data.read(CHUNK_READ):
                pass
            if member.name.startswith("database/"):
                dump_bytes += member.size
            elif member.name.startswith("media/"):
                files += 1
    if not manifest or (manifest["files"], manifest["dump_bytes"]) != (files, dump_bytes):
        raise RuntimeError("The backup is incomplete: its manifest does not match what it held.")
    return manifest


def _start_restore(
    pg_restore: Path, conninfo: str, env: dict[str, str], *, force: bool
) -> subprocess.Popen[bytes]:
    arguments = [
        str(pg_restore),
        "--no-owner",  # objects belong to whoever restores: the owner role
        "--no-privileges",  # the app's role gets its grants afterwards (db_roles)
        "--exit-on-error",
        "--single-transaction",
        "--dbname",
        conninfo,
    ]
    if force:
        arguments[1:1] = ["--clean", "--if-exists"]
    return subprocess.Popen(  # noqa: S603 - our own pg_restore, our own arguments
        arguments, stdin=subprocess.PIPE, stderr=subprocess.PIPE, env=env
    )


def _finish_restore(restore: subprocess.Popen[bytes] | None) -> None:
    if restore is None:
        return
    _, errors = restore.communicate()
    if restore.returncode != 0:
        raise RuntimeError(f"pg_restore failed: {errors.decode(errors='replace').strip()}")


def _copy(source: IO[bytes], target: IO[bytes]) -> None:
    while chunk := source.read(CHUNK_READ):
        target.write(chunk)


def _add(tar: tarfile.TarFile, name: str, data: IO[bytes], size: int) -> None:
    info = tarfile.TarInfo(name)
    info.size = size
    info.mtime = int(timezone.now().timestamp())
    info.mode = 0o600
    tar.addfile(info, data)


def _walk(storage: Storage, directory: str = "") -> Iterator[str]:
    try:
        directories, files = storage.listdir(directory)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield f"{directory}{name}"
    for name in sorted(directories):
        yield from _walk(storage, f"{directory}{name}/")


def _save(storage: Storage, name: str, data: IO[bytes], *, force: bool) -> None:
    if force and storage.exists(name):
        storage.delete(name)
    saved = storage.save(name, File(data, name=Path(name).name))
    if saved != name:
        raise RuntimeError(f"The file {name} could not be restored under its own name.")


def _tables(connection: BaseDatabaseWrapper) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
        )
        return [name for (name,) in cursor.fetchall()]
