"""Login throttling with back-off, by client address, account and known device.

Why our own code: django-axes (used before) locks for a fixed time and keys a lock on the
username, so anyone could keep a colleague out; it has no back-off nor device cookies, and
the libraries that do need Redis. This follows OWASP's "device cookie" pattern:

- every failure counts against the client address, the pair (account tried, client address)
  and the account; past a threshold each key is held back for a delay that doubles with each
  further failure (2 s, 4 s, 8 s … at most 15 min), and a held-back key is refused before the
  password is even checked. The pair's threshold is low (5) and the account's alone high
  (50): a stranger's failures from their own address hold back that address and that pair,
  not the colleague signing in from elsewhere, while guesses spread over many addresses
  still end up slowed on the account;
- a browser that signed in to an account before holds a signed device cookie for it: its
  attempts on that account count against that device only, so strangers hammering the
  account (or the address they share with it) never hold it back;
- nothing is permanent: failures are forgotten after a day, a success clears the account
  and the device, and an administrator can lift any hold (audited, as every hold is).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from sutura.access.accounts import username_of_account
from sutura.accounts import signin
from sutura.accounts.client import client_ip
from sutura.accounts.models import LoginThrottle, ThrottleKind
from sutura.accounts.signals import announce

DEVICE_SALT = "sutura.accounts.device"
WAIT_ATTRIBUTE = "sutura_login_wait"  # set on the request when an attempt was refused


def _config() -> dict[str, Any]:
    return dict(settings.SUTURA_LOGIN_THROTTLE)


def _normal(username: str) -> str:
    return username.strip().lower()[:150]


def known_account(username: str) -> str | None:
    """The username of the account `username` names, if there is one (failed attempts are
    logged with it; what was typed for an unknown account, perhaps a password, is not)."""
    return username_of_account(username)


# --- device cookies ----------------------------------------------------------------------


def device_cookie_name(username: str) -> str:
    digest = hashlib.sha256(_normal(username).encode()).hexdigest()[:16]
    return f"sutura_device_{digest}"


def known_device(request: HttpRequest, username: str) -> str | None:
    """The nonce of this browser's device cookie for `username`, if it holds a valid one."""
    raw = request.COOKIES.get(device_cookie_name(username))
    if not raw:
        return None
    max_age = timedelta(days=settings.SUTURA_DEVICE_COOKIE_DAYS)
    try:
        value = signing.loads(raw, salt=DEVICE_SALT, max_age=max_age)
    except signing.BadSignature:
        return None
    if not isinstance(value, dict) or value.get("u") != _normal(username):
        return None
    nonce = value.get("n")
    return nonce if isinstance(nonce, str) else None


def remember_device(response: HttpResponse, username: str) -> None:
    """After a successful login: this browser is now a known device for `username`."""
    value = signing.dumps(
        {"u": _normal(username), "n": secrets.token_urlsafe(16)}, salt=DEVICE_SALT
    )
    response.set_cookie(
        device_cookie_name(username),
        value,
        max_age=settings.SUTURA_DEVICE_COOKIE_DAYS * 24 * 3600,
        httponly=True,
        secure=settings.SESSION_COOKIE_SECURE,
        samesite="Lax",
    )


# --- the throttle ------------------------------------------------------------------------


@dataclass(frozen=True)
class Key:
    kind: str
    key: str


UNKNOWN_ACCOUNT = "unknown account"


def described(kind: str, key: str) -> str:
    """A key as the audit log may show it: an account or pair key names the account only when
    it exists (people sometimes type their password in the username field)."""
    if kind == ThrottleKind.ACCOUNT:
        return f"{kind} {known_account(key) or UNKNOWN_ACCOUNT}"
    if kind == ThrottleKind.PAIR:
        address, _, account = key.partition(" ")
        return f"{kind} {address} {known_account(account) or UNKNOWN_ACCOUNT}"
    return f"{kind} {key}"


