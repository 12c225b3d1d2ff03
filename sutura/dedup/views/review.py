"""The review pages: the queue of proposals, one pair side by side with the two decisions, the
merges and their undo. Thin: parse, call a selector or a service, render."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop
from django.views.decorators.http import require_POST

from sutura.access import require
from sutura.accounts.roles import Perm
from sutura.audit.services import record_list_read, record_read
from sutura.core.forms import ListPaginator, run_service
from sutura.core.idempotency import idempotent_form
from sutura.dedup import selectors
from sutura.dedup.services.decisions import mark_not_duplicate, withdraw_not_duplicate
from sutura.dedup.services.merges import (
    KEPT,
    MERGED,
    merge_persons,
    person_relations,
    relation_key,
    undo_merge,
)
from sutura.people import matching

PAGE_SIZE = 25
REASON: dict[str, Any] = {"max_length": 2000, "widget": forms.Textarea(attrs={"rows": 3})}


class MergeForm(forms.Form):
    kept = forms.ChoiceField(
        label=gettext_lazy("File to keep"),
        widget=forms.RadioSelect,
        help_text=gettext_lazy(
            "Proposed: the file with more records, else the one registered first. The other "
            "file's cases, consents, referrals and documents move to it; its names, phones and "
            "the details the kept file lacks are added. Where the two files differ, choose "
            "below which value the file kept carries; a name or a phone not chosen stays "
            "findable, and an undo brings every value back."
        ),
    )
    reason = forms.CharField(label=gettext_lazy("Why they are the same person"), **REASON)

    def __init__(
        self,
        *args: Any,
        choices: list[tuple[str, str]],
        details: list[selectors.DetailChoice] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kept"].choices = choices  # type: ignore[attr-defined]
        # Where the two files differ: whose value the file kept carries.
        details = details or []
        for detail in details:
            self.fields[f"detail_{detail.detail}"] = forms.ChoiceField(
                label=str(detail.label),
                choices=detail.values,
                initial=detail.initial,
                widget=forms.RadioSelect,
                required=False,  # not sent (a page older than the difference): the default
            )
        self.details = [detail.detail for detail in details]
        self.order_fields(["kept", *(f"detail_{d}" for d in self.details), "reason"])

    def choices_for(self, kept: Any) -> dict[str, str]:
        """Each differing detail the reviewer chose: KEPT or MERGED."""
        chosen = {detail: self.cleaned_data.get(f"detail_{detail}") for detail in self.details}
        return {
            detail: KEPT if pick == str(kept.pk) else MERGED
            for detail, pick in chosen.items()
            if pick
        }


class NotDuplicateForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Why (optional)"), required=False, **REASON)


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Why the decision was wrong"), **REASON)


class UndoForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Why the merge was wrong"), **REASON)
    two_people = forms.BooleanField(
        label=gettext_lazy("They are two different people: do not propose them together again"),
        required=False,
    )


def _already_merged(request: HttpRequest, pk: Any) -> HttpResponse | None:
    """A pair merged since the page was opened (another tab, a reload): its merged file is
    hidden, so the pair would be a 404; lead to the merge instead."""
    merge = selectors.merge_of_pair(request.user, pk)
    if merge is None:
        return None
    messages.info(request, _("This pair was already merged: here is the merge."))
    return redirect("dedup:merge_detail", pk=merge.pk)


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    """The open proposals, most probable first, a group of files together."""
    require(request.user, Perm.REVIEW_DUPLICATES)
    band = request.GET.get("band", "")
    band = band if band in selectors.BANDS else ""
    page = ListPaginator(selectors.open_proposals(request.user, band=band), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    record_list_read(
        request.user,
        what=gettext_noop("duplicate proposals"),
        searched=bool(band),
        page=page.number,
    )
    groups = selectors.grouped(list(page.object_list))
    counts = selectors.band_counts(request.user)
    context = {
        "page": page,
        "groups": [(group, [(p, selectors.reasons(p)) for p in group.pairs]) for group in groups],
        # Only the bands that hold a pair (and the one chosen): a filter that can show nothing
        # leads nowhere (browser walk: runs propose from 93 %, "possibly" was always empty).
        "bands": [
            (code, text, counts[code])
            for code, (_low, _high, text) in selectors.BANDS.items()
            if counts[code] or code == band
        ],
        "band": band,
        "proposed_from": matching.threshold("batch") * 100,
        "query": f"band={band}" if band else "",
    }
    return render(request, "dedup/review_queue.html", context)


def _versions(posted: str) -> dict[str, int]:
    """The files' versions the pair page was built from ("id:version,id:version")."""
    found = {}
    for part in posted.split(","):
        key, _sep, version = part.partition(":")
        if version.isdigit():
            found[key.strip()] = int(version)
    return found


