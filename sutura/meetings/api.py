"""The meetings API: meetings, their participants, and action items. The same selectors and
services as the pages, so the same access rules (`access.meetings`) and the same audit.
Creates take an `Idempotency-Key` (SuturaViewSet)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from sutura.access import get_visible_or_404, visible
from sutura.access.meetings import meeting_standing, participant_view, records_in_context
from sutura.accounts.models import Organisation
from sutura.accounts.roles import Perm
from sutura.audit.services import record_read
from sutura.core.api import SuturaViewSet, path_id, query_id, versioned_write
from sutura.meetings import attendance, selectors, services
from sutura.meetings.models import (
    ActionItem,
    ActionStatus,
    AgeGroup,
    Meeting,
    MeetingStatus,
    Mode,
    Participant,
    ParticipantCategory,
)
from sutura.people.models import Person, Sex

# --- meetings ---------------------------------------------------------------------------------


class MeetingSerializer(serializers.ModelSerializer):
    kind: Any = serializers.SlugRelatedField(slug_field="code", read_only=True)
    organisation = serializers.UUIDField(source="organisation_id", read_only=True)
    location = serializers.UUIDField(source="location_id", read_only=True, allow_null=True)
    topics = serializers.SerializerMethodField()

    class Meta:
        model = Meeting
        fields = [
            "id",
            "kind",
            "title",
            "organisation",
            "context_kind",
            "context_id",
            "starts_at",
            "ends_at",
            "mode",
            "location",
            "address",
            "online_link",
            "status",
            "objectives",
            "minutes",
            "topics",
            "version",
            "created_at",
        ]
        read_only_fields = fields

    def get_topics(self, meeting: Meeting) -> list[str]:
        return [topic.code for topic in selectors.meeting_topics(meeting)]


class MeetingInputSerializer(serializers.Serializer):
    kind = serializers.SlugRelatedField(slug_field="code", queryset=selectors.kinds())
    title = serializers.CharField(max_length=200)
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField(required=False, allow_null=True)
    mode = serializers.ChoiceField(choices=Mode.choices, default=Mode.IN_PERSON)
    status = serializers.ChoiceField(choices=MeetingStatus.choices, default=MeetingStatus.PLANNED)
    address = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    online_link = serializers.URLField(max_length=500, required=False, allow_blank=True, default="")
    objectives = serializers.CharField(
        max_length=4000, required=False, allow_blank=True, default=""
    )
    topics = serializers.SlugRelatedField(
        slug_field="code", queryset=selectors.topics(), many=True, required=False
    )
    agenda = serializers.ListField(
        child=serializers.CharField(max_length=300), required=False, max_length=50, default=list
    )
    context_kind = serializers.CharField(
        max_length=40, required=False, allow_blank=True, default=""
    )
    context_id = serializers.UUIDField(required=False, allow_null=True, default=None)

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        if data.get("ends_at") and data["ends_at"] < data["starts_at"]:
            raise serializers.ValidationError({"ends_at": [_("The end comes before the start.")]})
        if bool(data.get("context_kind")) != bool(data.get("context_id")):
            raise serializers.ValidationError(
                {"context_id": [_("Give both the context and its record, or neither.")]}
            )
        return data


PERIOD = OpenApiParameter(
    "period", OpenApiTypes.STR, enum=list(selectors.PERIODS), description=_("Only this period.")
)
KIND = OpenApiParameter("kind", OpenApiTypes.STR, description=_("Only this kind (its code)."))
CONTEXT = OpenApiParameter(
    "context", OpenApiTypes.STR, description=_("“own”, or a context code (committee…).")
)


class MeetingViewSet(SuturaViewSet):
    """Meetings, workshops and trainings the user may see."""

    queryset = Meeting.objects.none()
    serializer_class = MeetingSerializer
    audit_name = gettext_noop("meetings")
    required_perms = {"create": (Perm.RECORD_MEETINGS,)}

    @extend_schema(parameters=[KIND, PERIOD, CONTEXT])
    def list(self, request: Request) -> Response:
        params = request.query_params
        filters = selectors.MeetingFilters(
            kind=params.get("kind", "")[:40],
            period=params.get("period", "") if params.get("period") in selectors.PERIODS else "",
            context=params.get("context", "")[:40],
        )
        found = selectors.meetings_for(request.user, filters).prefetch_related("topics")
        return self.paginated(
            found,
            lambda page: MeetingSerializer(page, many=True).data,
            filtered=any(params.get(p) for p in ("kind", "period", "context")),
        )

    def retrieve(self, request: Request, pk: Any = None) -> Response:
        meeting = selectors.meeting_for(request.user, path_id(pk))
        return Response(MeetingSerializer(meeting).data)

    @extend_schema(request=MeetingInputSerializer, responses={201: MeetingSerializer})
    def create(self, request: Request) -> Response:
        """Record a meeting of one's organisation (or of a context one records in)."""
        data = self.validated(MeetingInputSerializer)
        context_kind, context_id = data.pop("context_kind"), data.pop("context_id")
        if context_kind and not records_in_context(request.user, context_kind, context_id):
            raise PermissionDenied
        agenda = data.pop("agenda")
        meeting = services.create_meeting(
            request.user,
            kind=data.pop("kind"),
            title=data.pop("title"),
            starts_at=data.pop("starts_at"),
            context_kind=context_kind,
            context_id=context_id,
            topics=data.pop("topics", []),
            **data,
        )
        services.set_agenda(request.user, meeting, items=[(item, "") for item in agenda])
        return Response(MeetingSerializer(meeting).data, status=status.HTTP_201_CREATED)


