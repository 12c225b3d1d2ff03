"""Peer-support groups over the API: list, read, open one, and its sessions (the meetings of
the group, with how many came). The same selectors and services as the pages."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_noop
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from sutura.access.accounts import colleague
from sutura.access.mentoring import volunteer_of
from sutura.accounts.roles import Role
from sutura.core.api import SuturaViewSet, path_id
from sutura.geo.models import Location
from sutura.mentoring.models import PeerGroup
from sutura.mentoring.selectors import groups as selectors
from sutura.mentoring.services import groups as services


class GroupSerializer(serializers.ModelSerializer):
    mentor = serializers.IntegerField(source="mentor_id", read_only=True)
    co_facilitator = serializers.IntegerField(source="co_facilitator_id", read_only=True)
    location = serializers.UUIDField(source="location_id", read_only=True, allow_null=True)

    class Meta:
        model = PeerGroup
        fields = [
            "id",
            "name",
            "description",
            "mentor",
            "co_facilitator",
            "location",
            "starts_on",
            "ends_on",
            "version",
            "created_at",
        ]
        read_only_fields = fields


class GroupInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=160)
    description = serializers.CharField(
        max_length=2000, required=False, allow_blank=True, default=""
    )
    mentor = serializers.IntegerField(required=False, allow_null=True, default=None)
    co_facilitator = serializers.IntegerField()
    location = serializers.PrimaryKeyRelatedField(
        queryset=Location.objects.all(), required=False, allow_null=True, default=None
    )
    starts_on = serializers.DateField()
    ends_on = serializers.DateField(required=False, allow_null=True, default=None)


class SessionSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="meeting.pk")
    starts_at = serializers.DateTimeField(source="meeting.starts_at")
    ends_at = serializers.DateTimeField(source="meeting.ends_at", allow_null=True)
    status = serializers.CharField(source="meeting.status")
    named = serializers.IntegerField()
    counted = serializers.IntegerField()


class GroupViewSet(SuturaViewSet):
    """The peer-support groups the user facilitates, co-facilitates, supervises or oversees."""

    queryset = PeerGroup.objects.none()
    serializer_class = GroupSerializer
    audit_name = gettext_noop("peer groups")

    def list(self, request: Request) -> Response:
        return self.paginated(
            selectors.groups_for(request.user).order_by("name", "pk"),
            lambda page: GroupSerializer(page, many=True).data,
            filtered=False,
        )

    def retrieve(self, request: Request, pk: Any = None) -> Response:
        return Response(GroupSerializer(selectors.group_for(request.user, path_id(pk))).data)

    @extend_schema(request=GroupInputSerializer, responses={201: GroupSerializer})
    def create(self, request: Request) -> Response:
        """Open a group: for oneself (a mentor) or for a mentor one supervises."""
        data = self.validated(GroupInputSerializer)
        user: Any = request.user
        mentor_id = data.pop("mentor") or request.user.pk
        mentor = colleague(mentor_id, user.organisation_id, [Role.COMMUNITY_MENTOR])
        if mentor is None or volunteer_of(mentor) is None:
            raise PermissionDenied
        co = colleague(data.pop("co_facilitator"), user.organisation_id)
        group = services.create_group(request.user, mentor=mentor, co_facilitator=co, **data)
        return Response(GroupSerializer(group).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={200: SessionSerializer(many=True)})
    @action(detail=True, methods=["get"])
    def sessions(self, request: Request, pk: Any = None) -> Response:
        """The group's sessions, newest first, with how many came (named, counted)."""
        group = selectors.group_for(request.user, path_id(pk))
        return Response(
            SessionSerializer(selectors.sessions_of(request.user, group), many=True).data
        )


def register(router: Any) -> None:
    """Add this module's viewsets to the API router."""
    router.register("mentoring/groups", GroupViewSet, basename="api-mentoring-group")
