"""The dashboards' figures counted off the request: a page reads the user's own snapshot and
says when it was counted; a stale one is shown and counted again by the worker (one job, never a
pile); "count again now"; rights that change, and accounts deactivated, never see figures
counted before; the sweep keeps the default views of recent users counted."""

from __future__ import annotations

import dataclasses
import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from sutura.accounts.roles import Role
from sutura.core.tasks import JobFailed
from sutura.dashboards import services, sets, tasks
from sutura.dashboards.models import DashboardSnapshot
from sutura.dashboards.sets import sets_for
from sutura.dashboards.tests.pages import Q2, URL
from sutura.dashboards.tests.pages import client_for as _client
from sutura.dashboards.tests.pages import page as _page
from tests.factories import UserFactory
from tests.worlds import World

pytestmark = pytest.mark.django_db

RECOUNT = reverse("dashboards:recount")
MARK = 987654  # a total no world counts: seen on a page, it came from the snapshot


@pytest.fixture(autouse=True)
def _snapshots_on(settings: Any) -> None:
    settings.SUTURA_DASHBOARD_REFRESH_SECONDS = 300


@pytest.fixture(autouse=True)
def _no_snapshot_yet(world: World) -> None:
    # the world's own (its part `dashboards`, for the URL matrix): gone for this test only
    DashboardSnapshot.objects.all().delete()


def _snapshot(user: Any) -> DashboardSnapshot:
    return DashboardSnapshot.objects.get(user=user, dashboard="me", query={"period": "2030-Q2"})


def _marked(user: Any, *, age: datetime.timedelta = datetime.timedelta(0)) -> DashboardSnapshot:
    """The user's snapshot of Q2, its first panel's total replaced by MARK, counted `age` ago."""
    _page(user)
    found = _snapshot(user)
    assert found.figures is not None
    found.figures[0]["total"] = MARK
    found.counted_at = timezone.now() - age
    found.save()
    return found


def _fresh(user: Any) -> Any:
    """A copy of a world's account to change (the world's objects are shared by the module)."""
    return type(user).objects.get(pk=user.pk)


def _queued() -> list[DBTaskResult]:
    return list(DBTaskResult.objects.filter(task_path="sutura.dashboards.tasks.recount_dashboard"))


def test_a_first_visit_counts_in_the_request_and_keeps_the_figures(world: World) -> None:
    user = world.a.users[Role.ME_OFFICER]
    _page(user)
    found = _snapshot(user)
    assert found.figures is not None and len(found.figures) == len(sets_for(user)[0].panels)
    assert found.counted_at is not None and found.rights == services.rights_of(user)
    assert not _queued()


def test_a_kept_snapshot_is_read_instead_of_counting_again(world: World) -> None:
    client = _client(world.a.users[Role.ME_OFFICER])
    with CaptureQueriesContext(connection) as first:
        client.get(URL, Q2)
    with CaptureQueriesContext(connection) as second:
        assert client.get(URL, Q2).status_code == 200
    # The page's frame (menu, filters' lists) is read each time; the ten panels' figures (one
    # GROUP BY or more each) come from one row.
    assert len(second.captured_queries) <= len(first.captured_queries) - 10
    assert not _queued()


def test_the_page_shows_the_snapshot_whatever_its_age(world: World) -> None:
    user = world.a.users[Role.ME_OFFICER]
    _marked(user, age=datetime.timedelta(days=3))
    page = _page(user)
    assert "987,654" in page
    assert "Figures counted on" in page