# --- participants -------------------------------------------------------------------------------


class ParticipantSerializer(serializers.ModelSerializer):
    meeting = serializers.UUIDField(source="meeting_id", read_only=True)
    user = serializers.IntegerField(source="user_id", read_only=True, allow_null=True)
    person = serializers.SerializerMethodField()
    name = serializers.SerializerMethodField()
    pre_test_score = serializers.SerializerMethodField()
    post_test_score = serializers.SerializerMethodField()
    certificate_number = serializers.SerializerMethodField()
    organisation = serializers.CharField(source="organisation_label", read_only=True)
    phone = serializers.SerializerMethodField()
    email = serializers.SerializerMethodField()

    class Meta:
        model = Participant
        fields = [
            "id",
            "meeting",
            "user",
            "person",
            "name",
            "organisation",
            "category",
            "function",
            "sex",
            "age_group",
            "phone",
            "email",
            "invited",
            "attended",
            "signed",
            "pre_test_score",
            "post_test_score",
            "certificate_number",
            "version",
        ]
        read_only_fields = fields

    def _contacts(self, participant: Participant) -> bool:
        shown: dict[Any, bool] = self.context.setdefault("contacts", {})
        if participant.meeting_id not in shown:
            user = self.context["request"].user
            shown[participant.meeting_id] = meeting_standing(user, participant.meeting).records
        return shown[participant.meeting_id]

    def _view(self, participant: Participant) -> Any:
        user = self.context["request"].user
        return participant_view(user, participant, records=self._contacts(participant))

    @extend_schema_field(OpenApiTypes.UUID)
    def get_person(self, participant: Participant) -> Any:
        """The registered person, for those who record the meeting and work on their file."""
        return participant.person_id if self._view(participant).person else None

    def get_name(self, participant: Participant) -> str:
        """A registered person's name only for those who may know who they are."""
        if self._view(participant).person:
            return participant.display_name
        return str(_("A registered participant"))

    @extend_schema_field(OpenApiTypes.DECIMAL)
    def get_pre_test_score(self, participant: Participant) -> Any:
        return participant.pre_test_score if self._view(participant).scores else None

    @extend_schema_field(OpenApiTypes.DECIMAL)
    def get_post_test_score(self, participant: Participant) -> Any:
        return participant.post_test_score if self._view(participant).scores else None

    def get_certificate_number(self, participant: Participant) -> str:
        return participant.certificate_number if self._view(participant).scores else ""

    def get_phone(self, participant: Participant) -> str:
        """Only for those who record the meeting."""
        return participant.phone if self._contacts(participant) else ""

    def get_email(self, participant: Participant) -> str:
        """Only for those who record the meeting."""
        return participant.email if self._contacts(participant) else ""


