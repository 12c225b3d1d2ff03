"""The feedback desk's pages (thin: parse, call a service or a selector, render).

- intake: whoever records feedback (volunteers too) records what came by any channel, then
  sees the reference and the tracking code to give the person — and never the item again
  unless the access rules let them see it (a sensitive item: the PSEA focal points only);
- the recorder's list: what they recorded, reference, date and status only;
- the desk list and its export: the items the user sees (handlers and PSEA focal points; 403
  for everyone else), never who complained nor what they said;
- the PSEA focal points: who they are (every member of the organisation), designated and
  ended by whoever designates.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from sutura.access.feedback import (
    designates_focal_points,
    may_handle_items,
    records_feedback,
    sees_item,
)
from sutura.audit.services import record_export, record_list_read
from sutura.core.dates import date_format
from sutura.core.forms import CappedPaginator, ListPaginator, run_service
from sutura.core.idempotency import idempotent_form
from sutura.core.texts import Text
from sutura.feedback import exports, selectors_desk
from sutura.feedback.forms import desk as forms
from sutura.feedback.services import designations, intake

PAGE_SIZE = 25


def _require_recorder(user: Any) -> None:
    if not records_feedback(user):
        raise PermissionDenied


def _require_desk(user: Any) -> None:
    if not may_handle_items(user):
        raise PermissionDenied


# --- intake --------------------------------------------------------------------------------------


@login_required
@idempotent_form
def new_item(request: HttpRequest) -> HttpResponse:
    """Record a complaint or feedback that came by any channel but the public form."""
    user = request.user
    _require_recorder(user)
    data = request.POST if request.method == "POST" else None
    form = forms.IntakeForm(data, user=user)
    implicated = forms.implicated_formset(data, user)
    if data is not None and form.is_valid() and implicated.is_valid():
        item = run_service(
            form,
            lambda: intake.record_item(
                actor=user, implicated=implicated.implicated(), **form.service_data()
            ),
        )
        if item is not None:
            return redirect("feedback:recorded_item", pk=item.pk)
    given = [data is not None and (f.has_changed() or bool(f.errors)) for f in implicated.forms]
    context = {
        "form": form,
        "implicated": implicated,
        "implicated_open": any(given),
        "more_implicated_open": any(given[1:]),
    }
    return render(request, "feedback/desk/new.html", context)


def _public_status_url(request: HttpRequest) -> str:
    """The public page where the person follows their item with its code (if the public
    form is installed), at the public address when it differs from the staff one."""
    try:
        path = reverse("feedback_public:status")
    except NoReverseMatch:
        return ""
    base = str(getattr(settings, "SUTURA_PUBLIC_BASE_URL", "") or "").rstrip("/")
    return f"{base}{path}" if base else request.build_absolute_uri(path)


@login_required
def recorded_item(request: HttpRequest, pk: Any) -> HttpResponse:
    """After saving: the reference, and (right after recording) the tracking code to give the
    person. A sensitive item is gone to the PSEA focal points: its status only, from now on."""
    user = request.user
    _require_recorder(user)
    found = selectors_desk.recorded_item(user, pk)
    item = found["item"]
    context = {
        **found,
        "status_url": _public_status_url(request),
        "opens_item": may_handle_items(user) and sees_item(user, item),
    }
    return render(request, "feedback/desk/recorded_item.html", context)


@login_required
def recorded(request: HttpRequest) -> HttpResponse:
    """The items the user recorded: reference, date and status only."""
    user = request.user
    _require_recorder(user)
    page = Paginator(selectors_desk.recorded_items(user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    record_list_read(
        user, what=gettext_noop("feedback items recorded"), searched=False, page=page.number
    )
    return render(request, "feedback/desk/recorded.html", {"page": page})


# --- the desk ------------------------------------------------------------------------------------


def _filtered(request: HttpRequest) -> tuple[forms.DeskFilterForm, selectors_desk.DeskFilters]:
    form = forms.DeskFilterForm(request.GET or None, user=request.user)
    return form, selectors_desk.DeskFilters(**form.filters())


@login_required
def desk(request: HttpRequest) -> HttpResponse:
    """The items the user sees, filtered; searched by reference or tracking code only."""
    user = request.user
    _require_desk(user)
    form, filters = _filtered(request)
    now = timezone.now()
    paginator_class = CappedPaginator if filters.query else ListPaginator
    page = paginator_class(selectors_desk.desk_items(user, filters, now=now), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    record_list_read(
        user, what=gettext_noop("feedback items"), searched=bool(filters.query), page=page.number
    )
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "query": query.urlencode(), "now": now}
    return render(request, "feedback/desk/list.html", context)


@login_required
def export(request: HttpRequest) -> HttpResponse:
    """The desk list under the same filters, as XLSX: the list's columns, nothing more."""
    user = request.user
    _require_desk(user)
    form, filters = _filtered(request)
    now = timezone.now()
    rows = list(selectors_desk.desk_items(user, filters, now=now)[: selectors_desk.EXPORT_MAX + 1])
    capped = len(rows) > selectors_desk.EXPORT_MAX
    rows = rows[: selectors_desk.EXPORT_MAX]
    summary = form.summary()
    content = exports.desk_xlsx(rows, filters=summary, capped=capped, now=now)
    detail = Text(
        gettext_noop("feedback items XLSX, %(count)s items, filtered")
        if summary
        else gettext_noop("feedback items XLSX, %(count)s items"),
        count=len(rows),
    )
    record_export(user, detail=detail)
    response = HttpResponse(content, content_type=exports.XLSX)
    stem = _("complaints-and-feedback")  # the file's name, in the user's language
    name = f"{stem}-{timezone.localdate().isoformat()}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