def test_a_stale_snapshot_queues_exactly_one_recount(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    user = world.a.users[Role.ME_OFFICER]
    found = _marked(user, age=datetime.timedelta(minutes=6))
    with django_capture_on_commit_callbacks(execute=True):
        pages = [_page(user) for _ in range(3)]
    assert all("987,654" in page for page in pages)  # shown meanwhile
    assert "A new count is under way" in pages[0]
    assert "Count again now" not in pages[0]
    queued = _queued()
    assert len(queued) == 1
    assert queued[0].args_kwargs == {"args": [str(found.pk)], "kwargs": {}}
    found.refresh_from_db()
    assert found.recount_queued_at is not None


def test_a_fresh_snapshot_queues_nothing(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    user = world.a.users[Role.ME_OFFICER]
    _marked(user, age=datetime.timedelta(minutes=4))
    with django_capture_on_commit_callbacks(execute=True):
        page = _page(user)
    assert "987,654" in page and "Count again now" in page
    assert not _queued()


def test_a_recount_lost_with_its_worker_is_queued_again(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    user = world.a.users[Role.ME_OFFICER]
    found = _marked(user, age=datetime.timedelta(hours=2))
    found.recount_queued_at = timezone.now() - datetime.timedelta(hours=1)
    found.save()
    with django_capture_on_commit_callbacks(execute=True):
        _page(user)
        _page(user)
    assert len(_queued()) == 1


def test_the_recount_job_writes_the_new_figures(world: World) -> None:
    user = world.a.users[Role.ME_OFFICER]
    found = _marked(user, age=datetime.timedelta(hours=1))
    before = found.counted_at
    DashboardSnapshot.objects.filter(pk=found.pk).update(recount_queued_at=timezone.now())
    result = tasks.recount(str(found.pk))
    assert "seconds" in result
    found.refresh_from_db()
    assert found.figures is not None and found.figures[0]["total"] != MARK
    assert found.counted_at is not None and before is not None and found.counted_at > before
    assert found.recount_queued_at is None and found.failure == ""
    assert "987,654" not in _page(user)


def test_the_recount_job_counts_as_the_account_is_now(world: World) -> None:
    user = _fresh(world.a.users[Role.ME_OFFICER])
    found = _marked(user, age=datetime.timedelta(hours=1))
    # No dashboard any more, the receiver not told (a bulk update): the job checks itself.
    type(user).objects.filter(pk=user.pk).update(roles=[Role.CASE_MANAGER])
    assert tasks.recount(str(found.pk)) == {"snapshot": str(found.pk), "skipped": "not_allowed"}
    assert not DashboardSnapshot.objects.filter(pk=found.pk).exists()


def test_a_failed_recount_stores_a_code_and_frees_the_snapshot(
    world: World, monkeypatch: Any
) -> None:
    user = world.a.users[Role.ME_OFFICER]
    found = _marked(user, age=datetime.timedelta(hours=1))

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("Aminata Diallo")  # a message that must not be stored

    monkeypatch.setattr(tasks.selectors, "compute_all", broken)
    with pytest.raises(JobFailed):
        tasks.recount(str(found.pk))
    found.refresh_from_db()
    assert found.failure == "error" and found.recount_queued_at is None
    assert found.figures is not None and found.figures[0]["total"] == MARK


def test_another_user_never_gets_someone_elses_snapshot(world: World) -> None:
    officer = world.a.users[Role.ME_OFFICER]
    manager = world.a.users[Role.PROGRAMME_MANAGER]  # same organisation, same dashboard
    _marked(officer)
    assert "987,654" not in _page(manager)
    assert DashboardSnapshot.objects.filter(user=manager, dashboard="me").count() == 1
    assert "987,654" in _page(officer)


def test_a_change_of_rights_never_shows_figures_counted_before(world: World) -> None:
    user = _fresh(world.a.users[Role.PROTECTION_OFFICER])  # has "me": view_indicators
    _page(user)
    found = _snapshot(user)
    assert found.figures is not None
    found.figures[0]["total"] = MARK
    found.save()
    # Rights changed without telling the dashboards (a bulk update): the page counts afresh.
    type(user).objects.filter(pk=user.pk).update(roles=[Role.PROTECTION_OFFICER, Role.ME_OFFICER])
    user.refresh_from_db()
    assert "987,654" not in _page(user)


def test_figures_kept_for_other_panels_are_never_read(world: World, monkeypatch: Any) -> None:
    user = world.a.users[Role.ME_OFFICER]
    _marked(user)
    me = next(found for found in sets.SETS if found.code == "me")
    fewer = dataclasses.replace(me, panels=me.panels[1:])  # an upgrade dropped a panel
    monkeypatch.setattr(sets, "SETS", tuple(fewer if s is me else s for s in sets.SETS))
    assert "987,654" not in _page(user)


def test_a_role_removed_or_an_organisation_changed_deletes_the_snapshots(world: World) -> None:
    officer = _fresh(world.a.users[Role.ME_OFFICER])
    _marked(officer)
    officer.organisation = world.b.organisation
    officer.save()
    assert not DashboardSnapshot.objects.filter(user=officer).exists()
    manager = _fresh(world.a.users[Role.PROGRAMME_MANAGER])
    _page(manager)
    manager.last_login = timezone.now()
    manager.save(update_fields=["last_login"])  # a login: nothing to forget
    assert DashboardSnapshot.objects.filter(user=manager).exists()
    manager.roles = [Role.ME_OFFICER]
    manager.save(update_fields=["roles"])
    assert not DashboardSnapshot.objects.filter(user=manager).exists()


def test_a_deactivated_or_deleted_account_loses_its_snapshots(world: World) -> None:
    officer = _fresh(world.a.users[Role.ME_OFFICER])
    _page(officer)
    officer.is_active = False
    officer.save()
    assert not DashboardSnapshot.objects.filter(user=officer).exists()
    # An account that never signed in (one that did is kept by the audit log's entries)
    newcomer = UserFactory.create(organisation=world.a.organisation, roles=[Role.ME_OFFICER])
    dashboard = sets_for(newcomer)[0]
    services.counted_figures(
        actor=newcomer, dashboard=dashboard, filters=services.default_filters(newcomer, dashboard)
    )
    assert DashboardSnapshot.objects.filter(user_id=newcomer.pk).exists()
    newcomer_id = newcomer.pk
    newcomer.delete()
    assert not DashboardSnapshot.objects.filter(user_id=newcomer_id).exists()


def test_count_again_queues_one_recount_and_returns_to_the_page(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    user = world.a.users[Role.ME_OFFICER]
    found = _marked(user, age=datetime.timedelta(minutes=1))
    client = _client(user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(RECOUNT, Q2)
        again = client.post(RECOUNT, Q2)
    assert response.status_code == again.status_code == 302
    assert response["Location"] == f"{URL}?set=me&period=2030-Q2"
    assert [q.args_kwargs["args"] for q in _queued()] == [[str(found.pk)]]
    assert "A new count is under way" in _page(user)


def test_count_again_is_refused_to_those_without_it(world: World) -> None:
    officer = world.a.users[Role.ME_OFFICER]
    assert _client(officer).get(RECOUNT, Q2).status_code == 405  # a POST only
    assert _client(world.a.users[Role.CASE_MANAGER]).post(RECOUNT, Q2).status_code == 403
    assert _client(officer).post(RECOUNT, {**Q2, "set": "programme"}).status_code == 404
    anonymous = Client().post(RECOUNT, Q2)
    assert anonymous.status_code == 302 and "/login/" in anonymous["Location"]
    assert not _queued()


def test_count_again_without_a_set_is_for_the_first_dashboard(world: World) -> None:
    response = _client(world.a.users[Role.ME_OFFICER]).post(RECOUNT, {"period": "2030-Q2"})
    assert response.status_code == 302
    assert response["Location"] == f"{URL}?set=me&period=2030-Q2"


def test_amounts_are_kept_exactly(world: World) -> None:
    user = world.a.users[Role.PROGRAMME_MANAGER]
    kept = DashboardSnapshot.objects.create(
        user=user,
        dashboard="programme",
        query_key="x",
        rights="y",
        viewed_at=timezone.now(),
        figures=[{"total": Decimal("1234567890.15"), "cells": [["XOF", ["XOF"], Decimal("0.10")]]}],
    )
    kept.refresh_from_db()
    assert kept.figures == [
        {"total": Decimal("1234567890.15"), "cells": [["XOF", ["XOF"], Decimal("0.10")]]}
    ]


def test_count_again_needs_the_csrf_token(world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.a.users[Role.ME_OFFICER])
    assert client.post(RECOUNT, Q2).status_code == 403


def test_the_counted_at_line_speaks_french_and_english(world: World) -> None:
    user = world.a.users[Role.ME_OFFICER]
    _page(user)
    when = timezone.now() - datetime.timedelta(minutes=2)
    DashboardSnapshot.objects.filter(user=user).update(counted_at=when)
    hhmm = timezone.localtime(when).strftime("%H:%M")
    if timezone.localtime(when).date() != timezone.localdate():
        pytest.skip("two minutes before midnight")
    assert f"Figures counted at {hhmm}" in _page(user, "en")
    french = _page(user, "fr")
    assert f"Chiffres comptés à {hhmm}" in french and "Recompter maintenant" in french


def test_with_snapshots_off_every_page_counts_and_keeps_nothing(
    world: World, settings: Any
) -> None:
    settings.SUTURA_DASHBOARD_REFRESH_SECONDS = 0
    page = _page(world.a.users[Role.ME_OFFICER])
    assert "Figures counted at" in page and "Count again now" not in page
    assert not DashboardSnapshot.objects.exists()


def test_the_sweep_keeps_the_default_views_of_recent_users_counted(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    manager = world.a.users[Role.PROGRAMME_MANAGER]  # three dashboards
    officer = world.a.users[Role.ME_OFFICER]
    _page(manager)
    _page(officer)
    DashboardSnapshot.objects.filter(user=officer).update(
        viewed_at=timezone.now() - datetime.timedelta(days=30)
    )
    with django_capture_on_commit_callbacks(execute=True):
        done = services.sweep()
    assert done["users"] == 1 and done["queued"] == 3
    assert not DashboardSnapshot.objects.filter(user=officer).exists()  # not shown for 30 days
    year = str(timezone.localdate().year)
    defaults = DashboardSnapshot.objects.filter(user=manager, query={"period": year})
    assert sorted(defaults.values_list("dashboard", flat=True)) == ["me", "nrm", "programme"]
    assert len(_queued()) == 3
    with django_capture_on_commit_callbacks(execute=True):
        assert services.sweep()["queued"] == 0  # still pending: no second job
    for found in defaults:
        tasks.recount(str(found.pk))
    assert all(f.figures is not None and f.counted_at for f in defaults.all())
    with django_capture_on_commit_callbacks(execute=True):
        assert services.sweep()["queued"] == 0  # fresh
