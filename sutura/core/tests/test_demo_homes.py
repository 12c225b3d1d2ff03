"""Every demo user's home page, with the demo's own data: each link on it opens (a card must
never lead to a refusal), and the outreach volunteer sees their own profile."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from sutura.accounts.demo import USERS
from sutura.accounts.models import User

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("seeded_demo")]

SKIPPED = {"/static/css/sutura.css"}


# (An account with two-factor sign-in reaches its home after the code: its twin without it,
# same roles, is walked instead.)
@pytest.mark.parametrize("username", [spec.username for spec in USERS if not spec.two_factor])
def test_every_link_on_a_demo_users_home_opens(username: str) -> None:
    client = Client()
    client.force_login(User.objects.get(username=username))
    page = client.get(reverse("core:home")).content.decode()
    links = {link for link in re.findall(r'href="(/[^"#]*)', page) if link not in SKIPPED}
    assert links
    refused = {link: client.get(link).status_code for link in sorted(links)}
    assert {link: code for link, code in refused.items() if code != 200} == {}


def test_the_outreach_volunteer_is_shown_their_profile_not_a_mentors_report() -> None:
    client = Client()
    client.force_login(User.objects.get(username="outreach"))
    page = client.get(reverse("core:home")).content.decode()
    assert reverse("mentoring:my_profile") in page
    assert reverse("mentoring:reports") not in page


# Links whose answer is a file or an action, not a page to read
NOT_PAGES = re.compile(r"/static/|/media/|/i18n/|/logout|\.pdf$|\.xlsx$|\.csv$|/download")


def test_no_page_the_outreach_volunteer_reaches_from_home_refuses_them() -> None:
    """The outreach volunteer may not log mentoring activities (/mentoring/log/ answers 403):
    no page they reach in two taps from their home may lead there, nor anywhere else that
    refuses them."""
    client = Client()
    client.force_login(User.objects.get(username="outreach"))
    seen, frontier, refused = {"/"}, ["/"], {}
    for _tap in range(2):
        found = []
        for url in frontier:
            response = client.get(url)
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            for link in re.findall(r'href="(/[^"#?]*)', response.content.decode()):
                if link not in seen and not NOT_PAGES.search(link):
                    seen.add(link)
                    found.append((link, url))
        for link, source in found:
            code = client.get(link).status_code
            if code in (403, 404, 500):
                refused[link] = (code, source)
        frontier = [link for link, _source in found]
    assert reverse("mentoring:log") not in seen
    assert refused == {}
