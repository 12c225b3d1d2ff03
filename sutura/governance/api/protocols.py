"""The data-sharing protocol and NRM membership through the API: read by holders of
`view_governance`, written by the NRM coordinator (`manage_governance`), through the same
selectors and services as the pages."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_noop
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from sutura.access import get_visible_or_404, visible
from sutura.accounts.models import Organisation
from sutura.accounts.roles import Perm
from sutura.core.api import ERRORS, SuturaViewSet, path_id, versioned_write
from sutura.geo.models import Location
from sutura.governance.models import (
    Protocol,
    ProtocolVersion,
    Signature,
    SignatureEnd,
    VersionStatus,
)
from sutura.governance.selectors import protocols as selectors
from sutura.governance.services import protocols as services

READ = (Perm.VIEW_GOVERNANCE,)
WRITE = (Perm.MANAGE_GOVERNANCE,)


class SignatureSerializer(serializers.ModelSerializer):
    organisation = serializers.UUIDField(source="organisation_id", read_only=True)
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)
    protocol_version = serializers.UUIDField(source="protocol_version_id", read_only=True)

    class Meta:
        model = Signature
        fields = [
            "id",
            "protocol_version",
            "organisation",
            "organisation_name",
            "signed_on",
            "signed_by_name",
            "ended_on",
            "end_reason",
            "end_note",
            "version",
        ]
        read_only_fields = fields


class VersionSerializer(serializers.ModelSerializer):
    protocol = serializers.UUIDField(source="protocol_id", read_only=True)
    has_signed_pdf = serializers.SerializerMethodField()

    class Meta:
        model = ProtocolVersion
        fields = [
            "id",
            "protocol",
            "number",
            "status",
            "effective_from",
            "expires_on",
            "superseded_on",
            "signatures_valid_until",
            *services.SECTION_FIELDS,
            "has_signed_pdf",
            "version",
        ]
        read_only_fields = fields

    def get_has_signed_pdf(self, version: ProtocolVersion) -> bool:
        return bool(version.signed_pdf)


class VersionWithSignaturesSerializer(VersionSerializer):
    signatures = serializers.SerializerMethodField()

    class Meta(VersionSerializer.Meta):
        fields = [*VersionSerializer.Meta.fields, "signatures"]
        read_only_fields = fields

    def get_signatures(self, version: ProtocolVersion) -> list[dict[str, Any]]:
        rows = self.context["signatures"].get(version.pk, [])
        return SignatureSerializer(rows, many=True).data  # type: ignore[return-value]


class ProtocolSerializer(serializers.ModelSerializer):
    country = serializers.CharField(
        source="country.iso_code", read_only=True, default=None, allow_null=True
    )

    class Meta:
        model = Protocol
        fields = ["id", "title", "country"]
        read_only_fields = fields


class ProtocolInputSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    country = serializers.SlugRelatedField(
        slug_field="iso_code",
        queryset=Location.objects.filter(level=0),
        required=False,
        allow_null=True,
        help_text="ISO 3166-1 code of the country (SN, ML, CM…).",
    )


class VersionInputSerializer(serializers.Serializer):
    effective_from = serializers.DateField(required=False, allow_null=True)
    expires_on = serializers.DateField(required=False, allow_null=True)

    def get_fields(self) -> dict[str, Any]:
        fields = super().get_fields()
        for name in services.SECTION_FIELDS:
            fields[name] = serializers.CharField(
                max_length=20000, required=False, allow_blank=True, default=""
            )
        return fields


class StepSerializer(serializers.Serializer):
    to_status = serializers.ChoiceField(choices=VersionStatus.choices)
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class SignatureInputSerializer(serializers.Serializer):
    organisation = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.filter(is_active=True)
    )
    signed_on = serializers.DateField()
    signed_by_name = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default=""
    )


class EndSignatureSerializer(serializers.Serializer):
    ended_on = serializers.DateField()
    reason = serializers.ChoiceField(choices=SignatureEnd.choices)
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    version = serializers.IntegerField(help_text="The signature's version, as read.")


def _detail(user: Any, protocol: Protocol) -> dict[str, Any]:
    versions = selectors.versions_of(user, protocol)
    signatures: dict[Any, list[Signature]] = {}
    for row in (
        visible(user, Signature)
        .filter(protocol_version__in=versions)
        .select_related("organisation")
        .order_by("signed_on")
    ):
        signatures.setdefault(row.protocol_version_id, []).append(row)
    return {
        **ProtocolSerializer(protocol).data,
        "versions": VersionWithSignaturesSerializer(
            versions, many=True, context={"signatures": signatures}
        ).data,
    }


class ProtocolViewSet(SuturaViewSet):
    """Data-sharing protocols, each with its versions and their signatures."""

    queryset = Protocol.objects.none()
    serializer_class = ProtocolSerializer
    audit_name = gettext_noop("protocols")
    required_perms = {"list": READ, "retrieve": READ, "create": WRITE, "versions": WRITE}

    def list(self, request: Request) -> Response:
        rows = visible(request.user, Protocol).select_related("country").order_by("title")
        return self.paginated(
            rows, lambda page: ProtocolSerializer(page, many=True).data, filtered=False
        )

    def retrieve(self, request: Request, pk: Any = None) -> Response:
        protocol = get_visible_or_404(request.user, Protocol, pk=path_id(pk))
        return Response(_detail(request.user, protocol))

    @extend_schema(request=ProtocolInputSerializer, responses={201: ProtocolSerializer, **ERRORS})
    def create(self, request: Request) -> Response:
        data = self.validated(ProtocolInputSerializer)
        protocol = services.create_protocol(request.user, **data)
        return Response(ProtocolSerializer(protocol).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=VersionInputSerializer, responses={201: VersionSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def versions(self, request: Request, pk: Any = None) -> Response:
        """Add a draft version."""
        protocol = get_visible_or_404(request.user, Protocol, pk=path_id(pk))
        data = self.validated(VersionInputSerializer)
        version = services.create_version(request.user, protocol, **data)
        return Response(VersionSerializer(version).data, status=status.HTTP_201_CREATED)


class VersionViewSet(SuturaViewSet):
    """One version of a protocol: its steps (state machine) and its signatures."""

    queryset = ProtocolVersion.objects.none()
    serializer_class = VersionSerializer
    audit_name = gettext_noop("protocol versions")
    required_perms = {"retrieve": READ, "step": WRITE, "sign": WRITE}

    def retrieve(self, request: Request, pk: Any = None) -> Response:
        version = get_visible_or_404(request.user, ProtocolVersion, pk=path_id(pk))
        signatures = {version.pk: selectors.signatures_of(request.user, version)}
        return Response(
            VersionWithSignaturesSerializer(version, context={"signatures": signatures}).data
        )

    @extend_schema(request=StepSerializer, responses={200: VersionSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def step(self, request: Request, pk: Any = None) -> Response:
        """Move the version (under_review, draft, signed, expired)."""
        version = get_visible_or_404(request.user, ProtocolVersion, pk=path_id(pk))
        data = self.validated(StepSerializer)
        version = services.move_version(request.user, version, **data)
        return Response(VersionSerializer(version).data)

    @extend_schema(request=SignatureInputSerializer, responses={201: SignatureSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def sign(self, request: Request, pk: Any = None) -> Response:
        """Record an organisation's signature of this version."""
        version = get_visible_or_404(request.user, ProtocolVersion, pk=path_id(pk))
        data = self.validated(SignatureInputSerializer)
        signature = services.add_signature(request.user, version, **data)
        return Response(SignatureSerializer(signature).data, status=status.HTTP_201_CREATED)


