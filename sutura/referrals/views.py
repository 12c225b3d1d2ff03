"""Referral pages: thin views over services, selectors and sharing.

What a receiver reads of a person comes only from `sharing.shared_case_for()`; these views
never show the receiving side the case itself (no link, no number, no other record). Where the
user stands on a referral is asked once per request (`access.referrals.standing`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_GET, require_POST

from sutura.access import can
from sutura.access.cases import CaseStanding, case_standing, works_on
from sutura.access.referrals import ReferralStanding, standing
from sutura.accounts.roles import Perm
from sutura.audit.services import record_export, record_list_read, record_read
from sutura.cases.models import Case
from sutura.cases.selectors import case_for
from sutura.core import sections
from sutura.core.downloads import private_download, private_pdf
from sutura.core.forms import run_service
from sutura.core.idempotency import idempotent_form
from sutura.core.texts import Text
from sutura.directory.models import Service
from sutura.directory.selectors.pathways import suggestions_for
from sutura.governance.selectors.protocols import member_ids
from sutura.referrals import forms, pdf, selectors, sharing
from sutura.referrals.models import ClosureReason, Referral, ReferralStatus
from sutura.referrals.selectors import referral_for, referral_to_act_on
from sutura.referrals.services import holds, referring, workflow

PAGE_SIZE = 25
S = ReferralStatus


# --- referring -----------------------------------------------------------------------------


@login_required
@idempotent_form
def referral_create(request: HttpRequest, case_id: Any) -> HttpResponse:
    """Refer the person of a case to a service (or, internally, to a colleague)."""
    require_any(request.user, Perm.MAKE_REFERRALS)
    case = case_for(request.user, case_id, audit=request.method == "GET")
    as_ = referring.referrer_standing(request.user, case)
    form = forms.ReferralForm.for_request(request, **_case_form_kwargs(request.user, case, as_))
    if form.submitted:
        referral = run_service(
            form,
            lambda: referring.create_referral(
                actor=request.user, case=case, send="send" in request.POST, **form.service_data()
            ),
        )
        if referral is not None:
            messages.success(request, _sent_or_saved(referral))
            return redirect("referrals:detail", pk=referral.pk)
    title = _("Refer %(case)s") % {"case": case.number}
    return _render_case_form(request, form, case, as_, title)


@login_required
def referral_edit(request: HttpRequest, pk: Any) -> HttpResponse:
    """Change a draft, then keep it or send it."""
    referral = referral_for(request.user, pk)
    if not workflow.may_edit(standing(request.user, referral)):
        raise PermissionDenied
    if request.method == "GET":  # the form shows the person and what the draft shares
        record_read(request.user, referral, detail=gettext_noop("referral draft"))
    case = referral.case
    as_ = referring.referrer_standing(request.user, case)
    kwargs = _case_form_kwargs(request.user, case, as_, referral.parent)
    form = forms.ReferralForm.for_request(request, initial=forms.draft_initial(referral), **kwargs)
    if form.submitted:
        updated = run_service(
            form,
            lambda: referring.update_draft(
                actor=request.user,
                referral=referral,
                expected_version=form.cleaned_data.get("version") or 0,
                send="send" in request.POST,
                **form.service_data(),
            ),
        )
        if updated is not None:
            messages.success(request, _sent_or_saved(updated))
            return redirect("referrals:detail", pk=updated.pk)
    title = _("Edit the draft %(number)s") % {"number": referral.number}
    return _render_case_form(request, form, case, as_, title, referral=referral)


def _case_form_kwargs(
    user: Any, case: Case, as_: CaseStanding, parent: Referral | None = None
) -> dict[str, Any]:
    return {
        "user": user,
        "sections": sharing.sections_allowed(user, case, parent),
        "with_services": as_ == CaseStanding.TEAM,  # a mentor refers to a colleague only
        "case_id": case.pk,
    }


def _render_case_form(
    request: HttpRequest,
    form: forms.ReferralForm,
    case: Case,
    as_: CaseStanding,
    title: Any,
    **extra: Any,
) -> HttpResponse:
    """The referral form of a case (new referral or draft), with the pathway suggestions."""
    team = as_ == CaseStanding.TEAM
    chosen = form.chosen_service()
    context = {
        "form": form,
        "case": case,
        "title": title,
        "suggestions": suggestions_for(request.user, case) if team else [],
        "member_ids": member_ids() if team else set(),
        "consent": selectors.referral_consent(case),
        "may_record_consent": team and can(request.user, Perm.EDIT_PERSONS),
        "service_panel": selectors.service_facts(chosen, case) if chosen else None,
        "can_draft": True,
        **extra,
    }
    return render(request, "referrals/form.html", context)


@login_required
@idempotent_form
def referral_onward(request: HttpRequest, pk: Any) -> HttpResponse:
    """A counter-referral: the receiver refers the person onward, sharing at most what they
    received. Sent at once."""
    parent = referral_for(request.user, pk)
    if not workflow.may_refer_onward(standing(request.user, parent)):
        raise PermissionDenied
    form = forms.ReferralForm.for_request(
        request,
        user=request.user,
        sections=sharing.sections_allowed(request.user, parent.case, parent),
        with_colleagues=False,
        initial={"category": parent.category},
    )
    if form.submitted:
        referral = run_service(
            form,
            lambda: referring.refer_onward(
                actor=request.user, parent=parent, **form.service_data()
            ),
        )
        if referral is not None:
            messages.success(request, _sent_or_saved(referral))
            return redirect("referrals:detail", pk=referral.pk)
    chosen = form.chosen_service()
    context = {
        "form": form,
        "parent": parent,
        "title": _("Refer onward from %(number)s") % {"number": parent.number},
        "suggestions": [],
        "service_panel": selectors.service_facts(chosen, None) if chosen else None,
        "can_draft": False,
    }
    return render(request, "referrals/form.html", context)


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
        forms.active_services(request.user).filter(pk=value).first()
        if forms.is_uuid(value)
        else None
    )
    case_id = request.GET.get("case", "")
    case = (
        selectors.case_to_refer_from(request.user, case_id)
        if service is not None and forms.is_uuid(case_id)
        else None
    )
    panel = selectors.service_facts(service, case) if service is not None else None
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
    return _render_detail(request, standing(request.user, referral))


def _render_detail(
    request: HttpRequest, who: ReferralStanding, bound: dict[str, Any] | None = None
) -> HttpResponse:
    user, referral = request.user, who.referral
    shared = pdf.shared_for_display(sharing.shared_case_for(user, referral, who=who))
    actions = workflow.available_actions(who)
    action_forms = {
        name: (bound or {}).get(name) or _action_form(referral, user, name, who=who)
        for name in actions
        if name in ACTIONS
    }
    context = {
        "referral": referral,
        "shared": shared,
        "actions": actions,
        "action_forms": action_forms,
        "withdraw_only": "close" in actions
        and workflow.closure_reasons_for(who) == {ClosureReason.WITHDRAWN},
        "history": selectors.history_of(user, referral),
        "chain": selectors.chain_of(user, referral),
        # Only someone who may open the case gets a link to it (never the receiving side).
        "case_visible": case_standing(user, referral.case) != CaseStanding.NONE,
        "consent": referral.referral_consent,
        # What apps above add to the page (a placement proposal's offer…): core.sections.
        "sections": sections.for_page("referral", user, referral),
    }
    return render(request, "referrals/detail.html", context)


def _action_form(
    referral: Referral, user: Any, name: str, data: Any = None, who: ReferralStanding | None = None
) -> django_forms.Form:
    """The form of one step. Only closing asks where the user stands (for its reasons); the
    step's service asks it anyway, once, on the locked referral."""
    form_class = ACTIONS[name][0]
    if form_class is forms.ConfirmSharingForm:
        return forms.ConfirmSharingForm(
            data, prefix=name, sections=referral.shared_sections, version=referral.version
        )
    if form_class is forms.CloseForm:
        reasons = workflow.closure_reasons_for(who or standing(user, referral))
        return forms.CloseForm(data, prefix=name, reasons=reasons)
    return form_class(data, prefix=name)


