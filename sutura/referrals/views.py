"""Referral pages: thin views over services, selectors and sharing.

What a receiver reads of a person comes only from `sharing.shared_case_for()`; these views
never show the receiving side the case itself (no link, no number, no other record).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sutura.access import can, visible
from sutura.access.rules import sees_case_in_full
from sutura.accounts.roles import Perm
from sutura.audit.services import record_export, record_list_read, record_read
from sutura.cases.models import Case
from sutura.cases.selectors import case_for
from sutura.core.forms import run_service
from sutura.directory.models import Service
from sutura.directory.selectors.pathways import suggestions_for
from sutura.people.consent import current_consent
from sutura.people.models import ConsentPurpose, ConsentStatus
from sutura.referrals import forms, pdf, services
from sutura.referrals.models import (
    ACTIVE_STATUSES,
    ENDED_STATUSES,
    ClosureReason,
    Referral,
    ReferralStatus,
    ReferralTransition,
)
from sutura.referrals.selectors import chain_of, inbox_for, overdue, referral_for, sent_by
from sutura.referrals.sharing import names_for, shared_case_for, shared_document

PAGE_SIZE = 25
S = ReferralStatus


# --- referring -----------------------------------------------------------------------------


@login_required
def referral_create(request: HttpRequest, case_id: Any) -> HttpResponse:
    """Refer the person of a case to a service (or, internally, to a colleague)."""
    require_any(request.user, Perm.MAKE_REFERRALS)
    case = case_for(request.user, case_id, audit=request.method == "GET")
    full = sees_case_in_full(request.user, case)  # a mentor refers to a colleague only
    form = _referral_form(request, _case_form_kwargs(request.user, case, full))
    if request.method == "POST" and "pick" not in request.POST and form.is_valid():
        send = "send" in request.POST
        referral = run_service(
            form,
            lambda: services.create_referral(
                actor=request.user, case=case, send=send, **form.service_data()
            ),
        )
        if referral is not None:
            messages.success(request, _sent_or_saved(referral))
            return redirect("referrals:detail", pk=referral.pk)
    title = _("Refer %(case)s") % {"case": case.number}
    return _render_case_form(request, form, case, full, title)


@login_required
def referral_edit(request: HttpRequest, pk: Any) -> HttpResponse:
    """Change a draft, then keep it or send it."""
    referral = referral_for(request.user, pk)
    if referral.status != S.DRAFT or not services.is_sender(request.user, referral):
        raise PermissionDenied
    case = referral.case
    full = services.works_on_case(request.user, case)
    initial = {
        "category": referral.category,
        "service": referral.service_id,
        "to_user": referral.to_user_id,
        "reason": referral.reason,
        "urgency": referral.urgency,
        "shared_sections": referral.shared_sections,
        "version": referral.version,
    }
    form_kwargs = _case_form_kwargs(request.user, case, full, referral.parent)
    form = _referral_form(request, {**form_kwargs, "initial": initial})
    if request.method == "POST" and "pick" not in request.POST and form.is_valid():
        send = "send" in request.POST

        def save() -> Referral:
            with transaction.atomic():  # sending refused: the draft keeps its old content
                saved = services.update_draft(
                    actor=request.user,
                    referral=referral,
                    expected_version=form.cleaned_data.get("version") or 0,
                    **form.service_data(),
                )
                return services.send_referral(actor=request.user, referral=saved) if send else saved

        updated = run_service(form, save)
        if updated is not None:
            messages.success(request, _sent_or_saved(updated))
            return redirect("referrals:detail", pk=updated.pk)
    title = _("Edit the draft %(number)s") % {"number": referral.number}
    return _render_case_form(request, form, case, full, title, referral=referral)


def _case_form_kwargs(
    user: Any, case: Case, full: bool, parent: Referral | None = None
) -> dict[str, Any]:
    return {
        "user": user,
        "sections": services.sections_allowed(user, case, parent),
        "with_services": full,
        "case_id": case.pk,
    }


def _render_case_form(
    request: HttpRequest, form: Any, case: Case, full: bool, title: Any, **extra: Any
) -> HttpResponse:
    """The referral form of a case (new referral or draft), with the pathway suggestions."""
    context = {
        "form": form,
        "case": case,
        "title": title,
        "suggestions": suggestions_for(request.user, case) if full else [],
        "consent": _referral_consent(case),
        "may_record_consent": can(request.user, Perm.EDIT_PERSONS) and full,
        "service_panel": _service_panel(form, case),
        "can_draft": True,
        **extra,
    }
    return render(request, "referrals/form.html", context)


@login_required
def referral_onward(request: HttpRequest, pk: Any) -> HttpResponse:
    """A counter-referral: the receiver refers the person onward, sharing at most what they
    received. Sent at once."""
    parent = referral_for(request.user, pk)
    if not services.is_receiver(request.user, parent) or parent.status not in {
        S.ACCEPTED,
        S.IN_PROGRESS,
    }:
        raise PermissionDenied
    form_kwargs = {
        "user": request.user,
        "sections": services.sections_allowed(request.user, parent.case, parent),
        "with_colleagues": False,
        "initial": {"category": parent.category},
    }
    form = _referral_form(request, form_kwargs)
    if request.method == "POST" and "pick" not in request.POST and form.is_valid():
        referral = run_service(
            form,
            lambda: services.refer_onward(actor=request.user, parent=parent, **form.service_data()),
        )
        if referral is not None:
            messages.success(request, _sent_or_saved(referral))
            return redirect("referrals:detail", pk=referral.pk)
    context = {
        "form": form,
        "parent": parent,
        "title": _("Refer onward from %(number)s") % {"number": parent.number},
        "suggestions": [],
        "service_panel": _service_panel(form, None),
        "can_draft": False,
    }
    return render(request, "referrals/form.html", context)


def _referral_form(request: HttpRequest, kwargs: dict[str, Any]) -> forms.ReferralForm:
    """The form as posted; after "choose this service" (a suggestion), the same input with that
    service chosen and nothing yet checked, so the user carries on where they were."""
    if request.method != "POST":
        initial = dict(kwargs.pop("initial", {}))
        for name in ("service", "category"):
            if request.GET.get(name):
                initial[name] = request.GET[name]
        return forms.ReferralForm(initial=initial, **kwargs)
    kwargs.pop("initial", None)
    pick = request.POST.get("pick")
    if not pick:
        return forms.ReferralForm(request.POST, **kwargs)
    data = {
        name: request.POST.getlist(name) if name == "shared_sections" else request.POST.get(name)
        for name in forms.ReferralForm.base_fields
    }
    choices = forms.active_services(kwargs["user"])
    service = choices.filter(pk=pick).first() if _is_uuid(pick) else None
    if service is not None:
        data["service"], data["category"] = service.pk, service.category
    return forms.ReferralForm(initial=data, **kwargs)


def _is_uuid(value: str) -> bool:
    import uuid

    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def _chosen_service(form: forms.ReferralForm) -> Service | None:
    if "service" not in form.fields:
        return None
    value = form["service"].value()
    if not value or not _is_uuid(str(value)):
        return None
    field: Any = form.fields["service"]
    return field.queryset.filter(pk=value).first()


def _service_panel(form: forms.ReferralForm, case: Case | None) -> dict[str, Any] | None:
    service = _chosen_service(form)
    return _service_info(service, case) if service is not None else None


def _service_info(service: Service, case: Case | None) -> dict[str, Any]:
    """What the referrer should know about a service before sharing anything with it."""
    person = case.person if case is not None else None
    return {
        "service": service,
        "member": service.provider.is_nrm_member,
        # Known only on the case's side: whether the person consented to this organisation.
        "may_share": services.may_share_personal_data(case, service.provider)
        if case is not None
        else service.provider.is_nrm_member,
        "eligible": service.accepts(
            age=person.age(), sex=person.sex, nationality=person.nationality
        )
        if person is not None
        else None,
    }


def _referral_consent(case: Case) -> Any:
    consent = current_consent(case.person, ConsentPurpose.REFERRAL)
    return {
        "consent": consent,
        "given": consent is not None and consent.status == ConsentStatus.GIVEN,
    }


def _sent_or_saved(referral: Referral) -> str:
    if referral.status == S.DRAFT:
        return _("Referral %(number)s saved as a draft.") % {"number": referral.number}
    return _("Referral %(number)s sent.") % {"number": referral.number}


@login_required
@require_GET
def service_info(request: HttpRequest) -> HttpResponse:
    """The panel about a chosen service (drawn by htmx when the service changes)."""
    value = request.GET.get("service", "")
    service = (
        forms.active_services(request.user).filter(pk=value).first() if _is_uuid(value) else None
    )
    case_id = request.GET.get("case", "")
    case = None
    if service is not None and _is_uuid(case_id):
        found = visible(request.user, Case).filter(pk=case_id).select_related("person").first()
        case = found if found is not None and sees_case_in_full(request.user, found) else None
    panel = _service_info(service, case) if service is not None else None
    return render(request, "referrals/_service_info.html", {"service_panel": panel})


@login_required
@require_GET
def service_options(request: HttpRequest) -> HttpResponse:
    """The service <option>s for one category (drawn by htmx when the filter changes)."""
    field = forms.ServiceChoiceField(queryset=Service.objects.none())
    services_ = forms.active_services(request.user, request.GET.get("service_category", ""))
    context = {
        "choices": forms.grouped_services(services_, field),
        "selected": request.GET.get("service", ""),
    }
    return render(request, "referrals/_service_options.html", context)


# --- one referral ----------------------------------------------------------------------------


@login_required
def referral_detail(request: HttpRequest, pk: Any) -> HttpResponse:
    referral = referral_for(request.user, pk)
    return _render_detail(request, referral)


def _render_detail(
    request: HttpRequest, referral: Referral, bound: dict[str, Any] | None = None
) -> HttpResponse:
    user = request.user
    shared = pdf.shared_for_display(shared_case_for(user, referral))
    actions = services.available_actions(user, referral)
    action_forms = {
        name: (bound or {}).get(name) or _action_form(user, referral, name)
        for name in actions
        if name in ACTIONS
    }
    history = (
        visible(user, ReferralTransition)
        .filter(referral=referral)
        .select_related("actor", "actor__organisation")
        .order_by("created_at")
    )
    context = {
        "referral": referral,
        "shared": shared,
        "actions": actions,
        "action_forms": action_forms,
        "withdraw_only": "close" in actions
        and services.closure_reasons_for(user, referral) == {WITHDRAWN},
        "history": history,
        "chain": chain_of(user, referral),
        # Only someone who may open the case gets a link to it (never the receiving side).
        "case_visible": visible(user, Case).filter(pk=referral.case_id).exists(),
        "consent": referral.referral_consent,
    }
    return render(request, "referrals/detail.html", context)


WITHDRAWN = ClosureReason.WITHDRAWN.value


def _action_form(user: Any, referral: Referral, name: str, data: Any = None) -> django_forms.Form:
    form_class = ACTIONS[name][0]
    if form_class is forms.CloseForm:
        reasons = services.closure_reasons_for(user, referral)
        return forms.CloseForm(data, prefix=name, reasons=reasons)
    return form_class(data, prefix=name)


Action = Callable[[Any, Referral, dict[str, Any]], Referral]
ACTIONS: dict[str, tuple[type[django_forms.Form], Action]] = {
    "send": (django_forms.Form, lambda u, r, d: services.send_referral(actor=u, referral=r)),
    "acknowledge": (django_forms.Form, lambda u, r, d: services.acknowledge(actor=u, referral=r)),
    "accept": (forms.NoteForm, lambda u, r, d: services.accept(actor=u, referral=r, **d)),
    "decline": (
        forms.DeclineForm,
        lambda u, r, d: services.decline(
            actor=u, referral=r, reason=d["decline_reason"], note=d["note"]
        ),
    ),
    "start": (forms.NoteForm, lambda u, r, d: services.start(actor=u, referral=r, **d)),
    "update": (forms.UpdateForm, lambda u, r, d: services.add_update(actor=u, referral=r, **d)),
    "complete": (forms.CompleteForm, lambda u, r, d: services.complete(actor=u, referral=r, **d)),
    "close": (
        forms.CloseForm,
        lambda u, r, d: services.close(
            actor=u, referral=r, reason=d["closure_reason"], note=d["note"]
        ),
    ),
}


@login_required
@require_POST
def referral_act(request: HttpRequest, pk: Any, action: str) -> HttpResponse:
    """One step of the workflow (send, accept, decline, complete…), by the matching service.
    A refused step shows the service's reason on the page, with what was typed."""
    if action not in ACTIONS:
        raise Http404
    referral = referral_for(request.user, pk)
    step = ACTIONS[action][1]
    form = _action_form(request.user, referral, action, request.POST)
    done = None
    if form.is_valid():
        done = run_service(form, lambda: step(request.user, referral, form.cleaned_data))
    if done is None:
        referral = referral_for(request.user, pk)
        if not form.errors:
            form.add_error(None, _("This step could not be taken."))
        messages.error(request, " ".join(_all_errors(form)))
        return _render_detail(request, referral, bound={action: form})
    if action == "update":
        messages.success(request, _("Your update has been added to the history."))
    else:
        messages.success(
            request,
            _("Referral %(number)s is now “%(status)s”.")
            % {"number": done.number, "status": done.get_status_display()},
        )
    return redirect("referrals:detail", pk=done.pk)


