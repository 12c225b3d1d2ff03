"""The demo directory: services of every kind in three countries, pathways for each need, and
proposals at every stage of review."""

from __future__ import annotations

from collections import Counter

import pytest

from sutura.accounts.models import OrganisationType, User
from sutura.accounts.roles import Role
from sutura.cases.models import Case
from sutura.directory.models import (
    ChangeKind,
    ChangeStatus,
    Need,
    Pathway,
    PathwayStep,
    Service,
    ServiceCategory,
    ServiceChange,
)
from sutura.directory.selectors.entries import ancestors_and_self
from sutura.directory.selectors.pathways import pathways_for, suggestions_for
from sutura.geo.models import Location

# Rough bounding boxes: a demo point outside its country is a typo.
BOXES = {
    "SN": ((12.3, 16.7), (-17.6, -11.3)),
    "ML": ((10.1, 25.0), (-12.3, 4.3)),
    "CM": ((1.6, 13.1), (8.4, 16.2)),
}


pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("seeded_demo")]


def test_the_directory_covers_every_category_in_three_countries():
    services = Service.objects.select_related("provider__country")
    assert 40 <= services.count() <= 60
    active = services.filter(is_active=True)
    assert set(active.values_list("category", flat=True)) == set(ServiceCategory.values)
    assert set(services.values_list("provider__country__iso_code", flat=True)) == {
        "SN",
        "ML",
        "CM",
    }
    assert set(services.values_list("provider__type", flat=True)) == set(OrganisationType.values)
    # Providers with nobody in Sutura are listed too.
    assert services.filter(provider__users__isnull=True).exists()


def test_the_demo_directory_holds_what_its_data_files_describe():
    """Pinned when the data moved from Python literals to demo_data/: a row the loader drops
    or a step that names other services shows here (update the numbers with the data)."""
    categories = Counter(Service.objects.values_list("category", flat=True))
    assert categories == {
        "cash": 4,
        "child_protection": 4,
        "documentation": 3,
        "education": 4,
        "family_tracing": 3,
        "food_nfi": 3,
        "gbv": 4,
        "health": 5,
        "legal": 5,
        "livelihoods": 7,  # with the placements demo's employer (SAT)
        "mhpss": 11,
        "other": 1,
        "shelter": 5,
    }
    assert Service.objects.filter(is_active=False).count() == 3
    areas = Counter(Pathway.objects.values_list("area__iso_code", flat=True))
    assert areas == {"SN": 7, "ML": 7, "CM": 6, "SN-DK": 1, "CM-EN": 1}
    assert PathwayStep.objects.count() == 85
    assert PathwayStep.services.through.objects.count() == 119  # SAT in 3 livelihoods steps
    proposals = Counter(ServiceChange.objects.values_list("kind", "status"))
    assert proposals == {
        ("new", "pending"): 1,
        ("close", "pending"): 1,
        ("update", "pending"): 1,
        ("update", "approved"): 1,
        ("new", "rejected"): 1,
        ("verify", "approved"): 1,
    }


def test_entries_are_complete_bilingual_and_placed_in_their_country():
    for service in Service.objects.select_related("provider__country", "location"):
        country = service.provider.country.iso_code
        assert service.name_en and service.description_fr and service.description_en
        assert service.languages
        assert service.location is not None and service.location.country_code == country
        (low, high), (west, east) = BOXES[country]
        assert service.latitude is not None and service.longitude is not None
        assert low < service.latitude < high and west < service.longitude < east, service
        areas = list(service.areas.all())
        assert areas and {area.country_code for area in areas} == {country}
        if service.category == ServiceCategory.MHPSS:
            assert service.mhpss_layer is not None, service


def test_eligibility_cost_flags_and_withdrawn_entries_vary():
    services = Service.objects.all()
    assert services.filter(max_age__lte=17).exists()  # children only
    assert services.filter(category=ServiceCategory.GBV, sexes=["female"]).exists()
    assert services.exclude(nationalities=[]).exists()
    assert {"free", "fee", "mixed"} <= set(services.values_list("cost", flat=True))
    assert services.filter(is_active=False).exists()
    flagged = [service for service in services if service.needs_verification()]
    assert 0.15 <= len(flagged) / services.count() <= 0.4


