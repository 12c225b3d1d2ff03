"""Pages of the data-sharing protocol and of NRM membership. Reading asks `view_governance`
(members' staff, the coordinator), writing `manage_governance` (the NRM coordinator); 403
otherwise, 404 for what does not exist."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sutura.access import can, get_visible_or_404, require
from sutura.accounts.roles import Perm
from sutura.core.downloads import private_download
from sutura.core.forms import run_service
from sutura.core.idempotency import idempotent_form
from sutura.governance.forms.protocols import (
    STEP_CHOICES,
    EndSignatureForm,
    PdfForm,
    ProtocolForm,
    SignatureForm,
    StepForm,
    VersionForm,
)
from sutura.governance.models import Protocol, ProtocolVersion, Signature
from sutura.governance.selectors import protocols as selectors
from sutura.governance.services import protocols as services


def _version(request: HttpRequest, pk: Any) -> ProtocolVersion:
    return get_visible_or_404(
        request.user, ProtocolVersion.objects.select_related("protocol"), pk=pk
    )


@login_required
def membership(request: HttpRequest) -> HttpResponse:
    """Every organisation that signed: members first, with their signature dates; then those
    whose signature lapsed, since when and why."""
    require(request.user, Perm.VIEW_GOVERNANCE)
    rows = selectors.membership_rows()
    return render(
        request,
        "governance/membership_list.html",
        {
            "members": [row for row in rows if row.membership.is_member],
            "lapsed": [row for row in rows if not row.membership.is_member],
            "can_manage": can(request.user, Perm.MANAGE_GOVERNANCE),
        },
    )


@login_required
def protocol_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Perm.VIEW_GOVERNANCE)
    return render(
        request,
        "governance/protocol_list.html",
        {
            "protocols": selectors.protocols(request.user),
            "can_manage": can(request.user, Perm.MANAGE_GOVERNANCE),
        },
    )


@login_required
@idempotent_form
def protocol_new(request: HttpRequest) -> HttpResponse:
    require(request.user, Perm.MANAGE_GOVERNANCE)
    form = ProtocolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = run_service(
            form, lambda: services.create_protocol(request.user, **form.cleaned_data)
        )
        if done is not None:
            messages.success(request, _("The protocol has been created: write its first version."))
            return redirect("governance:version_new", pk=done.pk)
    return render(request, "governance/protocol_form.html", {"form": form})


@login_required
def protocol_detail(request: HttpRequest, pk: Any) -> HttpResponse:
    require(request.user, Perm.VIEW_GOVERNANCE)
    protocol = get_visible_or_404(request.user, Protocol, pk=pk)
    return render(
        request,
        "governance/protocol_detail.html",
        {
            "protocol": protocol,
            "versions": selectors.versions_of(request.user, protocol),
            "can_manage": can(request.user, Perm.MANAGE_GOVERNANCE),
        },
    )


@login_required
@idempotent_form
def version_new(request: HttpRequest, pk: Any) -> HttpResponse:
    """A new draft, starting from the latest version's text."""
    require(request.user, Perm.MANAGE_GOVERNANCE)
    protocol = get_visible_or_404(request.user, Protocol, pk=pk)
    latest = selectors.latest_version(request.user, protocol)
    initial = {name: getattr(latest, name) for name in services.SECTION_FIELDS} if latest else {}
    form = VersionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        done = run_service(
            form, lambda: services.create_version(request.user, protocol, **form.values())
        )
        if done is not None:
            messages.success(request, _("The draft version has been saved."))
            return redirect("governance:version", pk=done.pk)
    return render(
        request, "governance/protocol_version_form.html", {"form": form, "protocol": protocol}
    )


@login_required
def version_detail(request: HttpRequest, pk: Any) -> HttpResponse:
    require(request.user, Perm.VIEW_GOVERNANCE)
    version = _version(request, pk)
    manage = can(request.user, Perm.MANAGE_GOVERNANCE)
    steps = services.available_steps(version)
    step_form = None
    if manage and steps:
        step_form = StepForm()
        to_status = step_form.fields["to_status"]
        if isinstance(to_status, forms.ChoiceField):
            to_status.choices = [choice for choice in STEP_CHOICES if choice[0] in steps]
    return render(
        request,
        "governance/protocol_version.html",
        {
            "version": version,
            "protocol": version.protocol,
            "sections": version.sections(),
            "signatures": selectors.signatures_of(request.user, version),
            "history": selectors.steps_of(request.user, version),
            "can_manage": manage,
            "step_form": step_form,
            "steps": steps,
            "pdf_form": PdfForm() if manage else None,
            "editable": manage and version.status in services.EDITABLE,
            "may_sign": manage and version.accepts_signatures,
        },
    )


