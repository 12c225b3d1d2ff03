"""A long form sent back with an error, on a phone: the error is brought into view and the
cursor put in its field (the browser walk found the page back at its top, the phone's error
1,800 px down). static/js/form-errors.js, loaded by forms with errors only."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from sutura.accounts.roles import Role
from tests.browser.support import BROWSER_MARKS
from tests.browser.test_walk_fixes import phone

pytestmark = [*BROWSER_MARKS, pytest.mark.django_db(transaction=True)]


def test_the_first_error_of_a_long_form_is_in_view_with_the_cursor_in_it(
    browser: Any, live_server: Any, users_a: Any
) -> None:
    page = phone(browser, live_server, users_a[Role.CASE_MANAGER])
    page.goto(live_server.url + reverse("people:register"))
    assert "form-errors.js" not in page.content()  # a form without errors loads nothing more
    page.fill("input[name=family_name]", "Ndiaye")
    page.fill("input[name=given_names]", "Awa")
    page.fill("input[name=phone]", "abc")
    page.click("main form button[type=submit]")
    page.wait_for_load_state("load")
    page.wait_for_function("document.activeElement && document.activeElement.name === 'phone'")
    assert page.input_value("input[name=given_names]") == "Awa"  # nothing lost
    box = page.locator("#id_phone").bounding_box()
    assert box is not None and 0 <= box["y"] <= 740  # on the screen, not below it
    assert page.evaluate("window.scrollY") > 0