def test_pathways_exist_for_each_need_with_bilingual_ordered_steps():
    needs = {
        Need.TRAFFICKING,
        Need.UASC,
        Need.MHPSS,
        Need.MEDICAL,
        Need.GBV,
        Need.DOCUMENTATION,
        Need.LIVELIHOODS,
    }
    assert needs <= set(Pathway.objects.values_list("need", flat=True))
    for pathway in Pathway.objects.select_related("area"):
        assert pathway.area is not None and pathway.title_en
        steps = list(pathway.steps.all())
        assert 3 <= len(steps) <= 6
        assert [step.order for step in steps] == list(range(1, len(steps) + 1))
        assert all(step.title_fr and step.title_en for step in steps)
        for step in steps:
            for service in step.services.all():
                assert service.is_active
                codes = set(service.areas.values_list("country_code", flat=True))
                assert codes == {pathway.area.country_code}
    assert Pathway.objects.filter(area__level=1).exists()


def test_a_local_pathway_comes_before_the_national_one():
    user = User.objects.get(username="casemanager")
    pikine = Location.objects.get(parent__iso_code="SN-DK", name_fr="Pikine")
    pathways = pathways_for(user, Need.MHPSS, pikine)
    assert [p.area.iso_code for p in pathways if p.area] == ["SN-DK", "SN"]
    thies = Location.objects.get(parent__iso_code="SN-TH", name_fr="Thiès")
    assert [p.area.iso_code for p in pathways_for(user, Need.MHPSS, thies) if p.area] == ["SN"]


@pytest.mark.parametrize(
    ("username", "flag"),
    [
        ("casemanager", "mhpss"),
        ("casemanager", "vot"),
        ("casemanager", "uasc"),
        ("casemanager.ml", "vot"),
    ],
)
def test_pathways_suggest_services_for_the_demo_cases(username, flag):
    user = User.objects.get(username=username)
    case = Case.objects.filter(organisation=user.organisation, flags__contains=[flag]).first()
    assert case is not None
    suggestions = suggestions_for(user, case)
    assert suggestions
    places = {place.pk for place in ancestors_and_self(case.person.current_location)}
    for suggestion in suggestions:
        assert places & set(suggestion.service.areas.values_list("pk", flat=True))


def test_proposals_are_pending_approved_and_rejected():
    changes = ServiceChange.objects.all()
    pending = changes.filter(status=ChangeStatus.PENDING)
    assert {"mentor", "provider"} <= set(pending.values_list("proposed_by__username", flat=True))
    assert {ChangeKind.NEW, ChangeKind.UPDATE} <= set(pending.values_list("kind", flat=True))
    approved = changes.filter(status=ChangeStatus.APPROVED, reviewed_by__username="coordinator")
    assert approved.filter(kind=ChangeKind.UPDATE).exists()
    rejected = changes.get(status=ChangeStatus.REJECTED)
    assert rejected.review_comment
    assert rejected.reviewed_by is not None and rejected.reviewed_by.username == "coordinator"
    service = Service.objects.get(changes__in=approved.filter(kind=ChangeKind.UPDATE))
    assert service.phone == "+223 20 29 41 21" and not service.needs_verification()


def test_the_demo_users_for_the_referral_mechanism():
    coordinator = User.objects.get(username="coordinator")
    assert coordinator.roles == [Role.NRM_COORDINATOR]
    acronyms = dict(User.objects.values_list("username", "organisation__acronym"))
    assert acronyms["coordinator"] == "AIM-SN"
    assert acronyms["provider"] == "JSM"
    assert acronyms["provider.ml"] == "PSF"
    focal, mentor = (User.objects.get(username=name) for name in ("focalpoint", "mentor"))
    assert focal.organisation_id == mentor.organisation_id
