"""The directory API.

Services and pathways are published: anyone may read them, logged in or not, so other tools
can reuse the map (`access.rules.public_services()`: active services of active providers; no
staff names). Proposals need a signed-in user who may propose; coordinators approve or reject
them through the same services as the pages (a stale approval answers 409).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import exceptions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from sutura.access import get_visible_or_404
from sutura.access.rules import public_pathways, public_services
from sutura.accounts.models import Organisation
from sutura.accounts.roles import Perm
from sutura.cases.api import SuturaViewSet, path_id, query_id
from sutura.cases.models import Vulnerability
from sutura.directory.models import (
    EDITABLE_FIELDS,
    ChangeKind,
    ChangeStatus,
    Pathway,
    PathwayStep,
    Service,
    ServiceCategory,
    ServiceChange,
)
from sutura.directory.selectors import entries as entry_reads
from sutura.directory.selectors import proposals as proposal_reads
from sutura.directory.services import proposals as proposal_writes
from sutura.geo.models import Location
from sutura.people.models import LANGUAGE_CHOICES, Sex


class StaleProposal(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "stale"
    default_detail = _("The entry changed after this proposal was made.")


# ---------------------------------------------------------------------------------------------
# Published services


class NamedSerializer(serializers.Serializer):
    id = serializers.UUIDField(read_only=True)
    name = serializers.CharField(read_only=True)


class ProviderSerializer(NamedSerializer):
    acronym = serializers.CharField(read_only=True)


class PointSerializer(serializers.Serializer):
    type = serializers.CharField(read_only=True, help_text=_("Always “Point”."))
    coordinates = serializers.ListField(
        child=serializers.FloatField(),
        read_only=True,
        help_text=_("[longitude, latitude], as GeoJSON orders them."),
    )


def _codes(choices: list[tuple[str, Any]]) -> Any:
    """A list of codes. Declared as plain strings: the same choice sets (sexes, vulnerabilities)
    have other names elsewhere in the schema, and one set must have one name."""
    listed = ", ".join(str(value) for value, _label in choices)
    return serializers.ListField(
        child=serializers.CharField(max_length=20),
        required=False,
        help_text=format_lazy(_("Codes among: {codes}. Empty: everyone."), codes=listed),
    )


SEX_CODES = [(Sex.FEMALE.value, Sex.FEMALE.label), (Sex.MALE.value, Sex.MALE.label)]


class PublicServiceSerializer(serializers.ModelSerializer):
    """A directory entry as published. `geometry` is a GeoJSON point (or null)."""

    sexes = _codes(SEX_CODES)
    vulnerabilities = _codes(Vulnerability.choices)

    name = serializers.CharField(read_only=True, help_text=_("In the language asked for."))
    description = serializers.CharField(read_only=True)
    provider = ProviderSerializer(read_only=True)
    areas = NamedSerializer(many=True, read_only=True)
    location = NamedSerializer(read_only=True, allow_null=True)
    latitude = serializers.SerializerMethodField()
    longitude = serializers.SerializerMethodField()
    geometry = serializers.SerializerMethodField()
    needs_verification = serializers.SerializerMethodField()

    class Meta:
        model = Service
        fields = [
            "id",
            "name",
            *EDITABLE_FIELDS[:2],
            "category",
            "description",
            *EDITABLE_FIELDS[3:5],
            "provider",
            "areas",
            "location",
            *[name for name in EDITABLE_FIELDS[5:] if name not in ("latitude", "longitude")],
            "latitude",
            "longitude",
            "geometry",
            "last_verified_on",
            "needs_verification",
        ]
        read_only_fields = fields

    def get_latitude(self, service: Service) -> float | None:
        return float(service.latitude) if service.latitude is not None else None

    def get_longitude(self, service: Service) -> float | None:
        return float(service.longitude) if service.longitude is not None else None

    @extend_schema_field(PointSerializer(allow_null=True))
    def get_geometry(self, service: Service) -> dict[str, Any] | None:
        if not service.has_point:
            return None
        return {
            "type": "Point",
            "coordinates": [float(service.longitude), float(service.latitude)],  # type: ignore[arg-type]
        }

    def get_needs_verification(self, service: Service) -> bool:
        return service.needs_verification()


class ServiceFilterSerializer(serializers.Serializer):
    category = serializers.ChoiceField(
        choices=ServiceCategory.choices, required=False, allow_blank=True
    )
    area = serializers.UUIDField(
        required=False,
        help_text=_("A place's id: services whose areas include it or a unit above it."),
    )
    language = serializers.ChoiceField(choices=LANGUAGE_CHOICES, required=False, allow_blank=True)
    q = serializers.CharField(
        required=False, allow_blank=True, help_text=_("Words in the name, description or provider.")
    )


def _published() -> models.QuerySet[Service]:
    return entry_reads.with_areas(
        public_services().select_related("provider", "location").order_by("name_fr", "pk")
    )


class PublicServiceViewSet(viewsets.ReadOnlyModelViewSet):
    """The published directory: no login needed."""

    permission_classes = [AllowAny]
    serializer_class = PublicServiceSerializer
    queryset = Service.objects.none()

    def get_queryset(self) -> models.QuerySet[Service]:
        return _published()

    @extend_schema(parameters=[ServiceFilterSerializer])
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        params = ServiceFilterSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        given = params.validated_data
        found = self.get_queryset()
        if given.get("category"):
            found = found.filter(category=given["category"])
        if given.get("language"):
            found = found.filter(languages__contains=[given["language"]])
        if given.get("q", "").strip():
            found = entry_reads.matching_text(found, given["q"].strip())
        if given.get("area"):
            place = Location.objects.filter(pk=given["area"]).select_related("parent").first()
            if place is None:
                raise serializers.ValidationError({"area": [_("No such place.")]})
            found = entry_reads.services_serving(found, place)
        page = self.paginate_queryset(found)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        service = self.get_queryset().filter(pk=path_id(kwargs.get("pk"))).first()
        if service is None:
            raise exceptions.NotFound
        return Response(self.get_serializer(service).data)


# ---------------------------------------------------------------------------------------------
# Published pathways


class PublicStepSerializer(serializers.ModelSerializer):
    title = serializers.CharField(read_only=True)
    detail = serializers.CharField(read_only=True)
    services = serializers.SerializerMethodField()

    class Meta:
        model = PathwayStep
        fields = ["order", "title", "title_fr", "title_en", "detail", "category", "services"]
        read_only_fields = fields

    def get_services(self, step: PathwayStep) -> list[str]:
        """The ids of the published services the step names."""
        return [str(service.pk) for service in step.services.all()]


class PublicPathwaySerializer(serializers.ModelSerializer):
    title = serializers.CharField(read_only=True)
    description = serializers.CharField(read_only=True)
    area = NamedSerializer(read_only=True, allow_null=True)
    steps = PublicStepSerializer(many=True, read_only=True)

    class Meta:
        model = Pathway
        fields = ["id", "need", "title", "title_fr", "title_en", "description", "area", "steps"]
        read_only_fields = fields


class PublicPathwayViewSet(viewsets.ReadOnlyModelViewSet):
    """Referral pathways in use: no login needed."""

    permission_classes = [AllowAny]
    serializer_class = PublicPathwaySerializer
    queryset = Pathway.objects.none()

    def get_queryset(self) -> models.QuerySet[Pathway]:
        return public_pathways()

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        pathway = self.get_queryset().filter(pk=path_id(kwargs.get("pk"))).first()
        if pathway is None:
            raise exceptions.NotFound
        return Response(self.get_serializer(pathway).data)


# ---------------------------------------------------------------------------------------------
# Proposals


class ServiceValuesSerializer(serializers.ModelSerializer):
    """A service's values; for a change, only the ones sent are proposed."""

    provider = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.filter(is_active=True), required=False
    )
    location = serializers.PrimaryKeyRelatedField(
        queryset=Location.objects.all(), required=False, allow_null=True
    )
    areas = serializers.PrimaryKeyRelatedField(
        queryset=Location.objects.all(), many=True, required=False
    )
    sexes = _codes(SEX_CODES)
    vulnerabilities = _codes(Vulnerability.choices)

    def validate_sexes(self, value: list[str]) -> list[str]:
        return _known(value, SEX_CODES)

    def validate_vulnerabilities(self, value: list[str]) -> list[str]:
        return _known(value, Vulnerability.choices)

    class Meta:
        model = Service
        fields = [*EDITABLE_FIELDS, "provider", "location", "areas"]
        extra_kwargs = {name: {"required": False} for name in EDITABLE_FIELDS}


