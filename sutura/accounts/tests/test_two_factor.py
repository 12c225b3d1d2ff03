"""Two-factor login: required for the roles that see personal data when the policy says so,
a code logs in and a wrong one does not, recovery codes work once, administrators reset it
(audited), and the API asks for the code too."""

from __future__ import annotations

import re

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from sutura.access.tests.url_matrix import url_names
from sutura.accounts import twofactor
from sutura.accounts.roles import Role, sees_personal_data
from sutura.audit.models import AuditEntry
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db
ENFORCED = override_settings(SUTURA_TWO_FACTOR="personal_data")


def login(client, username, password=PASSWORD):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def current_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def enrolled(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="app", confirmed=True)


def pages_without_arguments() -> list[str]:
    """Every page and API URL that takes no argument (the rest need a record to exist)."""
    found = []
    for name in sorted(url_names()):
        try:
            found.append(reverse(name))
        except Exception:  # noqa: S112 - needs arguments
            continue
    return found


def test_roles_that_see_personal_data():
    assert sees_personal_data([Role.CASE_MANAGER])
    assert sees_personal_data([Role.COMMUNITY_MENTOR])
    assert sees_personal_data([Role.PROVIDER_AGENT])
    assert sees_personal_data([Role.SYSTEM_ADMIN])
    assert not sees_personal_data([Role.ME_OFFICER])
    assert not sees_personal_data([Role.NRM_COORDINATOR])


@ENFORCED
def test_a_personal_data_role_reaches_no_page_or_api_before_enrolling(users_a):
    client = Client()
    user = users_a[Role.CASE_MANAGER]
    assert login(client, user.username).status_code == 302
    setup = reverse("accounts:two_factor")
    open_to_all = {
        setup,
        reverse("accounts:login"),  # redirects a signed-in user on
        reverse("accounts:logout"),
        reverse("set_language"),
        reverse("api-token"),  # asks for the code itself
        reverse("api-schema"),  # describes endpoints, no data
        reverse("api-docs"),
    }
    reached = []
    for url in pages_without_arguments():
        if url in open_to_all:
            continue
        response = client.get(url)
        if url.startswith("/api/"):
            if response.status_code != 403 or response.json()["error"]["code"] != (
                "two_factor_required"
            ):
                reached.append(url)
        elif response.status_code != 302 or not response["Location"].startswith(setup):
            reached.append(url)
    assert reached == []
    assert client.get(setup).status_code == 200
    # Nor through a token.
    token = APIClient().post(
        reverse("api-token"), {"username": user.username, "password": PASSWORD}
    )
    assert token.status_code == 403


@ENFORCED
def test_a_role_without_personal_data_is_not_asked(users_a):
    client = Client()
    login(client, users_a[Role.ME_OFFICER].username)
    assert client.get(reverse("core:home")).status_code == 200


def test_not_enforced_by_default_in_tests(users_a):
    client = Client()
    login(client, users_a[Role.CASE_MANAGER].username)
    assert client.get(reverse("core:home")).status_code == 200


@ENFORCED
def test_enrolment_shows_a_qr_code_and_the_secret_then_recovery_codes_once(users_a):
    client = Client()
    user = users_a[Role.CASE_MANAGER]
    login(client, user.username)
    page = client.get(reverse("accounts:two_factor")).content.decode()
    assert "<svg" in page and "style=" not in page.split("<svg", 1)[1].split("</svg>")[0]
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert twofactor.secret_text(device) in page
    response = client.post(reverse("accounts:two_factor"), {"action": "enrol", "code": "000000"})
    assert "_auth_user_id" in client.session and response.status_code == 200
    assert not TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0)  # no waiting
    response = client.post(
        reverse("accounts:two_factor"),
        {"action": "enrol", "code": current_code(device)},
        follow=True,  # the codes are shown on the GET after the POST
    )
    codes = re.findall(r"<li>([a-z0-9]{8})</li>", response.content.decode())
    assert len(codes) == 10
    assert TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    assert client.get(reverse("people:list")).status_code == 200
    assert AuditEntry.objects.filter(detail="Two-factor enrolled", actor=user).exists()
    # The codes are not shown again, and reloading the page makes no new ones.
    again = client.get(reverse("accounts:two_factor")).content.decode()
    assert codes[0] not in again and "accounts.recovery_codes_once" not in client.session
    assert twofactor.check_code(user, codes[0])