class SignatureViewSet(SuturaViewSet):
    queryset = Signature.objects.none()
    serializer_class = SignatureSerializer
    audit_name = gettext_noop("signatures")
    required_perms = {"list": READ, "retrieve": READ, "end": WRITE}

    def list(self, request: Request) -> Response:
        rows = (
            visible(request.user, Signature)
            .select_related("organisation")
            .order_by("signed_on", "organisation__name")
        )
        return self.paginated(
            rows, lambda page: SignatureSerializer(page, many=True).data, filtered=False
        )

    def retrieve(self, request: Request, pk: Any = None) -> Response:
        signature = get_visible_or_404(
            request.user, Signature.objects.select_related("organisation"), pk=path_id(pk)
        )
        return Response(SignatureSerializer(signature).data)

    @extend_schema(request=EndSignatureSerializer, responses={200: SignatureSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def end(self, request: Request, pk: Any = None) -> Response:
        """End the signature (withdrawn, excluded…): the organisation's membership lapses."""
        signature = get_visible_or_404(
            request.user, Signature.objects.select_related("organisation"), pk=path_id(pk)
        )
        data = self.validated(EndSignatureSerializer)
        with versioned_write():
            signature = services.end_signature(
                request.user,
                signature,
                expected_version=data["version"],
                ended_on=data["ended_on"],
                reason=data["reason"],
                note=data["note"],
            )
        return Response(SignatureSerializer(signature).data)


class MembershipSerializer(serializers.Serializer):
    organisation = serializers.UUIDField()
    organisation_name = serializers.CharField()
    is_member = serializers.BooleanField()
    since = serializers.DateField(allow_null=True)
    until = serializers.DateField(allow_null=True)
    lapsed_on = serializers.DateField(allow_null=True)
    reason = serializers.CharField()


def _membership_data(row: selectors.MemberRow) -> dict[str, Any]:
    m = row.membership
    return {
        "organisation": row.organisation.pk,
        "organisation_name": row.organisation.name,
        "is_member": m.is_member,
        "since": m.since,
        "until": m.until,
        "lapsed_on": m.lapsed_on,
        "reason": m.reason,
    }


class MembershipViewSet(SuturaViewSet):
    """NRM membership, computed from the signatures: every organisation that ever signed
    (members first); `retrieve` takes an organisation's id (any organisation)."""

    queryset = Signature.objects.none()
    serializer_class = MembershipSerializer
    audit_name = gettext_noop("memberships")
    required_perms = {"list": READ, "retrieve": READ}

    def list(self, request: Request) -> Response:
        rows = [_membership_data(row) for row in selectors.membership_rows()]
        return self.paginated(
            rows, lambda page: MembershipSerializer(page, many=True).data, filtered=False
        )

    def retrieve(self, request: Request, pk: Any = None) -> Response:
        organisation = get_visible_or_404(request.user, Organisation, pk=path_id(pk))
        row = selectors.MemberRow(organisation, selectors.membership(organisation), [])
        return Response(MembershipSerializer(_membership_data(row)).data)
