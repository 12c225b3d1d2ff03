"""The REST API of the return journey: the same selectors, services and access rules as the
pages.

- `GET /api/returns/`: the returns you stand on (your departure cases' and those handed over
  to your organisation); `POST` opens the return of a departure case (Idempotency-Key);
- `GET /api/returns/<id>/`: the journey as you may read it (`selectors.journey`: the departure
  office never gets the arrival's details, the receiving office never the departure
  counselling sessions nor the person's file);
- `POST /api/returns/<id>/steps/`: one step, named by `step` (departure: counselling, facts,
  document, movement, ready, hand_over, cancel; receiving: arrival, counselling, open_case).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from sutura.access import get_visible_or_404
from sutura.access.returns import NOWHERE, return_standing
from sutura.accounts.models import Organisation
from sutura.accounts.roles import Perm
from sutura.audit.services import record_read
from sutura.cases.models import Case, Currency
from sutura.core.api import ERRORS, Conflict, SuturaViewSet, path_id, refused_as
from sutura.core.texts import Text
from sutura.people.models import ConsentMethod
from sutura.returns import selectors, services
from sutura.returns.models import (
    Assistance,
    CancelReason,
    Decision,
    DocumentKind,
    DocumentStatus,
    Eligibility,
    Fitness,
    ReturnStatus,
    Side,
    Topic,
    Vulnerability,
)
from sutura.returns.selectors import Journey

CASE_STAFF = (Perm.MANAGE_CASES,)


class ReturnDocumentSerializer(serializers.Serializer):
    id = serializers.UUIDField(read_only=True)
    kind = serializers.ChoiceField(choices=DocumentKind.choices, read_only=True)
    status = serializers.ChoiceField(choices=DocumentStatus.choices, read_only=True)
    issued_by = serializers.CharField(read_only=True)
    number = serializers.CharField(read_only=True)


class ReturnMovementSerializer(serializers.Serializer):
    id = serializers.UUIDField(read_only=True)
    departs_on = serializers.DateField(read_only=True)
    route = serializers.CharField(read_only=True)
    carrier = serializers.CharField(read_only=True)
    escort = serializers.CharField(read_only=True)
    departure_point = serializers.CharField(read_only=True)
    arrival_point = serializers.CharField(read_only=True)


class ReturnSessionSerializer(serializers.Serializer):
    id = serializers.UUIDField(read_only=True)
    side = serializers.ChoiceField(choices=Side.choices, read_only=True)
    held_on = serializers.DateField(read_only=True)
    topics = serializers.ListField(child=serializers.ChoiceField(choices=Topic.choices))
    decision = serializers.ChoiceField(choices=Decision.choices, read_only=True)


class ReturnArrivalSerializer(serializers.Serializer):
    arrived_on = serializers.DateField(read_only=True)
    met_by = serializers.CharField(read_only=True)
    assistance = serializers.ListField(child=serializers.ChoiceField(choices=Assistance.choices))
    cash_amount = serializers.DecimalField(
        max_digits=12, decimal_places=2, read_only=True, allow_null=True
    )
    currency = serializers.CharField(read_only=True)


class ReturnIdentitySerializer(serializers.Serializer):
    given_names = serializers.CharField(read_only=True)
    family_name = serializers.CharField(read_only=True)
    sex = serializers.CharField(read_only=True)
    birth_date = serializers.DateField(read_only=True, allow_null=True)
    nationality = serializers.CharField(read_only=True)
    phone = serializers.CharField(read_only=True)


class ReturnSerializer(serializers.Serializer):
    """A return as its reader may see it: the parts of the other side are left out."""

    id = serializers.UUIDField(read_only=True)
    number = serializers.CharField(read_only=True)
    status = serializers.ChoiceField(choices=ReturnStatus.choices, read_only=True)
    from_country = serializers.CharField(read_only=True)
    to_country = serializers.CharField(read_only=True)
    organisation = serializers.CharField(read_only=True, help_text=_("The departure office."))
    receiving_organisation = serializers.CharField(read_only=True)
    arrived_on = serializers.DateField(read_only=True, allow_null=True)
    departure_case = serializers.UUIDField(
        read_only=True, required=False, help_text=_("The departure office only.")
    )
    reintegration_case = serializers.UUIDField(
        read_only=True, required=False, allow_null=True, help_text=_("The receiving office only.")
    )
    decision = serializers.ChoiceField(choices=Decision.choices, read_only=True, required=False)
    eligibility = serializers.ChoiceField(
        choices=Eligibility.choices, read_only=True, required=False
    )
    vulnerabilities = serializers.ListField(
        child=serializers.ChoiceField(choices=Vulnerability.choices), required=False
    )
    fitness = serializers.ChoiceField(choices=Fitness.choices, read_only=True, required=False)
    identity = ReturnIdentitySerializer(read_only=True, required=False)
    documents = ReturnDocumentSerializer(many=True, read_only=True, required=False)
    movements = ReturnMovementSerializer(many=True, read_only=True, required=False)
    sessions = ReturnSessionSerializer(many=True, read_only=True, required=False)
    arrival = ReturnArrivalSerializer(read_only=True, required=False, allow_null=True)
    missing = serializers.ListField(child=serializers.CharField(), required=False)


def _org(organisation: Any) -> str:
    return str(organisation.acronym or organisation.name)


def as_data(view: Journey, *, full: bool = True) -> dict[str, Any]:
    found, standing = view.assisted_return, view.standing
    data: dict[str, Any] = {
        "id": found.pk,
        "number": found.number,
        "status": found.status,
        "from_country": found.from_country,
        "to_country": found.to_country,
        "organisation": _org(found.organisation),
        "receiving_organisation": _org(found.receiving_organisation),
        "arrived_on": found.arrived_on,
    }
    if not full:
        return data
    data.update(
        decision=found.decision,
        vulnerabilities=list(found.vulnerabilities),
        fitness=found.fitness,
        documents=view.papers,
        movements=view.legs,
        sessions=[*view.departure_sessions, *view.arrival_sessions],
    )
    if standing.departure:
        data.update(
            departure_case=found.departure_case_id,
            eligibility=found.eligibility,
            missing=view.missing,
        )
    if standing.receiving:
        data.update(
            reintegration_case=found.reintegration_case_id,
            identity=found,
            arrival=view.arrival,
        )
    return data


def shown(data: dict[str, Any]) -> dict[str, Any]:
    """The serialized return, with only the parts its reader may see (a part left out of
    `data` is left out of the answer, not shown as null)."""
    return {k: v for k, v in ReturnSerializer(data).data.items() if k in data}


class ReturnCreateSerializer(serializers.Serializer):
    case = serializers.UUIDField(help_text=_("The departure case (type assisted return)."))
    receiving_organisation = serializers.UUIDField()


class ReturnStepSerializer(serializers.Serializer):
    """One step; the fields it takes are those of its page form."""

    step = serializers.ChoiceField(
        choices=[
            "counselling",
            "facts",
            "document",
            "movement",
            "ready",
            "hand_over",
            "cancel",
            "arrival",
            "open_case",
        ]
    )
    version = serializers.IntegerField(required=False)
    held_on = serializers.DateField(required=False)
    topics = serializers.ListField(
        child=serializers.ChoiceField(choices=Topic.choices), required=False
    )
    decision = serializers.ChoiceField(choices=Decision.choices, required=False)
    note = serializers.CharField(required=False, allow_blank=True, max_length=4000)
    eligibility = serializers.ChoiceField(choices=Eligibility.choices, required=False)
    vulnerabilities = serializers.ListField(
        child=serializers.ChoiceField(choices=Vulnerability.choices), required=False
    )
    vulnerability_note = serializers.CharField(required=False, allow_blank=True, max_length=4000)
    fitness = serializers.ChoiceField(choices=Fitness.choices, required=False)
    fitness_on = serializers.DateField(required=False)
    fitness_by = serializers.CharField(required=False, allow_blank=True, max_length=200)
    kind = serializers.ChoiceField(choices=DocumentKind.choices, required=False)
    document_status = serializers.ChoiceField(choices=DocumentStatus.choices, required=False)
    issued_by = serializers.CharField(required=False, allow_blank=True, max_length=200)
    number = serializers.CharField(required=False, allow_blank=True, max_length=60)
    departs_on = serializers.DateField(required=False)
    route = serializers.CharField(required=False, max_length=200)
    carrier = serializers.CharField(required=False, allow_blank=True, max_length=120)
    escort = serializers.CharField(required=False, allow_blank=True, max_length=200)
    departure_point = serializers.CharField(required=False, max_length=200)
    arrival_point = serializers.CharField(required=False, max_length=200)
    reason = serializers.ChoiceField(choices=CancelReason.choices, required=False)
    arrived_on = serializers.DateField(required=False)
    met_by = serializers.CharField(required=False, max_length=200)
    assistance = serializers.ListField(
        child=serializers.ChoiceField(choices=Assistance.choices), required=False
    )
    cash_amount = serializers.DecimalField(
        max_digits=12, decimal_places=2, min_value=0, required=False
    )
    currency = serializers.ChoiceField(choices=Currency.choices, required=False)
    consent_method = serializers.ChoiceField(choices=ConsentMethod.choices, required=False)
    consent_on = serializers.DateField(required=False)
    guardian_name = serializers.CharField(required=False, allow_blank=True, max_length=200)
    childs_views = serializers.CharField(required=False, allow_blank=True, max_length=4000)
    opened_on = serializers.DateField(required=False)


# step -> (the fields it takes, those it needs)
STEP_FIELDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "counselling": (("held_on", "topics", "decision", "note"), ("held_on", "topics")),
    "facts": (
        (
            "version",
            "eligibility",
            "vulnerabilities",
            "vulnerability_note",
            "fitness",
            "fitness_on",
            "fitness_by",
        ),
        ("version",),
    ),
    "document": (("kind", "document_status", "issued_by", "number"), ("kind", "document_status")),
    "movement": (
        ("departs_on", "route", "carrier", "escort", "departure_point", "arrival_point"),
        ("departs_on", "route", "departure_point", "arrival_point"),
    ),
    "ready": ((), ()),
    "hand_over": ((), ()),
    "cancel": (("reason",), ("reason",)),
    "arrival": (
        ("arrived_on", "met_by", "assistance", "cash_amount", "currency", "note"),
        ("arrived_on", "met_by"),
    ),
    "open_case": (
        ("consent_method", "consent_on", "guardian_name", "childs_views", "opened_on"),
        ("consent_method",),
    ),
}
DEPARTURE_STEPS = {"facts", "document", "movement", "ready", "hand_over", "cancel"}


def _step_data(data: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    name = data["step"]
    takes, needs = STEP_FIELDS[name]
    missing = {field: [_("This field is required.")] for field in needs if field not in data}
    if missing:
        raise serializers.ValidationError(missing)
    values = {field: data[field] for field in takes if field in data}
    if "document_status" in values:
        values["status"] = values.pop("document_status")
    return name, values


def _not_a_field(error: DjangoValidationError) -> bool:
    return not hasattr(error, "error_dict")


class ReturnViewSet(SuturaViewSet):
    """Assisted voluntary returns, each side reading its own part."""

    serializer_class = ReturnSerializer
    audit_name = gettext_noop("assisted returns")
    required_perms = {
        "list": CASE_STAFF,
        "retrieve": CASE_STAFF,
        "create": CASE_STAFF,
        "steps": CASE_STAFF,
    }

    def get_queryset(self) -> Any:
        return selectors.incoming(self.request.user).none()

    def list(self, request: Request) -> Response:
        """The returns you stand on: from your departure cases, and handed over to you."""
        found = selectors.returns_for(request.user)
        return self.paginated(
            found,
            lambda page: [shown(as_data(Journey(r, NOWHERE), full=False)) for r in page],
            filtered=False,
        )

    @extend_schema(responses={200: ReturnSerializer, 404: ERRORS[404]})
    def retrieve(self, request: Request, pk: Any = None) -> Response:
        found = selectors.return_for(request.user, path_id(pk), audit=gettext_noop("API return"))
        return Response(shown(as_data(selectors.journey(request.user, found))))

    @extend_schema(request=ReturnCreateSerializer, responses={201: ReturnSerializer, **ERRORS})
    def create(self, request: Request) -> Response:
        """Open the return of a departure case you work on."""
        data = self.validated(ReturnCreateSerializer)
        case = get_visible_or_404(request.user, Case, pk=data["case"])
        receiving = Organisation.objects.filter(
            pk=data["receiving_organisation"], is_active=True
        ).first()
        if receiving is None:
            raise serializers.ValidationError(
                {"receiving_organisation": [_("No such active organisation.")]}
            )
        with refused_as(Conflict, DjangoValidationError, when=_not_a_field):
            found = services.open_return(
                actor=request.user, case=case, receiving_organisation=receiving
            )
        view = selectors.journey(request.user, selectors.return_for(request.user, found.pk))
        return Response(shown(as_data(view)), status=status.HTTP_201_CREATED)

    @extend_schema(request=ReturnStepSerializer, responses={200: ReturnSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def steps(self, request: Request, pk: Any = None) -> Response:
        """Take one step of the journey (`step` names it)."""
        found = selectors.return_for(request.user, path_id(pk))
        name, values = _step_data(self.validated(ReturnStepSerializer))
        standing = return_standing(request.user, found)
        if name in DEPARTURE_STEPS and not standing.departure:
            raise PermissionDenied
        if name in ("arrival", "open_case") and not standing.receiving:
            raise PermissionDenied
        with refused_as(Conflict, DjangoValidationError, when=_not_a_field):
            if name == "counselling":
                side = Side.DEPARTURE if standing.departure else Side.ARRIVAL
                services.record_counselling(
                    actor=request.user, assisted_return=found, side=side, **values
                )
            elif name == "facts":
                version = values.pop("version")
                services.record_departure_facts(
                    actor=request.user, assisted_return=found, expected_version=version, **values
                )
            else:
                services_by_step: dict[str, Callable[..., Any]] = {
                    "document": services.add_document,
                    "movement": services.add_movement,
                    "ready": services.mark_ready,
                    "hand_over": services.hand_over,
                    "cancel": services.cancel,
                    "arrival": services.record_arrival,
                    "open_case": services.open_reintegration_case,
                }
                service = services_by_step[name]
                service(actor=request.user, assisted_return=found, **values)
        found = selectors.return_for(request.user, found.pk)
        record_read(
            request.user, found, detail=Text(gettext_noop("API return step %(step)s"), step=name)
        )
        return Response(shown(as_data(selectors.journey(request.user, found))))
