"""A reviewer on a phone (360 px) starts a duplicate search and watches it: the bar moves while
the job writes its progress (htmx polls the fragment, under the CSP), and once the run ends
the page shows its counts and stops asking."""

from __future__ import annotations

import re
from typing import Any

import pytest

from sutura.dedup.models import DedupRun
from sutura.dedup.services import runs
from sutura.dedup.tests.runs_support import reviewer
from tests.browser.support import BROWSER_MARKS, SHOTS
from tests.factories import PASSWORD

pytestmark = [*BROWSER_MARKS, pytest.mark.django_db(transaction=True)]


def test_a_reviewer_follows_a_run_on_a_phone(live_server: Any, browser: Any, users_a: Any) -> None:
    user = reviewer(users_a)
    page = browser.new_context(viewport={"width": 360, "height": 800}).new_page()
    errors: list[str] = []
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/")

    page.goto(f"{live_server.url}/duplicates/runs/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/duplicates/runs/[0-9a-f-]{36}/$"))
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    run = DedupRun.objects.get()

    runs.begin(run)
    runs.save_progress(run, 420, 1000, "scoring")
    page.locator("progress.run-bar[value='420']").wait_for(timeout=15000)
    page.screenshot(path=str(SHOTS / "dedup-run-360.png"), full_page=True)

    runs.finish(run, people=12, pairs_scored=3, proposals=2)
    page.locator("progress.run-bar").wait_for(state="detached", timeout=15000)
    assert page.locator("#run-progress[hx-trigger]").count() == 0
    assert "12" in page.locator("#run-progress").inner_text()
    assert not [e for e in errors if "Content Security Policy" in e]
