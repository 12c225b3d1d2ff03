"""Shared fixtures: two organisations, each with a user in every role (RapidPro's pattern)."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest

from sutura.accounts.roles import Role
from tests import db_reuse
from tests.factories import OrganisationFactory, UserFactory, seed_test_locations

# `browser` (Debian's Chromium through Playwright) and `seeded_demo` for every test module.
pytest_plugins = [
    "tests.browser.support",
    "tests.demo_fixture",
    "tests.matrix_report",
    "tests.world_fixture",
]


# The slowest test files, slowest first (seconds of a run, `--durations=0` summed by file).
# xdist (`--dist loadfile --no-loadscope-reorder`, the Makefile) hands out files in collection
# order: started first, they leave no worker idle at the end while another finishes a long file.
# A file not listed keeps its place.
SLOWEST_FIRST = (
    "sutura/access/tests/test_url_matrix_pages_1.py",
    "sutura/access/tests/test_url_matrix_pages_2.py",
    "sutura/access/tests/test_url_matrix_api.py",
    "sutura/access/tests/test_no_server_errors.py",
    "sutura/access/tests/test_api_schema.py",
    "tests/browser/test_demo_roles.py",
    "sutura/audit/tests/test_roles.py",
    "sutura/core/tests/test_backups.py",
    "sutura/core/tests/test_demo_homes.py",
    "tests/browser/test_csp.py",
    "sutura/core/tests/test_deploy_and_demo.py",
    "sutura/mentoring/tests/test_reports.py",
    "sutura/feedback/tests/test_api_items.py",
    "sutura/mentoring/tests/test_checkins.py",
    "tests/browser/test_sign_in_security.py",
    "sutura/cases/tests/test_api.py",
    "sutura/mentoring/tests/test_groups.py",
    "sutura/core/tests/test_production_server.py",
    "sutura/governance/tests/test_migration.py",
    "sutura/people/tests/test_spelling_variants.py",
    "sutura/community/tests/test_risks_browser.py",
)


def pytest_collection_modifyitems(config: Any, items: list[Any]) -> None:
    rank = {path: place for place, path in enumerate(SLOWEST_FIRST)}
    root = Path(str(config.rootpath))

    def place(item: Any) -> int:
        path = Path(str(item.path)).relative_to(root).as_posix()
        return rank.get(path, len(rank))

    items.sort(key=place)  # stable: each file's tests keep their order


@pytest.fixture(scope="session")
def db_stamps(django_db_modify_db_settings) -> dict[str, Path]:  # type: ignore[no-untyped-def]
    return db_reuse.stamp_files()


@pytest.fixture(scope="session")
def django_db_createdb(request, db_stamps, django_db_keepdb, django_db_blocker):  # type: ignore[no-untyped-def]
    """Each test database a copy of the migrated template (tests/db_reuse.py), made again under
    `--create-db` or when its migrations changed; pytest-django then reuses it as it is."""
    create = request.config.getvalue("create_db")
    run = ""
    if create:  # the run's id: every xdist worker of a run has the same
        run = getattr(request.config, "workerinput", {}).get("testrunuid") or uuid.uuid4().hex
    with django_db_blocker.unblock():
        for alias, stamp in db_stamps.items():
            copy = create or db_reuse.is_stale(stamp)
            db_reuse.copy_from_template(alias, copy=copy and django_db_keepdb, run=run)
    # pytest-django finds each database made; without --reuse-db it makes and drops them itself.
    return False


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, db_stamps) -> None:  # type: ignore[no-untyped-def]
    """pytest-django's set-up, then a stamp saying which migrations built each test database."""
    for stamp in db_stamps.values():
        db_reuse.write(stamp)


@pytest.fixture(autouse=True)
def _english_off_by_default(settings):  # type: ignore[no-untyped-def]
    settings.LANGUAGE_CODE = "fr"


@pytest.fixture
def locations(db):  # type: ignore[no-untyped-def]
    return seed_test_locations()


@pytest.fixture
def org_a(locations):  # type: ignore[no-untyped-def]
    return OrganisationFactory.create(
        name="Organisation A", acronym="ORG-A", country=locations["SN"]
    )


@pytest.fixture
def org_b(locations):  # type: ignore[no-untyped-def]
    return OrganisationFactory.create(
        name="Organisation B", acronym="ORG-B", country=locations["ML"]
    )


@pytest.fixture
def users_a(org_a):  # type: ignore[no-untyped-def]
    return {
        role: UserFactory.create(organisation=org_a, roles=[role], username=f"a-{role}")
        for role in Role
    }


@pytest.fixture
def users_b(org_b):  # type: ignore[no-untyped-def]
    return {
        role: UserFactory.create(organisation=org_b, roles=[role], username=f"b-{role}")
        for role in Role
    }