class ParticipantInputSerializer(serializers.Serializer):
    meeting = serializers.UUIDField()
    user = serializers.IntegerField(required=False, allow_null=True, default=None)
    person = serializers.UUIDField(required=False, allow_null=True, default=None)
    name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    organisation_name = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default=""
    )
    category = serializers.ChoiceField(
        choices=ParticipantCategory.choices, required=False, allow_blank=True, default=""
    )
    function = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")
    sex = serializers.ChoiceField(choices=Sex.choices, required=False, allow_blank=True, default="")
    age_group = serializers.ChoiceField(choices=AgeGroup.choices, default=AgeGroup.UNKNOWN)
    phone = serializers.CharField(max_length=32, required=False, allow_blank=True, default="")
    email = serializers.EmailField(required=False, allow_blank=True, default="")
    invited = serializers.BooleanField(default=False)
    attended = serializers.BooleanField(default=True)
    signed = serializers.BooleanField(default=False)


MEETING = OpenApiParameter("meeting", OpenApiTypes.UUID, description=_("Only this meeting's."))


class ParticipantViewSet(SuturaViewSet):
    """Participants of the meetings the user may see (contacts only to those who record)."""

    queryset = Participant.objects.none()
    serializer_class = ParticipantSerializer
    audit_name = gettext_noop("meeting participants")
    required_perms = {"create": (Perm.RECORD_MEETINGS,)}

    def _rows(self) -> Any:
        return visible(self.request.user, Participant).select_related(
            "user", "person", "organisation", "meeting"
        )

    @extend_schema(parameters=[MEETING])
    def list(self, request: Request) -> Response:
        found = self._rows()
        meeting_id = query_id(request, "meeting")
        if meeting_id is not None:
            found = found.filter(meeting_id=meeting_id)
        serializer_context = self.get_serializer_context()
        return self.paginated(
            found.order_by("meeting_id", "name", "created_at"),
            lambda page: ParticipantSerializer(page, many=True, context=serializer_context).data,
            filtered=meeting_id is not None,
        )

    def retrieve(self, request: Request, pk: Any = None) -> Response:
        found = get_visible_or_404(request.user, self._rows(), pk=path_id(pk))
        record_read(request.user, found, detail=gettext_noop("API meeting participant"))
        return Response(ParticipantSerializer(found, context=self.get_serializer_context()).data)

    @extend_schema(request=ParticipantInputSerializer, responses={201: ParticipantSerializer})
    def create(self, request: Request) -> Response:
        data = self.validated(ParticipantInputSerializer)
        meeting = get_visible_or_404(request.user, Meeting, pk=data.pop("meeting"))
        if not meeting_standing(request.user, meeting).records:
            raise PermissionDenied
        refusal = attendance.category_refusal(meeting, data["category"])
        if refusal:
            raise serializers.ValidationError({"category": [refusal]})
        user_id, person_id = data.pop("user"), data.pop("person")
        user = person = None
        if user_id is not None:
            user = selectors.users_to_choose(request.user).filter(pk=user_id).first()
            if user is None:
                raise serializers.ValidationError({"user": [_("Unknown user.")]})
        if person_id is not None:
            person = visible(request.user, Person).filter(pk=person_id).first()
            if person is None:
                raise serializers.ValidationError({"person": [_("Unknown person.")]})
        participant = attendance.add_participant(
            request.user, meeting, user=user, person=person, **data
        )
        return Response(
            ParticipantSerializer(participant, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
        )


# --- action items -----------------------------------------------------------------------------


class ActionItemSerializer(serializers.ModelSerializer):
    meeting = serializers.UUIDField(source="meeting_id", read_only=True)
    responsible_user = serializers.IntegerField(
        source="responsible_user_id", read_only=True, allow_null=True
    )
    responsible_organisation = serializers.UUIDField(
        source="responsible_organisation_id", read_only=True, allow_null=True
    )
    is_overdue = serializers.BooleanField(read_only=True)

    class Meta:
        model = ActionItem
        fields = [
            "id",
            "meeting",
            "what",
            "responsible_user",
            "responsible_organisation",
            "due_on",
            "status",
            "done_on",
            "progress_note",
            "is_overdue",
            "version",
        ]
        read_only_fields = fields


class ActionItemInputSerializer(serializers.Serializer):
    meeting = serializers.UUIDField()
    what = serializers.CharField(max_length=500)
    responsible_user = serializers.IntegerField(required=False, allow_null=True, default=None)
    responsible_organisation = serializers.UUIDField(required=False, allow_null=True, default=None)
    due_on = serializers.DateField(required=False, allow_null=True, default=None)


class ActionStatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=ActionStatus.choices)
    progress_note = serializers.CharField(
        max_length=2000, required=False, allow_blank=True, default=None
    )
    version = serializers.IntegerField(min_value=1)


