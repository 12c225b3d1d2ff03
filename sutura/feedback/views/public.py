"""The public form, without an account, at an intake point's short address (`/r/<code>/`): the
landing's three choices, the form, the receipt with the tracking code, and the status check
(the status in plain words, nothing else). Every door goes through `public_guard` (a limit
per address and hour, the signed stamp, the honeypot, the size of the body) before anything
is read or written; each refusal says why, in the visitor's language."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from sutura.access.feedback import item_for_public_receipt, item_for_tracking_code
from sutura.core.forms import run_service
from sutura.feedback import public_guard as guard
from sutura.feedback.forms.public import (
    CONTACT_FIELDS,
    PublicFeedbackForm,
    StatusForm,
    status_words,
)
from sutura.feedback.models import ContactMethod, IntakePoint
from sutura.feedback.services import intake

FORM_TEMPLATE = "feedback/public/new.html"
# What a form shown again keeps of what was typed (never the stamp nor the honeypot).
KEPT = ("category", "description", "sex", "age_group", "contact_method", *CONTACT_FIELDS)


def _point(code: str) -> IntakePoint:
    """The intake point of a short address (reference data: no account needed)."""
    point = (
        IntakePoint.objects.select_related("organisation", "location")
        .filter(code=code.lower()[:16])
        .first()
    )
    if point is None:
        raise Http404
    return point


def _closed(request: HttpRequest, point: IntakePoint) -> HttpResponse:
    return render(request, "feedback/public/closed.html", {"point": point}, status=404)


def _rate_url(point: IntakePoint) -> str:
    """The page where one rates a service received, when the ratings part provides it."""
    try:
        path = reverse("feedback_ratings:public_rate")
    except NoReverseMatch:
        return ""
    return f"{path}?{urlencode({'point': point.code})}"


def _wait_words(seconds: int) -> str:
    minutes = max(1, (seconds + 59) // 60)
    return ngettext(
        "Too many messages were sent from your connection in the last hour. Please try again "
        "in %(minutes)d minute.",
        "Too many messages were sent from your connection in the last hour. Please try again "
        "in %(minutes)d minutes.",
        minutes,
    ) % {"minutes": minutes}


def _too_large() -> str:
    return _("Your message is too long to be sent. Please shorten it and send it again.")


# --- the landing -------------------------------------------------------------------------------


@require_GET
def landing(request: HttpRequest, code: str) -> HttpResponse:
    """Three choices: file a complaint or feedback, follow one with its code, rate a service."""
    point = _point(code)
    if not point.active:
        return _closed(request, point)
    return render(
        request, "feedback/public/landing.html", {"point": point, "rate_url": _rate_url(point)}
    )


# --- the form ------------------------------------------------------------------------------------


def _form_page(
    request: HttpRequest,
    point: IntakePoint,
    form: PublicFeedbackForm,
    *,
    refusal: str = "",
    status: int = 200,
) -> HttpResponse:
    context = {"point": point, "form": form, "refusal": refusal}
    return render(request, FORM_TEMPLATE, context, status=status)


def _fresh(point: IntakePoint, initial: dict[str, Any] | None = None) -> PublicFeedbackForm:
    return PublicFeedbackForm(
        point=point, initial={**(initial or {}), "stamp": guard.new_stamp(point.code)}
    )


def _again(request: HttpRequest, point: IntakePoint, refusal: str, status: int) -> HttpResponse:
    """The form shown again with what was typed, a fresh stamp, and why it was not sent."""
    typed = {name: request.POST.get(name, "")[:4000] for name in KEPT}
    return _form_page(request, point, _fresh(point, typed), refusal=refusal, status=status)


@require_http_methods(["GET", "POST"])
def new(request: HttpRequest, code: str) -> HttpResponse:
    point = _point(code)
    if not point.active:
        return _closed(request, point)
    if request.method == "POST":
        return _post(request, point)
    return _form_page(request, point, _fresh(point))


def _post(request: HttpRequest, point: IntakePoint) -> HttpResponse:
    if guard.too_large(request):  # before the body is read
        guard.refuse(request, guard.TOO_LARGE, scope=guard.FORM, point=point)
        return _form_page(request, point, _fresh(point), refusal=_too_large(), status=413)
    try:
        stamp = guard.read_stamp(request.POST.get("stamp", ""), point.code)
    except guard.StampExpired:
        refusal = _("The form stayed open a long time: check what you wrote and send it again.")
        return _again(request, point, refusal, 200)
    except guard.StampRefused:
        guard.refuse(request, guard.BAD_SIGNATURE, scope=guard.FORM, point=point)
        return _again(request, point, _("Your message could not be sent: send it again."), 400)
    key = guard.form_key(stamp)
    earlier = guard.filed_before(key)
    if earlier is not None:  # the same form sent twice: the first one's code
        return _receipt(request, point, earlier, again=True)
    wait = guard.wait_seconds(request, guard.FORM)
    if wait:
        guard.refuse(request, guard.RATE_LIMIT, scope=guard.FORM, point=point)
        return _again(request, point, _wait_words(wait), 429)
    if request.POST.get("website"):
        guard.refuse(request, guard.HONEYPOT, scope=guard.FORM, point=point)
        refusal = _("Your message looked automatic and was not sent. Please send it again.")
        return _again(request, point, refusal, 400)
    if stamp.too_fast:
        guard.refuse(request, guard.TOO_FAST, scope=guard.FORM, point=point)
        refusal = _("That was very quick: please check your message, then send it again.")
        return _again(request, point, refusal, 400)
    form = PublicFeedbackForm(request.POST, point=point)
    if not form.is_valid():
        return _form_page(request, point, form)
    guard.spend(request, guard.FORM)
    filed = run_service(
        form,
        lambda: guard.file_once(
            key, lambda: intake.submit_public(intake_point=point, **form.service_data())
        ),
    )
    if filed is None:
        return _form_page(request, point, form)
    item_id, created = filed
    anonymous = form.cleaned_data["contact_method"] == ContactMethod.NONE
    return _receipt(request, point, item_id, again=not created, anonymous=anonymous)


def _receipt(
    request: HttpRequest,
    point: IntakePoint,
    item_id: Any,
    *,
    again: bool,
    anonymous: bool | None = None,
) -> HttpResponse:
    """The tracking code, big, and what to do with it. Shown in answer to the POST itself
    (not after a redirect): the code never enters an address, a history or a log, and a retry
    of a send whose answer was lost gets it again."""
    item = item_for_public_receipt(item_id)
    if item is None:
        raise Http404
    context = {"point": point, "code": item.tracking_code, "again": again, "anonymous": anonymous}
    return render(request, "feedback/public/sent.html", context)


# --- the status check ----------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def status(request: HttpRequest, code: str = "") -> HttpResponse:
    """Type the tracking code, read the status in plain words: nothing else of the item."""
    point = _point(code) if code else None
    context: dict[str, Any] = {"point": point, "form": StatusForm(), "asked": False}
    template = "feedback/public/status.html"
    if request.method != "POST":
        return render(request, template, context)
    if guard.too_large(request):
        guard.refuse(request, guard.TOO_LARGE, scope=guard.STATUS, point=point)
        return render(request, template, {**context, "refusal": _too_large()}, status=413)
    wait = guard.wait_seconds(request, guard.STATUS)
    if wait:
        guard.refuse(request, guard.RATE_LIMIT, scope=guard.STATUS, point=point)
        minutes = max(1, (wait + 59) // 60)
        refusal = ngettext(
            "Too many codes were checked from your connection in the last hour. Please try "
            "again in %(minutes)d minute.",
            "Too many codes were checked from your connection in the last hour. Please try "
            "again in %(minutes)d minutes.",
            minutes,
        ) % {"minutes": minutes}
        return render(request, template, {**context, "refusal": refusal}, status=429)
    form = StatusForm(request.POST)
    if not form.is_valid():
        return render(request, template, {**context, "form": form})
    guard.spend(request, guard.STATUS)
    item = item_for_tracking_code(form.cleaned_data["tracking_code"])
    context["asked"] = True
    if item is not None:
        context["label"], context["explanation"] = status_words(item.status)
        context["status_code"] = item.status
    return render(request, template, context)
