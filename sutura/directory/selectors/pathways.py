"""Reads of the referral pathways, through the access layer: the list, one pathway and its
steps, the pathways naming a service, and the services they suggest for a case."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import Q

from sutura.access import get_visible_or_404, visible
from sutura.cases.models import Case
from sutura.directory.models import NEEDS_FOR_VULNERABILITY, Pathway, PathwayStep, Service
from sutura.directory.selectors.entries import ancestors_and_self, services_serving
from sutura.geo.models import Location


def pathway_list(user: Any, need: str = "", area: Location | None = None) -> list[Pathway]:
    """Pathways by need; with a place, those drawn for it, a unit above it, or everywhere."""
    pathways = visible(user, Pathway).select_related("area", "area__parent")
    if need:
        pathways = pathways.filter(need=need)
    if area is not None:
        pathways = pathways.filter(
            Q(area__isnull=True) | Q(area__in=[p.pk for p in ancestors_and_self(area)])
        )
    return list(pathways.annotate(step_count=models.Count("steps")).order_by("need", "title_fr"))


def pathway_for(user: Any, pathway_id: Any) -> Pathway:
    return get_visible_or_404(user, Pathway.objects.select_related("area"), pk=pathway_id)


def steps_of(user: Any, pathway: Pathway) -> list[PathwayStep]:
    """The steps in order, each with the services (visible to the user) it names."""
    services = visible(user, Service).select_related("provider").order_by("name_fr")
    return list(
        visible(user, PathwayStep)
        .filter(pathway=pathway)
        .prefetch_related(models.Prefetch("services", queryset=services))
        .order_by("order")
    )


def step_for(user: Any, pathway: Pathway, step_id: Any) -> PathwayStep:
    return get_visible_or_404(user, PathwayStep, pk=step_id, pathway=pathway)


def pathways_of_service(user: Any, service: Service) -> list[Pathway]:
    """The pathways that name this service in one of their steps."""
    steps = visible(user, PathwayStep).filter(services=service)
    return list(visible(user, Pathway).filter(steps__in=steps).distinct().order_by("title_fr"))


def pathways_for(user: Any, need: str, location: Location | None) -> list[Pathway]:
    """The pathways for a need, the most local first: an area's own pathway before the
    region's, the country's and the one drawn for everywhere."""
    places = ancestors_and_self(location)
    rank = {place.pk: depth for depth, place in enumerate(places)}
    candidates = visible(user, Pathway).filter(
        Q(area__isnull=True) | Q(area__in=list(rank)), need=need
    )
    return sorted(
        candidates, key=lambda p: len(places) if p.area_id is None else rank.get(p.area_id, 0)
    )


@dataclass(frozen=True)
class Suggestion:
    """A service worth referring a case to, and the pathway step that names it."""

    service: Service
    pathway: Pathway
    step: PathwayStep
    eligible: bool


def suggestions_for(user: Any, case: Case) -> list[Suggestion]:
    """Services the pathways suggest for this case's vulnerabilities and place of residence,
    in pathway order; each says whether the person meets the service's eligibility."""
    person = case.person
    location = person.current_location
    needs: list[str] = []
    for flag in case.flags:
        for need in NEEDS_FOR_VULNERABILITY.get(flag, ()):
            if need not in needs:
                needs.append(need)
    seen: set[Any] = set()
    suggestions: list[Suggestion] = []
    age = person.age()
    for need in needs:
        pathways = pathways_for(user, need, location)
        if not pathways:
            continue
        pathway = pathways[0]
        steps = visible(user, PathwayStep).filter(pathway=pathway).order_by("order")
        for step in steps:
            services = services_serving(visible(user, Service).filter(pathway_steps=step), location)
            for service in services.select_related("provider"):
                if service.pk in seen:
                    continue
                seen.add(service.pk)
                eligible = service.accepts(age=age, sex=person.sex, nationality=person.nationality)
                suggestions.append(Suggestion(service, pathway, step, eligible))
    return suggestions
