"""Duplicate runs: start one, follow its progress, see the past ones. Thin: parse, call a
selector or a service, render. The pages show counts and who started what, never a person."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from sutura.access import require
from sutura.accounts.roles import Perm
from sutura.core.forms import ListPaginator
from sutura.core.idempotency import idempotent_form
from sutura.dedup import selectors_runs
from sutura.dedup.models import DedupRun
from sutura.dedup.services import runs as services

PAGE_SIZE = 20
# How often the run's page asks for its progress while the run is under way (seconds).
POLL_SECONDS = 2

# What a run is doing, and why it failed: codes stored on the run, said here.
STAGES = {
    "": gettext_lazy("Waiting for a worker to take it"),
    "reading": gettext_lazy("Reading the registry"),
    "scoring": gettext_lazy("Comparing files"),
    "grouping": gettext_lazy("Grouping the pairs"),
    "saving": gettext_lazy("Saving the proposals"),
    "done": gettext_lazy("Finished"),
}
ERRORS = {
    "interrupted": gettext_lazy("The search was interrupted (the server stopped). Start it again."),
    "not_started": gettext_lazy(
        "No worker took the search. Ask your administrator to check the workers."
    ),
    "starter_not_allowed": gettext_lazy(
        "The person who started the search may no longer review duplicates."
    ),
    "out_of_memory": gettext_lazy("The server ran out of memory. Ask your administrator."),
    "database_error": gettext_lazy(
        "The database could not be reached. Start the search again later."
    ),
    "error": gettext_lazy("An unexpected error stopped the search. Ask your administrator."),
}


def _labels(run: DedupRun) -> dict[str, Any]:
    return {
        "stage_label": STAGES.get(run.stage, run.stage),
        "error_label": ERRORS.get(run.error, ERRORS["error"]) if run.error else "",
        "active": run.status in selectors_runs.ACTIVE,
        "percent": run.done * 100 // run.total if run.total else 0,
        "poll_seconds": POLL_SECONDS,
    }


@login_required
def run_list(request: HttpRequest) -> HttpResponse:
    """Start a search for duplicates; the last one's summary; the past ones."""
    require(request.user, Perm.REVIEW_DUPLICATES)
    found = selectors_runs.runs_for(request.user)
    page = ListPaginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "active": selectors_runs.active_run(request.user),
        "last": selectors_runs.last_finished_run(request.user),
        "stages": STAGES,
    }
    return render(request, "dedup/runs.html", context)


@login_required
@require_POST
@idempotent_form
def run_start(request: HttpRequest) -> HttpResponse:
    """The start button: queue a run and follow it (or follow the one under way)."""
    try:
        run = services.start_run(actor=request.user)
    except services.RunAlreadyActive as refusal:
        messages.warning(request, refusal.messages[0])
        return redirect("dedup:run", pk=refusal.run.pk)
    except ValidationError as refusal:
        messages.error(request, " ".join(refusal.messages))
        return redirect("dedup:runs")
    # The page says the rest (it may be left, where to find the search again).
    messages.success(request, _("The search is started."))
    return redirect("dedup:run", pk=run.pk)


@login_required
def run_detail(request: HttpRequest, pk: Any) -> HttpResponse:
    """One run: its progress bar (updated while you stay), its counts, its outcome."""
    require(request.user, Perm.REVIEW_DUPLICATES)
    run = selectors_runs.run_for(request.user, pk)
    return render(request, "dedup/run.html", {"run": run, **_labels(run)})


@login_required
def run_progress(request: HttpRequest, pk: Any) -> HttpResponse:
    """The progress fragment the run's page polls (it stops polling once the run ended)."""
    require(request.user, Perm.REVIEW_DUPLICATES)
    run = selectors_runs.run_for(request.user, pk)
    return render(request, "dedup/run_progress.html", {"run": run, **_labels(run)})
