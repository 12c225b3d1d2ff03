"""The duplicate run pages: start, follow, past runs (who reaches them: the URL × role matrix,
`sutura/access/tests/routes_dedup_runs.py`)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from sutura.accounts.roles import Role
from sutura.dedup.models import DedupRun, RunStatus
from sutura.dedup.services import runs
from sutura.dedup.tests.runs_support import reviewer

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_a(users_a: Any) -> Client:
    client = Client()
    client.force_login(reviewer(users_a))
    return client


def test_the_start_button_queues_a_run_and_lands_on_its_page(client_a: Any) -> None:
    page = client_a.get(reverse("dedup:runs"))
    assert page.status_code == 200
    assert reverse("dedup:run_start") in page.content.decode()
    # a styled button (44 px), not the browser's bare one (found in the browser walk)
    assert '<button type="submit" class="primary">' in page.content.decode()

    answer = client_a.post(reverse("dedup:run_start"), {"form_token": "t1"})

    run = DedupRun.objects.get()
    assert answer.status_code == 302
    assert answer["Location"] == reverse("dedup:run", kwargs={"pk": run.pk})
    assert run.status == RunStatus.QUEUED


def test_a_double_submit_starts_one_run(client_a: Any) -> None:
    first = client_a.post(reverse("dedup:run_start"), {"form_token": "same"})
    second = client_a.post(reverse("dedup:run_start"), {"form_token": "same"})
    assert DedupRun.objects.count() == 1
    assert first["Location"] == second["Location"]


def test_a_start_while_one_runs_leads_to_the_run_under_way(client_a: Any, users_a: Any) -> None:
    under_way = runs.start_run(actor=reviewer(users_a))
    answer = client_a.post(reverse("dedup:run_start"), {"form_token": "other"}, follow=True)
    assert DedupRun.objects.count() == 1
    assert answer.redirect_chain[-1][0] == reverse("dedup:run", kwargs={"pk": under_way.pk})
    assert "messages" in answer.content.decode()


def test_the_page_of_a_run_under_way_polls_its_progress(client_a: Any, users_a: Any) -> None:
    run = runs.start_run(actor=reviewer(users_a))
    runs.begin(run)
    runs.save_progress(run, 420, 1000, "scoring")
    html = client_a.get(reverse("dedup:run", kwargs={"pk": run.pk})).content.decode()
    progress_url = reverse("dedup:run_progress", kwargs={"pk": run.pk})
    assert f'hx-get="{progress_url}"' in html
    assert 'hx-trigger="every 2s"' in html
    assert '<progress class="run-bar" max="1000" value="420"' in html
    assert "42" in html
    scripts = re.findall(r"<script[^>]*>", html)
    assert all("src=" in tag for tag in scripts)  # no inline script (CSP)

    fragment = client_a.get(progress_url).content.decode()
    assert fragment.lstrip().startswith("<section") and "hx-trigger" in fragment


def test_a_finished_run_stops_polling_and_shows_its_counts(client_a: Any, users_a: Any) -> None:
    run = runs.start_run(actor=reviewer(users_a))
    runs.begin(run)
    runs.finish(run, people=1234, pairs_scored=56, proposals=7)
    fragment = client_a.get(reverse("dedup:run_progress", kwargs={"pk": run.pk})).content
    html = fragment.decode()
    assert "hx-trigger" not in html and "<progress" not in html
    assert "<dd>1\xa0234</dd>" in html  # French thousands
    # 56 above the threshold, 7 proposed: the page says where the others went (browser walk)
    assert "<dd>49 · " in html and "pas la même personne" in html
    assert reverse("dedup:queue") in html  # on to the review
    listing = client_a.get(reverse("dedup:runs")).content.decode()
    assert reverse("dedup:run", kwargs={"pk": run.pk}) in listing


def test_a_failed_run_says_why_in_the_users_language(client_a: Any, users_a: Any) -> None:
    run = runs.start_run(actor=reviewer(users_a))
    runs.begin(run)
    runs.fail(run, "interrupted")
    client_a.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client_a.get(reverse("dedup:run", kwargs={"pk": run.pk})).content.decode()
    assert "The search was interrupted" in html


def test_another_organisations_run_is_not_found(client_a: Any, users_b: Any) -> None:
    theirs = runs.start_run(actor=reviewer(users_b))
    for name in ("dedup:run", "dedup:run_progress"):
        assert client_a.get(reverse(name, kwargs={"pk": theirs.pk})).status_code == 404


def test_case_managers_do_not_reach_the_runs(users_a: Any) -> None:
    client = Client()
    client.force_login(users_a[Role.CASE_MANAGER])
    assert client.get(reverse("dedup:runs")).status_code == 403
    assert client.post(reverse("dedup:run_start")).status_code == 403
    assert not DedupRun.objects.exists()
