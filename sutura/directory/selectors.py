"""Reads of the directory and pathways, through the access layer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from sutura.access import get_visible_or_404, visible
from sutura.accounts.models import Organisation
from sutura.cases.models import Case
from sutura.directory.models import (
    EDITABLE_FIELDS,
    NEEDS_FOR_VULNERABILITY,
    VERIFICATION_MAX_AGE,
    ChangeStatus,
    Pathway,
    PathwayStep,
    Service,
    ServiceChange,
    service_snapshot,
)
from sutura.geo.countries import country_name
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


# ---------------------------------------------------------------------------------------------
# The directory list, map and exports


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


def history_of(user: Any, service: Service) -> models.QuerySet[ServiceChange]:
    """The changes to an entry the user may see, newest first."""
    return (
        visible(user, ServiceChange)
        .filter(service=service)
        .select_related("proposed_by", "reviewed_by")
        .order_by("-created_at")
    )


def changes_for(user: Any, status: str = "") -> models.QuerySet[ServiceChange]:
    """Proposals the user may see (all for coordinators, their own for others), pending first."""
    changes = visible(user, ServiceChange).select_related("service", "proposed_by", "reviewed_by")
    if status:
        changes = changes.filter(status=status)
    pending_first = models.Case(
        models.When(status=ChangeStatus.PENDING, then=0),
        default=1,
        output_field=models.IntegerField(),
    )
    return changes.order_by(pending_first, "-created_at")


def pending_changes_count(user: Any) -> int:
    """Proposals awaiting review that the user may see (a coordinator's home-page card)."""
    return visible(user, ServiceChange).filter(status=ChangeStatus.PENDING).count()


def change_for(user: Any, change_id: Any) -> ServiceChange:
    queryset = ServiceChange.objects.select_related(
        "service", "service__provider", "proposed_by", "reviewed_by"
    )
    return get_visible_or_404(user, queryset, pk=change_id)


def providers_for(user: Any) -> models.QuerySet[Organisation]:
    """The organisations a service may name as its provider: the active ones."""
    return visible(user, Organisation).filter(is_active=True).order_by("name")


# ---------------------------------------------------------------------------------------------
# Pathways


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


# ---------------------------------------------------------------------------------------------
# A proposal, shown as rows a reviewer reads: field, before, proposed, now


@dataclass(frozen=True)
class ChangeRow:
    field: str
    label: str
    before: str
    proposed: str
    now: str | None  # None for a new service or a reviewed change
    stale: bool


def change_rows(user: Any, change: ServiceChange) -> list[ChangeRow]:
    """The values a change touches, readable (choices, places and providers by name)."""
    pending = change.status == ChangeStatus.PENDING and change.service is not None
    now = current_values(change.service) if pending and change.service else {}
    keys = change.changed_fields() if change.before else sorted(change.proposed)
    if change.kind == "new":
        keys = [k for k in _field_order() if change.proposed.get(k) not in (None, "", [])]
    ids = _ids_in([change.before, change.proposed, now])
    names = _names_for(user, ids)
    rows = []
    for key in keys:
        before = change.before.get(key)
        rows.append(
            ChangeRow(
                field=key,
                label=field_label(key),
                before=readable(key, before, names) if change.before else "",
                proposed=readable(key, change.proposed.get(key), names),
                now=readable(key, now.get(key), names) if pending else None,
                stale=pending and now.get(key) != before,
            )
        )
    return rows


def _field_order() -> list[str]:
    return ["provider", *EDITABLE_FIELDS[:5], "areas", "location", *EDITABLE_FIELDS[5:]]


def _ids_in(snapshots: list[dict[str, Any]]) -> set[str]:
    ids: set[str] = set()
    for snapshot in snapshots:
        for key in ("provider", "location"):
            if snapshot.get(key):
                ids.add(str(snapshot[key]))
        ids.update(str(pk) for pk in snapshot.get("areas") or [])
    return ids


def _names_for(user: Any, ids: set[str]) -> dict[str, str]:
    if not ids:
        return {}
    names = {str(org.pk): str(org) for org in visible(user, Organisation).filter(pk__in=list(ids))}
    places = visible(user, Location).filter(pk__in=list(ids)).select_related("parent")
    names |= {str(place.pk): place.name for place in places}
    return names


def readable(field: str, value: Any, names: dict[str, str]) -> str:
    """A stored value as a person reads it."""
    if value is None or value == "" or value == []:
        return "—"
    if field in ("provider", "location"):
        return names.get(str(value), str(value))
    if field == "areas":
        return ", ".join(sorted(names.get(str(pk), str(pk)) for pk in value))
    if field == "is_active":
        return str(_("Yes") if value else _("No"))
    if field == "nationalities":
        return ", ".join(country_name(code) for code in value)
    model_field: Any = Service._meta.get_field(field)
    choices = dict(getattr(model_field, "base_field", model_field).choices or [])
    if isinstance(value, list):
        return ", ".join(str(choices.get(v, v)) for v in value)
    return str(choices.get(value, value))


def current_values(service: Service) -> dict[str, Any]:
    """What a proposal is compared with: the editable values and whether it is offered."""
    return {**service_snapshot(service), "is_active": service.is_active}


def field_label(name: str) -> str:
    """A proposal's key as the form calls it."""
    try:
        field: Any = Service._meta.get_field(name)
    except FieldDoesNotExist:
        return name
    return str(capfirst(field.verbose_name))
