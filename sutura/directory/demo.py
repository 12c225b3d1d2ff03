"""Demo directory: services of the demo organisations in Senegal, Mali and Cameroon, the
referral pathways drawn from them, and a few proposals waiting for (or past) review.

Fictional names, real towns and GPS points. Idempotent: a service or pathway that exists (same
provider and French name; same need and area) is left as it is, so changes approved in the
demo are not undone by running `seed_demo` again; proposals are written once.

The data are in `demo_data/` (French and English side by side; places by ISO code, or
"REGION/admin2 name"); this module only loads them:
- `towns.csv`: where services are (region, admin2 or empty for Bamako district, a point inside
  the town, the neighbourhood written in the address);
- `services.json`: `defaults`, then one object per service (see `Spec`);
- `pathways.json`: per need its title and steps; the needs drawn for each country, and the local
  pathways (a region's, which comes before its country's). A step names the active services of
  the pathway's country (and, for a local one, serving its area) that match one of its
  `services_matching` patterns (see `Step.names`);
- `proposals.json`: proposals as the demo users would have made them, and the coordinator's
  review of some.
"""

from __future__ import annotations

import csv
import json
import random
from contextlib import nullcontext
from dataclasses import dataclass, field, fields
from datetime import datetime, timedelta
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from django.db import transaction
from django.test.utils import override_settings
from django.urls import reverse
from django.utils import timezone

from sutura.accounts.models import Organisation, User
from sutura.audit.context import acting_as
from sutura.cases.models import Vulnerability
from sutura.core.registry import DemoContext
from sutura.directory.models import (
    ChangeKind,
    Cost,
    MhpssLayer,
    Need,
    Pathway,
    PathwayStep,
    Service,
    ServiceCategory,
    ServiceChange,
)
from sutura.directory.services.proposals import (
    approve_change,
    propose_change,
    propose_new_service,
    reject_change,
)
from sutura.geo.models import Level, Location
from sutura.notifications.models import Notification
from sutura.people.models import Sex

DATA = Path(__file__).parent / "demo_data"
DEMO_ACTORS = ("coordinator", "mentor", "provider", "provider.ml", "casemanager", "protection")
# The Spec fields that are not a Service field of the same name (written as they are).
NOT_SERVICE_FIELDS = frozenset({"key", "provider", "town", "areas", "verified"})
STEP_FIELDS = ("title_fr", "title_en", "detail_fr", "detail_en", "category", "urgency")


@dataclass(frozen=True)
class Town:
    region: str
    admin2: str
    latitude: Decimal
    longitude: Decimal
    neighbourhood: str


@dataclass(frozen=True)
class Spec:
    """One demo service: the Service fields of the same name, and `key` (how pathways,
    proposals and the demo referrals name it), `provider` (acronym), `town` (in towns.csv),
    `areas` (places), `verified` (days since the entry was last checked; None: never)."""

    key: str
    provider: str
    category: str
    town: str
    name_fr: str
    name_en: str
    description_fr: str
    description_en: str
    areas: list[str]
    languages: list[str]
    verified: int | None
    cost: str
    opening_hours: str
    how_to_refer: str
    min_age: int | None = None
    max_age: int | None = None
    sexes: list[str] = field(default_factory=list)
    nationalities: list[str] = field(default_factory=list)
    vulnerabilities: list[str] = field(default_factory=list)
    eligibility_notes: str = ""
    cost_details: str = ""
    capacity: str = ""
    mhpss_layer: int | None = None
    focal_point: str = ""
    phone: str = ""
    is_active: bool = True

    def __post_init__(self) -> None:
        """Codes are the models' own: a typo fails the demo, not a page later."""
        ServiceCategory(self.category)
        Cost(self.cost)
        if self.mhpss_layer is not None:
            MhpssLayer(self.mhpss_layer)
        for sex in self.sexes:
            Sex(sex)
        for vulnerability in self.vulnerabilities:
            Vulnerability(vulnerability)

    @property
    def country(self) -> str:
        return towns()[self.town].region[:2]

    def service_fields(self) -> dict[str, Any]:
        """The values written as they are into the Service fields of the same name."""
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        return {
            name: list(value) if isinstance(value, list) else value
            for name, value in values.items()
            if name not in NOT_SERVICE_FIELDS
        }


@dataclass(frozen=True)
class Step:
    title_fr: str
    title_en: str
    detail_fr: str
    detail_en: str
    category: str = ""
    urgency: str = ""
    services_matching: list[dict[str, Any]] = field(default_factory=list)

    def names(self, spec: Spec) -> bool:
        """Whether the step names the service: every field of one pattern has the given value
        (or, for a list, one of its values)."""
        return any(
            all(
                getattr(spec, name) in wanted
                if isinstance(wanted, list)
                else getattr(spec, name) == wanted
                for name, wanted in pattern.items()
            )
            for pattern in self.services_matching
        )