def test_a_code_logs_in_and_a_wrong_code_does_not(users_a):
    user = users_a[Role.PROGRAMME_MANAGER]
    device = enrolled(user)
    client = Client()
    response = login(client, user.username)
    home = client.get(reverse("core:home"))
    assert home.status_code == 302 and home["Location"].startswith(
        reverse("accounts:two_factor_verify")
    )
    wrong = client.post(reverse("accounts:two_factor_verify"), {"code": "123456"})
    assert wrong.status_code == 200 and "n’est pas valide" in wrong.content.decode()
    assert client.get(reverse("people:list")).status_code == 302
    device.refresh_from_db()
    device.throttling_failure_count = 0  # django-otp's own pause after a wrong code
    device.save()
    response = client.post(
        reverse("accounts:two_factor_verify"), {"code": current_code(device), "next": "/people/"}
    )
    assert response.status_code == 302 and response["Location"] == "/people/"
    assert client.get(reverse("people:list")).status_code == 200


def test_a_recovery_code_works_once(users_a):
    user = users_a[Role.CASE_MANAGER]
    enrolled(user)
    codes = twofactor.renew_recovery_codes(actor=user)
    first = Client()
    login(first, user.username)
    first.post(reverse("accounts:two_factor_verify"), {"code": codes[0]})
    assert first.get(reverse("people:list")).status_code == 200
    again = Client()
    login(again, user.username)
    response = again.post(reverse("accounts:two_factor_verify"), {"code": codes[0]})
    assert response.status_code == 200  # refused: the form again
    assert again.get(reverse("people:list")).status_code == 302
    assert AuditEntry.objects.filter(detail="Recovery code used", actor=user).count() == 1


def test_an_administrator_resets_two_factor_and_it_is_audited(users_a):
    user = users_a[Role.CASE_MANAGER]
    enrolled(user)
    admin = users_a[Role.SYSTEM_ADMIN]
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client = Client()
    client.force_login(admin)
    response = client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "reset_two_factor", "_selected_action": [str(user.pk)]},
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=user).exists()
    entry = AuditEntry.objects.get(detail="Two-factor reset")
    assert entry.actor == admin and entry.object_id == str(user.pk)


def test_the_api_token_needs_the_code_when_the_account_has_two_factor(users_a):
    user = users_a[Role.CASE_MANAGER]
    device = enrolled(user)
    api = APIClient()
    url = reverse("api-token")
    without = api.post(url, {"username": user.username, "password": PASSWORD})
    assert without.status_code == 400 and "code" in without.json()["error"]["fields"]
    wrong = api.post(url, {"username": user.username, "password": PASSWORD, "code": "000000"})
    assert wrong.status_code == 400
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0)
    right = api.post(
        url, {"username": user.username, "password": PASSWORD, "code": current_code(device)}
    )
    assert right.status_code == 200 and right.json()["token"]


def test_a_right_code_typed_during_the_pause_after_a_wrong_one_is_told_to_wait(users_a):
    user = users_a[Role.PROGRAMME_MANAGER]
    device = enrolled(user)
    client = Client()
    login(client, user.username)
    client.post(reverse("accounts:two_factor_verify"), {"code": "123456"})
    right_too_soon = client.post(
        reverse("accounts:two_factor_verify"), {"code": current_code(device)}
    )
    page = right_too_soon.content.decode()
    assert "attendez" in page and "n’est pas valide" not in page
    assert client.get(reverse("people:list")).status_code == 302
