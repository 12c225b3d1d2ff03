"""Report pages: thin views over the services and selectors. A report the user may not read is
a 404 (`selectors.report_for`); a role that has no reports at all gets 403."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sutura.access.reports import reporter, submits_reports
from sutura.core.forms import run_service
from sutura.reports import forms, selectors, services
from sutura.reports import render as words
from sutura.reports.models import FileStatus, Language

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _reporter(request: HttpRequest) -> None:
    if not reporter(request.user):
        raise PermissionDenied


@login_required
def report_list(request: HttpRequest) -> HttpResponse:
    _reporter(request)
    form = forms.NewReportForm(
        request.POST or None, programmes=selectors.programmes_reported(request.user)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        report = run_service(
            form,
            lambda: services.create_report(
                actor=request.user,
                programme=data["programme"],
                period=data["period"],
                language=data["language"],
            ),
        )
        if report is not None:
            messages.success(request, _("The report has been drafted."))
            return redirect("reports:detail", pk=report.pk)
    return render(
        request,
        "reports/list.html",
        {"reports": selectors.reports_for(request.user), "form": form},
    )


@login_required
def report_detail(request: HttpRequest, pk: Any) -> HttpResponse:
    """The report: narrative, figures (frozen once submitted), its files and their progress."""
    _reporter(request)
    report = selectors.report_for(request.user, pk)
    snapshot = selectors.figures_of(request.user, report)
    form = None
    if not report.submitted:
        form = forms.NarrativeForm(
            request.POST or None,
            initial={
                "language": report.language,
                "summary": report.summary,
                "achievements": report.achievements,
                "challenges": report.challenges,
                "lessons": report.lessons,
                "next_period": report.next_period,
                "version": report.version,
            },
        )
        if request.method == "POST" and form.is_valid():
            data = dict(form.cleaned_data)
            version = data.pop("version")
            done = run_service(
                form,
                lambda: services.edit_report(
                    actor=request.user, report=report, version=version, **data
                ),
            )
            if done is not None:
                messages.success(request, _("The report has been saved."))
                return redirect("reports:detail", pk=report.pk)
    elif request.method == "POST":
        raise PermissionDenied
    with translation.override(report.language):
        body = words.context(report, snapshot)
    files = selectors.files_of(request.user, report)
    return render(
        request,
        "reports/detail.html",
        {
            **body,
            "report": report,
            "form": form,
            "files": files,
            "building": any(f.status in (FileStatus.QUEUED, FileStatus.RUNNING) for f in files),
            "may_submit": not report.submitted
            and submits_reports(request.user, report.organisation_id),
            "languages": Language.choices,
            "report_lang": report.language,
        },
    )


@login_required
@require_POST
def report_submit(request: HttpRequest, pk: Any) -> HttpResponse:
    _reporter(request)
    report = selectors.report_for(request.user, pk)
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = None
    try:
        services.submit(actor=request.user, report=report, version=version)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("reports:detail", pk=report.pk)
    messages.success(request, _("The report has been submitted: its figures are now frozen."))
    return redirect("reports:detail", pk=report.pk)


@login_required
@require_POST
def report_correct(request: HttpRequest, pk: Any) -> HttpResponse:
    _reporter(request)
    report = selectors.report_for(request.user, pk)
    try:
        new = services.correct(actor=request.user, report=report)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("reports:detail", pk=report.pk)
    return redirect("reports:detail", pk=new.pk)


@login_required
@require_POST
def file_request(request: HttpRequest, pk: Any) -> HttpResponse:
    _reporter(request)
    report = selectors.report_for(request.user, pk)
    form = forms.FileForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose PDF or XLSX, in French or English."))
        return redirect("reports:detail", pk=report.pk)
    services.request_file(
        actor=request.user,
        report=report,
        file_format=form.cleaned_data["format"],
        language=form.cleaned_data["language"],
    )
    messages.info(request, _("The file is being built: it will appear below."))
    return redirect("reports:detail", pk=report.pk)


@login_required
def file_download(request: HttpRequest, pk: Any, file_id: Any) -> HttpResponse:
    _reporter(request)
    report = selectors.report_for(request.user, pk)
    found = selectors.file_for(request.user, report, file_id)
    if found.status != FileStatus.READY or found.content is None:
        messages.info(request, _("This file is not ready yet."))
        return redirect("reports:detail", pk=report.pk)
    name = f"report-{report.programme.code or 'programme'}-{report.period}-v{report.number}"
    response = HttpResponse(bytes(found.content), content_type=CONTENT_TYPES[found.format])
    response["Content-Disposition"] = (
        f'attachment; filename="{name}-{found.language}.{found.format}"'
    )
    return response