def _known(value: list[str], choices: list[tuple[str, Any]]) -> list[str]:
    allowed = {code for code, _label in choices}
    unknown = [code for code in value if code not in allowed]
    if unknown:
        raise serializers.ValidationError(_("Unknown: %(codes)s.") % {"codes": ", ".join(unknown)})
    return list(dict.fromkeys(value))


class ProposalInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=ChangeKind.choices,
        help_text=_(
            "new: a service to add; update: values to change; close: no longer "
            "offered; verify: still right."
        ),
    )
    service = serializers.UUIDField(
        required=False, allow_null=True, help_text=_("The entry concerned (not for “new”).")
    )
    values = ServiceValuesSerializer(required=False)
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class ProposalSerializer(serializers.ModelSerializer):
    service = serializers.UUIDField(source="service_id", read_only=True, allow_null=True)
    changed_fields = serializers.SerializerMethodField()

    class Meta:
        model = ServiceChange
        fields = [
            "id",
            "kind",
            "status",
            "service",
            "before",
            "proposed",
            "changed_fields",
            "comment",
            "created_at",
            "reviewed_at",
            "review_comment",
        ]
        read_only_fields = fields

    def get_changed_fields(self, change: ServiceChange) -> list[str]:
        return change.changed_fields()


class ReviewSerializer(serializers.Serializer):
    comment = serializers.CharField(
        required=False, allow_blank=True, default="", help_text=_("Required to reject.")
    )


