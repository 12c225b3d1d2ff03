"""A create form on a phone: still one column at 360 px with its form token, and it saves.
(A double submit creating once is proven with concurrent requests in test_idempotency.py:
Chromium itself drops a double click's second submit, so a browser cannot show it.)"""

from __future__ import annotations

import re
from typing import Any

import pytest

from sutura.accounts.roles import Role
from sutura.cases.models import CaseNote
from sutura.cases.tests.test_concurrency import open_case
from tests.browser.support import BROWSER_MARKS, SHOTS
from tests.factories import PASSWORD

pytestmark = [*BROWSER_MARKS, pytest.mark.django_db(transaction=True)]


def signed_in(chromium: Any, base_url: str, username: str) -> Any:
    page = chromium.new_context(viewport={"width": 360, "height": 800}).new_page()
    page.goto(f"{base_url}/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{base_url}/")
    return page


def test_the_note_form_fits_360_px_and_saves(live_server, browser, users_a):
    manager = users_a[Role.CASE_MANAGER]
    case = open_case(manager)
    page = signed_in(browser, live_server.url, manager.username)
    page.goto(f"{live_server.url}/cases/{case.pk}/notes/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path=str(SHOTS / "note-form-360.png"), full_page=True)
    page.locator("textarea[name=text]").fill("Seen at home")
    assert page.locator("input[name=form_token]").count() == 1
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/cases/{case.pk}/(#.*)?$"))
    page.wait_for_load_state("networkidle")
    assert CaseNote.objects.filter(case=case).count() == 1
