"""Attendance pages: participants one by one, counts of a large session, the XLSX import and
its template, the PDF sheet to sign."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext
from django.views.decorators.http import require_POST

from sutura.access.meetings import sees_contacts
from sutura.audit.services import record_export
from sutura.core.downloads import _private, download_name, private_pdf
from sutura.core.forms import run_service
from sutura.core.idempotency import idempotent_form
from sutura.meetings import attendance, pdf, selectors, sheets
from sutura.meetings.forms import CountForm, ImportForm, ParticipantForm
from sutura.meetings.views.common import recorded, seen

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PARTICIPANT_VALUES = (
    "name",
    "organisation_name",
    "category",
    "function",
    "sex",
    "age_group",
    "phone",
    "email",
    "invited",
    "attended",
    "signed",
)


@login_required
@idempotent_form
def participant_add(request: HttpRequest, pk: Any) -> HttpResponse:
    meeting = recorded(request, pk)
    form = ParticipantForm(request.POST or None, user=request.user, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = run_service(
            form,
            lambda: attendance.add_participant(
                request.user,
                meeting,
                user=data.get("user"),
                person=data.get("person"),
                **{name: data.get(name) or _empty(name) for name in PARTICIPANT_VALUES},
            ),
        )
        if done is not None:
            messages.success(request, _("The participant has been added."))
            if "again" in request.POST:
                return redirect("meetings:participant_add", pk=meeting.pk)
            return redirect("meetings:detail", pk=meeting.pk)
    return render(
        request,
        "meetings/participant_form.html",
        {"form": form, "meeting": meeting, "create": True},
    )


def _empty(name: str) -> Any:
    if name in ("invited", "attended", "signed"):
        return False
    if name == "age_group":
        return "unknown"
    return ""


@login_required
def participant_edit(request: HttpRequest, pk: Any, participant_id: Any) -> HttpResponse:
    meeting = recorded(request, pk)
    participant = selectors.participant_for(request.user, meeting, participant_id)
    initial = {name: getattr(participant, name) for name in PARTICIPANT_VALUES}
    form = ParticipantForm(
        request.POST or None,
        user=request.user,
        meeting=meeting,
        kept_category=participant.category,
        initial=initial,
    )
    # Who the participant is does not change here (remove and add instead).
    for name in ("user", "person"):
        form.fields[name].disabled = True
        form.fields[name].initial = getattr(participant, f"{name}_id")
    if participant.user_id or participant.person_id:
        form.fields["name"].disabled = True
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        values = {name: data.get(name) or _empty(name) for name in PARTICIPANT_VALUES}
        if participant.user_id or participant.person_id:
            values.pop("name")
        version = _version(request)
        done = run_service(
            form,
            lambda: attendance.update_participant(
                request.user, participant, expected_version=version, **values
            ),
        )
        if done is not None:
            messages.success(request, _("The participant has been saved."))
            return redirect("meetings:detail", pk=meeting.pk)
    return render(
        request,
        "meetings/participant_form.html",
        {"form": form, "meeting": meeting, "participant": participant},
    )


def _version(request: HttpRequest) -> int:
    try:
        return int(request.POST.get("version", "0"))
    except ValueError:
        return 0


@login_required
@require_POST
def participant_remove(request: HttpRequest, pk: Any, participant_id: Any) -> HttpResponse:
    meeting = recorded(request, pk)
    participant = selectors.participant_for(request.user, meeting, participant_id)
    attendance.remove_participant(request.user, participant)
    messages.success(request, _("The participant has been removed from the list."))
    return redirect("meetings:detail", pk=meeting.pk)


@login_required
def counted_attendance(request: HttpRequest, pk: Any) -> HttpResponse:
    """Counted attendance of a large public session, one cell at a time."""
    meeting = recorded(request, pk)
    counts = selectors.counts_of(request.user, meeting)
    counted = set(counts.values_list("category", flat=True))
    form = CountForm(request.POST or None, meeting=meeting, counted=counted)
    if request.method == "POST" and form.is_valid():
        done = run_service(
            form, lambda: attendance.set_count(request.user, meeting, **form.cleaned_data) or True
        )
        if done is not None:
            messages.success(request, _("The count has been saved."))
            return redirect("meetings:counts", pk=meeting.pk)
    totals = selectors.meeting_totals(request.user, meeting)
    context = {
        "form": form,
        "meeting": meeting,
        "counts": selectors.counts_of(request.user, meeting),  # again: after a save
        "rows": totals.rows(),
        "totals": totals,
    }
    return render(request, "meetings/counts.html", context)


def import_message(result: attendance.ImportResult) -> str:
    """What an import did, in two sentences that agree with their numbers."""
    added = ngettext(
        "Attendance imported: %(count)s participant added.",
        "Attendance imported: %(count)s participants added.",
        result.added,
    ) % {"count": result.added}
    if not result.updated:
        return added
    updated = ngettext(
        "%(count)s participant already on the list was updated.",
        "%(count)s participants already on the list were updated.",
        result.updated,
    ) % {"count": result.updated}
    return f"{added} {updated}"


@login_required
def import_sheet(request: HttpRequest, pk: Any) -> HttpResponse:
    """Import a filled attendance sheet: every line checked, all saved or none."""
    meeting = recorded(request, pk)
    form = ImportForm(request.POST or None, request.FILES or None)
    errors: list[sheets.SheetError] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            reading = sheets.read(upload)
        except ValidationError as refused:
            reading = None
            messages_ = refused.message_dict.get("file") if hasattr(refused, "error_dict") else None
            for message in messages_ or refused.messages:
                form.add_error("file", message)
        if reading is not None:
            errors = reading.errors
            if reading.ok:
                result = run_service(
                    form,
                    lambda: attendance.import_attendance(request.user, meeting, rows=reading.rows),
                )
                if result is not None:
                    messages.success(request, import_message(result))
                    return redirect("meetings:detail", pk=meeting.pk)
    context = {
        "form": form,
        "meeting": meeting,
        "errors": errors,
        "uploaded_name": getattr(request.FILES.get("file"), "name", ""),
    }
    return render(request, "meetings/import.html", context, status=200)


@login_required
def template(request: HttpRequest, language: str) -> HttpResponse:
    """The attendance template; `?meeting=<id>` offers that meeting's own categories (a
    community's groups for a community's meeting) in its drop-down."""
    if language not in ("fr", "en"):
        raise Http404
    categories = None
    if request.GET.get("meeting"):
        try:
            meeting_id = uuid.UUID(request.GET["meeting"])
        except ValueError:
            raise Http404 from None
        meeting, _standing = seen(request, meeting_id)
        categories = attendance.categories_for(meeting)
    response = HttpResponse(sheets.template(language, categories), content_type=XLSX_TYPE)
    name = "feuille-de-presence" if language == "fr" else "attendance-sheet"
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return _private(response)


@login_required
def sheet_pdf(request: HttpRequest, pk: Any, which: str) -> HttpResponse:
    """The sheet to sign: blank, or pre-filled with the invitees (their phones only for those
    who record the meeting)."""
    meeting, _standing = seen(request, pk)
    invitees: list[Any] = []
    if which == "invitees":
        invitees = [p for p in selectors.participants_of(request.user, meeting) if p.invited]
        if not sees_contacts(request.user, meeting):
            for participant in invitees:
                participant.phone = ""
        record_export(
            request.user, obj=meeting, detail=gettext_noop("attendance sheet with invitees")
        )
    content = pdf.attendance_sheet(
        meeting,
        invitees=invitees,
        facilitators=list(selectors.facilitators_of(request.user, meeting)),
    )
    day = f"{timezone.localtime(meeting.starts_at):%Y-%m-%d}"
    words = _("Attendance sheet with invitees") if which == "invitees" else _("Attendance sheet")
    return private_pdf(content, download_name(words, day))
