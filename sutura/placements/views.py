"""Placement pages: thin views over the services and selectors.

An offer page shows the offer to whoever may see it, the figures to the coordinator and the
employer's staff, and the proposals each user stands on (the person named only where the
referral lets them read the identity). A proposal is a referral: its page shows the offer, the
referral and the outcome, and offers the outcome form to the referral's receiver only.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from sutura.access import can, require
from sutura.access.placements import may_post_offers, posts_for, records_outcome
from sutura.access.referrals import standing
from sutura.accounts.roles import Perm
from sutura.audit.services import record_list_read, record_read
from sutura.core.forms import run_service
from sutura.core.idempotency import idempotent_form
from sutura.placements import forms, selectors, services
from sutura.placements.models import Proposal
from sutura.referrals import sharing
from sutura.referrals.selectors import referral_consent, service_facts

PAGE_SIZE = 25


# --- offers ------------------------------------------------------------------------------------


@login_required
def offer_list(request: HttpRequest) -> HttpResponse:
    """The offers the user may see; by default those open now."""
    form = forms.OfferFilterForm(request.GET or None, user=request.user)
    found = selectors.offers_for(request.user, form.filters())
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "may_post": may_post_offers(request.user),
        "sees_summary": may_post_offers(request.user),
    }
    return render(request, "placements/list.html", context)


@login_required
@idempotent_form
def offer_new(request: HttpRequest) -> HttpResponse:
    """Post an offer: an employer's agent for their organisation, the NRM coordinator for
    any employer."""
    if not may_post_offers(request.user):
        raise PermissionDenied
    form = forms.OfferForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        offer = run_service(
            form, lambda: services.post_offer(actor=request.user, **form.service_data())
        )
        if offer is not None:
            messages.success(request, _("The offer has been posted."))
            return redirect("placements:detail", pk=offer.pk)
    return render(request, "placements/offer_form.html", {"form": form, "offer": None})


@login_required
def offer_edit(request: HttpRequest, pk: Any) -> HttpResponse:
    """Change an offer, or mark it closed or filled."""
    offer = selectors.offer_for(request.user, pk)
    if not posts_for(request.user, offer.employer_id):
        raise PermissionDenied
    form = forms.OfferForm(
        request.POST or None,
        user=request.user,
        editing=True,
        initial=forms.offer_initial(offer),
    )
    if request.method == "POST" and form.is_valid():
        data = form.service_data()
        done = run_service(
            form,
            lambda: services.update_offer(
                actor=request.user,
                offer=offer,
                expected_version=form.cleaned_data.get("version") or 0,
                **data,
            ),
        )
        if done is not None:
            messages.success(request, _("The offer has been saved."))
            return redirect("placements:detail", pk=done.pk)
    return render(request, "placements/offer_form.html", {"form": form, "offer": offer})


@login_required
def offer_detail(request: HttpRequest, pk: Any) -> HttpResponse:
    offer = selectors.offer_for(request.user, pk)
    proposals = selectors.with_receiver_membership(
        list(selectors.proposals_of_offer(request.user, offer))
    )
    names = sharing.names_for(request.user, [p.referral for p in proposals])
    for proposal in proposals:
        proposal.shown_name = names.get(proposal.referral_id, "")  # type: ignore[attr-defined]
    if proposals:
        record_list_read(
            request.user,
            what=gettext_noop("placement proposals of an offer"),
            searched=False,
            page=1,
        )
    context = {
        "offer": offer,
        "proposals": proposals,
        "counts": selectors.offer_counts(request.user, offer),
        "may_edit": posts_for(request.user, offer.employer_id),
        "may_propose": can(request.user, Perm.MAKE_REFERRALS) and offer.is_open_now,
    }
    return render(request, "placements/offer_detail.html", context)


@login_required
def employers(request: HttpRequest) -> HttpResponse:
    """Figures per employer (counts only): every employer for the NRM coordinator, one's own
    organisation for an employer's staff."""
    if not may_post_offers(request.user):
        raise PermissionDenied
    rows = selectors.employers_summary(request.user)
    return render(request, "placements/employers.html", {"rows": rows})


