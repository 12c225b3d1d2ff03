"""A real Chromium at phone width: two-factor set-up (QR code, key, recovery codes), the
code step at login, the API tokens page and the inactivity warning (screenshots in
var/screenshots/)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import override_settings
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from sutura.accounts.roles import Role
from tests.browser.support import BROWSER_MARKS, SHOTS
from tests.factories import PASSWORD, UserFactory

pytestmark = BROWSER_MARKS
PHONE = {"width": 360, "height": 740}


def code_for(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def log_in(page: Any, url: str, username: str) -> None:
    page.goto(f"{url}/accounts/login/")
    page.get_by_label("Nom d’utilisateur").fill(username)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()


def fits(page: Any) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, (page.url, overflow)


def shot(page: Any, name: str) -> None:
    fits(page)
    page.screenshot(path=str(SHOTS / f"security-{name}-360.png"), full_page=True)


@pytest.mark.django_db(transaction=True)
@override_settings(SUTURA_TWO_FACTOR="personal_data")
def test_a_case_manager_sets_up_two_factor_then_logs_in_with_a_code(live_server, browser, org_a):
    user = UserFactory.create(organisation=org_a, roles=[Role.CASE_MANAGER], username="awa")
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    log_in(page, live_server.url, user.username)
    page.wait_for_url(re.compile(r"/accounts/me/two-factor/"))
    assert page.locator(".qr-code svg").count() == 1
    shot(page, "two-factor-setup")
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    page.get_by_label("Code de l’application").fill(code_for(device))
    page.get_by_role("button", name="Activer la double authentification").click()
    assert page.locator(".recovery-codes li").count() == 10
    shot(page, "recovery-codes")
    page.get_by_role("link", name="Je les ai notés, continuer").click()
    page.goto(f"{live_server.url}/accounts/me/tokens/")
    page.get_by_label("Nom du jeton").fill("synchronisation")
    page.get_by_role("button", name="Créer le jeton").click()
    assert page.get_by_text("Copiez-le maintenant").is_visible()
    shot(page, "tokens")
    context.close()

    # A new browser: password, then the code.
    TOTPDevice.objects.filter(user=user).update(last_t=-1)  # the same 30 s step may be reused
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    log_in(page, live_server.url, user.username)
    page.wait_for_url(re.compile(r"/accounts/login/code/"))
    shot(page, "two-factor-code")
    page.get_by_label("Code").fill(code_for(TOTPDevice.objects.get(user=user)))
    page.get_by_role("button", name="Continuer").click()
    page.wait_for_url(f"{live_server.url}/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Bienvenue")
    context.close()


@pytest.mark.django_db(transaction=True)
@override_settings(SUTURA_SESSION_IDLE_MINUTES=2, SUTURA_SESSION_WARNING_SECONDS=50)
def test_the_inactivity_warning_offers_to_stay_signed_in(live_server, browser, org_a):
    user = UserFactory.create(organisation=org_a, roles=[Role.ME_OFFICER], username="idle")
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    log_in(page, live_server.url, user.username)
    page.wait_for_url(f"{live_server.url}/")
    # The page counts 60 s (a minute early) and warns 50 s before: the warning shows after 10 s.
    warning = page.get_by_role("alertdialog")
    warning.wait_for(state="visible")
    assert "Temps restant" in warning.inner_text()
    shot(page, "inactivity-warning")
    page.get_by_role("button", name="Rester connecté").click()
    warning.wait_for(state="hidden")
    context.close()
