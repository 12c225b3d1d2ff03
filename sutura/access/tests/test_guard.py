"""Every query of people's data goes through the access layer (or a selector, which asks it).

The guard reads the syntax tree of every module (`guard.py`): a new spelling of a hand-scoped
query — an alias, `type(x)._default_manager`, `getattr(Model, "objects")`, a related manager,
a lookup across a relation, raw SQL — fails the suite, unless it stands in one of the few
places below, each with its reason.
"""

from __future__ import annotations

from fnmatch import fnmatch
from pathlib import Path

import pytest

from sutura.access.tests.guard import offences_in, project_modules, scan_source

ROOT = Path(__file__).resolve().parents[3]

ROW_PLUMBING = (
    "generic plumbing for one row the caller already holds (lock it, save it if its version is "
    "unchanged, set a field once) or for a counter row; it never chooses rows for a user"
)
# Where a query of people's data may stand outside the access layer and the selectors, and why.
ALLOWED = {
    "sutura/*/demo.py": "demo seeding runs as the system, with no user, to write the demo "
    "world (`make demo`, benchmarks); it never serves a request",
    "sutura/*/demo/*.py": "the same, for an app whose demo is a package",
    "sutura/core/locking.py": ROW_PLUMBING,
    "sutura/core/concurrency.py": ROW_PLUMBING,
    "sutura/core/counters.py": ROW_PLUMBING,
    "sutura/referrals/sharing.py": "the sharing rule itself: it reads a case's rows only for "
    "the sections `readable_sections()` lets a referral's reader read",
    "sutura/people/models.py": "a person keeps its own name index up to date when saved",
    "sutura/accounts/admin.py": "the Django admin, for staff administrators, under Django's own "
    "model permissions",
}


def test_no_query_of_personal_data_outside_the_access_layer() -> None:
    offences = offences_in(ROOT, ALLOWED)
    assert offences == [], "\n".join(str(offence) for offence in offences)


def test_every_allowance_is_still_needed() -> None:
    """An allow-list entry that covers nothing any more is removed, not kept "just in case"."""
    from sutura.access.tests.guard import scan_source as scan

    used = {
        pattern
        for path, module in project_modules(ROOT)
        for pattern in ALLOWED
        if fnmatch(path.relative_to(ROOT).as_posix(), pattern)
        and scan(path.read_text("utf-8"), str(path), module)
    }
    assert set(ALLOWED) - used == set()


HAND_SCOPED = {
    "a manager": "Case.objects.filter(organisation=user.organisation)",
    "an aliased model": "C = Case\nC.objects.all()",
    "a renamed import": "from sutura.cases.models import Case as Dossier\n"
    "Dossier.objects.filter(status='open')",
    "a module attribute": "from sutura.cases import models as m\nm.Case.objects.first()",
    "the default manager": "Person._default_manager.all()",
    "a manager of an unknown model": "type(case)._default_manager.get(pk=1)",
    "getattr": "getattr(Person, 'objects').all()",
    "a related manager": "request.user.organisation.cases.filter(status='open')",
    "a reverse lookup": "from sutura.accounts.models import Organisation\n"
    "Organisation.objects.filter(cases__status='open')",
    "raw SQL": "from django.db import connection\nconnection.cursor().execute('SELECT 1')",
    "a raw query": "Referral.objects.raw('SELECT * FROM referrals_referral')",
    "a dynamic model": "from django.apps import apps\n"
    "apps.get_model('cases', 'Case').objects.all()",
}
HEADER = (
    "from sutura.cases.models import Case\nfrom sutura.people.models import Person\n"
    "from sutura.referrals.models import Referral\n"
)


@pytest.mark.parametrize("spelling", HAND_SCOPED)
def test_the_guard_sees_each_spelling_of_a_hand_scoped_query(spelling: str) -> None:
    source = HEADER + HAND_SCOPED[spelling]
    assert scan_source(source, "sutura/cases/views.py"), spelling


@pytest.mark.parametrize(
    "source",
    [
        "visible(user, Case).filter(status='open')",
        "get_visible_or_404(user, Case.objects.select_related('person'), pk=1)",
        "Case.objects.create(number='x')",
        "Case.objects.none()",
        "from sutura.geo.models import Location\nLocation.objects.filter(level=0)",
        "from django.db.models import Case as When_\nWhen_(output_field=None)",
    ],
)
def test_the_guard_lets_scoped_reads_writes_and_reference_data_through(source: str) -> None:
    assert scan_source(HEADER + source, "sutura/cases/views.py") == []
