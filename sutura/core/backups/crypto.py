"""Streaming authenticated encryption of a backup file.

`cryptography` offers AEAD ciphers but no streaming API, so this is the STREAM construction
that age and Tink use, on ChaCha20-Poly1305: the file is cut into 64 KiB chunks, each sealed
with a nonce made of its number and a flag on the last one. A chunk changed, removed,
reordered or a file cut short fails to open; memory stays at one chunk whatever the size.

    header = MAGIC | salt (16) | key check (16)
    key    = HKDF-SHA256(backup key, salt, "sutura backup v1 payload")
    chunk  = ChaCha20-Poly1305(key, nonce = counter (11 bytes) | last flag, aad = header)

The backup key (SUTURA_BACKUP_KEY) is 32 random bytes in URL-safe base64: `generate_key()`.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import io
import os
import secrets
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

MAGIC = b"SUTURA-BACKUP-v1"
CHUNK = 64 * 1024
TAG = 16
HEADER = len(MAGIC) + 16 + 16


class BackupKeyError(Exception):
    """The key is missing, malformed or not the one the backup was made with."""


class BackupDamaged(Exception):
    """The file is not a Sutura backup, or was cut short or altered."""


def generate_key() -> str:
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()


def parse_key(text: str | None) -> bytes:
    if not text:
        raise BackupKeyError("SUTURA_BACKUP_KEY is not set.")
    try:
        key = base64.urlsafe_b64decode(text.strip().encode())
    except (binascii.Error, ValueError) as error:
        raise BackupKeyError("SUTURA_BACKUP_KEY is not valid base64.") from error
    if len(key) != 32:
        raise BackupKeyError("SUTURA_BACKUP_KEY must hold 32 bytes (44 base64 characters).")
    return key


def _derive(key: bytes, salt: bytes, purpose: bytes) -> bytes:
    return HKDF(hashes.SHA256(), 32, salt, b"sutura backup v1 " + purpose).derive(key)


def _nonce(counter: int, last: bool) -> bytes:
    return counter.to_bytes(11, "big") + (b"\x01" if last else b"\x00")


class EncryptingWriter(io.RawIOBase):
    """A write-only file: what is written goes encrypted to `sink`; `close()` seals the end."""

    def __init__(self, sink: BinaryIO, key: bytes) -> None:
        salt = os.urandom(16)
        self._header = MAGIC + salt + _derive(key, salt, b"key check")[:16]
        self._aead = ChaCha20Poly1305(_derive(key, salt, b"payload"))
        self._sink = sink
        self._buffer = bytearray()
        self._counter = 0
        sink.write(self._header)

    def writable(self) -> bool:
        return True

    def write(self, data: bytes) -> int:  # type: ignore[override]
        self._buffer += data
        while len(self._buffer) > CHUNK:  # keep at least one byte back for the last chunk
            self._seal(bytes(self._buffer[:CHUNK]), last=False)
            del self._buffer[:CHUNK]
        return len(data)

    def close(self) -> None:
        if not self.closed:
            self._seal(bytes(self._buffer), last=True)
            self._buffer.clear()
        super().close()

    def _seal(self, chunk: bytes, *, last: bool) -> None:
        self._sink.write(self._aead.encrypt(_nonce(self._counter, last), chunk, self._header))
        self._counter += 1


class DecryptingReader(io.RawIOBase):
    """A read-only file giving back the plaintext of `source`, checked chunk by chunk."""

    def __init__(self, source: BinaryIO, key: bytes) -> None:
        header = source.read(HEADER)
        if len(header) != HEADER or not header.startswith(MAGIC):
            raise BackupDamaged("This file is not a Sutura backup.")
        salt, check = header[len(MAGIC) : len(MAGIC) + 16], header[len(MAGIC) + 16 :]
        if not hmac.compare_digest(_derive(key, salt, b"key check")[:16], check):
            raise BackupKeyError(
                "SUTURA_BACKUP_KEY does not open this backup: it was made with another key."
            )
        self._header = header
        self._aead = ChaCha20Poly1305(_derive(key, salt, b"payload"))
        self._source = source
        self._counter = 0
        self._plain = b""
        self._next = source.read(CHUNK + TAG)
        self._finished = False

    def readable(self) -> bool:
        return True

    def readinto(self, target: bytearray | memoryview) -> int:  # type: ignore[override]
        while not self._plain and not self._finished:
            self._open_next()
        size = min(len(target), len(self._plain))
        target[:size] = self._plain[:size]
        self._plain = self._plain[size:]
        return size

    def _open_next(self) -> None:
        sealed, self._next = self._next, self._source.read(CHUNK + TAG)
        last = not self._next
        if not sealed:
            raise BackupDamaged("The backup file is cut short: its end is missing.")
        try:
            self._plain = self._aead.decrypt(_nonce(self._counter, last), sealed, self._header)
        except InvalidTag as error:
            raise BackupDamaged(
                f"The backup file is damaged or was altered (part {self._counter + 1} "
                "fails its integrity check)."
            ) from error
        self._counter += 1
        self._finished = last