@login_required
def version_edit(request: HttpRequest, pk: Any) -> HttpResponse:
    require(request.user, Perm.MANAGE_GOVERNANCE)
    version = _version(request, pk)
    initial = {name: getattr(version, name) for name in services.VERSION_FIELDS}
    form = VersionForm(request.POST or None, initial={**initial, "version": version.version})
    if request.method == "POST" and form.is_valid():
        done = run_service(
            form,
            lambda: services.update_version(
                request.user,
                version,
                expected_version=form.cleaned_data["version"] or 0,
                **form.values(),
            ),
        )
        if done is not None:
            messages.success(request, _("The version has been saved."))
            return redirect("governance:version", pk=version.pk)
    return render(
        request,
        "governance/protocol_version_form.html",
        {"form": form, "protocol": version.protocol, "version": version},
    )


@login_required
@require_POST
def version_step(request: HttpRequest, pk: Any) -> HttpResponse:
    require(request.user, Perm.MANAGE_GOVERNANCE)
    version = _version(request, pk)
    form = StepForm(request.POST)
    if form.is_valid():
        done = run_service(
            form,
            lambda: services.move_version(
                request.user,
                version,
                to_status=form.cleaned_data["to_status"],
                note=form.cleaned_data["note"],
            ),
        )
        if done is not None:
            messages.success(
                request,
                _("The version is now “%(status)s”.") % {"status": done.get_status_display()},
            )
            return redirect("governance:version", pk=version.pk)
    for error in form.errors.values():
        messages.error(request, " ".join(str(e) for e in error))
    return redirect("governance:version", pk=version.pk)


@login_required
@require_POST
def version_upload(request: HttpRequest, pk: Any) -> HttpResponse:
    require(request.user, Perm.MANAGE_GOVERNANCE)
    version = _version(request, pk)
    form = PdfForm(request.POST, request.FILES)
    if form.is_valid():
        done = run_service(
            form,
            lambda: services.attach_signed_pdf(
                request.user, version, upload=form.cleaned_data["file"]
            ),
        )
        if done is not None:
            messages.success(request, _("The signed PDF has been stored."))
            return redirect("governance:version", pk=version.pk)
    for error in form.errors.values():
        messages.error(request, " ".join(str(e) for e in error))
    return redirect("governance:version", pk=version.pk)


@login_required
def version_pdf(request: HttpRequest, pk: Any) -> FileResponse:
    """The signed PDF, to readers of governance only (never a public link)."""
    require(request.user, Perm.VIEW_GOVERNANCE)
    version = _version(request, pk)
    if not version.signed_pdf:
        raise Http404
    return private_download(
        version.signed_pdf, version.signed_pdf_name or "protocole.pdf", "application/pdf"
    )


@login_required
@idempotent_form
def signature_new(request: HttpRequest, pk: Any) -> HttpResponse:
    require(request.user, Perm.MANAGE_GOVERNANCE)
    version = _version(request, pk)
    form = SignatureForm(
        request.POST or None, organisations=selectors.unsigned_organisations(version)
    )
    if request.method == "POST" and form.is_valid():
        done = run_service(
            form, lambda: services.add_signature(request.user, version, **form.cleaned_data)
        )
        if done is not None:
            messages.success(request, _("The signature has been recorded."))
            return redirect("governance:version", pk=version.pk)
    return render(
        request, "governance/protocol_signature_form.html", {"form": form, "version": version}
    )


@login_required
def signature_end(request: HttpRequest, pk: Any) -> HttpResponse:
    """End a signature (withdrawal, exclusion…): the organisation stops being a member."""
    require(request.user, Perm.MANAGE_GOVERNANCE)
    signature = get_visible_or_404(
        request.user,
        Signature.objects.select_related("protocol_version__protocol", "organisation"),
        pk=pk,
    )
    form = EndSignatureForm(request.POST or None, initial={"version": signature.version})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = run_service(
            form,
            lambda: services.end_signature(
                request.user,
                signature,
                expected_version=data["version"],
                ended_on=data["ended_on"],
                reason=data["reason"],
                note=data["note"],
            ),
        )
        if done is not None:
            messages.success(request, _("The end of the signature has been recorded."))
            return redirect("governance:membership")
    return render(
        request, "governance/protocol_signature_end.html", {"form": form, "signature": signature}
    )
