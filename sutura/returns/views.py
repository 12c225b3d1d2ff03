"""Return journey pages: thin views over the services and selectors.

- `returns:list` — the receiving office's incoming returns (flagged first) and the departure
  office's own returns;
- `returns:open` — open the return of a departure case (from the case page);
- `returns:detail` — the journey as the reader may see it, with the next steps;
- `returns:step` — one step's form (departure: counselling, facts, document, movement, ready,
  hand over, cancel; receiving: arrival, counselling, open the reintegration case).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from sutura.access import require
from sutura.access.cases import require_works_on
from sutura.access.returns import return_standing
from sutura.accounts.roles import Perm
from sutura.audit.services import record_list_read, record_read
from sutura.cases.selectors import case_for
from sutura.core.forms import run_service
from sutura.core.idempotency import idempotent_form
from sutura.core.texts import Text, term
from sutura.returns import forms, selectors, services
from sutura.returns.models import Return, Side


@login_required
def return_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Perm.MANAGE_CASES)
    incoming = list(selectors.incoming(request.user)[:100])
    outgoing = list(selectors.outgoing(request.user)[:100])
    record_list_read(request.user, what=gettext_noop("assisted returns"), searched=False, page=1)
    context = {"incoming": incoming, "outgoing": outgoing, "days": selectors.waiting_days()}
    return render(request, "returns/list.html", context)


@login_required
@idempotent_form
def open_return(request: HttpRequest, case_pk: Any) -> HttpResponse:
    require(request.user, Perm.MANAGE_CASES)
    case = case_for(request.user, case_pk)
    require_works_on(request.user, case)
    form = forms.OpenReturnForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        found = run_service(
            form,
            lambda: services.open_return(
                actor=request.user,
                case=case,
                receiving_organisation=form.cleaned_data["receiving_organisation"],
            ),
        )
        if found is not None:
            messages.success(request, _("Return %(number)s is open.") % {"number": found.number})
            return redirect("returns:detail", pk=found.pk)
    return render(request, "returns/open.html", {"form": form, "case": case})


@login_required
def detail(request: HttpRequest, pk: Any) -> HttpResponse:
    require(request.user, Perm.MANAGE_CASES)
    found = selectors.return_for(request.user, pk, audit=gettext_noop("return page"))
    view = selectors.journey(request.user, found)
    return render(request, "returns/detail.html", {"journey": view, "r": found})


# --- steps ---------------------------------------------------------------------------------


def _counselling(request: HttpRequest, found: Return, data: dict[str, Any]) -> Any:
    side = Side.DEPARTURE if _is_departure(request, found) else Side.ARRIVAL
    return services.record_counselling(actor=request.user, assisted_return=found, side=side, **data)


def _is_departure(request: HttpRequest, found: Return) -> bool:
    return return_standing(request.user, found).departure


def _facts(request: HttpRequest, found: Return, data: dict[str, Any]) -> Any:
    version = data.pop("version")
    return services.record_departure_facts(
        actor=request.user, assisted_return=found, expected_version=version, **data
    )


def _call(service: Callable[..., Any]) -> Callable[[HttpRequest, Return, dict[str, Any]], Any]:
    return lambda request, found, data: service(actor=request.user, assisted_return=found, **data)


# step name -> (form, service, title, departure side?)
STEPS: dict[str, tuple[type[django_forms.Form], Any, Any, bool | None]] = {
    "counselling": (forms.CounsellingForm, _counselling, gettext_lazy("Counselling"), None),
    "facts": (
        forms.DepartureFactsForm,
        _facts,
        gettext_lazy("Eligibility, vulnerability and fitness to travel"),
        True,
    ),
    "document": (
        forms.DocumentForm,
        _call(services.add_document),
        gettext_lazy("Travel document"),
        True,
    ),
    "movement": (forms.MovementForm, _call(services.add_movement), gettext_lazy("Movement"), True),
    "ready": (forms.ConfirmForm, _call(services.mark_ready), gettext_lazy("Ready to travel"), True),
    "hand_over": (
        forms.ConfirmForm,
        _call(services.hand_over),
        gettext_lazy("Hand over to the receiving organisation"),
        True,
    ),
    "cancel": (forms.CancelForm, _call(services.cancel), gettext_lazy("Cancel the return"), True),
    "arrival": (
        forms.ArrivalForm,
        _call(services.record_arrival),
        gettext_lazy("Arrival and reception"),
        False,
    ),
    "open_case": (
        forms.OpenCaseForm,
        _call(services.open_reintegration_case),
        gettext_lazy("Open the reintegration case"),
        False,
    ),
}


def step_title(code: str) -> Any:
    """A step's title, for the audit log's words (`texts.term("return_step", code)`)."""
    found = STEPS.get(code)
    return found[2] if found is not None else None


def _initial(found: Return, step: str) -> dict[str, Any]:
    today = timezone.localdate()
    if step == "facts":
        return {
            "version": found.version,
            "eligibility": found.eligibility,
            "vulnerabilities": found.vulnerabilities,
            "vulnerability_note": found.vulnerability_note,
            "fitness": found.fitness,
            "fitness_on": found.fitness_on,
            "fitness_by": found.fitness_by,
        }
    if step in ("counselling", "movement"):
        return {"held_on": today, "departs_on": today}
    if step == "arrival":
        return {"arrived_on": today}
    if step == "open_case":
        return {"consent_on": today, "opened_on": today}
    return {}


@login_required
@idempotent_form
def step(request: HttpRequest, pk: Any, name: str) -> HttpResponse:
    if name not in STEPS:
        raise Http404
    require(request.user, Perm.MANAGE_CASES)
    found = selectors.return_for(request.user, pk)
    form_class, service, title, departure = STEPS[name]
    standing = return_standing(request.user, found)
    if departure is True and not standing.departure:
        raise PermissionDenied
    if departure is False and not standing.receiving:
        raise PermissionDenied
    form = form_class(
        request.POST if request.method == "POST" else None, initial=_initial(found, name)
    )
    if request.method == "POST" and form.is_valid():
        done = run_service(form, lambda: service(request, found, dict(form.cleaned_data)))
        if done is not None:
            messages.success(request, _("Saved."))
            if name == "open_case":
                return redirect("cases:detail", case_id=done.pk)
            return redirect("returns:detail", pk=found.pk)
    if request.method == "GET":
        record_read(
            request.user,
            found,
            detail=Text(gettext_noop("Return step form: %(step)s"), step=term("return_step", name)),
        )
    context = {"form": form, "r": found, "title": title, "step": name}
    if name == "hand_over":
        context["missing"] = [str(m) for m in services.handover_missing(request.user, found)]
    return render(request, "returns/step.html", context)
