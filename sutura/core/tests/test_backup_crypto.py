"""The backup file's encryption: chunked, authenticated, and it says why it will not open."""

from __future__ import annotations

import io
import secrets

import pytest

from sutura.core.backups.crypto import (
    CHUNK,
    HEADER,
    TAG,
    BackupDamaged,
    BackupKeyError,
    DecryptingReader,
    EncryptingWriter,
    generate_key,
    parse_key,
)

KEY = parse_key(generate_key())


def _encrypt(data: bytes, key: bytes = KEY) -> bytes:
    sink = io.BytesIO()
    writer = EncryptingWriter(sink, key)
    for start in range(0, len(data), 10_000):  # written in pieces, as tarfile does
        writer.write(data[start : start + 10_000])
    writer.close()
    return sink.getvalue()


def _decrypt(blob: bytes, key: bytes = KEY) -> bytes:
    return DecryptingReader(io.BytesIO(blob), key).read()


@pytest.mark.parametrize("size", [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK + 17])
def test_what_is_written_reads_back(size):
    data = secrets.token_bytes(size)
    blob = _encrypt(data)
    assert _decrypt(blob) == data
    assert size < 16 or data[:16] not in blob


def test_a_wrong_key_is_named_as_such():
    with pytest.raises(BackupKeyError, match="made with another key"):
        _decrypt(_encrypt(b"x" * 1000), parse_key(generate_key()))


def test_reordered_or_removed_chunks_do_not_open():
    blob = _encrypt(secrets.token_bytes(3 * CHUNK + 100))  # four chunks
    size = CHUNK + TAG
    chunks = [blob[HEADER + i * size : HEADER + (i + 1) * size] for i in range(4)]
    swapped = blob[:HEADER] + chunks[1] + chunks[0] + chunks[2] + chunks[3]
    with pytest.raises(BackupDamaged):
        _decrypt(swapped)
    with pytest.raises(BackupDamaged):  # the last chunk removed: the end is missing
        _decrypt(blob[:HEADER] + b"".join(chunks[:3]))


def test_keys_are_checked_before_use():
    with pytest.raises(BackupKeyError, match="not set"):
        parse_key("")
    with pytest.raises(BackupKeyError, match="32 bytes"):
        parse_key("c2hvcnQ=")


def test_not_a_backup():
    with pytest.raises(BackupDamaged, match="not a Sutura backup"):
        _decrypt(b"PGDMP" + bytes(100))
