"""The referral tests' shared fixture: `world` (a case manager's referable case with a
phone, a note, a screening, an assessment and a document; a member clinic with an agent and a
service). The building blocks are in helpers.py."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from sutura.accounts.roles import Role
from sutura.referrals.tests.helpers import make_world


@pytest.fixture
def world(users_a: dict[Role, Any]) -> SimpleNamespace:
    return make_world(users_a)


@pytest.fixture
def english(client: Any, settings: Any) -> None:
    """Pages in English (the words in the code): such tests do not depend on the catalogues.
    French, the default, is checked on the PDF forms (test_pdf.py)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
