"""Proposals through the API: a signed-in user who may propose sends them; coordinators
approve or reject them through the same services as the pages (a stale approval answers 409)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from sutura.access import get_visible_or_404
from sutura.accounts.models import Organisation
from sutura.accounts.roles import Perm
from sutura.cases.models import Vulnerability
from sutura.core.api import SuturaViewSet, path_id, query_id, refused_as
from sutura.directory.api.entries import SEX_CODES, codes_field
from sutura.directory.models import (
    EDITABLE_FIELDS,
    ChangeKind,
    ChangeStatus,
    Service,
    ServiceChange,
)
from sutura.directory.selectors import proposals as selectors
from sutura.directory.services import proposals as services
from sutura.geo.models import Location


def _stale(error: ValidationError) -> bool:
    """The entry changed after the proposal was made (a dict of field errors is not)."""
    return getattr(error, "code", "") == "stale"


class StaleProposal(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "stale"
    default_detail = _("The entry changed after this proposal was made.")


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
    sexes = codes_field(SEX_CODES)
    vulnerabilities = codes_field(Vulnerability.choices)

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
    audit_name = gettext_noop("directory proposals")
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
        changes = selectors.changes_for(
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
        change = selectors.change_for(request.user, path_id(pk))
        return Response(ProposalSerializer(change).data)

    @extend_schema(request=ProposalInputSerializer, responses={201: ProposalSerializer})
    def create(self, request: Request) -> Response:
        """Propose a new service, a change, a closure or a verification."""
        data = self.validated(ProposalInputSerializer)
        values = dict(data.get("values") or {})
        if data["kind"] == ChangeKind.NEW:
            change = services.propose_new_service(
                actor=request.user, data=values, comment=data["comment"]
            )
        else:
            if not data.get("service"):
                raise serializers.ValidationError({"service": [_("Name the entry concerned.")]})
            service = get_visible_or_404(request.user, Service, pk=data["service"])
            change = services.propose_change(
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
        decide = services.approve_change if approve else services.reject_change
        with refused_as(StaleProposal, ValidationError, when=_stale):
            change = decide(actor=request.user, change=change, comment=comment)
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
