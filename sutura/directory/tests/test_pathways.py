"""Referral pathways: the flowchart, coordinators' editing, and suggestions when referring."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from sutura.accounts.roles import Role
from sutura.directory.flowchart import ServiceLine, StepBox, flowchart_svg
from sutura.directory.models import Need, Pathway
from sutura.directory.services.pathways import (
    add_step,
    create_pathway,
    remove_step,
    update_pathway,
    update_step,
)
from sutura.directory.tests.helpers import signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def pathway(coordinator, directory, locations):
    made = create_pathway(
        actor=coordinator,
        data={"need": Need.MHPSS, "area": locations["SN-TH"], "title_fr": "Santé mentale Thiès"},
    )
    add_step(
        actor=coordinator,
        pathway=made,
        data={"title_fr": "Écoute et évaluation", "services": [directory["thies"]]},
    )
    add_step(
        actor=coordinator,
        pathway=made,
        data={"title_fr": "Soins médicaux", "category": "health", "urgency": "high"},
    )
    return made


def titles(pathway):
    return list(pathway.steps.order_by("order").values_list("order", "title_fr"))


def test_the_flowchart_draws_every_step_and_its_services(users_a, pathway, directory):
    response = signed_in(users_a[Role.CASE_MANAGER]).get(
        reverse("directory:pathway", args=[pathway.pk])
    )
    html = response.content.decode()
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert "1. Écoute et évaluation" in svg
    assert "2. Soins médicaux" in svg
    assert "Écoute psychosociale Thiès" in svg
    assert reverse("directory:detail", args=[directory["thies"].pk]) in svg
    assert 'viewBox="0 0 360' in svg and "<polygon" in svg  # scales; an arrow joins the steps
    assert "style=" not in svg  # a strict CSP forbids inline styles
    # The steps as text, for screen readers and for copying.
    assert html.index("</svg>") < html.index('<ol class="pathway-steps">')


def test_long_text_is_wrapped_and_escaped():
    svg = flowchart_svg(
        [
            StepBox(
                1,
                "Un titre très long " * 6 + "<script>",
                detail="mot " * 200,
                services=[ServiceLine("Centre", "ONG", "/x/")],
            )
        ],
        label="Test",
    )
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert svg.count('font-weight="700"') > 1  # the title takes several lines
    assert svg.count("<text") < 20  # the detail is cut short


def test_coordinators_reorder_and_remove_steps(coordinator, pathway):
    last = pathway.steps.get(order=2)
    update_step(actor=coordinator, step=last, data={}, expected_version=last.version, position=1)
    assert titles(pathway) == [(1, "Soins médicaux"), (2, "Écoute et évaluation")]
    add_step(actor=coordinator, pathway=pathway, data={"title_fr": "Suivi"}, position=2)
    assert [t for _o, t in titles(pathway)] == ["Soins médicaux", "Suivi", "Écoute et évaluation"]
    remove_step(actor=coordinator, step=pathway.steps.get(title_fr="Suivi"))
    assert titles(pathway) == [(1, "Soins médicaux"), (2, "Écoute et évaluation")]


def test_only_coordinators_edit_pathways(users_a, pathway):
    user = users_a[Role.PROGRAMME_MANAGER]
    with pytest.raises(PermissionDenied):
        add_step(actor=user, pathway=pathway, data={"title_fr": "X"})
    client = signed_in(user)
    assert client.get(reverse("directory:pathway_edit", args=[pathway.pk])).status_code == 403
    assert client.get(reverse("directory:step_add", args=[pathway.pk])).status_code == 403
    step = pathway.steps.first()
    url = reverse("directory:step_remove", args=[pathway.pk, step.pk])
    assert client.post(url).status_code == 403
    assert pathway.steps.count() == 2


def test_a_coordinator_adds_a_step_by_the_page(coordinator, pathway, directory):
    client = signed_in(coordinator)
    url = reverse("directory:step_add", args=[pathway.pk])
    form = client.get(url).context["form"]
    assert str(directory["withdrawn"].pk) not in dict(
        choice for group in form.fields["services"].choices for choice in group[1]
    )
    response = client.post(
        url,
        {"title_fr": "Orientation juridique", "position": "1", "services": [directory["kayes"].pk]},
    )
    assert response.status_code == 302
    first = pathway.steps.get(order=1)
    assert first.title_fr == "Orientation juridique"
    assert list(first.services.all()) == [directory["kayes"]]


def test_pathway_pages_and_the_list_by_need_and_place(users_a, pathway, commune, coordinator):
    client = signed_in(users_a[Role.COMMUNITY_MENTOR])
    listed = client.get(reverse("directory:pathways"), {"need": "mhpss"}).context["pathways"]
    assert listed == [pathway]
    assert client.get(reverse("directory:pathways"), {"need": "gbv"}).context["pathways"] == []
    near = client.get(
        reverse("directory:pathways"),
        {"area__0": str(commune.parent.parent.parent.pk), "area__3": str(commune.pk)},
    ).context["pathways"]
    assert near == [pathway]
    update_pathway(
        actor=coordinator,
        pathway=pathway,
        expected_version=pathway.version,
        data={"is_active": False},
    )
    # A pathway out of use is not found, except by coordinators.
    url = reverse("directory:pathway", args=[pathway.pk])
    assert client.get(url).status_code == 404
    assert signed_in(coordinator).get(url).status_code == 200


def test_creating_a_pathway_by_the_page(coordinator):
    response = signed_in(coordinator).post(
        reverse("directory:pathway_new"),
        {"need": "vot", "title_fr": "Victimes de traite", "is_active": "on"},
    )
    pathway = Pathway.objects.get()
    assert response["Location"] == reverse("directory:pathway", args=[pathway.pk])
    assert pathway.area is None and pathway.is_active


def test_pathways_suggest_services_for_a_case_near_its_commune(
    users_a, pathway, directory, commune
):
    from sutura.cases.models import Case
    from sutura.cases.tests.helpers import open_test_case
    from sutura.directory.selectors.pathways import suggestions_for

    actor = users_a[Role.CASE_MANAGER]
    case = open_test_case(actor, current_location=commune)
    Case.objects.filter(pk=case.pk).update(flags=["mhpss"])
    case.refresh_from_db()
    suggestions = suggestions_for(actor, case)
    assert [(s.service, s.step.title_fr) for s in suggestions] == [
        (directory["thies"], "Écoute et évaluation")
    ]
    assert suggestions[0].eligible  # an adult; the service takes people of 18 and over
