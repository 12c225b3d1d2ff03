"""Selects never show Django's "---------": their empty choice says, in the reader's language,
"Choose…" where a value is needed and "Not stated" where the field may stay empty (one place:
`core.renderers.SuturaRenderer`, the project's FORM_RENDERER)."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from sutura.accounts.roles import Role
from sutura.geo.models import Location

DASHES = "---------"


class Sample(forms.Form):
    needed = forms.ModelChoiceField(queryset=Location.objects.none())
    optional = forms.ModelChoiceField(queryset=Location.objects.none(), required=False)
    named = forms.ModelChoiceField(
        queryset=Location.objects.none(), required=False, empty_label="Any place"
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "needed", "optional"),
    [("fr", "Choisir…", "Non précisé"), ("en", "Choose…", "Not stated")],
)
def test_the_empty_choice_is_named_in_the_readers_language(
    language: str, needed: str, optional: str
) -> None:
    with translation.override(language):
        form = Sample()
        assert f'<option value="" selected>{needed}</option>' in str(form["needed"])
        assert f'<option value="" selected>{optional}</option>' in str(form["optional"])
        assert "Any place" in str(form["named"])  # a form's own empty label stays
        assert DASHES not in form.as_div()


# Pages with forms full of selects, as someone who may open each.
FORM_PAGES = [
    ("people:register", Role.CASE_MANAGER),
    ("meetings:create", Role.PROGRAMME_MANAGER),
    ("programmes:new", Role.PROGRAMME_MANAGER),
    ("placements:offer_new", Role.PROGRAMME_MANAGER),
    ("feedback:new", Role.PROGRAMME_MANAGER),
    ("community:community_create", Role.PROGRAMME_MANAGER),
    ("mentoring:volunteer_new", Role.PROGRAMME_MANAGER),
]


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["fr", "en"])
def test_no_form_page_shows_djangos_dashes(client: Any, users_a: Any, language: str) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    seen = 0
    for route, role in FORM_PAGES:
        client.force_login(users_a[role])
        page = client.get(reverse(route))
        if page.status_code != 200:
            continue
        seen += 1
        body = page.content.decode()
        assert DASHES not in body, route
        assert "<select" in body
    assert seen >= 4
