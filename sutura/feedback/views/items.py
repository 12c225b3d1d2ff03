"""One item's page and its workflow's steps (thin: parse, call a service or a selector, render).

Where the user stands on the item (`access.feedback.item_standing`) decides everything the page
shows: the complainant's identity to the handler only, the steps to the owning side only (the
side it was referred to reads), who read it to `sees_reads`. A step posts the version of the
item the page showed; a refusal (a stale version, a step that no longer applies, an input
error) shows the page again with the reason and what was typed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sutura.access.feedback import ItemStanding, item_standing, may_handle_items
from sutura.audit.models import Action
from sutura.core.forms import run_service
from sutura.feedback import selectors_items as selectors
from sutura.feedback.forms import items as forms
from sutura.feedback.models import FeedbackItem, StepKind
from sutura.feedback.services import workflow


@dataclass(frozen=True)
class Step:
    form: type[forms.StepForm]
    take: Callable[..., FeedbackItem]


# The steps by the name in their address (/feedback/items/<pk>/<name>/): `forms.STEP_KINDS`.
STEPS: dict[str, Step] = {
    "acknowledge": Step(forms.AcknowledgeForm, workflow.acknowledge),
    "assign": Step(forms.AssignForm, workflow.assign),
    "respond": Step(forms.RespondForm, workflow.respond),
    "refer": Step(forms.ReferForm, workflow.refer),
    "close": Step(forms.CloseForm, workflow.close),
    "reopen": Step(forms.ReopenForm, workflow.reopen),
    "reclassify": Step(forms.ReclassifyForm, workflow.reclassify),
}


def offered(user: Any, item: FeedbackItem) -> list[str]:
    """The names of the steps the user may take on the item now."""
    return forms.step_names(workflow.available_steps(user, item))


def step_form(name: str, user: Any, item: FeedbackItem, data: Any = None) -> forms.StepForm:
    """The form of one step, with the choices it offers this user on this item."""
    form_class = STEPS[name].form
    if form_class is forms.AssignForm:
        return forms.AssignForm(data, item=item, handlers=selectors.handler_choices(user, item))
    if form_class is forms.ReferForm:
        return forms.ReferForm(
            data, item=item, organisations=selectors.organisations_to_refer(user)
        )
    if form_class is forms.ReclassifyForm:
        categories = list(selectors.categories_for(user))
        return forms.ReclassifyForm(data, item=item, categories=categories)
    return form_class(data, item=item)


@login_required
def item(request: HttpRequest, pk: Any) -> HttpResponse:
    found = selectors.item_for(request.user, pk)
    return _render(request, found["item"], found["standing"])


@login_required
@require_POST
def item_step(request: HttpRequest, pk: Any, step: str) -> HttpResponse:
    """One step of the item's workflow, by its service. 404 unless the user sees the item, 403
    unless their side handles it (the side it was referred to reads only)."""
    if step not in STEPS:
        raise Http404
    user = request.user
    item = selectors.item_to_act_on(user, pk)
    if not item_standing(user, item).handles:
        raise PermissionDenied
    form = step_form(step, user, item, request.POST)
    done = None
    if form.is_valid():
        done = run_service(
            form, lambda: STEPS[step].take(actor=user, item=item, **form.arguments())
        )
    if done is None:
        return _refused(request, pk, form)
    if not item_standing(user, done).sees:
        # Moved into a confidential category: it left this user's lists with everyone's.
        messages.info(
            request,
            _("%(number)s was moved to a confidential category; only PSEA focal points see it now.")
            % {"number": done.number},
        )
        return redirect(_desk(user))
    messages.success(
        request,
        _("%(number)s: “%(step)s” recorded.")
        % {"number": done.number, "step": StepKind(forms.STEP_KINDS[step]).label},
    )
    return redirect("feedback:item", pk=done.pk)


def _refused(request: HttpRequest, pk: Any, form: forms.StepForm) -> HttpResponse:
    """The page again, as the item is now, with the refused form open: its errors, and what
    the user typed (posting again answers the version now shown)."""
    if "version" in form.errors:  # a hidden field: its error would not show
        form.add_error(None, _("The page was out of date: check the item, then try again."))
    if not form.errors:
        form.add_error(None, _("This step could not be taken."))
    found = selectors.item_for(request.user, pk)
    form.show_version(found["item"].version)
    messages.error(request, _("Nothing was saved: see why below."))
    return _render(request, found["item"], found["standing"], bound=form)


def _desk_list() -> str:
    return reverse("feedback:desk")


def _desk(user: Any) -> str:
    """The desk's list; the home page for someone who handles no item at all."""
    return _desk_list() if may_handle_items(user) else reverse("core:home")


def _read_row(entry: Any, item: FeedbackItem) -> dict[str, Any]:
    """One line of "who read this item", in words."""
    about_item = entry.object_id == str(item.pk)
    refused = entry.action == Action.REFUSED
    if refused:
        what = _("Tried to open it: refused")
    elif entry.action == Action.READ:
        what = _("Read it through the API") if entry.detail.startswith("API") else _("Opened it")
    elif entry.action == Action.EXPORT:
        what = _("Exported it")
    elif entry.action == Action.CREATE:
        what = _("Recorded it") if about_item else _("Named someone implicated")
    elif entry.action == Action.UPDATE and about_item:
        what = _("Changed: %(fields)s") % {"fields": _changed(entry.changes)}
    elif entry.action == Action.UPDATE:
        what = _("Changed someone implicated")
    else:
        what = str(entry.get_action_display())
    actor = entry.actor
    organisation = entry.organisation
    return {
        "at": entry.at,
        "who": (actor.get_full_name() or actor.username) if actor else entry.actor_username,
        "organisation": (organisation.acronym or organisation.name) if organisation else "",
        "what": what,
        "refused": refused,
    }


def _changed(changes: dict[str, Any]) -> str:
    names = []
    for name in changes:
        if name in {"version", "updated_at", "overdue_notified"}:
            continue  # the bookkeeping of every change
        try:
            field = FeedbackItem._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        names.append(str(getattr(field, "verbose_name", name)))
    return ", ".join(names) or "—"


def _render(
    request: HttpRequest,
    item: FeedbackItem,
    who: ItemStanding,
    bound: forms.StepForm | None = None,
) -> HttpResponse:
    user = request.user
    names = offered(user, item)
    if bound is not None and bound.step not in names:
        names.append(bound.step)  # no longer offered: shown with why, and what was typed
    step_forms = {
        name: bound if bound is not None and bound.step == name else step_form(name, user, item)
        for name in names
    }
    context = {
        "item": item,
        "standing": who,
        "overdue": item.overdue(),
        "step_forms": step_forms,
        "implicated": selectors.implicated_of(user, item),
        "history": selectors.history_of(user, item),
        "desk_list": _desk_list(),
    }
    context["reads"] = None
    if who.sees_reads:
        entries = selectors.reads_of(user, item)
        context["reads"] = [_read_row(entry, item) for entry in entries]
        context["reads_capped"] = len(entries) >= selectors.READS_SHOWN
    return render(request, "feedback/item.html", context)
