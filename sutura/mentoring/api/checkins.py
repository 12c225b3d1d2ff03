"""Monthly check-ins over the API: list, read, plan one, record it, cancel it. The notes (the
mentor's own well-being, difficulties, ideas, actions) are in the answer only for those who
read them (`checkin_standing(...).reads_notes`): a programme manager sees that it took place."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_noop
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from sutura.access.accounts import colleague
from sutura.access.mentoring import checkin_standing
from sutura.accounts.roles import Role
from sutura.core.api import SuturaViewSet, path_id, versioned_write
from sutura.mentoring.models import CheckIn
from sutura.mentoring.selectors import checkins as selectors
from sutura.mentoring.services import checkins as services


class NotesSerializer(serializers.Serializer):
    wellbeing = serializers.CharField()
    difficulties = serializers.CharField()
    ideas = serializers.CharField()
    actions = serializers.CharField()


class CheckInSerializer(serializers.ModelSerializer):
    mentor = serializers.IntegerField(source="mentor_id", read_only=True)
    focal_point = serializers.IntegerField(source="focal_point_id", read_only=True)
    missed = serializers.BooleanField(source="is_missed", read_only=True)
    notes = serializers.SerializerMethodField()

    class Meta:
        model = CheckIn
        fields = [
            "id",
            "mentor",
            "focal_point",
            "scheduled_on",
            "status",
            "held_on",
            "missed",
            "notes",
            "version",
        ]
        read_only_fields = fields

    @extend_schema_field(NotesSerializer(allow_null=True))
    def get_notes(self, checkin: CheckIn) -> dict[str, str] | None:
        """The notes, or null for those who may only know that it took place."""
        return selectors.notes_of(self.context["request"].user, checkin)


class ScheduleInputSerializer(serializers.Serializer):
    mentor = serializers.IntegerField()
    scheduled_on = serializers.DateField()


class RecordInputSerializer(serializers.Serializer):
    held_on = serializers.DateField()
    wellbeing = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")
    difficulties = serializers.CharField(
        max_length=4000, required=False, allow_blank=True, default=""
    )
    ideas = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")
    actions = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")
    version = serializers.IntegerField(min_value=0)


class CheckInVersionInputSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=0)


class CheckInViewSet(SuturaViewSet):
    """The check-ins of the mentors the user is, supervises or oversees."""

    queryset = CheckIn.objects.none()
    serializer_class = CheckInSerializer
    audit_name = gettext_noop("check-ins")

    def _checkin(self, pk: Any, *, audit: bool = True) -> CheckIn:
        return selectors.checkin_for(self.request.user, path_id(pk), audit=audit)

    def list(self, request: Request) -> Response:
        return self.paginated(
            selectors.checkins_for(request.user).order_by("-scheduled_on", "pk"),
            lambda page: self.get_serializer(page, many=True).data,
            filtered=False,
        )

    def retrieve(self, request: Request, pk: Any = None) -> Response:
        return Response(self.get_serializer(self._checkin(pk)).data)

    @extend_schema(request=ScheduleInputSerializer, responses={201: CheckInSerializer})
    def create(self, request: Request) -> Response:
        """Plan a check-in with a mentor one supervises."""
        data = self.validated(ScheduleInputSerializer)
        user: Any = request.user
        mentor = colleague(data["mentor"], user.organisation_id, [Role.COMMUNITY_MENTOR])
        if mentor is None:
            raise PermissionDenied
        checkin = services.schedule_checkin(
            request.user, mentor=mentor, scheduled_on=data["scheduled_on"]
        )
        return Response(self.get_serializer(checkin).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=RecordInputSerializer, responses={200: CheckInSerializer})
    @action(detail=True, methods=["post"])
    def record(self, request: Request, pk: Any = None) -> Response:
        checkin = self._checkin(pk, audit=False)
        if not checkin_standing(request.user, checkin).records:
            raise NotFound
        data = self.validated(RecordInputSerializer)
        version = data.pop("version")
        with versioned_write():
            services.record_checkin(request.user, checkin, expected_version=version, **data)
        return Response(self.get_serializer(checkin).data)

    @extend_schema(request=CheckInVersionInputSerializer, responses={200: CheckInSerializer})
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: Any = None) -> Response:
        checkin = self._checkin(pk, audit=False)
        if not checkin_standing(request.user, checkin).records:
            raise NotFound
        version = self.validated(CheckInVersionInputSerializer)["version"]
        with versioned_write():
            services.cancel_checkin(request.user, checkin, expected_version=version)
        return Response(self.get_serializer(checkin).data)


def register(router: Any) -> None:
    """Add this module's viewsets to the API router."""
    router.register("mentoring/checkins", CheckInViewSet, basename="api-mentoring-checkin")
