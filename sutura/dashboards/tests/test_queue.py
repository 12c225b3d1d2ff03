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
