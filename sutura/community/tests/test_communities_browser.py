"""On a phone (360 px): the protection officer opens a community with the place picker and a
pasted outline, lands on its page (one column, its map drawn), and opens its diagnosis."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from sutura.accounts.roles import Role
from sutura.community.models import Community
from sutura.community.tests.browser_support import signed_in
from sutura.community.tests.test_communities import SQUARE
from tests.browser.support import BROWSER_MARKS, SHOTS

pytestmark = [*BROWSER_MARKS, pytest.mark.django_db(transaction=True)]


def test_the_officer_opens_a_community_on_a_phone(
    live_server: Any, browser: Any, users_a: dict[Role, Any], locations: dict[str, Any]
) -> None:
    officer = users_a[Role.PROTECTION_OFFICER]
    page = signed_in(browser, live_server.url, officer.username)
    page.goto(f"{live_server.url}/community/communities/new/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.locator("input[name=name]").fill("Gao Château")
    page.locator("select[name=location__0]").select_option(str(locations["ML"].pk))
    page.locator("textarea[name=outline_text]").fill(
        json.dumps({"type": "Polygon", "coordinates": [SQUARE]})
    )
    page.locator("input[name=latitude]").fill("14.445")
    page.locator("input[name=longitude]").fill("-11.445")
    page.screenshot(path=str(SHOTS / "community-form-360.png"), full_page=True)
    page.locator("main form button.primary").click()
    page.wait_for_url(re.compile(r"/community/communities/[0-9a-f-]{36}/$"))
    community = Community.objects.get(name="Gao Château")
    assert community.outline is not None
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert page.locator("svg.community-map polygon").count() == 1
    page.screenshot(path=str(SHOTS / "community-page-360.png"), full_page=True)
    page.get_by_role("link", name=re.compile("diagnos", re.I)).first.click()
    page.wait_for_url(re.compile(r"/diagnosis/$"))
