"""Intake points, for those who keep them (`access.feedback.manages_intake_points`: the
organisation's feedback handlers and PSEA focal points): the list with each point's short
address and QR poster, a new point, a point's edit. Others get 403; another organisation's
point is "not found"."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from sutura.access import get_visible_or_404, visible
from sutura.access.feedback import manages_intake_points
from sutura.core.downloads import private_pdf
from sutura.core.forms import run_service
from sutura.core.idempotency import idempotent_form
from sutura.feedback import poster
from sutura.feedback.forms.points import IntakePointForm, initial_of
from sutura.feedback.models import IntakePoint
from sutura.feedback.services import points

FORM_TEMPLATE = "feedback/points/form.html"


def _manages(request: HttpRequest) -> None:
    if not manages_intake_points(request.user):
        raise PermissionDenied


def _point(request: HttpRequest, pk: Any) -> IntakePoint:
    _manages(request)
    return get_visible_or_404(
        request.user, IntakePoint.objects.select_related("organisation", "location"), pk=pk
    )


def _listed(point: IntakePoint) -> str:
    return f"{reverse('feedback:points')}#point-{point.pk}"


@login_required
def point_list(request: HttpRequest) -> HttpResponse:
    """The organisation's intake points: short address, poster, whether in use."""
    _manages(request)
    found = list(
        visible(request.user, IntakePoint)
        .select_related("location")
        .order_by("-active", "name", "code")
    )
    for point in found:
        point.public_url = poster.public_url(request, point)  # type: ignore[attr-defined]
        point.shown_url = poster.shown_url(point.public_url)  # type: ignore[attr-defined]
    return render(request, "feedback/points/list.html", {"points": found})


@login_required
@idempotent_form
def point_new(request: HttpRequest) -> HttpResponse:
    _manages(request)
    form = IntakePointForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        made = run_service(
            form, lambda: points.create_point(actor=request.user, **form.service_data())
        )
        if made is not None:
            messages.success(
                request, _("The intake point has been created: download its poster below.")
            )
            return redirect(_listed(made))
    context = {"form": form, "title": _("New intake point"), "creating": True}
    return render(request, FORM_TEMPLATE, context)


@login_required
def point_edit(request: HttpRequest, pk: Any) -> HttpResponse:
    found = _point(request, pk)
    form = IntakePointForm(request.POST or None, user=request.user, initial=initial_of(found))
    if request.method == "POST" and form.is_valid():
        saved = run_service(
            form,
            lambda: points.update_point(
                actor=request.user,
                point=found,
                expected_version=form.cleaned_data.get("version") or found.version,
                **form.service_data(),
            ),
        )
        if saved is not None:
            messages.success(request, _("The intake point has been saved."))
            return redirect(_listed(saved))
    context = {"form": form, "title": _("Edit the intake point"), "point": found}
    return render(request, FORM_TEMPLATE, context)


@login_required
def point_poster(request: HttpRequest, pk: Any) -> HttpResponse:
    """The point's QR poster (A4 PDF, French and English). Not personal data: no export."""
    found = _point(request, pk)
    content = poster.poster_pdf(found, poster.public_url(request, found))
    return private_pdf(content, poster.poster_filename(found))