def _all_errors(form: django_forms.Form) -> list[str]:
    return [str(message) for errors in form.errors.values() for message in errors]


@login_required
def shared_document_download(request: HttpRequest, pk: Any, document_id: Any) -> FileResponse:
    """A document a referral shares, while it is active (404 otherwise). The read is logged."""
    referral = referral_for(request.user, pk)
    document = shared_document(request.user, referral, document_id)
    if document is None:
        raise Http404
    record_read(request.user, document, detail=f"shared by referral {referral.number}")
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# --- the paper forms ---------------------------------------------------------------------------


def _pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def referral_pdf(request: HttpRequest, pk: Any) -> HttpResponse:
    """The referral form: only the shared sections; nothing (404) once the receiver's access
    ended."""
    referral = referral_for(request.user, pk)
    shared = shared_case_for(request.user, referral)
    if shared.ended:
        raise Http404
    record_export(request.user, detail="referral form (PDF)", obj=referral)
    return _pdf_response(pdf.referral_form(referral, shared), pdf.pdf_filename(referral.number))


@login_required
def identification_pdf(request: HttpRequest, case_id: Any) -> HttpResponse:
    """The identification form of a case's person: for those who see the case in full."""
    case = case_for(request.user, case_id, audit=False)
    if not sees_case_in_full(request.user, case):
        raise Http404
    record_export(request.user, detail="identification form (PDF)", obj=case)
    content = pdf.identification_form(request.user, case)
    return _pdf_response(content, pdf.pdf_filename(f"{case.number}-identification"))


