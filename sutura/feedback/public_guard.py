"""The guards of the public doors: the form at `/r/<code>/new/`, the status check and the public
API are the only places where someone without an account writes or asks, and all of them are
protected here, without a third-party service (no CAPTCHA that would hand the complainant's
visit to a company abroad, and that fails on a cheap phone):

- **a limit per client address and hour**: `SUTURA_PUBLIC_FEEDBACK_PER_HOUR` items filed,
  `SUTURA_PUBLIC_STATUS_PER_HOUR` status checks, the form and the API counted together. The
  counts live in the database (`PublicThrottle`), so every worker process of the server
  counts the same (the cache is local memory per process unless Redis is set up). The address
  is read through trusted proxies only (`accounts.client.client_ip`, as the login throttle
  does) and kept only as an HMAC keyed with the site's secret, for the hour. The login
  throttle's table was not reused: it counts failures with a back-off, keyed by the raw
  address, and its holds are lifted in the admin; here every use counts, in a fixed window
  of an hour, and nothing is held longer. Mobile networks put many people behind one address:
  the limits reset every hour and the message says when to try again;
- **a signed form stamp** (`django.core.signing`): the form carries the time it was shown, a
  random nonce and the intake point's code, signed with the site's secret. A form sent sooner
  than `SUTURA_PUBLIC_FORM_MIN_SECONDS` after it was shown was filled by a robot; a stamp that
  does not verify was forged (or taken from another point's form); an expired one (older than
  `SUTURA_IDEMPOTENCY_HOURS`) is simply replaced and the form shown again;
- **a honeypot**: a field hidden from people (off-screen, out of the tab order, hidden from
  screen readers) that robots fill in;
- **size limits**: the body (`MAX_BODY`) before it is read; each field in the form and the
  serializer;
- **every refusal is logged** in the audit log (`Action.REFUSED`: the door, the reason and the
  intake point; never a word of what was typed) and counted against the address, so a robot
  reaches the hour's limit and its flood leaves one more entry, not thousands. These entries
  carry no client address (a hash prefix tells repeated sources apart), and the item a public
  form files is logged without one either (`quietly()`): a person refused once as "too fast"
  who then files a complaint of abuse must not be traceable through the log.

**Once only, without an account.** `core.idempotency` ties a form token to its user; here
there is none. The stamp's random nonce is the key instead: the first send inserts
`PublicSubmission(key=sha256(nonce))` in the transaction that files the item; a second send
of the same form (a double tap, or a retry after the answer was lost on a weak network) finds
the row — or waits on its unique index until the first commits — and answers the same
tracking code. Only whoever holds that form's signed stamp gets the code back. The database,
not the cache, because the retry may reach another worker process. The API does the same with
its `Idempotency-Key` header, bound to a hash of the body (a retry must send the same body:
nobody gets another person's code by guessing a key). Rows are deleted after
`SUTURA_IDEMPOTENCY_HOURS`.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import salted_hmac

from sutura.accounts.client import client_ip
from sutura.audit.context import acting_as
from sutura.audit.models import Action
from sutura.audit.services import record
from sutura.feedback.models import FeedbackItem, IntakePoint, PublicSubmission, PublicThrottle

FORM = "form"  # items filed (page or API)
STATUS = "status"  # status checks (page or API)
WINDOW = timedelta(hours=1)
STAMP_SALT = "sutura.feedback.public-form"
ADDRESS_SALT = "sutura.feedback.public-address"
MAX_BODY = 64 * 1024  # 4,000 characters of any script, escaped, fit with room to spare
MAX_STAMP = 300

# Why a request was refused (the audit log's words: English, like its other details).
RATE_LIMIT = "rate limit"
HONEYPOT = "honeypot"
TOO_FAST = "too fast"
BAD_SIGNATURE = "bad signature"
TOO_LARGE = "too large"


def limit_of(scope: str) -> int:
    if scope == STATUS:
        return int(settings.SUTURA_PUBLIC_STATUS_PER_HOUR)
    return int(settings.SUTURA_PUBLIC_FEEDBACK_PER_HOUR)


def _keep_hours() -> int:
    return int(getattr(settings, "SUTURA_IDEMPOTENCY_HOURS", 24))


@contextmanager
def quietly() -> Iterator[None]:
    """Audit entries written inside name nobody and no address (the public form's item)."""
    with acting_as(None):
        yield


# --- the limit per address and hour --------------------------------------------------------------


def address_key(request: HttpRequest) -> str:
    """The client address as a keyed hash: enough to count, nothing to read back."""
    address = client_ip(request) or "unknown"
    return salted_hmac(ADDRESS_SALT, address, algorithm="sha256").hexdigest()


def wait_seconds(request: HttpRequest, scope: str) -> int:
    """Seconds before this address may use the door again (0: now)."""
    now = timezone.now()
    row = PublicThrottle.objects.filter(scope=scope, key=address_key(request)).first()
    if row is None or now - row.window_start >= WINDOW or row.count < limit_of(scope):
        return 0
    return int((row.window_start + WINDOW - now).total_seconds()) + 1


def spend(request: HttpRequest, scope: str) -> int:
    """Count one use of the door by this address in the current hour; the count after it."""
    now = timezone.now()
    with transaction.atomic():
        row, created = PublicThrottle.objects.select_for_update().get_or_create(
            scope=scope, key=address_key(request), defaults={"window_start": now}
        )
        if created:
            PublicThrottle.objects.filter(window_start__lt=now - WINDOW).delete()
        if now - row.window_start >= WINDOW:
            row.window_start, row.count = now, 0
        row.count += 1
        row.save(update_fields=["window_start", "count"])
        return row.count


def refuse(
    request: HttpRequest, reason: str, *, scope: str, point: IntakePoint | None = None
) -> None:
    """A refused request: counted against the address, and logged without its content until
    the address passes the hour's limit (then its first refusal only)."""
    count = spend(request, scope)
    if count <= limit_of(scope) + 1:
        detail = f"public {scope} refused: {reason} (source {address_key(request)[:12]})"
        with quietly():
            record(Action.REFUSED, obj=point, detail=detail)


def too_large(request: HttpRequest) -> bool:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return True
    return length > MAX_BODY


# --- the signed form stamp -----------------------------------------------------------------------


@dataclass(frozen=True)
class Stamp:
    shown_at: float
    nonce: str
    point: str

    @property
    def too_fast(self) -> bool:
        return time.time() - self.shown_at < int(settings.SUTURA_PUBLIC_FORM_MIN_SECONDS)


class StampRefused(Exception):
    """The stamp was forged, tampered with or taken from another form."""


class StampExpired(Exception):
    """The form stayed open longer than a stamp lives: show it again with a fresh one."""


def new_stamp(point_code: str, *, shown_at: float | None = None) -> str:
    shown = int(time.time() if shown_at is None else shown_at)
    value = {"t": shown, "n": secrets.token_urlsafe(16), "p": point_code}
    return signing.dumps(value, salt=STAMP_SALT)


def read_stamp(value: str, point_code: str) -> Stamp:
    if not value or len(value) > MAX_STAMP:
        raise StampRefused
    try:
        data = signing.loads(value, salt=STAMP_SALT, max_age=timedelta(hours=_keep_hours()))
    except signing.SignatureExpired as error:
        raise StampExpired from error
    except (signing.BadSignature, ValueError) as error:
        raise StampRefused from error
    if not isinstance(data, dict) or data.get("p") != point_code:
        raise StampRefused
    shown, nonce = data.get("t"), data.get("n")
    if not isinstance(shown, int) or not isinstance(nonce, str) or not nonce:
        raise StampRefused
    return Stamp(shown_at=shown, nonce=nonce, point=point_code)


# --- once only -----------------------------------------------------------------------------------


class KeyReused(Exception):
    """An API Idempotency-Key sent again with another body."""


def form_key(stamp: Stamp) -> str:
    return hashlib.sha256(f"form:{stamp.nonce}".encode()).hexdigest()


def api_key(key: str) -> str:
    return hashlib.sha256(f"api:{key}".encode()).hexdigest()


def body_fingerprint(data: Any) -> str:
    body = json.dumps(data, sort_keys=True, default=str)
    return hashlib.sha256(body.encode()).hexdigest()


def _fresh() -> Any:
    return PublicSubmission.objects.filter(
        created_at__gte=timezone.now() - timedelta(hours=_keep_hours())
    )


def filed_before(key: str, fingerprint: str = "") -> Any | None:
    """The id of the item this key already filed (None: not yet). An API key sent with
    another body raises `KeyReused`."""
    row = _fresh().filter(key=key).first()
    if row is None or row.item_id is None:
        return None
    if row.fingerprint != fingerprint:
        raise KeyReused
    return row.item_id


def file_once(
    key: str, file: Callable[[], FeedbackItem], *, fingerprint: str = ""
) -> tuple[Any, bool]:
    """File the item once per key: (the item's id, whether this call filed it). A concurrent
    send of the same key waits here until the first one commits, then gets its item."""
    with transaction.atomic():
        PublicSubmission.objects.filter(
            created_at__lt=timezone.now() - timedelta(hours=_keep_hours())
        ).delete()
        try:
            with transaction.atomic():
                row = PublicSubmission.objects.create(key=key, fingerprint=fingerprint)
        except IntegrityError:
            row = PublicSubmission.objects.get(key=key)
            if row.fingerprint != fingerprint:
                raise KeyReused from None
            return row.item_id, False
        with quietly():
            item = file()
        row.item = item
        row.save(update_fields=["item"])
        return item.pk, True
