"""The M&E officer's "People registered, by sex and age" table in a real Chromium: on a phone
(360 px) it scrolls inside its own box with the age groups kept in view, every column can be
brought into view and read, and the page itself never scrolls sideways; on a desktop it
shows whole. Screenshots land in var/screenshots/."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from sutura.accounts.models import User
from sutura.accounts.roles import Role
from tests.browser.support import BROWSER_MARKS, SHOTS
from tests.factories import PASSWORD, PersonFactory

pytestmark = BROWSER_MARKS

# Found by the card's title in French (the default), the table by its role inside it.
CARD = "section.card:has(> h2:text-is('Personnes enregistrées, par sexe et âge'))"

# True when the element's centre is on screen, inside the scroll box, and not covered.
SEEN = """([element, box]) => {
  const r = element.getBoundingClientRect(), b = box.getBoundingClientRect();
  const x = r.left + r.width / 2, y = r.top + r.height / 2;
  const hit = document.elementFromPoint(x, y);
  return r.left >= b.left - 0.5 && r.right <= b.right + 0.5 && r.right <= window.innerWidth
    && hit !== null && element.contains(hit);
}"""


def home_page(chromium: Any, base_url: str, username: str, width: int) -> Any:
    context = chromium.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    page.goto(f"{base_url}/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{base_url}/")
    return page


def seen(page: Any, element: Any, box: Any) -> bool:
    return bool(page.evaluate(SEEN, [element.element_handle(), box.element_handle()]))


@pytest.fixture
def officer(users_a: dict[Role, User]) -> User:
    officer = users_a[Role.ME_OFFICER]
    for sex, born in [("female", 1990), ("male", 2015), ("not_stated", 1950)]:
        PersonFactory.create(
            organisation=officer.organisation, sex=sex, birth_date=datetime.date(born, 1, 2)
        )
    return officer


@pytest.mark.django_db(transaction=True)
def test_on_a_phone_every_column_can_be_read_beside_its_age_group(live_server, browser, officer):
    page = home_page(browser, live_server.url, officer.username, 360)
    card = page.locator(CARD)
    box, headers = card.locator(".table-scroll"), card.locator("thead th")
    card.scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "registrations-360.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    assert headers.count() == 5  # age group, three sexes, total
    for header in headers.all():
        header.evaluate("h => h.scrollIntoView({block: 'nearest', inline: 'nearest'})")
        assert seen(page, header, box), header.inner_text()
        # The age group of each row stays beside the numbers wherever the table is scrolled.
        for label in card.locator("tbody th, tfoot th").all():
            assert seen(page, label, box), (header.inner_text(), label.inner_text())
    card.screenshot(path=str(SHOTS / "registrations-360-scrolled.png"))
    note = card.get_by_text("Âge à ce jour", exact=False)
    assert note.bounding_box()["x"] + note.bounding_box()["width"] <= 360
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    page.context.close()


@pytest.mark.django_db(transaction=True)
def test_on_a_desktop_the_table_shows_whole(live_server, browser, officer):
    page = home_page(browser, live_server.url, officer.username, 1280)
    card = page.locator(CARD)
    box = card.locator(".table-scroll")
    card.scroll_into_view_if_needed()  # other apps' cards may come first on the home page
    page.screenshot(path=str(SHOTS / "registrations-1280.png"), full_page=True)
    assert box.evaluate("b => b.scrollWidth - b.clientWidth") <= 0
    for header in card.locator("thead th").all():
        assert seen(page, header, box), header.inner_text()
    page.context.close()