def _pair_context(request: HttpRequest, proposal: Any, **forms_given: Any) -> dict[str, Any]:
    sides = [selectors.side(request.user, p) for p in (proposal.first, proposal.second)]
    kept = selectors.default_kept(sides)
    choices = [(str(s.person.pk), str(s.person)) for s in sides]
    details = selectors.detail_choices(proposal.first, proposal.second, kept.person)
    return {
        "proposal": proposal,
        "reasons": selectors.reasons(proposal),
        "sides": sides,
        # The files as this page shows them: a merge refuses a file changed since.
        "versions": ",".join(f"{s.person.pk}:{s.person.version}" for s in sides),
        "merge_form": forms_given.get("merge_form")
        or MergeForm(choices=choices, details=details, initial={"kept": str(kept.person.pk)}),
        "not_form": forms_given.get("not_form") or NotDuplicateForm(),
        "decision": selectors.decision_on(request.user, proposal),
        "withdraw_form": forms_given.get("withdraw_form") or WithdrawForm(),
    }


@login_required
def pair(request: HttpRequest, pk: Any) -> HttpResponse:
    """Two files side by side, and the decision: merge them, or not the same person."""
    require(request.user, Perm.REVIEW_DUPLICATES)
    if (to_merge := _already_merged(request, pk)) is not None:
        return to_merge
    proposal = selectors.proposal_for(request.user, pk)
    return render(request, "dedup/review_pair.html", _pair_context(request, proposal))


@login_required
@require_POST
@idempotent_form
def merge(request: HttpRequest, pk: Any) -> HttpResponse:
    require(request.user, Perm.REVIEW_DUPLICATES)
    if (to_merge := _already_merged(request, pk)) is not None:
        return to_merge
    proposal = selectors.proposal_for(request.user, pk)
    people = {str(proposal.first_id): proposal.first, str(proposal.second_id): proposal.second}
    form = MergeForm(
        request.POST,
        choices=[(key, str(p)) for key, p in people.items()],
        details=selectors.detail_choices(proposal.first, proposal.second, proposal.first),
    )
    if form.is_valid():
        kept = people[form.cleaned_data["kept"]]
        merged = proposal.second if kept.pk == proposal.first_id else proposal.first
        done = run_service(
            form,
            lambda: merge_persons(
                actor=request.user,
                kept=kept,
                merged=merged,
                reason=form.cleaned_data["reason"],
                proposal=proposal,
                choices=form.choices_for(kept),
                versions=_versions(request.POST.get("versions", "")),
            ),
        )
        if done is not None:
            messages.success(request, _("The two files are merged. The merge can be undone."))
            return redirect("dedup:merge_detail", pk=done.pk)
    context = _pair_context(request, proposal, merge_form=form)
    return render(request, "dedup/review_pair.html", context, status=400)


