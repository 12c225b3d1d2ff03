"""Pages of feedback on services (thin: parse, call a service or a selector, render).

- the referral page's section (a completed referral, for the case team): the caseworker records
  what the person said, and reads the feedback reference to give them;
- the case page's section and the page of one assistance delivered: the same, for assistance;
- the public page where the person rates the service themselves, without an account;
- the ratings: counts per service, for the coordinator and the provider's staff (also a
  section of the directory's service page).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from sutura.access.cases import works_on
from sutura.access.feedback import reads_ratings
from sutura.core.forms import run_service
from sutura.core.idempotency import idempotent_form
from sutura.feedback import public_guard as guard
from sutura.feedback import selectors_ratings as selectors
from sutura.feedback.forms.ratings import PublicRateForm, ServiceFeedbackForm
from sutura.feedback.models import IntakePoint
from sutura.feedback.services import ratings as services
from sutura.referrals.selectors import referral_for

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

# The shared guard of the public doors (`public_guard`): its limit per address and hour counts
# this page's sends apart from the complaints' ("rating"), each send counted, a wrong reference
# too, so that references cannot be tried one after the other; its signed stamp is bound to
# this page, so no other form's stamp serves here.
SCOPE = "rating"
STAMP_FOR = "rate-a-service"
KEPT = ("reference", "satisfaction", "timely", "respectful", "would_recommend")


def _intake_point(request: HttpRequest) -> Any:
    """The intake point the person came from (`?point=`, the public landing's link): its
    organisation's name heads the page and the back link returns to it. Reference data."""
    code = request.GET.get("point", "")[:16].lower()
    if not code:
        return None
    return IntakePoint.objects.select_related("organisation").filter(code=code, active=True).first()


def _page(
    request: HttpRequest, form: PublicRateForm, *, refusal: str = "", status: int = 200
) -> HttpResponse:
    context = {"form": form, "point": _intake_point(request), "refusal": refusal}
    return render(request, "feedback/ratings/public_rate.html", context, status=status)


def _fresh(typed: dict[str, Any] | None = None) -> PublicRateForm:
    return PublicRateForm(initial={**(typed or {}), "stamp": guard.new_stamp(STAMP_FOR)})


def _guard(request: HttpRequest) -> tuple[str, int]:
    """The public page's protection against abuse: ("", 200) when the send may go on, else
    why not, in the person's words, and the answer's status. Every refusal is counted against
    the address and logged without a word of what was sent (`public_guard.refuse`)."""
    if guard.too_large(request):  # before the body is read
        guard.refuse(request, guard.TOO_LARGE, scope=SCOPE)
        return _("Your answers are too long to be sent."), 413
    try:
        stamp = guard.read_stamp(request.POST.get("stamp", ""), STAMP_FOR)
    except guard.StampExpired:
        return _("The page stayed open a long time: check your answers and send them again."), 200
    except guard.StampRefused:
        guard.refuse(request, guard.BAD_SIGNATURE, scope=SCOPE)
        return _("Your answers could not be sent: send them again."), 400
    wait = guard.wait_seconds(request, SCOPE)
    if wait:
        guard.refuse(request, guard.RATE_LIMIT, scope=SCOPE)
        minutes = max(1, (wait + 59) // 60)
        return ngettext(
            "Too many attempts from your connection in the last hour. Please try again in "
            "%(minutes)d minute.",
            "Too many attempts from your connection in the last hour. Please try again in "
            "%(minutes)d minutes.",
            minutes,
        ) % {"minutes": minutes}, 429
    if request.POST.get("website"):
        guard.refuse(request, guard.HONEYPOT, scope=SCOPE)
        return _("Your answers looked automatic and were not sent. Please send them again."), 400
    if stamp.too_fast:
        guard.refuse(request, guard.TOO_FAST, scope=SCOPE)
        return _("That was very quick: please check your answers, then send them again."), 400
    guard.spend(request, SCOPE)
    return "", 200


@require_http_methods(["GET", "POST"])
def public_rate(request: HttpRequest) -> HttpResponse:
    """/feedback/services/rate/: a small page, no account, French or English."""
    if request.method != "POST":
        if request.GET.get("thanks"):
            context = {"point": _intake_point(request)}
            return render(request, "feedback/ratings/public_thanks.html", context)
        return _page(request, _fresh())
    refusal, status = _guard(request)
    if refusal:
        typed = {name: request.POST.get(name, "")[:40] for name in KEPT}
        return _page(request, _fresh(typed), refusal=refusal, status=status)
    # The answers kept on the page shown again, with a fresh stamp for the next send.
    data = request.POST.copy()
    data["stamp"] = guard.new_stamp(STAMP_FOR)
    form = PublicRateForm(data)
    if form.is_valid():
        answers = {k: v for k, v in form.cleaned_data.items() if k in KEPT}
        done = run_service(form, lambda: services.submit_public_service_feedback(**answers))
        if done is not None:
            point = request.GET.get("point", "")[:16]
            query = urlencode({"thanks": 1, **({"point": point} if point else {})})
            return redirect(f"{request.path}?{query}")
    return _page(request, form)


# --- ratings: counts per service -------------------------------------------------------------


@login_required
def ratings(request: HttpRequest) -> HttpResponse:
    """Per service: how many answered, how satisfied, on time, respected, would recommend."""
    if not reads_ratings(request.user):
        raise PermissionDenied
    context = {"ratings": selectors.ratings_for(request.user), "minimum": selectors.MIN_ANSWERS}
    return render(request, "feedback/ratings/ratings.html", context)
