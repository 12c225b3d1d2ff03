"""Every page URL × every user, the first half of the pages (the second:
test_url_matrix_pages_2.py; the API has its own module). Three files, so that the two xdist
workers share the matrix, each file kept on one worker (`--dist loadfile`). What is asked and
the rules: url_matrix.py."""

from __future__ import annotations

from typing import Any

import pytest

from sutura.access.tests.url_matrix import ROUTES, check_url_pattern, pages_half, url_names


def test_every_url_pattern_has_an_entry() -> None:
    """A new page or endpoint is not done until url_matrix.ROUTES says who may reach it."""
    names = url_names()
    missing = sorted(names - set(ROUTES))
    stale = sorted(set(ROUTES) - names)
    assert not missing, f"URL patterns without an entry in ROUTES: {missing}"
    assert not stale, f"entries for URL patterns that no longer exist: {stale}"


@pytest.mark.django_db
@pytest.mark.parametrize("name", pages_half(0))
def test_every_user_gets_what_the_access_rules_say(
    name: str, world: Any, clients: Any, lean_refusals: None, lean_pdfs: None
) -> None:
    check_url_pattern(name, world, clients)