# --- proposals ---------------------------------------------------------------------------------


@login_required
@idempotent_form
def propose(request: HttpRequest, pk: Any) -> HttpResponse:
    """Propose a returnee for an offer: a referral to the offer's service, sent at once."""
    require(request.user, Perm.MAKE_REFERRALS)
    offer = selectors.offer_for(request.user, pk)
    form = forms.ProposalForm(
        request.POST or None, initial={"case_number": request.GET.get("case", "")}
    )
    number = str(form["case_number"].value() or "")
    case = selectors.case_by_number(request.user, number) if number.strip() else None
    if request.method == "POST" and form.is_valid():
        if case is None:
            form.add_error("case_number", _("No case you work on has this number."))
        else:
            proposal = run_service(
                form,
                lambda: services.propose(
                    actor=request.user,
                    offer=offer,
                    case=case,
                    reason=form.cleaned_data["reason"],
                    urgency=form.cleaned_data["urgency"],
                    shared_sections=form.cleaned_data["shared_sections"],
                ),
            )
            if proposal is not None:
                messages.success(
                    request,
                    _(
                        "The returnee has been proposed: referral %(number)s was sent to "
                        "%(employer)s."
                    )
                    % {"number": proposal.referral.number, "employer": offer.employer},
                )
                return redirect("placements:proposal", pk=proposal.pk)
    if case is not None and request.method == "GET":
        record_read(request.user, case, detail=gettext_noop("placement proposal form"))
    candidates = [] if case else list(selectors.cases_with_economic_plan(request.user)[:10])
    if candidates:
        record_list_read(
            request.user, what=gettext_noop("cases to propose"), searched=False, page=1
        )
    context = {
        "form": form,
        "offer": offer,
        "case": case,
        "consent": referral_consent(case) if case is not None else None,
        "economic": selectors.economic_dimension(request.user, case) if case else None,
        "service_panel": service_facts(offer.service, case),
        "candidates": candidates,
    }
    return render(request, "placements/propose.html", context)


def _render_proposal(
    request: HttpRequest, proposal: Proposal, form: forms.OutcomeForm | None = None
) -> HttpResponse:
    user, referral = request.user, proposal.referral
    who = standing(user, referral)
    names = sharing.names_for(user, [referral])
    may_record = who.receiver and not proposal.outcome and referral.status in services.UNDER_WAY
    record_read(user, referral, detail=gettext_noop("placement proposal"))
    context = {
        "proposal": proposal,
        "offer": proposal.offer,
        "referral": referral,
        "name": names.get(referral.pk, ""),
        "outcome_form": (form or forms.OutcomeForm()) if may_record else None,
    }
    return render(request, "placements/proposal.html", context)


@login_required
def proposal_detail(request: HttpRequest, pk: Any) -> HttpResponse:
    return _render_proposal(request, selectors.proposal_for(request.user, pk))


@login_required
@require_POST
def outcome(request: HttpRequest, pk: Any) -> HttpResponse:
    """The employer records what came of a proposal; the referral ends accordingly."""
    proposal = selectors.proposal_for(request.user, pk)
    if not records_outcome(request.user, proposal):
        raise PermissionDenied
    form = forms.OutcomeForm(request.POST)
    done = None
    if form.is_valid():
        data = form.cleaned_data
        done = run_service(
            form,
            lambda: services.record_outcome(
                actor=request.user,
                proposal=proposal,
                outcome=data["outcome"],
                start_on=data.get("start_on"),
                reason=data.get("reason") or "",
                note=data.get("note") or "",
            ),
        )
    if done is None:
        proposal = selectors.proposal_for(request.user, pk)
        return _render_proposal(request, proposal, form)
    messages.success(
        request,
        _("The outcome has been recorded: “%(outcome)s”.")
        % {"outcome": done.get_outcome_display()},
    )
    return redirect("placements:proposal", pk=done.pk)