Action = Callable[[Any, Referral, dict[str, Any]], Referral]
ACTIONS: dict[str, tuple[type[django_forms.Form], Action]] = {
    "send": (django_forms.Form, lambda u, r, d: referring.send_referral(actor=u, referral=r)),
    "acknowledge": (django_forms.Form, lambda u, r, d: workflow.acknowledge(actor=u, referral=r)),
    "accept": (forms.NoteForm, lambda u, r, d: workflow.accept(actor=u, referral=r, **d)),
    "decline": (
        forms.DeclineForm,
        lambda u, r, d: workflow.decline(
            actor=u, referral=r, reason=d["decline_reason"], note=d["note"]
        ),
    ),
    "start": (forms.NoteForm, lambda u, r, d: workflow.start(actor=u, referral=r, **d)),
    "update": (forms.UpdateForm, lambda u, r, d: workflow.add_update(actor=u, referral=r, **d)),
    "complete": (forms.CompleteForm, lambda u, r, d: workflow.complete(actor=u, referral=r, **d)),
    "confirm_sharing": (
        forms.ConfirmSharingForm,
        lambda u, r, d: holds.confirm_sharing(
            actor=u, referral=r, shared_sections=d["shared_sections"], version=d["version"]
        ),
    ),
    "close": (
        forms.CloseForm,
        lambda u, r, d: workflow.close(
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
    referral = referral_to_act_on(request.user, pk)
    step = ACTIONS[action][1]
    form = _action_form(referral, request.user, action, request.POST)
    done = None
    if form.is_valid():
        done = run_service(form, lambda: step(request.user, referral, form.cleaned_data))
    if done is None:
        referral = referral_for(request.user, pk)
        if not form.errors:
            form.add_error(None, _("This step could not be taken."))
        messages.error(request, " ".join(_all_errors(form)))
        return _render_detail(request, standing(request.user, referral), bound={action: form})
    if action == "update":
        messages.success(request, _("Your update has been added to the history."))
    elif action == "confirm_sharing":
        messages.success(
            request,
            _("Referral %(number)s: the receiving side reads what you confirmed.")
            % {"number": done.number},
        )
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
    document = sharing.shared_document(request.user, referral, document_id)
    if document is None:
        raise Http404
    record_read(
        request.user,
        document,
        detail=Text(gettext_noop("Shared by referral %(number)s"), number=referral.number),
    )
    return private_download(document.file, document.original_name, document.content_type)


# --- the paper forms ---------------------------------------------------------------------------


@login_required
def referral_pdf(request: HttpRequest, pk: Any) -> HttpResponse:
    """The referral form: only the shared sections; nothing (404) once the receiver's access
    ended."""
    referral = referral_for(request.user, pk)
    shared = sharing.shared_case_for(request.user, referral)
    if shared.ended:
        raise Http404
    record_export(request.user, detail=gettext_noop("referral form (PDF)"), obj=referral)
    return private_pdf(pdf.referral_form(referral, shared), referral.number)


@login_required
def identification_pdf(request: HttpRequest, case_id: Any) -> HttpResponse:
    """The identification form of a case's person: for those who work on the case in full."""
    case = case_for(request.user, case_id, audit=False)
    if not works_on(request.user, case):
        raise Http404
    record_export(request.user, detail=gettext_noop("identification form (PDF)"), obj=case)
    content = pdf.identification_form(request.user, case)
    return private_pdf(content, f"{case.number}-identification")


# --- lists -------------------------------------------------------------------------------------


def require_any(user: Any, *perms: Perm) -> None:
    if not any(can(user, perm) for perm in perms):
        raise PermissionDenied


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    """Referrals received by the user or their organisation: active ones first."""
    require_any(request.user, Perm.HANDLE_INCOMING_REFERRALS, Perm.MAKE_REFERRALS)
    return _referral_list(request, incoming=True)


@login_required
def sent_list(request: HttpRequest) -> HttpResponse:
    """Referrals made from the user's organisation that the user deals with."""
    require_any(request.user, Perm.MAKE_REFERRALS, Perm.HANDLE_INCOMING_REFERRALS)
    return _referral_list(request, incoming=False)


def _referral_list(request: HttpRequest, *, incoming: bool) -> HttpResponse:
    form = forms.ReferralFilterForm(request.GET or None)
    filters = form.filters(selectors.INCOMING if incoming else selectors.OUTGOING)
    page = Paginator(selectors.referrals_for(request.user, filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows: list[Any] = list(page.object_list)
    page.object_list = rows
    names = sharing.names_for(request.user, rows)
    for row in rows:  # a row names the person only where the user may read the identity now
        row.shown_name = names.get(row.pk, "")
    what = gettext_noop("referral inbox") if incoming else gettext_noop("referrals sent")
    record_list_read(request.user, what=what, searched=False, page=page.number)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "incoming": incoming,
        "status": filters.status or "all",
        "title": _("Referrals received") if incoming else _("Referrals sent"),
    }
    return render(request, "referrals/list.html", context)