def keys_for(request: HttpRequest, username: str) -> list[Key]:
    """The keys an attempt counts against: its known device alone while that device is not
    held back; otherwise the client address, the account from that address, and the account
    (the last with a much higher threshold)."""
    device = known_device(request, username)
    if device is not None:
        key = Key(ThrottleKind.DEVICE, device)
        if wait_seconds([key]) == 0:
            return [key]
    account = _normal(username)
    keys = [Key(ThrottleKind.ACCOUNT, account)]
    address = client_ip(request)
    if address:
        keys[:0] = [Key(ThrottleKind.IP, address), Key(ThrottleKind.PAIR, f"{address} {account}")]
    return keys


def wait_seconds(keys: list[Key]) -> int:
    """How long the longest hold on these keys still lasts (0: none)."""
    now = timezone.now()
    waits = [
        ((row.blocked_until or now) - now).total_seconds()
        for key in keys
        for row in LoginThrottle.objects.filter(kind=key.kind, key=key.key, blocked_until__gt=now)
    ]
    return max([0, *(int(w) + 1 for w in waits)])


def delay_after(failures: int, threshold: int) -> int:
    """Seconds of hold after `failures` failures: none below the threshold, then doubling."""
    if failures < threshold:
        return 0
    config = _config()
    exponent = min(failures - threshold, 20)
    return int(min(config["base_seconds"] * 2**exponent, config["max_seconds"]))


@transaction.atomic
def record_failure(keys: list[Key]) -> None:
    config = _config()
    now = timezone.now()
    forget = timedelta(hours=config["forget_after_hours"])
    for key in keys:
        row, _ = LoginThrottle.objects.select_for_update().get_or_create(kind=key.kind, key=key.key)
        if row.last_failure_at is not None and now - row.last_failure_at > forget:
            row.failures = 0
        row.failures += 1
        row.last_failure_at = now
        delay = delay_after(row.failures, config[key.kind]["threshold"])
        if delay:
            row.blocked_until = now + timedelta(seconds=delay)
            announce(
                "login_locked",
                detail=f"Login held back: {described(key.kind, key.key)} for {delay} s "
                f"after {row.failures} failures",
            )
        row.save()


def record_success(keys: list[Key]) -> None:
    """The right password: the account, the pair and the device start afresh (an address
    does not: an attacker with an account of their own could otherwise clear it between
    guesses)."""
    for key in keys:
        if key.kind != ThrottleKind.IP:
            LoginThrottle.objects.filter(kind=key.kind, key=key.key).delete()


def lift(*, actor: Any, throttles: Any) -> int:
    """An administrator lifts holds (audited, one entry per key)."""
    count = 0
    with transaction.atomic():
        for row in throttles:
            announce(
                "login_unlocked",
                actor=actor,
                detail=f"Login hold lifted: {described(row.kind, row.key)} "
                f"({row.failures} failures)",
            )
            row.delete()
            count += 1
    return count


class ThrottledModelBackend(ModelBackend):
    """Django's model backend behind the throttle: every login path (the login page, the
    admin's, POST /api/token/) goes through it."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> Any:
        if request is None or not username:
            # Not over the network (a shell, the test client's login()): nothing to throttle.
            return super().authenticate(request, username=username, password=password, **kwargs)
        keys = keys_for(request, username)
        wait = wait_seconds(keys)
        if wait:
            setattr(request, WAIT_ATTRIBUTE, wait)
            raise PermissionDenied  # stops authentication; the views answer 429
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None:
            record_failure(keys)
            return None
        record_success(keys)
        objection = signin.refusal(user)
        if objection:  # the right password, but an app says no (an ended engagement)
            setattr(request, signin.REFUSAL_ATTRIBUTE, objection)
            return None
        return user

    def get_user(self, user_id: Any) -> Any:
        """The user of an open session, unless a sign-in rule now refuses them."""
        user = super().get_user(user_id)
        if user is not None and signin.refusal(user):
            return None
        return user
