"""On a 360 px phone, without an account, someone opens an intake point's short address, files a
complaint, reads the tracking code, then follows it on the status page by typing the code the
careless way (small letters, spaces) and reads "Received". Each page weighs well under 100 KB
and nothing is wider than the screen (screenshots in var/screenshots/)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from sutura.accounts.roles import Role
from sutura.feedback.models import FeedbackItem
from sutura.feedback.services import points
from tests.browser.support import BROWSER_MARKS, SHOTS

pytestmark = BROWSER_MARKS


def _no_sideways_scroll(page: Any) -> None:
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0


@pytest.mark.django_db(transaction=True)
def test_a_complaint_is_filed_and_followed_on_a_phone_without_an_account(
    live_server: Any,
    browser: Any,
    users_a: dict[Role, Any],
    locations: dict[str, Any],
    settings: Any,
) -> None:
    settings.SUTURA_PUBLIC_FORM_MIN_SECONDS = 1
    point = points.create_point(
        actor=users_a[Role.PROGRAMME_MANAGER],
        kind="site",
        name="Centre d'accueil de Thiès",
        location=locations["SN-TH"],
    )
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    weights: dict[str, int] = {}
    page.on(
        "response",
        lambda response: weights.__setitem__(response.url, len(response.body() or b"")),
    )
    SHOTS.mkdir(parents=True, exist_ok=True)

    page.goto(f"{live_server.url}{reverse('feedback_public:landing', kwargs={'code': point.code})}")
    page.click("button[name=language][value=en]")  # the language switcher, no account needed
    page.wait_for_selector("text=Make a complaint or give feedback")
    _no_sideways_scroll(page)
    page.screenshot(path=str(SHOTS / "feedback-public-landing-360.png"), full_page=True)

    weights.clear()
    page.click("text=Make a complaint or give feedback")
    page.wait_for_selector("textarea[name=description]")
    page.wait_for_load_state("networkidle")
    assert sum(weights.values()) < 100 * 1024, weights  # HTML, CSS, JS, icon
    _no_sideways_scroll(page)
    # Without a choice of contact, only the anonymous choice shows (the script hides the rest).
    assert not page.is_visible("input[name=contact_phone]")
    page.check("input[name=category][value=service_quality]")
    page.fill("textarea[name=description]", "On attend trois heures au centre, sans eau.")
    page.check("input[name=contact_method][value=phone]")
    assert page.is_visible("input[name=contact_phone]")
    page.check("input[name=contact_method][value=none]")
    page.screenshot(path=str(SHOTS / "feedback-public-form-360.png"), full_page=True)
    page.wait_for_timeout(1100)  # a person takes longer than the robot threshold
    page.click("button.send")

    code = page.inner_text(".tracking-code").strip()
    _no_sideways_scroll(page)
    page.screenshot(path=str(SHOTS / "feedback-public-sent-360.png"), full_page=True)
    item = FeedbackItem.objects.get()
    assert code == item.tracking_code
    assert item.contact_method == "none" and item.intake_point_id == point.pk

    page.click("text=Follow my complaint")
    page.fill("input[name=tracking_code]", " " + code.lower().replace("-", " "))
    page.click("form button.primary")
    page.wait_for_selector(".status-label")
    assert page.inner_text(".status-label").strip() == "Received"
    main = page.inner_text("main")
    assert "On attend trois heures" not in main and item.number not in main
    _no_sideways_scroll(page)
    page.screenshot(path=str(SHOTS / "feedback-public-status-360.png"), full_page=True)
    context.close()
