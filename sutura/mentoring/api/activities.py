"""The activity log's API: the same selectors and services as the pages.

`POST /api/mentoring/activities/` takes the record's `id` (a UUID made by the device): the same
id from the same mentor answers the record already made (200), from anyone else it is refused
(403); an `Idempotency-Key` works as on every create. `GET .../counts/`: counts only (M&E)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from sutura.access import visible
from sutura.access.mentoring import activity_standing
from sutura.accounts.roles import Perm
from sutura.cases.models import Case
from sutura.core.api import ERRORS, SuturaViewSet, UserSummarySerializer, path_id, versioned_write
from sutura.directory.models import Service
from sutura.geo.models import Location
from sutura.meetings.models import AgeGroup
from sutura.mentoring.models import (
    MAX_DURATION_MINUTES,
    Activity,
    ActivityKind,
    AppointmentKind,
    EventKind,
    ReachedGroup,
    SessionKind,
    Topic,
)
from sutura.mentoring.selectors import activities as selectors
from sutura.mentoring.services import activities as services
from sutura.people.models import Sex


class MentoringCountSerializer(serializers.Serializer):
    group = serializers.ChoiceField(choices=ReachedGroup.choices)
    sex = serializers.ChoiceField(choices=Sex.choices)
    age_group = serializers.ChoiceField(choices=AgeGroup.choices)
    count = serializers.IntegerField(min_value=0, max_value=100000)


class MentoringActivitySerializer(serializers.Serializer):
    """An activity as its reader may see it: the free texts only to the mentor and those who
    supervise them (`texts` in the context)."""

    id = serializers.UUIDField(read_only=True)
    kind = serializers.CharField(read_only=True)
    mentor = UserSummarySerializer(read_only=True)
    occurred_on = serializers.DateField(read_only=True)
    duration_minutes = serializers.IntegerField(read_only=True)
    case = serializers.UUIDField(source="case_id", read_only=True, allow_null=True)
    case_number = serializers.SerializerMethodField()
    session_kind = serializers.CharField(read_only=True)
    topics = serializers.ListField(child=serializers.CharField(), read_only=True)
    follow_up_needed = serializers.BooleanField(read_only=True)
    distress = serializers.BooleanField(read_only=True)
    referral = serializers.UUIDField(source="referral_id", read_only=True, allow_null=True)
    referral_status = serializers.SerializerMethodField()
    event_kind = serializers.CharField(read_only=True)
    title = serializers.CharField(read_only=True)
    appointment_kind = serializers.CharField(read_only=True)
    idea_status = serializers.CharField(read_only=True)
    texts = serializers.SerializerMethodField(
        help_text=_("Note, follow-up, description, venue, outcome: for the mentor's side only.")
    )
    version = serializers.IntegerField(read_only=True)
    created_at = serializers.DateTimeField(read_only=True)

    def get_case_number(self, activity: Activity) -> str:
        """The case number for staff; the returnee's first name for their mentor (while the
        returnee is theirs)."""
        return selectors.shown_returnee(self.context["request"].user, activity)[0]

    def get_referral_status(self, activity: Activity) -> str:
        if not activity.referral_id or activity.referral is None:
            return ""
        follows = selectors.shown_returnee(self.context["request"].user, activity)[1]
        return activity.referral.status if follows else ""

    def get_texts(self, activity: Activity) -> dict[str, str] | None:
        user = self.context["request"].user
        who = activity_standing(user, activity)
        if not (who.owns or who.supervises or who.oversees):
            return None
        return {
            name: getattr(activity, name)
            for name in ("note", "follow_up", "description", "venue", "outcome", "beneficiaries")
        }


class ActivityCreateSerializer(serializers.Serializer):
    id = serializers.UUIDField(required=False, help_text=_("Made by the device: send it again."))
    kind = serializers.ChoiceField(choices=ActivityKind.choices)
    occurred_on = serializers.DateField(required=False)
    duration_minutes = serializers.IntegerField(
        min_value=0, max_value=MAX_DURATION_MINUTES, default=30
    )
    case = serializers.UUIDField(required=False, allow_null=True, default=None)
    sex = serializers.ChoiceField(choices=Sex.choices, required=False, default="")
    age_group = serializers.ChoiceField(choices=AgeGroup.choices, required=False, default="")
    session_kind = serializers.ChoiceField(choices=SessionKind.choices, required=False)
    topics = serializers.ListField(
        child=serializers.ChoiceField(choices=Topic.choices), required=False, default=list
    )
    follow_up_needed = serializers.BooleanField(required=False, default=False)
    follow_up = serializers.CharField(max_length=500, required=False, default="", allow_blank=True)
    distress = serializers.BooleanField(required=False, default=False)
    distress_reason = serializers.CharField(
        max_length=1000, required=False, default="", allow_blank=True
    )
    note = serializers.CharField(max_length=2000, required=False, default="", allow_blank=True)
    event_kind = serializers.ChoiceField(choices=EventKind.choices, required=False)
    title = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)
    location = serializers.UUIDField(required=False, allow_null=True, default=None)
    venue = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)
    description = serializers.CharField(
        max_length=2000, required=False, default="", allow_blank=True
    )
    counts = MentoringCountSerializer(many=True, required=False, default=list)
    appointment_kind = serializers.ChoiceField(choices=AppointmentKind.choices, required=False)
    service = serializers.UUIDField(required=False, allow_null=True, default=None)
    outcome = serializers.CharField(max_length=1000, required=False, default="", allow_blank=True)
    beneficiaries = serializers.CharField(
        max_length=500, required=False, default="", allow_blank=True
    )


class ActivityUpdateSerializer(serializers.Serializer):
    version = serializers.IntegerField(help_text=_("The version you read."))
    occurred_on = serializers.DateField(required=False)
    duration_minutes = serializers.IntegerField(
        min_value=0, max_value=MAX_DURATION_MINUTES, required=False
    )
    session_kind = serializers.ChoiceField(choices=SessionKind.choices, required=False)
    topics = serializers.ListField(
        child=serializers.ChoiceField(choices=Topic.choices), required=False
    )
    follow_up_needed = serializers.BooleanField(required=False)
    follow_up = serializers.CharField(max_length=500, required=False, allow_blank=True)
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    event_kind = serializers.ChoiceField(choices=EventKind.choices, required=False)
    title = serializers.CharField(max_length=200, required=False)
    venue = serializers.CharField(max_length=200, required=False, allow_blank=True)
    description = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    appointment_kind = serializers.ChoiceField(choices=AppointmentKind.choices, required=False)
    outcome = serializers.CharField(max_length=1000, required=False, allow_blank=True)
    beneficiaries = serializers.CharField(max_length=500, required=False, allow_blank=True)


class ActivityFilterSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ActivityKind.choices, required=False)
    period = serializers.ChoiceField(choices=selectors.PERIODS, required=False, default="all")


class ActivityCountsSerializer(serializers.Serializer):
    since = serializers.DateField()
    months = serializers.ListField(child=serializers.DictField())
    reached = serializers.ListField(child=serializers.DictField())
    reached_total = serializers.CharField()


def _case(user: Any, case_id: Any) -> Case | None:
    if case_id is None:
        return None
    found = visible(user, Case).filter(pk=case_id).first()
    if found is None:
        raise serializers.ValidationError(
            {"case": [_("Choose one of the returnees assigned to you.")]}
        )
    return found


def _service(user: Any, service_id: Any) -> Service | None:
    if service_id is None:
        return None
    found = visible(user, Service).filter(pk=service_id, is_active=True).first()
    if found is None:
        raise serializers.ValidationError({"service": [_("Choose a service of the directory.")]})
    return found


def _location(location_id: Any) -> Location | None:
    if location_id is None:
        return None
    found = Location.objects.filter(pk=location_id).first()
    if found is None:
        raise serializers.ValidationError({"location": [_("Choose a place.")]})
    return found


def _required(data: dict[str, Any], *names: str) -> None:
    missing = {name: [_("This field is required.")] for name in names if not data.get(name)}
    if missing:
        raise serializers.ValidationError(missing)


class ActivityViewSet(SuturaViewSet):
    """A mentor's activities: one-to-one sessions, community events, accompaniments, ideas."""

    queryset = Activity.objects.none()
    serializer_class = MentoringActivitySerializer
    audit_name = gettext_noop("mentoring activities")
    required_perms = {
        "create": (Perm.RECORD_MENTORING,),
        "counts": (Perm.VIEW_INDICATORS, Perm.SUPERVISE_MENTORS),
    }

    def _answer(self, activity: Activity, code: int = status.HTTP_200_OK) -> Response:
        data = MentoringActivitySerializer(activity, context=self.get_serializer_context()).data
        return Response(data, status=code)

    @extend_schema(parameters=[ActivityFilterSerializer])
    def list(self, request: Request) -> Response:
        """The activities you may see, newest first."""
        params = ActivityFilterSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        given = params.validated_data
        filters = selectors.ActivityFilters(kind=given.get("kind", ""), period=given["period"])
        return self.paginated(
            selectors.activities_for(request.user, filters),
            lambda page: (
                MentoringActivitySerializer(
                    page, many=True, context=self.get_serializer_context()
                ).data
            ),
            filtered=bool(filters.kind) or filters.period != "all",
        )

    @extend_schema(responses={200: MentoringActivitySerializer, 404: ERRORS[404]})
    def retrieve(self, request: Request, pk: Any = None) -> Response:
        return self._answer(
            selectors.activity_for(request.user, path_id(pk), detail=gettext_noop("API"))
        )

    @extend_schema(
        request=ActivityCreateSerializer,
        responses={201: MentoringActivitySerializer, 200: MentoringActivitySerializer, **ERRORS},
    )
    def create(self, request: Request) -> Response:
        """Log an activity (201), or find the one already logged under this id (200)."""
        data = self.validated(ActivityCreateSerializer)
        user = request.user
        kind = data.pop("kind")
        already = services.existing(user, data.get("id"))
        if already is not None:  # sent again (a bad connection): the record it made
            return self._answer(
                selectors.activity_for(user, already.pk, detail=gettext_noop("API"))
            )
        common = {
            "actor": user,
            "id": data.get("id"),
            "occurred_on": data.get("occurred_on") or timezone.localdate(),
            "duration_minutes": data["duration_minutes"],
        }
        if kind == ActivityKind.SESSION:
            _required(data, "session_kind")
            case = _case(user, data["case"])
            if case is None and not (data["sex"] and data["age_group"]):
                _required(data, "case")
            logged = services.log_session(
                **common,
                case=case,
                sex=data["sex"],
                age_group=data["age_group"],
                session_kind=data["session_kind"],
                topics=data["topics"],
                follow_up_needed=data["follow_up_needed"],
                follow_up=data["follow_up"],
                distress=data["distress"],
                distress_reason=data["distress_reason"],
                note=data["note"],
            )
        elif kind == ActivityKind.EVENT:
            _required(data, "event_kind", "title")
            logged = services.log_event(
                **common,
                event_kind=data["event_kind"],
                title=data["title"],
                location=_location(data["location"]),
                venue=data["venue"],
                description=data["description"],
                counts=[(c["group"], c["sex"], c["age_group"], c["count"]) for c in data["counts"]],
            )
        elif kind == ActivityKind.ACCOMPANIMENT:
            _required(data, "appointment_kind", "case")
            logged = services.log_accompaniment(
                **common,
                case=_case(user, data["case"]),
                appointment_kind=data["appointment_kind"],
                service=_service(user, data["service"]),
                venue=data["venue"],
                outcome=data["outcome"],
            )
        else:
            _required(data, "title")
            logged = services.log_idea(
                **common,
                title=data["title"],
                description=data["description"],
                beneficiaries=data["beneficiaries"],
            )
        found = selectors.activity_for(user, logged.activity.pk, detail=gettext_noop("API"))
        response = self._answer(
            found, status.HTTP_201_CREATED if logged.created else status.HTTP_200_OK
        )
        if logged.alert:
            response.data["distress_alert"] = logged.alert
        return response

    @extend_schema(
        request=ActivityUpdateSerializer, responses={200: MentoringActivitySerializer, **ERRORS}
    )
    def partial_update(self, request: Request, pk: Any = None) -> Response:
        """Correct your own activity (409 if it changed since you read it)."""
        activity = selectors.activity_for(
            request.user, path_id(pk), detail=gettext_noop("API edit")
        )
        if not activity_standing(request.user, activity).owns:
            raise PermissionDenied
        data = self.validated(ActivityUpdateSerializer)
        version = data.pop("version")
        with versioned_write():
            services.update_activity(
                actor=request.user, activity=activity, expected_version=version, **data
            )
        return self._answer(
            selectors.activity_for(request.user, activity.pk, detail=gettext_noop("API"))
        )

    @extend_schema(responses={200: ActivityCountsSerializer})
    @action(detail=False, methods=["get"])
    def counts(self, request: Request) -> Response:
        """Counts only: activities by kind × month, people reached by sex × age group (counts
        under 5 shown as "<5")."""
        found = selectors.activity_counts(request.user)
        found["reached_total"] = str(found["reached_total"])
        return Response(ActivityCountsSerializer(found).data)


def register(router: Any) -> None:
    """Add this module's viewsets to the API router."""
    router.register("mentoring/activities", ActivityViewSet, basename="api-mentoring-activity")
