"""Two-factor login: a TOTP app (django-otp's TOTP device) and single-use recovery codes
(django-otp's static device).

Anyone who enrolled is asked for a code after their password. `SUTURA_TWO_FACTOR =
"personal_data"` also makes users whose roles see people's data (and staff) enrol at their
next login. Where a session stands is kept in the session (`STATE_KEY`), set at login, so
the check on each request costs no query.
"""

from __future__ import annotations

import base64
import math
from typing import Any

import segno
from django.conf import settings
from django.contrib.auth import authenticate
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_noop
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from sutura.accounts import throttle
from sutura.accounts.roles import sees_personal_data
from sutura.accounts.signals import announce
from sutura.accounts.tokens import revoke_all

STATE_KEY = "sutura_2fa"
VERIFY, ENROL, DONE = "verify", "enrol", "done"
TOTP_NAME = "app"
RECOVERY_NAME = "recovery"


def required_for(user: Any) -> bool:
    """Must this user have a second factor (the `SUTURA_TWO_FACTOR` policy)?"""
    if settings.SUTURA_TWO_FACTOR != "personal_data":
        return False
    return bool(user.is_staff or user.is_superuser or sees_personal_data(list(user.roles)))


def app_device(user: Any) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def has_second_factor(user: Any) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def state_at_login(user: Any) -> str:
    if has_second_factor(user):
        return VERIFY
    return ENROL if required_for(user) else DONE


def session_state(request: HttpRequest) -> str:
    state = request.session.get(STATE_KEY)
    if state is None:  # a session opened before this check existed
        state = request.session[STATE_KEY] = state_at_login(request.user)
    return str(state)


def mark_verified(request: HttpRequest) -> None:
    request.session[STATE_KEY] = DONE
    request.session.cycle_key()


def check_code(user: Any, code: str) -> bool:
    """A code from the app, or one of the recovery codes (used up by this check).

    django-otp throttles each device: after a wrong code it refuses every code for a delay
    that doubles (1 s, 2 s, 4 s …), so six digits cannot be guessed."""
    code = "".join(code.split()).lower()
    if not code:
        return False
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
        if device is not None and code.isdigit() and device.verify_token(code):
            return True
        recovery = StaticDevice.objects.select_for_update().filter(user=user).first()
        if recovery is not None and not code.isdigit() and recovery.verify_token(stored(code)):
            announce(
                "recovery_code_used",
                actor=user,
                user=user,
                detail=gettext_noop("Recovery code used"),
            )
            return True
    return False


def seconds_before_next_try(user: Any) -> int:
    """How long django-otp still refuses every code of the user's app after wrong ones (0: a
    code is checked now), so a right code typed too soon is not called wrong."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        return 0
    allowed, details = device.verify_is_allowed()
    locked_until = (details or {}).get("locked_until")
    if allowed or locked_until is None:
        return 0
    return max(1, math.ceil((locked_until - timezone.now()).total_seconds()))


def proves_identity(request: HttpRequest, user: Any, proof: str) -> bool:
    """Before replacing the authenticator or renewing recovery codes, a signed-in session
    proves it is the user's own: their password (checked through the login throttle, so it
    cannot be guessed here either) or a current code (app or recovery, throttled by
    django-otp)."""
    if not proof:
        return False
    if "".join(proof.split()).isdigit():  # a code (all-digit passwords are refused anyway)
        return check_code(user, proof)
    if authenticate(request, username=user.get_username(), password=proof) == user:
        return True
    if getattr(request, throttle.WAIT_ATTRIBUTE, 0):
        return False  # held back: not even a recovery code is tried
    return check_code(user, proof)


# --- enrolment ---------------------------------------------------------------------------


def pending_device(user: Any) -> TOTPDevice:
    """The app device being enrolled (a new secret unless one is waiting for its first code)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)
    return device


def secret_text(device: TOTPDevice) -> str:
    """The secret as an authenticator app asks for it when typed: base32, in groups of four."""
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_svg(device: TOTPDevice) -> SafeString:
    """The enrolment link as an SVG QR code (attributes only: no style, for the CSP)."""
    svg = segno.make(device.config_url, error="m").svg_inline(
        scale=5, dark="#000", light="#fff", omitsize=False
    )
    return mark_safe(svg)  # noqa: S308 - generated by segno from our own URL


@transaction.atomic
def confirm_enrolment(*, actor: Any, code: str) -> list[str] | None:
    """The first code from the app proves it holds the secret: the device counts from now
    on, any older one goes, and fresh recovery codes are returned (shown once)."""
    device = TOTPDevice.objects.select_for_update().filter(user=actor, confirmed=False).first()
    code = "".join(code.split())
    if device is None or not code.isdigit() or not device.verify_token(code):
        return None
    TOTPDevice.objects.filter(user=actor, confirmed=True).delete()
    device.confirmed = True
    device.save()
    announce(
        "two_factor_enrolled", actor=actor, user=actor, detail=gettext_noop("Two-factor enrolled")
    )
    # Tokens obtained before (perhaps by whoever made the change) stop working.
    revoke_all(user=actor, why="two-factor set up", actor=actor)
    return _new_codes(actor)


@transaction.atomic
def renew_recovery_codes(*, actor: Any) -> list[str]:
    """New recovery codes; the old ones stop working."""
    codes = _new_codes(actor)
    announce(
        "recovery_codes_renewed",
        actor=actor,
        user=actor,
        detail=gettext_noop("Recovery codes renewed"),
    )
    return codes


RECOVERY_SALT = "sutura.accounts.recovery_code"


def stored(code: str) -> str:
    """What is stored of a recovery code: a keyed hash (django-otp keeps static tokens in
    plain text; its column holds 16 characters, so 64 bits of HMAC-SHA256 keyed by
    SECRET_KEY). The table alone gives no usable code."""
    code = "".join(code.split()).lower()
    return salted_hmac(RECOVERY_SALT, code, algorithm="sha256").hexdigest()[:16]


def _new_codes(user: Any) -> list[str]:
    device, _ = StaticDevice.objects.get_or_create(user=user, name=RECOVERY_NAME)
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(settings.SUTURA_RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=stored(c)) for c in codes)
    return codes


def recovery_codes_left(user: Any) -> int:
    return StaticToken.objects.filter(device__user=user).count()


@transaction.atomic
def reset(*, actor: Any, user: Any) -> None:
    """An administrator removes a user's second factor (lost phone): the user enrols again
    at next login when the policy requires it."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    announce("two_factor_reset", actor=actor, user=user, detail=gettext_noop("Two-factor reset"))
    revoke_all(user=user, why="two-factor reset", actor=actor)
    # Whoever holds the lost phone may be signed in on it: every session of the user ends.
    user.session_generation = F("session_generation") + 1
    user.save(update_fields=["session_generation"])
    user.refresh_from_db(fields=["session_generation"])
