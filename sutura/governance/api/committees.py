"""Committees and working groups through the API, under the same rules as the pages: a
committee is listed and read by its members and the NRM coordinator (404 for anyone else);
the coordinator creates committees; the chair, the secretariat and the coordinator seat
members."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_noop
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from sutura.access import visible
from sutura.access.accounts import members
from sutura.accounts.models import Organisation, User
from sutura.accounts.roles import Perm
from sutura.audit.services import record_read
from sutura.core.api import ERRORS, SuturaViewSet, path_id
from sutura.governance.models import Committee, CommitteeKind, CommitteeMember, MemberRole
from sutura.governance.selectors import committees as selectors
from sutura.governance.services import committees as services


class MemberSerializer(serializers.ModelSerializer):
    user = serializers.UUIDField(source="user_id", read_only=True, allow_null=True)
    name = serializers.CharField(source="display_name", read_only=True)
    organisation = serializers.UUIDField(source="organisation_id", read_only=True)
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)

    class Meta:
        model = CommitteeMember
        fields = [
            "id",
            "user",
            "name",
            "function",
            "organisation",
            "organisation_name",
            "role",
            "mandate_start",
            "mandate_end",
        ]
        read_only_fields = fields


class CommitteeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Committee
        fields = ["id", "kind", "name", "description", "is_active"]
        read_only_fields = fields


class CommitteeInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=CommitteeKind.choices)
    name = serializers.CharField(max_length=200)
    description = serializers.CharField(
        max_length=4000, required=False, allow_blank=True, default=""
    )


class MemberInputSerializer(serializers.Serializer):
    organisation = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.filter(is_active=True)
    )
    user = serializers.UUIDField(required=False, allow_null=True, default=None)
    name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    function = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    role = serializers.ChoiceField(choices=MemberRole.choices)
    mandate_start = serializers.DateField()
    mandate_end = serializers.DateField(required=False, allow_null=True, default=None)


class CommitteeViewSet(SuturaViewSet):
    """Committees the user sits on (all of them for the coordinator), with their members."""

    queryset = Committee.objects.none()
    serializer_class = CommitteeSerializer
    audit_name = gettext_noop("committees")
    required_perms = {"create": (Perm.MANAGE_GOVERNANCE,)}

    def list(self, request: Request) -> Response:
        return self.paginated(
            selectors.committees_for(request.user),
            lambda page: CommitteeSerializer(page, many=True).data,
            filtered=False,
        )

    def retrieve(self, request: Request, pk: Any = None) -> Response:
        committee = selectors.committee_for(request.user, path_id(pk))
        record_read(request.user, committee, detail=gettext_noop("committee members (API)"))
        seats = (
            visible(request.user, CommitteeMember)
            .filter(committee=committee)
            .select_related("user", "organisation")
            .order_by("role", "name")
        )
        return Response(
            {
                **CommitteeSerializer(committee).data,
                "members": MemberSerializer(seats, many=True).data,
            }
        )

    @extend_schema(request=CommitteeInputSerializer, responses={201: CommitteeSerializer, **ERRORS})
    def create(self, request: Request) -> Response:
        data = self.validated(CommitteeInputSerializer)
        committee = services.create_committee(request.user, **data)
        return Response(CommitteeSerializer(committee).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=MemberInputSerializer, responses={201: MemberSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def members(self, request: Request, pk: Any = None) -> Response:
        """Seat a member (the chair, the secretariat or the coordinator)."""
        committee = selectors.committee_for(request.user, path_id(pk))
        services.require_keeps(request.user, committee)  # 403 before reading the input
        data = self.validated(MemberInputSerializer)
        user_id = data.pop("user")
        user: User | None = None
        if user_id is not None:
            user = members(None).filter(pk=user_id).first()
            if user is None:
                raise serializers.ValidationError({"user": ["Unknown user."]})
        seat = services.add_member(request.user, committee, user=user, **data)
        return Response(MemberSerializer(seat).data, status=status.HTTP_201_CREATED)
