"""What every browser test shares: Debian's Chromium through Playwright, headless.

The root conftest loads this module as a plugin, so the `browser` fixture is everywhere; a
browser test module marks itself with:

    from tests.browser.support import BROWSER_MARKS, SHOTS
    pytestmark = BROWSER_MARKS

Without Chromium a browser test is skipped, or fails in CI (tests/machine.py).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.machine import require

CHROMIUM = os.environ.get("SUTURA_CHROMIUM", "/usr/bin/chromium")
SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"

BROWSER_MARKS = [pytest.mark.browser]


def chromium_found() -> bool:
    return bool(shutil.which(CHROMIUM)) or Path(CHROMIUM).exists()


@pytest.hookimpl(tryfirst=True)  # before any fixture: no database or live server for nothing
def pytest_runtest_setup(item: pytest.Item) -> None:
    if item.get_closest_marker("browser"):
        require(chromium_found(), f"Chromium ({CHROMIUM})", ".ci/run installs Debian's chromium")


@pytest.fixture
def browser(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls are still sync.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
            ],
        )
        yield chromium
        chromium.close()
