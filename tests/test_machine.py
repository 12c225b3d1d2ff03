"""A test whose tool is missing skips on a developer's machine and fails in CI."""

from __future__ import annotations

import pytest

from tests.browser import support
from tests.machine import require


@pytest.fixture(params=["true", "1", "True"])
def in_ci(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", request.param)


@pytest.fixture(params=[None, "", "false"])
def on_a_laptop(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    if request.param is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", request.param)


def test_a_missing_tool_fails_the_test_in_ci(in_ci):
    with pytest.raises(pytest.fail.Exception, match="CI runs every test: apt install gettext"):
        require(False, "GNU gettext", "apt install gettext")


def test_a_missing_tool_skips_the_test_outside_ci(on_a_laptop):
    with pytest.raises(pytest.skip.Exception, match="GNU gettext is missing"):
        require(False, "GNU gettext", "apt install gettext")


@pytest.mark.usefixtures("in_ci")
def test_a_present_tool_lets_the_test_run():
    require(True, "GNU gettext", "apt install gettext")


def test_a_browser_test_fails_in_ci_without_chromium(in_ci, monkeypatch, request):
    monkeypatch.setattr(support, "CHROMIUM", "/nowhere/chromium")
    request.node.add_marker("browser")
    with pytest.raises(pytest.fail.Exception, match=r"Chromium \(/nowhere/chromium\)"):
        support.pytest_runtest_setup(request.node)


def test_a_browser_test_skips_on_a_laptop_without_chromium(on_a_laptop, monkeypatch, request):
    monkeypatch.setattr(support, "CHROMIUM", "/nowhere/chromium")
    request.node.add_marker("browser")
    with pytest.raises(pytest.skip.Exception, match=r"Chromium \(/nowhere/chromium\)"):
        support.pytest_runtest_setup(request.node)


def test_other_tests_do_not_need_chromium(in_ci, monkeypatch, request):
    monkeypatch.setattr(support, "CHROMIUM", "/nowhere/chromium")
    support.pytest_runtest_setup(request.node)
