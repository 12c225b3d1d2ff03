"""Login throttling: strangers slow themselves down, never a colleague who knows their
password (OWASP's device cookie), behind a trusted proxy too; holds are lifted and audited."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from sutura.accounts.client import client_ip
from sutura.accounts.models import LoginThrottle, ThrottleKind
from sutura.accounts.roles import Role
from sutura.audit.models import Action, AuditEntry
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

HOME_IP, STRANGER_IP, PROXY = "198.51.100.7", "203.0.113.9", "10.0.0.1"


def login(client, username, password=PASSWORD, **meta):
    meta.setdefault("REMOTE_ADDR", HOME_IP)
    return client.post(
        reverse("accounts:login"), {"username": username, "password": password}, **meta
    )


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def hammer(client, username, times=30, **meta):
    """Wrong passwords, as fast as the throttle lets through: the answers' status codes."""
    return [login(client, username, "not-the-password", **meta).status_code for _ in range(times)]


@pytest.fixture
def focalpoint(users_a):
    return users_a[Role.MHPSS_FOCAL_POINT]


@pytest.fixture
def focalpoints_phone(client, focalpoint):
    """focalpoint has signed in from this browser before, then logged out."""
    assert login(client, focalpoint.username).status_code == 302
    client.post(reverse("accounts:logout"))
    return client


def test_a_stranger_cannot_keep_focalpoint_out_from_another_address(focalpoint, focalpoints_phone):
    stranger = Client()
    answers = hammer(stranger, focalpoint.username, REMOTE_ADDR=STRANGER_IP)
    assert 429 in answers  # the stranger is slowed down
    response = login(focalpoints_phone, focalpoint.username)
    assert response.status_code == 302
    assert signed_in(focalpoints_phone)


def test_a_spoofed_forwarded_header_from_an_untrusted_address_changes_nothing(
    settings, focalpoint, focalpoints_phone
):
    settings.SUTURA_TRUSTED_PROXIES = [PROXY]
    stranger = Client()
    # The stranger claims to be focalpoint's address; they are not the proxy, so the claim
    # is ignored and their own address is held back.
    answers = hammer(
        stranger,
        focalpoint.username,
        REMOTE_ADDR=STRANGER_IP,
        HTTP_X_FORWARDED_FOR=HOME_IP,
    )
    assert 429 in answers
    held = set(LoginThrottle.objects.filter(kind=ThrottleKind.IP).values_list("key", flat=True))
    assert held == {STRANGER_IP}
    # focalpoint, through the real proxy, still signs in with the right password.
    response = login(
        focalpoints_phone, focalpoint.username, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=HOME_IP
    )
    assert response.status_code == 302 and signed_in(focalpoints_phone)


def test_behind_the_trusted_proxy_colleagues_are_not_held_back_by_a_stranger(
    settings, users_a, focalpoint
):
    settings.SUTURA_TRUSTED_PROXIES = ["10.0.0.0/24"]
    stranger = Client()
    hammer(stranger, focalpoint.username, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=STRANGER_IP)
    colleague = users_a[Role.CASE_MANAGER]
    response = login(Client(), colleague.username, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=HOME_IP)
    assert response.status_code == 302


def test_the_token_endpoint_follows_the_same_rules(focalpoint, focalpoints_phone):
    stranger = APIClient()
    answers = [
        stranger.post(
            reverse("api-token"),
            {"username": focalpoint.username, "password": "nope"},
            REMOTE_ADDR=STRANGER_IP,
        )
        for _ in range(20)
    ]
    refused = [r for r in answers if r.status_code == 429]
    assert refused, [r.status_code for r in answers]
    assert refused[0].json()["error"]["code"] == "throttled"
    assert int(refused[0]["Retry-After"]) > 0
    # focalpoint's own device still gets a token with the right password.
    response = focalpoints_phone.post(
        reverse("api-token"),
        {"username": focalpoint.username, "password": PASSWORD},
        REMOTE_ADDR=HOME_IP,
    )
    assert response.status_code == 200 and response.json()["token"]


