"""Every page URL × every user, the second half of the pages (the first, and why the pages
are in two files: test_url_matrix_pages_1.py). What is asked and the rules: url_matrix.py."""

from __future__ import annotations

from typing import Any

import pytest

from sutura.access.tests.url_matrix import check_url_pattern, pages_half


@pytest.mark.django_db
@pytest.mark.parametrize("name", pages_half(1))
def test_every_user_gets_what_the_access_rules_say(
    name: str, world: Any, clients: Any, lean_refusals: None, lean_pdfs: None
) -> None:
    check_url_pattern(name, world, clients)
