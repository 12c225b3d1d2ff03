"""Reads of the directory's entries, through the access layer: the list, its map and exports
(one set of filters for all three), one entry, and the places an entry serves."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import models
from django.db.models import Q
from django.utils import timezone

from sutura.access import get_visible_or_404, visible
from sutura.accounts.models import Organisation
from sutura.directory.models import VERIFICATION_MAX_AGE, Service
from sutura.geo.models import Location
from sutura.geo.queries import within


def ancestors_and_self(location: Location | None) -> list[Location]:
    """The place and every unit above it (commune → département → region → country)."""
    chain: list[Location] = []
    node = location
    while node is not None:
        chain.append(node)
        node = node.parent
    return chain


def services_serving(
    queryset: models.QuerySet[Service], location: Location | None
) -> models.QuerySet[Service]:
    """Services whose areas include the place or a unit above it (an area 'Dakar region'
    serves every commune in it). Without a place, no narrowing."""
    if location is None:
        return queryset
    ids = [place.pk for place in ancestors_and_self(location)]
    return queryset.filter(areas__in=ids).distinct()


@dataclass
class DirectoryFilters:
    """What the directory list, its map and its exports are narrowed to."""

    query: str = ""
    category: str = ""
    area: Location | None = None  # services serving this place (their areas cover it)
    located_in: Location | None = None  # services whose premises are in this place
    age: int | None = None
    sex: str = ""
    nationality: str = ""
    vulnerability: str = ""
    language: str = ""
    cost: str = ""
    needs_verification: bool = False
    include_withdrawn: bool = False  # coordinators only: the scope hides them from others

    def is_narrowed(self) -> bool:
        return any(
            (
                self.query,
                self.category,
                self.area,
                self.located_in,
                self.age is not None,
                self.sex,
                self.nationality,
                self.vulnerability,
                self.language,
                self.cost,
                self.needs_verification,
            )
        )


TEXT_FIELDS = (
    "name_fr",
    "name_en",
    "description_fr",
    "description_en",
    "provider__name",
    "provider__acronym",
)


def stale_before(today: date | None = None) -> date:
    """Entries last verified before this day carry the six-month flag."""
    return (today or timezone.localdate()) - VERIFICATION_MAX_AGE


def matching_text(queryset: models.QuerySet[Service], query: str) -> models.QuerySet[Service]:
    """Each word in a name, description or provider, accents and case ignored."""
    for word in query.split()[:8]:
        condition = Q()
        for field in TEXT_FIELDS:
            condition |= Q(**{f"{field}__unaccent__icontains": word})
        queryset = queryset.filter(condition)
    return queryset


def accepting(
    queryset: models.QuerySet[Service],
    *,
    age: int | None = None,
    sex: str = "",
    nationality: str = "",
    vulnerability: str = "",
) -> models.QuerySet[Service]:
    """Services whose stated eligibility admits such a person (an empty list admits all)."""
    if age is not None:
        queryset = queryset.filter(Q(min_age__isnull=True) | Q(min_age__lte=age)).filter(
            Q(max_age__isnull=True) | Q(max_age__gte=age)
        )
    for field, value in (
        ("sexes", sex),
        ("nationalities", nationality),
        ("vulnerabilities", vulnerability),
    ):
        if value:
            queryset = queryset.filter(Q(**{field: []}) | Q(**{f"{field}__contains": [value]}))
    return queryset


def services_for(user: Any, filters: DirectoryFilters | None = None) -> models.QuerySet[Service]:
    """The directory entries a user may see, narrowed by the list's filters, by name."""
    filters = filters or DirectoryFilters()
    services = visible(user, Service)
    if not filters.include_withdrawn:
        services = services.filter(is_active=True)
    if filters.query.strip():
        services = matching_text(services, filters.query.strip())
    if filters.category:
        services = services.filter(category=filters.category)
    if filters.located_in is not None:
        services = services.filter(within("location", filters.located_in))
    services = accepting(
        services,
        age=filters.age,
        sex=filters.sex,
        nationality=filters.nationality,
        vulnerability=filters.vulnerability,
    )
    if filters.language:
        services = services.filter(languages__contains=[filters.language])
    if filters.cost:
        services = services.filter(cost=filters.cost)
    if filters.needs_verification:
        services = services.filter(
            Q(last_verified_on__isnull=True) | Q(last_verified_on__lt=stale_before())
        )
    services = services_serving(services, filters.area)
    return services.select_related("provider", "location", "last_verified_by").order_by(
        "name_fr", "pk"
    )


def with_areas(services: models.QuerySet[Service]) -> models.QuerySet[Service]:
    """Prefetch the areas (and their parents, for their full names) in two queries."""
    return services.prefetch_related(
        models.Prefetch("areas", queryset=Location.objects.select_related("parent"))
    )


def service_for(user: Any, service_id: Any) -> Service:
    """One entry of the directory, or 404."""
    queryset = Service.objects.select_related("provider", "location", "last_verified_by")
    return get_visible_or_404(user, with_areas(queryset), pk=service_id)


def providers_for(user: Any) -> models.QuerySet[Organisation]:
    """The organisations a service may name as its provider: the active ones."""
    return visible(user, Organisation).filter(is_active=True).order_by("name")
