"""The registration check's URL in the URL × role matrix: whoever may register a person may
ask which people on file (those they may see) may be the same; the others get 403. The answer
lists candidates, a read of personal data: it is audited."""

from __future__ import annotations

from sutura.access.tests.url_matrix import Route, api_post, gate
from sutura.accounts.roles import Perm

ROUTES: dict[str, Route | tuple[Route, ...]] = {
    "api-person-possible-duplicates": api_post(
        gate(Perm.REGISTER_PERSONS),
        data={"given_names": "Awa", "family_name": "Fall", "birth_date": "1990-01-01"},
    ),
}