def test_brute_force_from_one_address_is_slowed_more_and_more(settings, users_a):
    threshold = settings.SUTURA_LOGIN_THROTTLE["ip"]["threshold"]
    guesser = Client()
    usernames = [user.username for user in users_a.values()]
    for n in range(threshold):  # many accounts, one address
        assert login(guesser, usernames[n % len(usernames)], "guess", REMOTE_ADDR=STRANGER_IP)
    # Even the right password of another account waits now: the address is held back.
    response = login(guesser, users_a[Role.ME_OFFICER].username, REMOTE_ADDR=STRANGER_IP)
    assert response.status_code == 429
    row = LoginThrottle.objects.get(kind=ThrottleKind.IP, key=STRANGER_IP)
    first = pause(row)
    # The pause is over (as if time had passed); the next failure pauses twice as long.
    LoginThrottle.objects.filter(pk=row.pk).update(blocked_until=timezone.now())
    assert login(guesser, usernames[0], "guess", REMOTE_ADDR=STRANGER_IP).status_code == 200
    row.refresh_from_db()
    assert pause(row) == 2 * first
    assert first == timedelta(seconds=settings.SUTURA_LOGIN_THROTTLE["base_seconds"])


def pause(row: LoginThrottle) -> timedelta:
    assert row.blocked_until is not None and row.last_failure_at is not None
    return row.blocked_until - row.last_failure_at


def test_old_failures_are_forgotten(settings, users_a):
    user = users_a[Role.CASE_MANAGER]
    hammer(Client(), user.username, times=3, REMOTE_ADDR=STRANGER_IP)
    long_ago = timezone.now() - timedelta(hours=25)
    LoginThrottle.objects.update(last_failure_at=long_ago)
    login(Client(), user.username, "wrong", REMOTE_ADDR=STRANGER_IP)
    row = LoginThrottle.objects.get(kind=ThrottleKind.ACCOUNT, key=user.username)
    assert row.failures == 1


def test_holds_are_audited_and_an_administrator_lifts_them(client, users_a, focalpoint):
    hammer(Client(), focalpoint.username, times=8, REMOTE_ADDR=STRANGER_IP)
    locks = AuditEntry.objects.filter(
        action=Action.LOGIN_FAILED, detail__startswith="Login held back"
    )
    assert locks.filter(detail__contains=f"pair {STRANGER_IP} {focalpoint.username}").exists()
    # A new browser at that address waits (elsewhere it does not: test_sign_in_review.py).
    assert login(Client(), focalpoint.username, REMOTE_ADDR=STRANGER_IP).status_code == 429

    admin = users_a[Role.SYSTEM_ADMIN]
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    held = LoginThrottle.objects.filter(
        key__endswith=focalpoint.username, blocked_until__isnull=False
    )
    response = client.post(
        reverse("admin:accounts_loginthrottle_changelist"),
        {
            "action": "lift_hold",
            "_selected_action": [str(pk) for pk in held.values_list("pk", flat=True)],
        },
    )
    assert response.status_code == 302
    assert not held.exists()
    lifted = AuditEntry.objects.get(detail__startswith="Login hold lifted")
    assert lifted.actor == admin and focalpoint.username in lifted.detail
    assert login(Client(), focalpoint.username, REMOTE_ADDR=STRANGER_IP).status_code == 302


def test_a_known_device_that_fails_too_often_is_held_back_like_any_other(
    settings, focalpoint, focalpoints_phone
):
    threshold = settings.SUTURA_LOGIN_THROTTLE["device"]["threshold"]
    hammer(focalpoints_phone, focalpoint.username, times=threshold)
    assert LoginThrottle.objects.filter(kind=ThrottleKind.DEVICE).get().blocked_until
    # No longer trusted: its next attempts count against the address and the account.
    hammer(focalpoints_phone, focalpoint.username, times=1)
    assert LoginThrottle.objects.filter(kind=ThrottleKind.ACCOUNT).exists()


def request(remote, forwarded=None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


def test_client_address_is_remote_addr_unless_a_trusted_proxy_forwards(settings):
    settings.SUTURA_TRUSTED_PROXIES = []
    assert client_ip(request(PROXY, STRANGER_IP)) == PROXY  # no proxy trusted: header ignored
    settings.SUTURA_TRUSTED_PROXIES = ["10.0.0.0/24", "10.1.0.5"]
    assert client_ip(request(STRANGER_IP, HOME_IP)) == STRANGER_IP  # not from a proxy
    assert client_ip(request(PROXY, HOME_IP)) == HOME_IP
    # The client may prepend anything; the rightmost address not of a proxy counts.
    assert client_ip(request(PROXY, f"1.2.3.4, {HOME_IP}, 10.1.0.5")) == HOME_IP
    assert client_ip(request(PROXY, "garbage")) == PROXY
    assert client_ip(request(PROXY)) == PROXY
