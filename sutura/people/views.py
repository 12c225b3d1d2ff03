from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from sutura.access import require
from sutura.accounts.roles import Perm
from sutura.people import services
from sutura.people.forms import PersonForm
from sutura.people.selectors import person_for, persons_for, record_list_read


@login_required
def person_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Perm.VIEW_PERSONS)
    query = request.GET.get("q", "")
    page = Paginator(persons_for(request.user, query=query), 25).get_page(request.GET.get("page"))
    # Who browsed or searched the list is logged; what they typed (often a name) is not.
    record_list_read(request.user, searched=bool(query), page=page.number)
    context = {"page": page, "q": query, "query": f"q={query}" if query else ""}
    return render(request, "people/list.html", context)


@login_required
def person_detail(request: HttpRequest, person_id: Any) -> HttpResponse:
    person = person_for(request.user, person_id)
    return render(request, "people/detail.html", {"person": person})


def _home_country(user: Any) -> str | None:
    organisation = user.organisation
    return organisation.country.iso_code if organisation else None


def _save(request: HttpRequest, form: PersonForm, person: Any = None) -> Any:
    data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
    try:
        if person is None:
            return services.register_person(actor=request.user, **data)
        version = form.cleaned_data.get("version") or person.version
        return services.update_person(
            actor=request.user, person=person, expected_version=version, **data
        )
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, error)
        return None


@login_required
def person_register(request: HttpRequest) -> HttpResponse:
    require(request.user, Perm.REGISTER_PERSONS)
    form = PersonForm(request.POST or None, default_region=_home_country(request.user))
    if request.method == "POST" and "_refresh_picker" not in request.POST and form.is_valid():
        person = _save(request, form)
        if person is not None:
            messages.success(request, _("The person has been registered."))
            return redirect("people:detail", person_id=person.pk)
    return render(request, "people/form.html", {"form": form, "person": None})


@login_required
def person_edit(request: HttpRequest, person_id: Any) -> HttpResponse:
    require(request.user, Perm.EDIT_PERSONS)
    person = person_for(request.user, person_id, audit=request.method == "GET")
    initial = {name: getattr(person, name) for name in services.EDITABLE_FIELDS}
    initial["place_of_origin"] = person.place_of_origin_id
    initial["version"] = person.version
    form = PersonForm(
        request.POST or None, initial=initial, default_region=_home_country(request.user)
    )
    submitted = request.method == "POST" and "_refresh_picker" not in request.POST
    if submitted and form.is_valid() and _save(request, form, person) is not None:
        messages.success(request, _("The changes have been saved."))
        return redirect("people:detail", person_id=person.pk)
    return render(request, "people/form.html", {"form": form, "person": person})