PROPOSERS = (Perm.PROPOSE_DIRECTORY_CHANGES,)
COORDINATORS = (Perm.MANAGE_DIRECTORY,)


class ProposalViewSet(SuturaViewSet):
    """Proposed changes to the directory: one's own (all of them for coordinators)."""

    queryset = ServiceChange.objects.none()
    serializer_class = ProposalSerializer
    audit_name = "directory proposals"
    required_perms = {
        "list": PROPOSERS,
        "retrieve": PROPOSERS,
        "create": PROPOSERS,
        "approve": COORDINATORS,
        "reject": COORDINATORS,
    }

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "status", OpenApiTypes.STR, enum=ChangeStatus.values, description=_("Only these.")
            ),
            OpenApiParameter("service", OpenApiTypes.UUID, description=_("Only this entry's.")),
        ]
    )
    def list(self, request: Request) -> Response:
        status_ = request.query_params.get("status", "")
        changes = proposal_reads.changes_for(
            request.user, status_ if status_ in ChangeStatus.values else ""
        )
        service_id = query_id(request, "service")
        if service_id is not None:
            changes = changes.filter(service_id=service_id)
        return self.paginated(
            changes,
            lambda page: ProposalSerializer(page, many=True).data,
            filtered=bool(status_ or service_id),
        )

    def retrieve(self, request: Request, pk: Any = None) -> Response:
        change = proposal_reads.change_for(request.user, path_id(pk))
        return Response(ProposalSerializer(change).data)

    @extend_schema(request=ProposalInputSerializer, responses={201: ProposalSerializer})
    def create(self, request: Request) -> Response:
        """Propose a new service, a change, a closure or a verification."""
        data = self.validated(ProposalInputSerializer)
        values = dict(data.get("values") or {})
        if data["kind"] == ChangeKind.NEW:
            change = proposal_writes.propose_new_service(
                actor=request.user, data=values, comment=data["comment"]
            )
        else:
            if not data.get("service"):
                raise serializers.ValidationError({"service": [_("Name the entry concerned.")]})
            service = get_visible_or_404(request.user, Service, pk=data["service"])
            change = proposal_writes.propose_change(
                actor=request.user,
                service=service,
                data=values,
                comment=data["comment"],
                kind=data["kind"],
            )
        return Response(ProposalSerializer(change).data, status=status.HTTP_201_CREATED)

    def _decide(self, request: Request, pk: Any, approve: bool) -> Response:
        change = get_visible_or_404(request.user, ServiceChange, pk=path_id(pk))
        comment = self.validated(ReviewSerializer)["comment"]
        try:
            if approve:
                change = proposal_writes.approve_change(
                    actor=request.user, change=change, comment=comment
                )
            else:
                change = proposal_writes.reject_change(
                    actor=request.user, change=change, comment=comment
                )
        except ValidationError as error:
            if getattr(error, "code", "") == "stale":
                raise StaleProposal(error.messages[0]) from error
            raise
        return Response(ProposalSerializer(change).data)

    @extend_schema(request=ReviewSerializer, responses=ProposalSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: Any = None) -> Response:
        """Apply the proposal (refused with 409 if the entry changed since it was made)."""
        return self._decide(request, pk, approve=True)

    @extend_schema(request=ReviewSerializer, responses=ProposalSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request: Request, pk: Any = None) -> Response:
        """Turn the proposal down; a comment is required."""
        return self._decide(request, pk, approve=False)
