"""The pair page and the merge page in a real Chromium at phone width (360 px): the two files
one above the other, the page never scrolls sideways, the decision buttons are reachable and
at least 44 px high. Screenshots land in var/screenshots/."""

from __future__ import annotations

from typing import Any

import pytest

from sutura.accounts.roles import Role
from sutura.dedup.models import DedupRun, Proposal
from sutura.people import services as people
from tests.browser.support import BROWSER_MARKS, SHOTS
from tests.factories import PASSWORD

pytestmark = BROWSER_MARKS
WIDE = "document.documentElement.scrollWidth - window.innerWidth"


def _signed_in(chromium: Any, base_url: str, username: str) -> Any:
    context = chromium.new_context(viewport={"width": 360, "height": 780})
    page = context.new_page()
    page.goto(f"{base_url}/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{base_url}/")
    return page


@pytest.mark.django_db(transaction=True)
def test_a_pair_and_its_merge_read_on_a_phone(live_server: Any, browser: Any, users_a: Any) -> None:
    reviewer = users_a[Role.PROGRAMME_MANAGER]
    one, other = (
        people.register_person(
            actor=reviewer,
            given_names="Fatoumata Binta",
            family_name=family,
            sex="female",
            phone="+221776543210",
            aliases=["Fatou"],
        )
        for family in ("N'Diaye-Coulibaly", "Ndiaye Koulibaly")
    )
    run = DedupRun.objects.create(organisation=reviewer.organisation, started_by=reviewer)
    first, second = sorted((one, other), key=lambda p: p.pk)
    proposal = Proposal.objects.create(
        organisation=reviewer.organisation,
        run=run,
        first=first,
        second=second,
        probability=0.93,
        reasons=["same_phone", "name_variant", "names_reordered", "different_sex"],
    )
    page = _signed_in(browser, live_server.url, reviewer.username)
    page.goto(f"{live_server.url}/duplicates/{proposal.pk}/")
    page.screenshot(path=str(SHOTS / "dedup-pair-360.png"), full_page=True)
    assert page.evaluate(WIDE) <= 0
    files = page.locator("div.cards > section.card")
    assert files.count() == 2
    top, below = files.nth(0).bounding_box(), files.nth(1).bounding_box()
    assert below["y"] >= top["y"] + top["height"]  # one above the other
    for form in ("merge", "not-duplicate"):
        button = page.locator(f"form[action$='/{form}/'] button[type=submit]")
        assert button.bounding_box()["height"] >= 44, form
    page.locator("textarea[name=reason]").first.fill("Même téléphone, même famille.")
    page.locator("form[action$='/merge/'] button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/duplicates/merges/*/")
    page.screenshot(path=str(SHOTS / "dedup-merge-360.png"), full_page=True)
    assert page.evaluate(WIDE) <= 0
    page.context.close()
