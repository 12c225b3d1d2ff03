from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from sutura.access import require
from sutura.accounts.roles import Perm
from sutura.audit.services import record_list_read, record_read
from sutura.core.forms import CappedPaginator, ListPaginator, run_service
from sutura.core.idempotency import idempotent_form
from sutura.people import services
from sutura.people.consent import record_consent
from sutura.people.duplicates import find_possible_duplicates
from sutura.people.forms import (
    ConsentForm,
    HouseholdMemberForm,
    IdentityDocumentForm,
    PersonForm,
    PhotoForm,
)
from sutura.people.merged import follows_merge
from sutura.people.models import ConsentPurpose, ConsentStatus
from sutura.people.phones import home_region
from sutura.people.selectors import (
    current_consent,
    person_for,
    person_records,
    persons_for,
)


@login_required
def person_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Perm.VIEW_PERSONS)
    query = request.GET.get("q", "")
    paginator_class = CappedPaginator if query else ListPaginator
    page = paginator_class(persons_for(request.user, query=query), 25).get_page(
        request.GET.get("page")
    )
    # Who browsed or searched the list is logged; what they typed (often a name) is not.
    record_list_read(
        request.user, what=gettext_noop("people"), searched=bool(query), page=page.number
    )
    context = {"page": page, "q": query, "query": urlencode({"q": query}) if query else ""}
    return render(request, "people/list.html", context)


@login_required
@follows_merge
def person_detail(request: HttpRequest, person_id: Any) -> HttpResponse:
    person = person_for(request.user, person_id)
    anonymisation = getattr(person, "anonymisation", None)  # privacy's mark (reverse relation)
    context = {
        "person": person,
        "anonymised_on": anonymisation.created_at if anonymisation else None,
        **person_records(request.user, person),
    }
    return render(request, "people/detail.html", context)


def _person_data(form: PersonForm) -> dict[str, Any]:
    return {k: v for k, v in form.cleaned_data.items() if k != "version"}


@login_required
@idempotent_form
def person_register(request: HttpRequest) -> HttpResponse:
    """Register a person, after showing the people already on file who may be the same."""
    require(request.user, Perm.REGISTER_PERSONS)
    form = PersonForm(request.POST or None, default_region=home_region(request.user))
    submitted = request.method == "POST" and "_refresh_picker" not in request.POST
    if submitted and form.is_valid():
        data = _person_data(form)
        candidates = find_possible_duplicates(
            request.user,
            family_name=data["family_name"],
            given_names=data["given_names"],
            aliases=data["aliases"],
            birth_date=data.get("birth_date"),
            birth_date_estimated=data.get("birth_date_estimated", False),
            sex=data.get("sex", ""),
            place_of_origin=data.get("place_of_origin"),
            nationality=data.get("nationality", ""),
            phones=[data.get("phone", ""), *data.get("other_phones", [])],
        )
        if candidates and request.POST.get("confirm_new") != "1":
            for candidate in candidates:  # each shown: a read of their file
                record_read(
                    request.user, candidate.person, detail=gettext_noop("possible duplicate")
                )
            return render(
                request, "people/duplicates.html", {"form": form, "candidates": candidates}
            )
        person = run_service(form, lambda: services.register_person(actor=request.user, **data))
        if person is not None:
            if candidates:
                services.confirm_new_person(
                    actor=request.user, person=person, candidates=len(candidates)
                )
            messages.success(request, _("The person has been registered."))
            return redirect("people:detail", person_id=person.pk)
    return render(request, "people/form.html", {"form": form, "person": None})


@login_required
@follows_merge
def person_edit(request: HttpRequest, person_id: Any) -> HttpResponse:
    require(request.user, Perm.EDIT_PERSONS)
    person = person_for(request.user, person_id, audit=request.method == "GET")
    initial = {name: getattr(person, name) for name in services.EDITABLE_FIELDS}
    initial["place_of_origin"] = person.place_of_origin_id
    initial["current_location"] = person.current_location_id
    initial["version"] = person.version
    form = PersonForm(
        request.POST or None, initial=initial, default_region=home_region(request.user)
    )
    submitted = request.method == "POST" and "_refresh_picker" not in request.POST
    if submitted and form.is_valid():
        version = form.cleaned_data.get("version")
        version = -1 if version is None else version  # no version: treated as stale
        saved = run_service(
            form,
            lambda: services.update_person(
                actor=request.user, person=person, expected_version=version, **_person_data(form)
            ),
        )
        if saved is not None:
            messages.success(request, _("The changes have been saved."))
            return redirect("people:detail", person_id=person.pk)
    return render(request, "people/form.html", {"form": form, "person": person})


def _person_subform(
    request: HttpRequest, person_id: Any, form_class: Any, action: Any, title: str, done: str
) -> HttpResponse:
    require(request.user, Perm.EDIT_PERSONS)
    person = person_for(request.user, person_id, audit=request.method == "GET")
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = run_service(form, lambda: action(person, form.cleaned_data))
        if result is not None:
            messages.success(request, done)
            return redirect("people:detail", person_id=person.pk)
    return render(request, "people/subform.html", {"form": form, "person": person, "title": title})


@login_required
@follows_merge
@idempotent_form
def consent_record(request: HttpRequest, person_id: Any) -> HttpResponse:
    """Record what the person decided about one purpose (given, refused or withdrawn)."""
    return _person_subform(
        request,
        person_id,
        ConsentForm,
        lambda person, data: record_consent(actor=request.user, person=person, **data),
        _("Record a consent decision"),
        _("The consent decision has been recorded."),
    )


@login_required
@follows_merge
@idempotent_form
def document_add(request: HttpRequest, person_id: Any) -> HttpResponse:
    return _person_subform(
        request,
        person_id,
        IdentityDocumentForm,
        lambda person, data: services.add_identity_document(
            actor=request.user, person=person, **data
        ),
        _("Add an identity document"),
        _("The document has been added."),
    )


@login_required
@follows_merge
def photo_upload(request: HttpRequest, person_id: Any) -> HttpResponse:
    """Attach a photo: only with the person's consent to be photographed."""
    require(request.user, Perm.EDIT_PERSONS)
    person = person_for(request.user, person_id, audit=request.method == "GET")
    form = PhotoForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        done = run_service(
            form,
            lambda: services.set_photo(
                actor=request.user, person=person, upload=form.cleaned_data["file"]
            ),
        )
        if done is not None:
            messages.success(request, _("The photo has been saved."))
            return redirect("people:detail", person_id=person.pk)
    context = {"form": form, "person": person, "title": _("Add a photo")}
    return render(request, "people/subform.html", context)


@login_required
@follows_merge
def photo_file(request: HttpRequest, person_id: Any) -> FileResponse:
    """The photo, served only to those who may see the person (the read is logged)."""
    person = person_for(request.user, person_id)
    consent = current_consent(person, ConsentPurpose.PHOTO)
    if not person.photo or consent is None or consent.status != ConsentStatus.GIVEN:
        raise Http404  # a withdrawn consent hides the photo at once
    response = FileResponse(person.photo.open("rb"))
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@follows_merge
@idempotent_form
def household_add(request: HttpRequest, person_id: Any) -> HttpResponse:
    return _person_subform(
        request,
        person_id,
        HouseholdMemberForm,
        lambda person, data: services.add_household_member(
            actor=request.user, person=person, **data
        ),
        _("Add a household member"),
        _("The household member has been added."),
    )