# --- lists -------------------------------------------------------------------------------------


def require_any(user: Any, *perms: Perm) -> None:
    if not any(can(user, perm) for perm in perms):
        raise PermissionDenied


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    """Referrals received by the user or their organisation: active ones first."""
    require_any(request.user, Perm.HANDLE_INCOMING_REFERRALS, Perm.MAKE_REFERRALS)
    return _referral_list(request, inbox_for(request.user), incoming=True)


@login_required
def sent_list(request: HttpRequest) -> HttpResponse:
    """Referrals made from the user's organisation that the user deals with."""
    require_any(request.user, Perm.MAKE_REFERRALS, Perm.HANDLE_INCOMING_REFERRALS)
    return _referral_list(request, sent_by(request.user), incoming=False)


def _referral_list(request: HttpRequest, referrals: Any, *, incoming: bool) -> HttpResponse:
    form = forms.ReferralFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    status = data.get("status") or "active"
    if status == "active":
        # On the referring side a draft is work in hand: it counts as active there.
        statuses = set(ACTIVE_STATUSES) if incoming else {*ACTIVE_STATUSES, S.DRAFT}
        referrals = referrals.filter(status__in=statuses)
    elif status == "ended":
        referrals = referrals.filter(status__in=ENDED_STATUSES)
    elif status in S.values:
        referrals = referrals.filter(status=status)
    if data.get("urgency"):
        referrals = referrals.filter(urgency=data["urgency"])
    if data.get("overdue"):
        referrals = overdue(referrals)
    page = Paginator(referrals.select_related("case__person"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    _attach_names(request.user, page.object_list)
    what = "referral inbox" if incoming else "referrals sent"
    record_list_read(request.user, what=what, searched=False, page=page.number)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "incoming": incoming,
        "status": status,
        "title": _("Referrals received") if incoming else _("Referrals sent"),
    }
    return render(request, "referrals/list.html", context)


def _attach_names(user: Any, referrals: Any) -> None:
    """A row names the person only where `sharing` lets the user read the identity now."""
    rows = list(referrals)
    names = names_for(user, rows)
    for row in rows:
        row.shown_name = names.get(row.pk, "")
