"""The database queue end to end: a stale dashboard queues its recount once the page's
transaction commits — the snapshot's id only — and a worker (`db_worker`'s) counts it again
as the user. transaction=True: the worker must see commits."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from sutura.accounts.roles import Role
from sutura.core.tasks import DEFAULT
from sutura.dashboards import services
from sutura.dashboards.models import DashboardSnapshot
from tests.factories import OrganisationFactory, UserFactory
from tests.queue import run_queued_jobs

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_stale_dashboard_is_counted_again_by_a_worker(settings: Any) -> None:
    settings.SUTURA_DASHBOARD_REFRESH_SECONDS = 300
    user = UserFactory.create(organisation=OrganisationFactory.create(), roles=[Role.ME_OFFICER])
    client = Client()
    client.force_login(user)
    url = reverse("dashboards:dashboard")
    assert client.get(url, {"period": "2026"}).status_code == 200
    found = DashboardSnapshot.objects.get(user=user)
    assert found.figures is not None
    found.figures[0]["total"] = 987654
    found.counted_at = timezone.now() - datetime.timedelta(hours=1)
    found.save()

    assert client.get(url, {"period": "2026"}).status_code == 200
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "sutura.dashboards.tasks.recount_dashboard"
    assert queued.queue_name == DEFAULT
    assert queued.args_kwargs == {"args": [str(found.pk)], "kwargs": {}}

    run_queued_jobs()

    queued.refresh_from_db()
    assert queued.status == "SUCCESSFUL"
    found.refresh_from_db()
    assert found.figures is not None and found.figures[0]["total"] == 0
    assert found.recount_queued_at is None
    assert found.counted_at is not None
    assert timezone.now() - found.counted_at < datetime.timedelta(minutes=1)


def test_a_combination_too_slow_to_count_in_the_page_is_counted_by_a_worker(
    settings: Any,
) -> None:
    settings.SUTURA_DASHBOARD_REFRESH_SECONDS = 300
    settings.SUTURA_DASHBOARD_INLINE_MS = 250
    user = UserFactory.create(organisation=OrganisationFactory.create(), roles=[Role.ME_OFFICER])
    DashboardSnapshot.objects.create(  # this dashboard's last count took 4 s
        user=user,
        dashboard="me",
        query_key="earlier",
        rights=services.rights_of(user),
        figures=[],
        counted_at=timezone.now(),
        viewed_at=timezone.now(),
        count_ms=4000,
    )
    client = Client()
    client.force_login(user)
    url = reverse("dashboards:dashboard")
    page = client.get(url, {"period": "2026"}).content.decode()
    assert "dash-panel-pending" in page and 'class="dash-total"' not in page
    found = DashboardSnapshot.objects.get(user=user, query={"period": "2026"})
    poll = reverse("dashboards:figures", args=[found.pk])
    assert f'hx-get="{poll}"' in page
    assert DBTaskResult.objects.get().args_kwargs == {"args": [str(found.pk)], "kwargs": {}}

    run_queued_jobs()

    found.refresh_from_db()
    assert found.figures is not None and found.count_ms is not None
    answer = client.get(poll).content.decode()
    assert 'class="dash-total"' in answer and "hx-get" not in answer
