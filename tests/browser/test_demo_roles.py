"""A real Chromium logs in as each demo role and photographs its home page at phone and
desktop widths (screenshots land in var/screenshots/)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.management import call_command

from sutura.accounts.demo import DEMO_PASSWORD, DEMO_TOTP_KEY, USERS
from tests.browser.support import BROWSER_MARKS, SHOTS


def demo_totp_code(username: str) -> str:
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    # A code is accepted once; this test logs in twice within the same 30 s.
    TOTPDevice.objects.filter(user__username=username).update(last_t=-1)
    return f"{totp(bytes.fromhex(DEMO_TOTP_KEY)):06d}"


WIDTHS = {"phone": (360, 740), "desktop": (1280, 800)}
pytestmark = BROWSER_MARKS


@pytest.mark.django_db(transaction=True)
def test_each_demo_role_logs_in_and_lands_on_its_home_page(live_server, browser):
    call_command("seed_demo", persons=60, quiet_logins=True)
    SHOTS.mkdir(parents=True, exist_ok=True)
    for spec in USERS:
        # One sign-in per user, at phone width; the same page is then looked at on a desktop.
        context = browser.new_context(viewport={"width": 360, "height": 740})
        page = context.new_page()
        page.goto(f"{live_server.url}/")
        assert page.locator("html").get_attribute("lang") == "fr"
        page.get_by_label("Nom d’utilisateur").fill(spec.username)
        page.get_by_label("Mot de passe").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Se connecter").click()
        if spec.two_factor:  # the second step: a code from the authenticator app
            page.get_by_label("Code").fill(demo_totp_code(spec.username))
            page.get_by_role("button", name="Continuer").click()
        page.wait_for_url(f"{live_server.url}/")
        for label, (width, height) in WIDTHS.items():
            page.set_viewport_size({"width": width, "height": height})
            page.reload()
            heading = page.get_by_role("heading", level=1).inner_text()
            assert heading.startswith("Bienvenue"), (spec.username, label, heading)
            page.screenshot(path=str(SHOTS / f"home-{spec.username}-{width}.png"), full_page=True)
            # Nothing wider than the screen: no sideways scrolling on a phone.
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, (spec.username, label, overflow)
            # Every link listed on a home card is a thumb's target (44 px tall).
            short = page.evaluate(
                "() => [...document.querySelectorAll('.card li a')]"
                ".filter(a => a.getBoundingClientRect().height < 44).map(a => a.textContent)"
            )
            assert not short, (spec.username, label, short)
        context.close()


def pick_location(picker: Any, level: str, name: str) -> None:
    """Choose a place and wait until htmx has drawn (and wired up) the next level."""
    page = picker.page
    with page.expect_response("**/geo/picker/**"):
        picker.get_by_label(level).select_option(label=name)
    # A function, not an expression: Playwright evaluates an expression with eval, which the
    # Content-Security-Policy refuses.
    page.wait_for_function("() => !document.querySelector('.htmx-settling, .htmx-swapping')")
    page.wait_for_timeout(50)


@pytest.mark.django_db(transaction=True)
def test_a_case_manager_registers_a_person_with_the_location_picker(live_server, browser):
    call_command("seed_demo", persons=10, quiet_logins=True)
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Nom d’utilisateur").fill("casemanager")
    page.get_by_label("Mot de passe").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.goto(f"{live_server.url}/people/new/")
    page.get_by_label("Nom de famille").fill("Diallo")
    page.get_by_label("Prénoms").fill("Aïssatou")
    origin = page.locator("#id_place_of_origin_picker")
    pick_location(origin, "Pays", "Sénégal")
    pick_location(origin, "Région", "Thiès")  # each level appears after the previous is chosen
    origin.get_by_label("Département / cercle").select_option(label="Mbour")
    page.get_by_label("Téléphone", exact=True).fill("77 555 12 34")
    page.screenshot(path=str(SHOTS / "register-person-360.png"), full_page=True)
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_url(re.compile(r"/people/[0-9a-f-]{36}/$"))
    body = page.locator("main").inner_text()
    assert "DIALLO Aïssatou" in body
    assert "+221775551234" in body
    assert "Sénégal › Thiès › Mbour" in body
    context.close()