@login_required
@require_POST
@idempotent_form
def not_duplicate(request: HttpRequest, pk: Any) -> HttpResponse:
    require(request.user, Perm.REVIEW_DUPLICATES)
    if (to_merge := _already_merged(request, pk)) is not None:
        return to_merge
    proposal = selectors.proposal_for(request.user, pk)
    form = NotDuplicateForm(request.POST)
    if form.is_valid():
        done = run_service(
            form,
            lambda: mark_not_duplicate(
                actor=request.user,
                first=proposal.first,
                second=proposal.second,
                reason=form.cleaned_data["reason"],
                proposal=proposal,
            ),
        )
        if done is not None:
            said = _(
                "Recorded: these two files are no longer proposed together (the decision can "
                "be withdrawn)."
            )
            messages.success(request, said)
            return redirect("dedup:queue")
    context = _pair_context(request, proposal, not_form=form)
    return render(request, "dedup/review_pair.html", context, status=400)


@login_required
@require_POST
@idempotent_form
def withdraw(request: HttpRequest, pk: Any) -> HttpResponse:
    """Take back a "not the same person" given by mistake: the pair is in the queue again."""
    require(request.user, Perm.REVIEW_DUPLICATES)
    if (to_merge := _already_merged(request, pk)) is not None:
        return to_merge
    proposal = selectors.proposal_for(request.user, pk)
    decision = selectors.decision_on(request.user, proposal)
    form = WithdrawForm(request.POST)
    if decision is None:
        form.add_error(None, _("No decision stands on this pair: reload the page."))
    elif form.is_valid():
        done = run_service(
            form,
            lambda: withdraw_not_duplicate(
                actor=request.user, decision=decision, reason=form.cleaned_data["reason"]
            ),
        )
        if done is not None:
            messages.success(request, _("Decision withdrawn: the pair is in the queue again."))
            return redirect("dedup:pair", pk=proposal.pk)
    context = _pair_context(request, proposal, withdraw_form=form)
    return render(request, "dedup/review_pair.html", context, status=400)


@login_required
def merge_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Perm.REVIEW_DUPLICATES)
    page = ListPaginator(selectors.merges(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    record_list_read(request.user, what=gettext_noop("merges"), searched=False, page=page.number)
    return render(request, "dedup/merge_list.html", {"page": page, "query": ""})


def _merge_page(request: HttpRequest, found: Any, form: Any, status: int = 200) -> HttpResponse:
    context = {
        "merge": found,
        "form": form,
        "moved": _moved_counts(found.moved),
        "changed": selectors.changed_details(found),
    }
    return render(request, "dedup/merge_detail.html", context, status=status)


def _moved_counts(moved: dict[str, list[str]]) -> list[tuple[str, int]]:
    """What moved, by kind of record in the user's language (a relation gone since: its key)."""
    names = {relation_key(f): str(f.model._meta.verbose_name_plural) for f in person_relations()}
    return sorted((names.get(key, key), len(ids)) for key, ids in moved.items())


@login_required
def merge_detail(request: HttpRequest, pk: Any) -> HttpResponse:
    """One merge: who, why, what moved; its undo."""
    require(request.user, Perm.REVIEW_DUPLICATES)
    found = selectors.merge_for(request.user, pk)
    record_read(request.user, found.kept, detail=gettext_noop("merge"))
    return _merge_page(request, found, UndoForm())


@login_required
@require_POST
def undo(request: HttpRequest, pk: Any) -> HttpResponse:
    require(request.user, Perm.REVIEW_DUPLICATES)
    found = selectors.merge_for(request.user, pk)
    form = UndoForm(request.POST)
    if form.is_valid():
        done = run_service(
            form,
            lambda: undo_merge(
                actor=request.user,
                merge=found,
                reason=form.cleaned_data["reason"],
                two_people=form.cleaned_data["two_people"],
            ),
        )
        if done is not None:
            said = (
                _("The merge is undone, and the two files are recorded as two different people.")
                if form.cleaned_data["two_people"]
                else _("The merge is undone: the two files are separate again.")
            )
            messages.success(request, said)
            return redirect("dedup:merge_detail", pk=found.pk)
    return _merge_page(request, found, form, status=400)