@dataclass(frozen=True)
class Drawn:
    """A pathway as drawn for every area that has it."""

    title_fr: str
    title_en: str
    description_fr: str
    description_en: str
    steps: list[Step]


def _json(name: str) -> Any:
    with (DATA / name).open(encoding="utf-8") as handle:
        return json.load(handle)


@cache
def towns() -> dict[str, Town]:
    with (DATA / "towns.csv").open(encoding="utf-8", newline="") as handle:
        return {
            row["town"]: Town(
                row["region"],
                row["admin2"],
                Decimal(row["latitude"]),
                Decimal(row["longitude"]),
                row["neighbourhood"],
            )
            for row in csv.DictReader(handle)
        }


@cache
def specs() -> list[Spec]:
    """The demo services, in the order of services.json."""
    data = _json("services.json")
    return [Spec(**(data["defaults"] | entry)) for entry in data["services"]]


# Where a need's pathway is drawn: need, area, and the area's name in French and English as the
# title says it (None: the area's own name).
Where = tuple[str, str, str | None, str | None]


@cache
def pathways() -> tuple[dict[str, Drawn], list[Where]]:
    """Each need's pathway, and where they are drawn (countries first, then local ones)."""
    data = _json("pathways.json")
    drawn: dict[str, Drawn] = {
        Need(need): Drawn(**(pathway | {"steps": [Step(**step) for step in pathway["steps"]]}))
        for need, pathway in data["needs"].items()
    }
    areas: list[Where] = [
        (need, country, None, None) for country, needs in data["national"].items() for need in needs
    ]
    areas += [(p["need"], p["area"], p["area_fr"], p["area_en"]) for p in data["local"]]
    return drawn, areas


# --- seeding ----------------------------------------------------------------------------------


class _Places:
    """The reference locations the demo needs, by ISO code or "REGION/admin2 name"."""

    def __init__(self) -> None:
        self.by_code: dict[str, Location] = {}
        for place in Location.objects.filter(level__lte=Level.ADMIN2).select_related("parent"):
            if place.iso_code:
                self.by_code[place.iso_code] = place
            if place.level == Level.ADMIN2 and place.parent and place.parent.iso_code:
                self.by_code[f"{place.parent.iso_code}/{place.name_fr}"] = place

    def get(self, code: str) -> Location:
        return self.by_code[code]

    def town(self, key: str) -> Location:
        town = towns()[key]
        return self.get(f"{town.region}/{town.admin2}" if town.admin2 else town.region)

    def serves(self, spec: Spec, area: Location) -> bool:
        """Whether the service covers the area: one of its areas is the area, above it, or
        inside it."""
        for code in spec.areas:
            place = self.get(code)
            if place.pk == area.pk or place.parent_id == area.pk:
                return True
            node: Location | None = area.parent
            while node is not None:
                if node.pk == place.pk:
                    return True
                node = node.parent
        return False


def seed_directory(organisations: dict[str, Organisation], *, seed: int = 2026) -> dict[str, int]:
    """The demo directory, pathways and proposals; returns counts of what exists afterwards.

    Proposals notify the coordinators (e-mails leave on commit), so this function owns its
    transaction: call it outside one."""
    dummy = "django.core.mail.backends.dummy.EmailBackend"
    with override_settings(EMAIL_BACKEND=dummy), transaction.atomic():
        users = {u.username: u for u in User.objects.filter(username__in=DEMO_ACTORS)}
        coordinator = users.get("coordinator")
        places = _Places()
        with acting_as(coordinator) if coordinator else nullcontext():
            services = _seed_services(organisations, places, coordinator, random.Random(seed))
            _seed_pathways(services, places)
        if coordinator is not None and not ServiceChange.objects.exists():
            _seed_proposals(organisations, services, places, users)
    return {
        "services": Service.objects.count(),
        "to_verify": sum(1 for s in Service.objects.all() if s.needs_verification()),
        "pathways": Pathway.objects.count(),
        "changes": ServiceChange.objects.count(),
    }


def demo_services() -> dict[str, Service]:
    """The demo services by their key in services.json (those that exist)."""
    found = {
        (s.provider.acronym, s.name_fr): s
        for s in Service.objects.select_related("provider").filter(
            name_fr__in=[spec.name_fr for spec in specs()]
        )
    }
    return {
        spec.key: found[(spec.provider, spec.name_fr)]
        for spec in specs()
        if (spec.provider, spec.name_fr) in found
    }


def _seed_services(
    organisations: dict[str, Organisation],
    places: _Places,
    verifier: User | None,
    rng: random.Random,
) -> dict[str, Service]:
    existing = demo_services()
    today = timezone.localdate()
    for spec in specs():
        if spec.key in existing:
            continue
        provider, town = organisations[spec.provider], towns()[spec.town]
        service = Service.objects.create(
            **spec.service_fields(),
            provider=provider,
            address=f"{provider.acronym}, {town.neighbourhood}",
            location=places.town(spec.town),
            latitude=town.latitude + Decimal(rng.randint(-30, 30)) / 10_000,
            longitude=town.longitude + Decimal(rng.randint(-30, 30)) / 10_000,
            email=f"accueil@{provider.acronym.lower()}.demo.sutura.invalid",
            last_verified_on=None if spec.verified is None else today - timedelta(spec.verified),
            last_verified_by=None if spec.verified is None else verifier,
        )
        service.areas.set([places.get(code) for code in spec.areas])
        existing[spec.key] = service
    return existing


