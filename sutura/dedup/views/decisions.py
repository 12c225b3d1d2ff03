"""The "not the same person" decisions: their list, one decision with both files, and its
withdrawal. A decision made without a proposal (through the API, or with the undo of a merge
made without one) has no pair page: this is where it is found and taken back. A decision
withdrawn keeps its page, which says who withdrew it, when and why."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from sutura.access import require
from sutura.accounts.roles import Perm
from sutura.audit.services import record_list_read, record_read
from sutura.core.forms import ListPaginator, run_service
from sutura.core.idempotency import idempotent_form
from sutura.dedup import selectors
from sutura.dedup.models import PairDecision
from sutura.dedup.services.decisions import withdraw_not_duplicate
from sutura.dedup.views.review import PAGE_SIZE, WithdrawForm


@login_required
def decision_list(request: HttpRequest) -> HttpResponse:
    """The pairs said to be two people, newest first."""
    require(request.user, Perm.REVIEW_DUPLICATES)
    page = ListPaginator(selectors.decisions(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    record_list_read(
        request.user, what=gettext_noop("duplicate decisions"), searched=False, page=page.number
    )
    return render(request, "dedup/decision_list.html", {"page": page, "query": ""})


def _page(
    request: HttpRequest, decision: PairDecision, form: WithdrawForm, status: int = 200
) -> HttpResponse:
    """The decision's page (again, with the form's errors): a read of both files."""
    for person in (decision.first, decision.second):
        record_read(request.user, person, detail=gettext_noop("duplicate decision"))
    context = {
        "decision": decision,
        "form": form,
        "proposal": selectors.proposal_of_pair(request.user, decision),
        # An anonymised file can no longer be merged: its decision is not withdrawn.
        "anonymised": any(
            getattr(person, "anonymisation", None) is not None
            for person in (decision.first, decision.second)
        ),
    }
    return render(request, "dedup/decision_detail.html", context, status=status)


@login_required
def decision_detail(request: HttpRequest, pk: Any) -> HttpResponse:
    """One decision: the two files, who decided, when and why; its withdrawal."""
    require(request.user, Perm.REVIEW_DUPLICATES)
    return _page(request, selectors.decision_for(request.user, pk), WithdrawForm())


@login_required
@require_POST
@idempotent_form
def decision_withdraw(request: HttpRequest, pk: Any) -> HttpResponse:
    require(request.user, Perm.REVIEW_DUPLICATES)
    decision = selectors.decision_for(request.user, pk)
    form = WithdrawForm(request.POST)
    if form.is_valid():
        done = run_service(
            form,
            lambda: withdraw_not_duplicate(
                actor=request.user, decision=decision, reason=form.cleaned_data["reason"]
            ),
        )
        if done is not None:
            proposal = selectors.proposal_of_pair(request.user, decision)
            if proposal is not None:
                messages.success(request, _("Decision withdrawn: the pair is in the queue again."))
                return redirect("dedup:pair", pk=proposal.pk)
            messages.success(
                request,
                _("Decision withdrawn: a later search for duplicates may propose the pair."),
            )
            return redirect("dedup:decisions")
    return _page(request, decision, form, status=400)