# --- PSEA focal points ---------------------------------------------------------------------------


@login_required
@idempotent_form
def focal_points(request: HttpRequest) -> HttpResponse:
    """Who the organisation's PSEA focal points are (every member); designate one (whoever
    designates)."""
    user = request.user
    if getattr(user, "organisation_id", None) is None:
        raise PermissionDenied
    designates = designates_focal_points(user)
    if request.method == "POST" and not designates:
        raise PermissionDenied
    form = None
    if designates:
        form = forms.DesignationForm(request.POST if request.method == "POST" else None, user=user)
        if request.method == "POST" and form.is_valid():
            done = run_service(
                form, lambda: designations.designate(actor=user, **form.cleaned_data)
            )
            if done is not None:
                messages.success(
                    request,
                    _("%(name)s is designated PSEA focal point.")
                    % {"name": done.user.get_full_name() or done.user.get_username()},
                )
                return redirect("feedback:focal_points")
    context = {
        "current": selectors_desk.focal_points_now(user),
        "designates": designates,
        "designations": selectors_desk.designations_of(user) if designates else [],
        "form": form,
        "today": timezone.localdate(),
    }
    return render(request, "feedback/desk/focal_points.html", context)


@login_required
@require_POST
def end_designation(request: HttpRequest, pk: Any) -> HttpResponse:
    """End a designation (today, or on the day given): the person stops seeing the
    organisation's sensitive items the day after."""
    user = request.user
    if not designates_focal_points(user):
        raise PermissionDenied
    designation = selectors_desk.designation_for(user, pk)
    form = forms.EndDesignationForm(request.POST)
    if form.is_valid():
        done = run_service(
            form,
            lambda: designations.end_designation(
                actor=user, designation=designation, ends_on=form.cleaned_data.get("ends_on")
            ),
        )
        if done is not None:
            messages.success(
                request,
                _("The designation ends on %(date)s.")
                % {"date": date_format(done.ends_on or timezone.localdate(), "SHORT_DATE_FORMAT")},
            )
            return redirect("feedback:focal_points")
    errors = [str(e) for field_errors in form.errors.values() for e in field_errors]
    messages.error(request, " ".join(errors) or _("The designation could not be ended."))
    return redirect("feedback:focal_points")