def _seed_pathways(services: dict[str, Service], places: _Places) -> None:
    drawn, areas = pathways()
    existing = {(p.need, p.area_id) for p in Pathway.objects.all()}
    for need, code, area_fr, area_en in areas:
        area = places.get(code)
        if (need, area.pk) in existing:
            continue
        pathway = drawn[need]
        row = Pathway.objects.create(
            need=need,
            area=area,
            title_fr=f"{pathway.title_fr} — {area_fr or area.name_fr}",
            title_en=f"{pathway.title_en} — {area_en or area.name_en}",
            description_fr=pathway.description_fr,
            description_en=pathway.description_en,
        )
        for order, step in enumerate(pathway.steps, start=1):
            texts = {name: getattr(step, name) for name in STEP_FIELDS}
            saved = PathwayStep.objects.create(pathway=row, order=order, **texts)
            if step.services_matching:
                saved.services.set(_named(step, area, services, places))


def _named(step: Step, area: Location, services: dict[str, Service], places: _Places) -> list[Any]:
    """The services a step names in this area: active ones of the area's country that match the
    step (and, for a local pathway, serve the area)."""
    local = area.level != Level.COUNTRY
    return [
        services[spec.key]
        for spec in specs()
        if spec.is_active
        and spec.key in services
        and spec.country == area.country_code
        and step.names(spec)
        and (not local or places.serves(spec, area))
    ]


def _seed_proposals(
    organisations: dict[str, Organisation],
    services: dict[str, Service],
    places: _Places,
    users: dict[str, User],
) -> None:
    """Proposals as the people would have made them: two waiting for review, one approved, one
    rejected, a confirmation, and a service said to be closed."""
    coordinator = users["coordinator"]
    now = timezone.now()
    made: list[tuple[ServiceChange, int]] = []  # and how many days ago it was made
    for proposal in _json("proposals.json"):
        proposer = users.get(proposal["by"])
        if proposer is None:
            continue
        values = dict(proposal.get("values", {}))
        if "provider" in values:
            values["provider"] = organisations[values["provider"]]
        if "areas" in values:
            values["areas"] = [places.get(code) for code in values["areas"]]
        with acting_as(proposer):
            change = _propose(proposer, proposal, values, services)
        review = proposal.get("review")
        if review is not None:
            decide = approve_change if review["decision"] == "approve" else reject_change
            with acting_as(coordinator):
                change = decide(actor=coordinator, change=change, comment=review.get("comment", ""))
        made.append((change, proposal["days_ago"]))
    for change, days in made:
        _backdate(change, now - timedelta(days=days, hours=3), now)


def _propose(
    proposer: User, proposal: dict[str, Any], values: dict[str, Any], services: dict[str, Service]
) -> ServiceChange:
    if proposal["kind"] == ChangeKind.NEW:
        return propose_new_service(actor=proposer, data=values, comment=proposal["comment"])
    return propose_change(
        actor=proposer,
        service=services[proposal["service"]],
        data=values or None,
        comment=proposal["comment"],
        kind=proposal["kind"],
    )


def _backdate(change: ServiceChange, made: datetime, now: datetime) -> None:
    """Move the proposal, its review and the notifications back to when they would have been
    made (the review the next day); old notifications have been read."""
    reviewed = made + timedelta(hours=20) if change.reviewed_at else None
    ServiceChange.objects.filter(pk=change.pk).update(
        created_at=made, updated_at=reviewed or made, reviewed_at=reviewed
    )
    if reviewed and change.service_id:
        Service.objects.filter(pk=change.service_id).update(
            last_verified_on=timezone.localdate(reviewed)
        )
    # The coordinators were told when it was proposed, the proposer when it was reviewed.
    told = Notification.objects.filter(link=reverse("directory:change_detail", args=[change.pk]))
    for notes, when in (
        (told.exclude(recipient_id=change.proposed_by_id), made),
        (told.filter(recipient_id=change.proposed_by_id), reviewed),
    ):
        if when is not None:
            read = when + timedelta(hours=2) if now - when > timedelta(days=3) else None
            notes.update(created_at=when, updated_at=when, read_at=read)


def seed_step(context: DemoContext) -> str:
    """This app's part of `seed_demo` (registered in its AppConfig)."""
    made = seed_directory(context.organisations)  # its own transaction
    return (
        f"{made['services']} services ({made['to_verify']} to re-verify), "
        f"{made['pathways']} pathways, {made['changes']} proposed changes"
    )
