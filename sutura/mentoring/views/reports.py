"""Monthly reports (open one for a month, write its free text, submit it; approve or return
it; download it as PDF or XLSX in French or English), monthly check-ins (plan, record,
cancel) and the focal point's supervision page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from sutura.access import can
from sutura.access.mentoring import (
    checkin_standing,
    has_volunteer_profile,
    report_standing,
    works_in_mentoring,
)
from sutura.accounts.roles import Perm
from sutura.audit.services import record_export, record_list_read
from sutura.core.downloads import download_name
from sutura.core.forms import run_service
from sutura.core.idempotency import idempotent_form
from sutura.core.texts import Text
from sutura.mentoring import report_files
from sutura.mentoring.models import ReportStatus
from sutura.mentoring.report_forms import (
    CheckInRecordForm,
    ReportMonthForm,
    ReportTextForm,
    ReviewForm,
    ScheduleForm,
)
from sutura.mentoring.selectors import checkins as checkin_selectors
from sutura.mentoring.selectors import groups as group_selectors
from sutura.mentoring.selectors import reports as selectors
from sutura.mentoring.services import checkins as checkin_services
from sutura.mentoring.services import reports as services

LANGUAGES = ("fr", "en")

# --- monthly reports ----------------------------------------------------------------------------


@login_required
def report_list(request: HttpRequest) -> HttpResponse:
    if not works_in_mentoring(request.user):
        raise PermissionDenied
    reports = list(
        selectors.reports_for(request.user).order_by("-month", "mentor__first_name")[:200]
    )
    record_list_read(request.user, what=gettext_noop("monthly reports"), searched=False, page=1)
    mentor = has_volunteer_profile(request.user)
    form = ReportMonthForm(initial={"month": selectors.last_month()}) if mentor else None
    return render(request, "mentoring/reports/list.html", {"reports": reports, "form": form})


@login_required
@idempotent_form
def report_create(request: HttpRequest) -> HttpResponse:
    if not has_volunteer_profile(request.user):
        raise Http404
    form = ReportMonthForm(request.POST or None, initial={"month": selectors.last_month()})
    if request.method == "POST" and form.is_valid():
        report = run_service(
            form, lambda: services.open_report(request.user, month=form.cleaned_data["month"])
        )
        if report is not None:
            return redirect("mentoring:report", pk=report.pk)
    return render(request, "mentoring/reports/create.html", {"form": form})


def _report_page(request: HttpRequest, report: Any, **forms: Any) -> HttpResponse:
    user = request.user
    standing = report_standing(user, report)
    editable = standing.author and report.status in (ReportStatus.DRAFT, ReportStatus.RETURNED)
    figures = selectors.figures_of(user, report)
    context = {
        "report": report,
        "standing": standing,
        "month": report_files.month_label(report),
        "sections": report_files.sections(figures),
        "steps": selectors.steps_of(user, report),
        "changed": selectors.changed_after_approval(user, report),
        "text_form": forms.get("text_form")
        or (
            ReportTextForm(
                initial={
                    "highlights": report.highlights,
                    "challenges": report.challenges,
                    "ideas": report.ideas,
                    "version": report.version,
                }
            )
            if editable
            else None
        ),
        "may_submit": services.may_step(user, report, ReportStatus.SUBMITTED),
        "review_form": forms.get("review_form")
        or (ReviewForm() if services.may_step(user, report, ReportStatus.APPROVED) else None),
        "free_text": report_files.free_text(report),
        "languages": LANGUAGES,
    }
    return render(request, "mentoring/reports/detail.html", context)


@login_required
def report_detail(request: HttpRequest, pk: Any) -> HttpResponse:
    return _report_page(request, selectors.report_for(request.user, pk))


@login_required
@require_POST
def report_text(request: HttpRequest, pk: Any) -> HttpResponse:
    report = selectors.report_for(request.user, pk, audit=False)
    if not report_standing(request.user, report).author:
        raise Http404
    form = ReportTextForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        saved = run_service(
            form,
            lambda: services.write_text(
                request.user,
                report,
                expected_version=data.get("version") or 0,
                highlights=data["highlights"],
                challenges=data["challenges"],
                ideas=data["ideas"],
            ),
        )
        if saved is not None:
            if request.POST.get("then") == "submit":
                try:
                    services.submit(request.user, saved)
                except ValidationError as error:
                    messages.error(request, " ".join(error.messages))
                else:
                    messages.success(request, _("The report has been sent to your focal point."))
            else:
                messages.success(request, _("The report has been saved."))
            return redirect("mentoring:report", pk=report.pk)
    return _report_page(request, report, text_form=form)


@login_required
@require_POST
def report_submit(request: HttpRequest, pk: Any) -> HttpResponse:
    report = selectors.report_for(request.user, pk, audit=False)
    if not report_standing(request.user, report).author:
        raise Http404
    try:
        services.submit(request.user, report)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The report has been sent to your focal point."))
    return redirect("mentoring:report", pk=report.pk)


@login_required
@require_POST
def report_review(request: HttpRequest, pk: Any) -> HttpResponse:
    report = selectors.report_for(request.user, pk, audit=False)
    if not report_standing(request.user, report).reviewer:
        raise Http404
    form = ReviewForm(request.POST)
    if form.is_valid():
        comment = form.cleaned_data["comment"]
        if request.POST.get("decision") == "return":
            done = run_service(
                form, lambda: services.return_report(request.user, report, comment=comment)
            )
            said = _("The report has been returned to the mentor.")
        else:
            done = run_service(
                form, lambda: services.approve(request.user, report, comment=comment)
            )
            said = _("The report has been approved.")
        if done is not None:
            messages.success(request, said)
            return redirect("mentoring:report", pk=report.pk)
    return _report_page(request, report, review_form=form)


def _language(request: HttpRequest) -> str:
    asked = request.GET.get("lang", "")
    return asked if asked in LANGUAGES else (translation.get_language() or "fr")[:2]


@login_required
def report_pdf(request: HttpRequest, pk: Any) -> HttpResponse:
    report = selectors.report_for(request.user, pk, audit=False)
    language = _language(request)
    with translation.override(language):
        content = report_files.report_pdf(report, selectors.figures_of(request.user, report))
    record_export(
        request.user,
        detail=Text(gettext_noop("Monthly report PDF (%(language)s)"), language=language),
        obj=report,
    )
    response = HttpResponse(content, content_type="application/pdf")
    name = _report_name(report, language, "pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _report_name(report: Any, language: str, ext: str) -> str:
    """The file's name in the file's language: rapport-mensuel-2026-05.pdf."""
    with translation.override(language):
        return download_name(_("Monthly report"), f"{report.month:%Y-%m}", ext=ext)


@login_required
def report_xlsx(request: HttpRequest, pk: Any) -> HttpResponse:
    report = selectors.report_for(request.user, pk, audit=False)
    language = _language(request)
    with translation.override(language):
        content = report_files.report_xlsx(report, selectors.figures_of(request.user, report))
    record_export(
        request.user,
        detail=Text(gettext_noop("Monthly report XLSX (%(language)s)"), language=language),
        obj=report,
    )
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    name = _report_name(report, language, "xlsx")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# --- check-ins ----------------------------------------------------------------------------------


def _mentors(request: HttpRequest) -> Any:
    """The mentors the user supervises (not themself)."""
    user: Any = request.user
    return group_selectors.mentors_to_choose(user).exclude(user_id=user.pk)


@login_required
def checkin_list(request: HttpRequest) -> HttpResponse:
    if not works_in_mentoring(request.user):
        raise PermissionDenied
    checkins = list(checkin_selectors.checkins_for(request.user)[:200])
    record_list_read(request.user, what=gettext_noop("check-ins"), searched=False, page=1)
    supervises = can(request.user, Perm.SUPERVISE_MENTORS) and _mentors(request).exists()
    form = ScheduleForm(mentors=_mentors(request)) if supervises else None
    return render(request, "mentoring/checkins/list.html", {"checkins": checkins, "form": form})


@login_required
@idempotent_form
def checkin_create(request: HttpRequest) -> HttpResponse:
    mentors = _mentors(request)
    if not can(request.user, Perm.SUPERVISE_MENTORS) or not mentors.exists():
        raise Http404
    form = ScheduleForm(request.POST or None, mentors=mentors)
    if request.method == "POST" and form.is_valid():
        checkin = run_service(
            form,
            lambda: checkin_services.schedule_checkin(
                request.user,
                mentor=form.cleaned_data["mentor"].user,
                scheduled_on=form.cleaned_data["scheduled_on"],
            ),
        )
        if checkin is not None:
            messages.success(request, _("The check-in has been planned."))
            return redirect("mentoring:checkin", pk=checkin.pk)
    return render(request, "mentoring/checkins/create.html", {"form": form})


def _checkin_page(request: HttpRequest, checkin: Any, form: Any = None) -> HttpResponse:
    standing = checkin_standing(request.user, checkin)
    if form is None and standing.records and checkin.status == "scheduled":
        form = CheckInRecordForm(
            initial={"held_on": timezone.localdate(), "version": checkin.version}
        )
    context = {
        "checkin": checkin,
        "standing": standing,
        "notes": checkin_selectors.notes_of(request.user, checkin),
        "form": form,
    }
    return render(request, "mentoring/checkins/detail.html", context)


@login_required
def checkin_detail(request: HttpRequest, pk: Any) -> HttpResponse:
    return _checkin_page(request, checkin_selectors.checkin_for(request.user, pk))


@login_required
@require_POST
def checkin_record(request: HttpRequest, pk: Any) -> HttpResponse:
    checkin = checkin_selectors.checkin_for(request.user, pk, audit=False)
    if not checkin_standing(request.user, checkin).records:
        raise Http404
    form = CheckInRecordForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        done = run_service(
            form,
            lambda: checkin_services.record_checkin(
                request.user,
                checkin,
                expected_version=data.get("version") or 0,
                held_on=data["held_on"],
                wellbeing=data["wellbeing"],
                difficulties=data["difficulties"],
                ideas=data["ideas"],
                actions=data["actions"],
            ),
        )
        if done is not None:
            messages.success(request, _("The check-in has been recorded."))
            return redirect("mentoring:checkin", pk=checkin.pk)
    return _checkin_page(request, checkin, form)


@login_required
@require_POST
def checkin_cancel(request: HttpRequest, pk: Any) -> HttpResponse:
    checkin = checkin_selectors.checkin_for(request.user, pk, audit=False)
    if not checkin_standing(request.user, checkin).records:
        raise Http404
    version = request.POST.get("version", "")
    try:
        checkin_services.cancel_checkin(
            request.user, checkin, expected_version=int(version) if version.isdigit() else 0
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The check-in has been cancelled."))
    return redirect("mentoring:checkin", pk=checkin.pk)


# --- supervision --------------------------------------------------------------------------------


@login_required
def supervision(request: HttpRequest) -> HttpResponse:
    """The focal point's mentors at a glance."""
    if not can(request.user, Perm.SUPERVISE_MENTORS):
        raise Http404
    rows = selectors.supervision_rows(request.user)
    record_list_read(request.user, what=gettext_noop("supervised mentors"), searched=False, page=1)
    context = {
        "rows": rows,
        "awaiting": list(selectors.awaiting_review(request.user)[:50]),
        "missed": list(checkin_selectors.missed(request.user)[:50]),
        "overdue": checkin_selectors.without_checkin(request.user),
        "weeks_per_month": selectors.WEEKS_PER_MONTH,
    }
    return render(request, "mentoring/reports/supervision.html", context)


urlpatterns: list[URLPattern] = [
    path("reports/", report_list, name="reports"),
    path("reports/new/", report_create, name="report_create"),
    path("reports/<uuid:pk>/", report_detail, name="report"),
    path("reports/<uuid:pk>/text/", report_text, name="report_text"),
    path("reports/<uuid:pk>/submit/", report_submit, name="report_submit"),
    path("reports/<uuid:pk>/review/", report_review, name="report_review"),
    path("reports/<uuid:pk>/report.pdf", report_pdf, name="report_pdf"),
    path("reports/<uuid:pk>/report.xlsx", report_xlsx, name="report_xlsx"),
    path("checkins/", checkin_list, name="checkins"),
    path("checkins/new/", checkin_create, name="checkin_create"),
    path("checkins/<uuid:pk>/", checkin_detail, name="checkin"),
    path("checkins/<uuid:pk>/record/", checkin_record, name="checkin_record"),
    path("checkins/<uuid:pk>/cancel/", checkin_cancel, name="checkin_cancel"),
    path("supervision/", supervision, name="supervision"),
]