MINE = OpenApiParameter(
    "mine", OpenApiTypes.BOOL, description=_("Only my open items (the home page's list).")
)


@extend_schema_view(list=extend_schema(parameters=[MEETING, MINE]))
class ActionItemViewSet(SuturaViewSet):
    """Action items of the meetings the user sees, and those given to them."""

    queryset = ActionItem.objects.none()
    serializer_class = ActionItemSerializer
    audit_name = gettext_noop("meeting action items")
    required_perms = {"create": (Perm.RECORD_MEETINGS,)}

    def list(self, request: Request) -> Response:
        if request.query_params.get("mine") in ("1", "true", "yes"):
            found = selectors.open_actions(request.user)
        else:
            found = visible(request.user, ActionItem).order_by("due_on", "created_at")
        meeting_id = query_id(request, "meeting")
        if meeting_id is not None:
            found = found.filter(meeting_id=meeting_id)
        return self.paginated(
            found,
            lambda page: ActionItemSerializer(page, many=True).data,
            filtered=bool(meeting_id or request.query_params.get("mine")),
        )

    def retrieve(self, request: Request, pk: Any = None) -> Response:
        item = selectors.action_for(request.user, path_id(pk))
        record_read(request.user, item, detail=gettext_noop("API meeting action item"))
        return Response(ActionItemSerializer(item).data)

    @extend_schema(request=ActionItemInputSerializer, responses={201: ActionItemSerializer})
    def create(self, request: Request) -> Response:
        data = self.validated(ActionItemInputSerializer)
        meeting = get_visible_or_404(request.user, Meeting, pk=data["meeting"])
        if not meeting_standing(request.user, meeting).records:
            raise PermissionDenied
        user = organisation = None
        if data["responsible_user"] is not None:
            user = (
                selectors.users_to_choose(request.user).filter(pk=data["responsible_user"]).first()
            )
            if user is None:
                raise serializers.ValidationError({"responsible_user": [_("Unknown user.")]})
        if data["responsible_organisation"] is not None:
            organisation = (
                visible(request.user, Organisation)
                .filter(pk=data["responsible_organisation"])
                .first()
            )
            if organisation is None:
                raise serializers.ValidationError(
                    {"responsible_organisation": [_("Unknown organisation.")]}
                )
        if user is None and organisation is None:
            raise serializers.ValidationError(
                {"responsible_user": [_("Name a responsible person or organisation.")]}
            )
        item = services.add_action_item(
            request.user,
            meeting,
            what=data["what"],
            responsible_user=user,
            responsible_organisation=organisation,
            due_on=data["due_on"],
        )
        return Response(ActionItemSerializer(item).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ActionStatusSerializer, responses={200: ActionItemSerializer})
    @action(detail=True, methods=["post"], url_path="status")
    def set_status(self, request: Request, pk: Any = None) -> Response:
        """Set the status with a progress note (the responsible person, or who records)."""
        item = selectors.action_for(request.user, path_id(pk))
        if not services.may_update_action(request.user, item):
            raise PermissionDenied
        data = self.validated(ActionStatusSerializer)
        with versioned_write():
            item = services.set_action_status(
                request.user,
                item,
                expected_version=data["version"],
                status=data["status"],
                progress_note=data["progress_note"],
            )
        return Response(ActionItemSerializer(item).data)
