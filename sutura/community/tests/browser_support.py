"""Signing in on a phone-sized page, for the communities' browser tests."""

from __future__ import annotations

from typing import Any

from tests.factories import PASSWORD


def signed_in(chromium: Any, base_url: str, username: str) -> Any:
    page = chromium.new_context(viewport={"width": 360, "height": 800}).new_page()
    page.goto(f"{base_url}/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{base_url}/")
    return page
