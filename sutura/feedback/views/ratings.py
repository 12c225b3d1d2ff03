"""Pages of feedback on services (thin: parse, call a service or a selector, render).

- the referral page's section (a completed referral, for the case team): the caseworker records
  what the person said, and reads the feedback reference to give them;
- the case page's section and the page of one assistance delivered: the same, for assistance;
- the public page where the person rates the service themselves, without an account;
- the ratings: counts per service, for the coordinator and the provider's staff (also a
  section of the directory's service page).
"""

from __future__ import annotations

import logging
import time
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sutura.access.cases import works_on
from sutura.access.feedback import reads_ratings
from sutura.accounts.client import client_ip
from sutura.core.forms import run_service
from sutura.core.idempotency import idempotent_form
from sutura.feedback import selectors_ratings as selectors
from sutura.feedback.forms.ratings import PublicRateForm, ServiceFeedbackForm
from sutura.feedback.services import ratings as services
from sutura.referrals.selectors import referral_for

logger = logging.getLogger("sutura.feedback.public")
FORM_PREFIX = "rating"


# --- sections of other apps' pages (registered in parts/ratings.py) ----------------------------


def referral_section(user: Any, referral: Any) -> dict[str, Any] | None:
    """A completed referral's page, for the case team: the answer or the form, and the
    reference for the person."""
    found = selectors.feedback_of_referral(user, referral)
    if found is None:
        return None
    form = ServiceFeedbackForm(prefix=FORM_PREFIX) if found.recorded is None else None
    return {"found": found, "form": form}


def case_section(user: Any, case: Any) -> list[Any]:
    return selectors.deliveries_of_case(user, case)


def service_section(user: Any, service: Any) -> Any:
    return selectors.rating_of_service(user, service)


# --- the caseworker records the person's opinion ---------------------------------------------


@login_required
@require_POST
@idempotent_form
def referral_feedback(request: HttpRequest, pk: Any) -> HttpResponse:
    """Posted from the completed referral's section; back to the referral page."""
    referral = referral_for(request.user, pk)
    if not works_on(request.user, referral.case):
        raise PermissionDenied
    form = ServiceFeedbackForm(request.POST, prefix=FORM_PREFIX)
    done = None
    if form.is_valid():
        done = run_service(
            form,
            lambda: services.record_service_feedback(
                actor=request.user, referral=referral, **form.cleaned_data
            ),
        )
    if done is not None:
        messages.success(request, _("The person's opinion of the service is recorded."))
    else:
        messages.error(request, _first_error(form))
    return redirect("referrals:detail", pk=referral.pk)


def _first_error(form: Any) -> str:
    if form.non_field_errors():
        return str(form.non_field_errors()[0])
    return _("Answer each question: nothing was recorded.")


@login_required
@idempotent_form
def delivery_feedback(request: HttpRequest, pk: Any) -> HttpResponse:
    """The person's opinion of an assistance delivered, for the case team."""
    delivery = selectors.delivery_for(request.user, pk, audit=request.method == "GET")
    case = delivery.item.plan.case
    form = None
    if not getattr(delivery, "has_feedback", False):  # annotated by the selector
        form = ServiceFeedbackForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            done = run_service(
                form,
                lambda: services.record_service_feedback(
                    actor=request.user, delivery=delivery, **form.cleaned_data
                ),
            )
            if done is not None:
                messages.success(request, _("The person's opinion of the assistance is recorded."))
                return redirect("cases:detail", case_id=case.pk)
    context = {"delivery": delivery, "case": case, "form": form}
    return render(request, "feedback/ratings/delivery.html", context)


# --- the person rates the service themselves (no account) --------------------------------------

ISSUED_SALT = "sutura.feedback.ratings.public-form"
ISSUED_MAX_AGE = 2 * 3600  # a form left open longer is shown again
REFUSALS = {"limit", "robot", "too_fast", "expired"}


def _issued() -> str:
    return signing.dumps(time.time(), salt=ISSUED_SALT)


def _address_key(request: HttpRequest) -> str:
    # The address itself is kept nowhere: only a keyed hash of it, for an hour, in the cache.
    address = client_ip(request) or "unknown"
    return "feedback-rate:" + salted_hmac(ISSUED_SALT, address).hexdigest()[:32]


def _over_limit(request: HttpRequest) -> bool:
    """Every attempt counts (a wrong reference too), so references cannot be tried one after
    the other."""
    key = _address_key(request)
    attempts = (cache.get(key) or 0) + 1
    cache.set(key, attempts, 3600)
    return attempts > settings.SUTURA_PUBLIC_FEEDBACK_PER_HOUR


def _guard(request: HttpRequest) -> str:
    """The public page's protection against abuse, without a third-party service: "" when the
    post may go on, else why not ("limit": too many attempts from this address this hour,
    "robot": the hidden field was filled, "too_fast": sent sooner than a person could,
    "expired": a form without a valid signed time, or too old). Kept small and behind this one
    function, so the shared guard of the public form can take its place."""
    if _over_limit(request):
        return "limit"
    if request.POST.get("website"):
        return "robot"
    try:
        issued = float(
            signing.loads(request.POST.get("issued", ""), salt=ISSUED_SALT, max_age=ISSUED_MAX_AGE)
        )
    except (signing.BadSignature, TypeError, ValueError):
        return "expired"
    if time.time() - issued < settings.SUTURA_PUBLIC_FORM_MIN_SECONDS:
        return "too_fast"
    return ""


def public_rate(request: HttpRequest) -> HttpResponse:
    """/feedback/services/rate/: a small page, no account, French or English."""
    point = request.GET.get("point", "")[:16]
    if request.GET.get("thanks"):
        return render(request, "feedback/ratings/public_thanks.html", {"point": point})
    form = PublicRateForm(initial={"issued": _issued()})
    status = 200
    if request.method == "POST":
        refused = _guard(request)
        form = PublicRateForm(request.POST)
        if refused:
            # Logged without anything that was typed, nor the address.
            logger.warning("public service feedback refused: %s", refused)
        if refused == "robot":
            return redirect(f"{request.path}?thanks=1")
        if refused == "limit":
            form.add_error(None, _("Too many attempts from this connection. Try again in an hour."))
            status = 429
        elif refused:
            form = _shown_again(request)
        elif form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k not in {"website", "issued"}}
            done = run_service(form, lambda: services.submit_public_service_feedback(**data))
            if done is not None:
                return redirect(f"{request.path}?thanks=1")
    context = {"form": form, "point": point}
    return render(request, "feedback/ratings/public_rate.html", context, status=status)


def _shown_again(request: HttpRequest) -> PublicRateForm:
    """The answers kept, a fresh signed time, and a word to send again."""
    data = request.POST.copy()
    data["issued"] = _issued()
    data["website"] = ""
    form = PublicRateForm(data)
    form.is_valid()
    form.errors.clear()
    form.add_error(None, _("Please check your answers and send them again."))
    return form


# --- ratings: counts per service -------------------------------------------------------------


@login_required
def ratings(request: HttpRequest) -> HttpResponse:
    """Per service: how many answered, how satisfied, on time, respected, would recommend."""
    if not reads_ratings(request.user):
        raise PermissionDenied
    context = {"ratings": selectors.ratings_for(request.user), "minimum": selectors.MIN_ANSWERS}
    return render(request, "feedback/ratings/ratings.html", context)
