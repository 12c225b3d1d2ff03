"""The sign-in privacy review: no secrets in the admin, a stranger cannot keep a colleague out,
a reset password gets no API token, a changed second factor revokes tokens, replacing it
needs the password, failed logins do not keep what was typed, and the token limit holds."""

from __future__ import annotations

import pytest
from django.conf import settings as django_settings
from django.contrib import admin
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from sutura.accounts import twofactor
from sutura.accounts.models import ApiToken, LoginThrottle, ThrottleKind
from sutura.accounts.roles import Role
from sutura.accounts.tests.test_two_factor import current_code, enrolled
from sutura.audit.models import AuditEntry
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

HOME_IP, STRANGER_IP, CAFE_IP = "198.51.100.7", "203.0.113.9", "192.0.2.44"


def login(client, username, password=PASSWORD, ip=HOME_IP):
    return client.post(
        reverse("accounts:login"), {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def ask_token(username, password=PASSWORD, ip=HOME_IP, **extra):
    return APIClient().post(
        reverse("api-token"), {"username": username, "password": password}, REMOTE_ADDR=ip, **extra
    )


def hammer(username, times, ip=STRANGER_IP):
    stranger = Client()
    return [login(stranger, username, "not-the-password", ip).status_code for _ in range(times)]


@pytest.fixture
def focalpoint(users_a):
    return users_a[Role.MHPSS_FOCAL_POINT]


@pytest.fixture
def staff(users_a):
    user = users_a[Role.SYSTEM_ADMIN]
    user.is_staff = user.is_superuser = True
    user.save()
    client = Client()
    client.force_login(user)
    return client


# 1. django-otp's admin pages (secrets, recovery codes, unaudited additions) are gone.


def test_the_admin_shows_no_authenticator_secret_nor_recovery_code(staff, users_a):
    assert django_settings.OTP_ADMIN_HIDE_SENSITIVE_DATA is True
    assert not admin.site.is_registered(TOTPDevice)
    assert not admin.site.is_registered(StaticDevice)
    for name in ("otp_totp_totpdevice_changelist", "otp_static_staticdevice_add"):
        with pytest.raises(NoReverseMatch):
            reverse(f"admin:{name}")
    user = users_a[Role.CASE_MANAGER]
    device = enrolled(user)
    codes = twofactor.renew_recovery_codes(actor=user)
    index = staff.get(reverse("admin:index")).content.decode()
    page = staff.get(reverse("admin:accounts_user_change", args=[user.pk])).content.decode()
    for shown in (index, page):
        assert device.key not in shown and not any(code in shown for code in codes)
    # The audited reset stays.
    assert (
        "reset_two_factor" in staff.get(reverse("admin:accounts_user_changelist")).content.decode()
    )


# 2. Failures count on (account, address) without a device cookie; the account alone only
#    at a much higher threshold.


@pytest.mark.parametrize("times", [8, 30])
def test_a_stranger_from_one_address_does_not_keep_a_colleague_out(focalpoint, times):
    answers = hammer(focalpoint.username, times)
    if times > 8:
        assert 429 in answers  # the stranger is slowed down
    # The colleague, from a new browser at another address, and from a script at a third.
    colleague = Client()
    assert login(colleague, focalpoint.username, ip=HOME_IP).status_code == 302
    assert "_auth_user_id" in colleague.session
    response = ask_token(focalpoint.username, ip=CAFE_IP)
    assert response.status_code == 200, response.content
    assert response.json()["token"]


def test_brute_force_on_one_account_from_one_address_is_still_slowed(settings, focalpoint):
    threshold = settings.SUTURA_LOGIN_THROTTLE["pair"]["threshold"]
    answers = hammer(focalpoint.username, threshold + 1)
    assert answers[-1] == 429
    # Even the right password from that address now waits (page and API).
    assert login(Client(), focalpoint.username, ip=STRANGER_IP).status_code == 429
    assert ask_token(focalpoint.username, ip=STRANGER_IP).status_code == 429
    pair = LoginThrottle.objects.get(kind=ThrottleKind.PAIR)
    assert pair.key == f"{STRANGER_IP} {focalpoint.username}" and pair.blocked_until


def test_guesses_from_many_addresses_hold_the_account_back_but_not_a_known_device(
    settings, client, focalpoint
):
    assert settings.SUTURA_LOGIN_THROTTLE["account"]["threshold"] >= 50
    settings.SUTURA_LOGIN_THROTTLE = {
        **settings.SUTURA_LOGIN_THROTTLE,
        "account": {"threshold": 12},
    }
    assert login(client, focalpoint.username).status_code == 302  # focalpoint's laptop
    client.post(reverse("accounts:logout"))
    for n in range(4):
        hammer(focalpoint.username, 3, ip=f"203.0.113.{100 + n}")
    assert LoginThrottle.objects.get(kind=ThrottleKind.ACCOUNT).blocked_until
    assert login(Client(), focalpoint.username, ip=CAFE_IP).status_code == 429
    assert login(client, focalpoint.username).status_code == 302  # the known device


def test_holds_on_an_unknown_account_do_not_log_what_was_typed(settings):
    typed = "Summer2026!secret"  # a password typed in the username field
    hammer(typed, settings.SUTURA_LOGIN_THROTTLE["pair"]["threshold"] + 2)
    entries = AuditEntry.objects.all()
    assert entries.filter(detail__startswith="Login held back").exists()
    for entry in entries:
        assert typed.lower() not in (entry.detail + entry.actor_username).lower()


# 3. A password reset by an administrator must be changed before any API token.


def test_no_api_token_while_the_password_must_be_changed(focalpoint):
    focalpoint.must_change_password = True
    focalpoint.save(update_fields=["must_change_password"])
    response = ask_token(focalpoint.username, HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 403
    error = response.json()["error"]
    assert error["code"] == "password_change_required"
    assert "mot de passe" in error["message"]
    assert not ApiToken.objects.filter(user=focalpoint).exists()


# 4. A new or reset second factor ends the API tokens obtained before.


def test_an_administrator_reset_of_two_factor_revokes_api_tokens(users_a):
    user = users_a[Role.CASE_MANAGER]
    enrolled(user)
    ApiToken.objects.create(user=user)
    twofactor.reset(actor=users_a[Role.SYSTEM_ADMIN], user=user)
    assert not ApiToken.objects.filter(user=user).exists()


def test_an_administrator_reset_of_two_factor_ends_every_open_session(users_a):
    """The lost phone may still be signed in: after the reset, its session is gone; the
    administrator's own session, and the user's next login, work."""
    user, admin_user = users_a[Role.CASE_MANAGER], users_a[Role.SYSTEM_ADMIN]
    phone, other = Client(), Client()
    phone.force_login(user)
    other.force_login(admin_user)
    home = reverse("core:home")
    assert phone.get(home).status_code == 200
    twofactor.reset(actor=admin_user, user=user)
    assert phone.get(home).status_code == 302  # back to the login page
    assert other.get(home).status_code == 200
    again = Client()
    assert again.login(username=user.username, password=PASSWORD)
    assert again.get(home).status_code == 200


def test_setting_up_two_factor_revokes_api_tokens(users_a):
    user = users_a[Role.CASE_MANAGER]
    ApiToken.objects.create(user=user)
    device = twofactor.pending_device(user)
    assert twofactor.confirm_enrolment(actor=user, code=current_code(device))
    assert not ApiToken.objects.filter(user=user).exists()


# 5. Replacing the authenticator or renewing recovery codes needs the password or a code.


@pytest.fixture
def enrolled_session(users_a):
    user = users_a[Role.CASE_MANAGER]
    device = enrolled(user)
    twofactor.renew_recovery_codes(actor=user)
    client = Client()
    client.force_login(user)
    session = client.session
    session[twofactor.STATE_KEY] = twofactor.DONE
    session.save()
    return user, device, client


def test_renewing_recovery_codes_needs_the_password(enrolled_session):
    user, _device, client = enrolled_session
    before = set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
    url = reverse("accounts:two_factor")
    for proof in ("", "not-my-password"):
        page = client.post(url, {"action": "renew", "proof": proof}, HTTP_ACCEPT_LANGUAGE="en")
        assert page.status_code == 200
        assert "accounts/recovery_codes.html" not in [t.name for t in page.templates]
    after = set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
    assert after == before
    wrong = client.post(url, {"action": "renew", "proof": "nope-nope"}, HTTP_ACCEPT_LANGUAGE="fr")
    assert "Ce n’est ni votre mot de passe" in wrong.content.decode()
    right = client.post(url, {"action": "renew", "proof": PASSWORD}, follow=True)
    assert "accounts/recovery_codes.html" in [t.name for t in right.templates]
    now = set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
    assert now and not now & before


def test_replacing_the_authenticator_needs_the_password_or_a_current_code(enrolled_session):
    user, old, client = enrolled_session
    url = reverse("accounts:two_factor")
    client.get(url + "?replace=1")
    new = TOTPDevice.objects.get(user=user, confirmed=False)
    client.post(url, {"action": "enrol", "code": current_code(new)})
    client.post(url, {"action": "enrol", "code": current_code(new), "proof": "wrong-guess"})
    assert TOTPDevice.objects.get(user=user, confirmed=True) == old  # not replaced
    TOTPDevice.objects.filter(pk=old.pk).update(throttling_failure_count=0)
    response = client.post(
        url, {"action": "enrol", "code": current_code(new), "proof": current_code(old)}, follow=True
    )
    assert "accounts/recovery_codes.html" in [t.name for t in response.templates]
    assert TOTPDevice.objects.get(user=user, confirmed=True).pk == new.pk


# 7. knox's TOKEN_LIMIT_PER_USER holds for every way of creating a token.


def test_no_more_tokens_than_the_limit(settings, focalpoint):
    limit = settings.REST_KNOX["TOKEN_LIMIT_PER_USER"]
    for n in range(limit):
        ApiToken.objects.create(user=focalpoint, name=f"t{n}")
    response = ask_token(focalpoint.username)
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "token_limit_reached"
    page = Client()
    page.force_login(focalpoint)
    answer = page.post(reverse("accounts:tokens"), {"name": "one more"})
    assert answer.status_code == 200 and "le maximum autorisé" in answer.content.decode()  # fr user
    assert ApiToken.objects.filter(user=focalpoint).count() == limit


# 1b. Recovery codes are stored as a keyed hash, and still work once.


def test_recovery_codes_are_stored_hashed_and_still_work_once(users_a):
    user = users_a[Role.CASE_MANAGER]
    enrolled(user)
    codes = twofactor.renew_recovery_codes(actor=user)
    kept = set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
    assert len(kept) == len(codes) and not kept & set(codes)
    assert twofactor.check_code(user, codes[0].upper())
    assert not twofactor.check_code(user, codes[0])  # used up
    assert twofactor.recovery_codes_left(user) == len(codes) - 1
