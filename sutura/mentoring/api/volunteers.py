"""The API of volunteers and assignments, under /api/mentoring/: the same selectors, services
and access rules as the pages.

- `volunteers/`: the profiles a user may see (volunteer managers: their organisation's; a
  volunteer: their own); managers open, change (409 on a stale version) and end them.
- `volunteers/<id>/notes/`: supervision notes, for the focal point and the managers only.
- `assignments/`: returnees given to mentors: assign, change the period, end.
- `returnees/`: a mentor's returnees: the minimal profile (first name, age, area, phone),
  purpose and period, and the stage of the case as codes and words.
Every `create` takes an `Idempotency-Key`.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from sutura.access.mentoring import may_assign, reads_supervision_notes, volunteer_standing
from sutura.accounts.roles import Perm
from sutura.audit.services import record_read
from sutura.core.api import ERRORS, SuturaViewSet, UserSummarySerializer, path_id, versioned_write
from sutura.geo.models import Location
from sutura.mentoring.models import (
    Assignment,
    AssignmentEnd,
    AssignmentPurpose,
    EndReason,
    SupervisionNote,
    Volunteer,
    VolunteerKind,
)
from sutura.mentoring.selectors import volunteers as selectors
from sutura.mentoring.services import assignments, volunteers
from sutura.people.models import LANGUAGE_CHOICES

ASSIGNERS = (Perm.MANAGE_CASES, Perm.SUPERVISE_MENTORS, Perm.MANAGE_VOLUNTEERS)
# Purposes go as plain codes (a second enum named "purpose" would collide in the schema).
PURPOSE_HELP = format_lazy(_("One of: {codes}."), codes=", ".join(AssignmentPurpose.values))


# --- what the API shows ------------------------------------------------------------------------


class AreaSerializer(serializers.Serializer):
    id = serializers.UUIDField(read_only=True)
    name = serializers.CharField(read_only=True)


class VolunteerSerializer(serializers.Serializer):
    id = serializers.UUIDField(read_only=True)
    user = UserSummarySerializer(read_only=True)
    kind = serializers.ChoiceField(choices=VolunteerKind.choices, read_only=True)
    is_returnee = serializers.BooleanField(read_only=True)
    languages = serializers.ListField(child=serializers.CharField(), read_only=True)
    areas = AreaSerializer(many=True, read_only=True, source="areas.all")
    focal_point = UserSummarySerializer(read_only=True, allow_null=True)
    starts_on = serializers.DateField(read_only=True)
    ends_on = serializers.DateField(read_only=True, allow_null=True)
    end_reason = serializers.CharField(read_only=True)
    engaged = serializers.SerializerMethodField()
    weekly_hours_cap = serializers.IntegerField(read_only=True)
    code_of_conduct_signed_on = serializers.DateField(read_only=True, allow_null=True)
    version = serializers.IntegerField(read_only=True)

    def get_engaged(self, volunteer: Volunteer) -> bool:
        return volunteer.engaged_on()


class SupervisionNoteSerializer(serializers.Serializer):
    id = serializers.UUIDField(read_only=True)
    noted_on = serializers.DateField(read_only=True)
    text = serializers.CharField(read_only=True)
    author = UserSummarySerializer(read_only=True)
    created_at = serializers.DateTimeField(read_only=True)


class CaseReference(serializers.Serializer):
    id = serializers.UUIDField(read_only=True)


class AssignmentSerializer(serializers.Serializer):
    id = serializers.UUIDField(read_only=True)
    case = CaseReference(read_only=True)
    mentor = UserSummarySerializer(read_only=True)
    purpose = serializers.CharField(read_only=True, help_text=PURPOSE_HELP)
    note = serializers.SerializerMethodField(
        help_text="For the case team and the focal point; empty for the mentor."
    )
    starts_on = serializers.DateField(read_only=True)
    ends_on = serializers.DateField(read_only=True)
    ended_on = serializers.DateField(read_only=True, allow_null=True)
    end_reason = serializers.CharField(read_only=True)
    version = serializers.IntegerField(read_only=True)

    def get_note(self, assignment: Any) -> str:
        """The mentor sees no free text of the case, this note included."""
        request = self.context.get("request")
        reader = getattr(request, "user", None)
        if reader is None or assignment.mentor_id == reader.pk:
            return ""
        return str(assignment.note)


class ReferralStageSerializer(serializers.Serializer):
    status = serializers.CharField(read_only=True)
    category = serializers.CharField(read_only=True)
    sent_on = serializers.DateField(read_only=True, allow_null=True)
    answered_on = serializers.DateField(read_only=True, allow_null=True)


class StageFactsSerializer(serializers.Serializer):
    case_status = serializers.CharField(read_only=True)
    plan_status = serializers.CharField(read_only=True)
    plan_decided_on = serializers.DateField(read_only=True, allow_null=True)
    items_planned = serializers.IntegerField(read_only=True)
    items_delivered = serializers.IntegerField(read_only=True)
    open_referrals = ReferralStageSerializer(many=True, read_only=True)
    next_follow_up_on = serializers.DateField(read_only=True, allow_null=True)


class StageWordsSerializer(serializers.Serializer):
    code = serializers.CharField(read_only=True)
    now = serializers.CharField(read_only=True, help_text=_("Where the file is."))
    next = serializers.CharField(read_only=True, help_text=_("What comes next."))
    referral_lines = serializers.ListField(
        child=serializers.CharField(), read_only=True, help_text=_("One line per open referral.")
    )


class ReturneeSerializer(serializers.Serializer):
    id = serializers.UUIDField(read_only=True, source="case.pk", help_text=_("The case."))
    first_name = serializers.CharField(read_only=True)
    age = serializers.IntegerField(read_only=True, allow_null=True)
    area = serializers.SerializerMethodField()
    phone = serializers.CharField(read_only=True)
    purpose = serializers.CharField(read_only=True, source="assignment.purpose")
    starts_on = serializers.DateField(read_only=True, source="assignment.starts_on")
    ends_on = serializers.DateField(read_only=True, source="assignment.ends_on")
    facts = StageFactsSerializer(read_only=True)
    stage = StageWordsSerializer(read_only=True)

    def get_area(self, returnee: Any) -> str | None:
        return returnee.area.name if returnee.area is not None else None


# --- what it takes -----------------------------------------------------------------------------


class VolunteerInputSerializer(serializers.Serializer):
    user = serializers.IntegerField(help_text=_("The mentor's account (id)."))
    is_returnee = serializers.BooleanField(default=True)
    languages = serializers.ListField(
        child=serializers.ChoiceField(choices=LANGUAGE_CHOICES), default=list
    )
    areas = serializers.ListField(child=serializers.UUIDField(), default=list)
    focal_point = serializers.IntegerField(required=False, allow_null=True, default=None)
    starts_on = serializers.DateField()
    weekly_hours_cap = serializers.IntegerField(min_value=1, max_value=40, default=15)
    code_of_conduct_signed_on = serializers.DateField(required=False, allow_null=True)


class VolunteerUpdateSerializer(serializers.Serializer):
    version = serializers.IntegerField(help_text=_("The version you read."))
    is_returnee = serializers.BooleanField(required=False)
    languages = serializers.ListField(
        child=serializers.ChoiceField(choices=LANGUAGE_CHOICES), required=False
    )
    areas = serializers.ListField(child=serializers.UUIDField(), required=False)
    focal_point = serializers.IntegerField(required=False, allow_null=True)
    starts_on = serializers.DateField(required=False)
    weekly_hours_cap = serializers.IntegerField(min_value=1, max_value=40, required=False)
    code_of_conduct_signed_on = serializers.DateField(required=False, allow_null=True)


class EndEngagementSerializer(serializers.Serializer):
    ends_on = serializers.DateField(help_text=_("The last day of the engagement."))
    reason = serializers.ChoiceField(choices=EndReason.choices)
    note = serializers.CharField(max_length=500, required=False, default="", allow_blank=True)


class NoteInputSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=4000)
    noted_on = serializers.DateField(required=False, allow_null=True, default=None)


class AssignInputSerializer(serializers.Serializer):
    case = serializers.UUIDField()
    mentor = serializers.IntegerField(help_text=_("The mentor's account (id)."))
    purpose = serializers.CharField(max_length=20, help_text=PURPOSE_HELP)
    ends_on = serializers.DateField(help_text=_("The last day of the period."))
    note = serializers.CharField(max_length=500, required=False, default="", allow_blank=True)


class PeriodInputSerializer(serializers.Serializer):
    version = serializers.IntegerField(help_text=_("The version you read."))
    ends_on = serializers.DateField()
    purpose = serializers.CharField(max_length=20, required=False, help_text=PURPOSE_HELP)


class AssignmentEndSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(choices=AssignmentEnd.choices)


# --- the endpoints -----------------------------------------------------------------------------


def _areas(ids: list[Any]) -> list[Location]:
    found = list(Location.objects.filter(pk__in=ids))
    if len(found) != len(set(ids)):
        raise serializers.ValidationError({"areas": [_("Choose places of the list.")]})
    return found


def _colleague(queryset: Any, user_id: Any, field: str) -> Any:
    if user_id is None:
        return None
    found = queryset.filter(pk=user_id).first()
    if found is None:
        raise serializers.ValidationError({field: [_("Choose an account of your organisation.")]})
    return found


class VolunteerViewSet(SuturaViewSet):
    """Volunteers' profiles and engagements."""

    queryset = Volunteer.objects.none()
    serializer_class = VolunteerSerializer
    audit_name = gettext_noop("volunteers")
    required_perms = {
        "create": (Perm.MANAGE_VOLUNTEERS,),
        "partial_update": (Perm.MANAGE_VOLUNTEERS,),
        "end": (Perm.MANAGE_VOLUNTEERS,),
    }

    def list(self, request: Request) -> Response:
        """The volunteers you may see (your own profile, as a volunteer)."""
        return self.paginated(
            selectors.volunteers_for(request.user),
            lambda page: VolunteerSerializer(page, many=True).data,
            filtered=False,
        )

    @extend_schema(responses={200: VolunteerSerializer, 404: ERRORS[404]})
    def retrieve(self, request: Request, pk: Any = None) -> Response:
        return Response(
            VolunteerSerializer(selectors.volunteer_for(request.user, path_id(pk))).data
        )

    @extend_schema(request=VolunteerInputSerializer, responses={201: VolunteerSerializer, **ERRORS})
    def create(self, request: Request) -> Response:
        """Open a volunteer's profile on an existing mentor account of your organisation."""
        data = self.validated(VolunteerInputSerializer)
        user = selectors.accounts_without_profile(request.user).filter(pk=data.pop("user")).first()
        if user is None:
            raise serializers.ValidationError(
                {"user": [_("Choose a mentor account of your organisation without a profile.")]}
            )
        data["focal_point"] = _colleague(
            selectors.focal_points(request.user), data["focal_point"], "focal_point"
        )
        data["areas"] = _areas(data["areas"])
        volunteer = volunteers.create_volunteer(actor=request.user, user=user, **data)
        found = selectors.volunteer_for(request.user, volunteer.pk, audit=False)
        return Response(VolunteerSerializer(found).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=VolunteerUpdateSerializer, responses={200: VolunteerSerializer, **ERRORS}
    )
    def partial_update(self, request: Request, pk: Any = None) -> Response:
        """Change a profile (409 if it changed since you read it)."""
        volunteer = selectors.volunteer_for(request.user, path_id(pk), audit=False)
        if not volunteer_standing(request.user, volunteer).manages:
            raise PermissionDenied
        data = self.validated(VolunteerUpdateSerializer)
        version = data.pop("version")
        areas = _areas(data.pop("areas")) if "areas" in data else None
        if "focal_point" in data:
            data["focal_point"] = _colleague(
                selectors.focal_points(request.user), data["focal_point"], "focal_point"
            )
        with versioned_write():
            volunteers.update_volunteer(
                actor=request.user,
                volunteer=volunteer,
                expected_version=version,
                areas=areas,
                **data,
            )
        found = selectors.volunteer_for(request.user, volunteer.pk, audit=False)
        return Response(VolunteerSerializer(found).data)

    @extend_schema(request=EndEngagementSerializer, responses={200: VolunteerSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def end(self, request: Request, pk: Any = None) -> Response:
        """End the engagement: from the next day the account signs in no more (records stay)."""
        volunteer = selectors.volunteer_for(request.user, path_id(pk), audit=False)
        if not volunteer_standing(request.user, volunteer).manages:
            raise PermissionDenied
        data = self.validated(EndEngagementSerializer)
        volunteers.end_engagement(actor=request.user, volunteer=volunteer, **data)
        found = selectors.volunteer_for(request.user, volunteer.pk, audit=False)
        return Response(VolunteerSerializer(found).data)


class SupervisionNoteViewSet(SuturaViewSet):
    """A volunteer's supervision notes: their focal point and the volunteer managers."""

    queryset = SupervisionNote.objects.none()
    serializer_class = SupervisionNoteSerializer
    audit_name = gettext_noop("supervision notes")

    def _volunteer(self) -> Volunteer:
        volunteer = selectors.volunteer_for(
            self.request.user, path_id(self.kwargs.get("volunteer_pk")), audit=False
        )
        if not reads_supervision_notes(self.request.user, volunteer):
            raise Http404  # the volunteer themself: their notes do not exist for them
        return volunteer

    def list(self, request: Request, volunteer_pk: Any = None) -> Response:
        volunteer = self._volunteer()
        return self.paginated(
            selectors.supervision_notes(request.user, volunteer),
            lambda page: SupervisionNoteSerializer(page, many=True).data,
            filtered=False,
        )

    @extend_schema(responses={200: SupervisionNoteSerializer, 404: ERRORS[404]})
    def retrieve(self, request: Request, pk: Any = None, volunteer_pk: Any = None) -> Response:
        volunteer = self._volunteer()
        wanted = path_id(pk)
        note = next(
            (n for n in selectors.supervision_notes(request.user, volunteer) if n.pk == wanted),
            None,
        )
        if note is None:
            raise Http404
        record_read(request.user, note, detail=gettext_noop("API supervision note"))
        return Response(SupervisionNoteSerializer(note).data)

    @extend_schema(
        request=NoteInputSerializer, responses={201: SupervisionNoteSerializer, **ERRORS}
    )
    def create(self, request: Request, volunteer_pk: Any = None) -> Response:
        """Add a supervision note."""
        volunteer = self._volunteer()
        data = self.validated(NoteInputSerializer)
        note = volunteers.add_supervision_note(actor=request.user, volunteer=volunteer, **data)
        return Response(SupervisionNoteSerializer(note).data, status=status.HTTP_201_CREATED)


class AssignmentViewSet(SuturaViewSet):
    """Returnees given to mentors, for a purpose and a period."""

    queryset = Assignment.objects.none()
    serializer_class = AssignmentSerializer
    audit_name = gettext_noop("mentor assignments")
    required_perms = {
        "create": ASSIGNERS,
        "partial_update": ASSIGNERS,
        "end": ASSIGNERS,
    }

    def list(self, request: Request) -> Response:
        """The assignments you may see (a mentor: their own), newest first."""
        return self.paginated(
            selectors.assignments_for(request.user),
            lambda page: (
                AssignmentSerializer(page, many=True, context={"request": self.request}).data
            ),
            filtered=False,
        )

    @extend_schema(responses={200: AssignmentSerializer, 404: ERRORS[404]})
    def retrieve(self, request: Request, pk: Any = None) -> Response:
        assignment = selectors.assignment_for(request.user, path_id(pk))
        record_read(request.user, assignment, detail=gettext_noop("API mentor assignment"))
        return Response(AssignmentSerializer(assignment, context={"request": self.request}).data)

    @extend_schema(request=AssignInputSerializer, responses={201: AssignmentSerializer, **ERRORS})
    def create(self, request: Request) -> Response:
        """Give a returnee (their case) to a mentor until a date."""
        data = self.validated(AssignInputSerializer)
        case = selectors.case_to_assign(request.user, data.pop("case"))
        if not may_assign(request.user, case):
            raise PermissionDenied
        mentor = _colleague(
            selectors.mentors_to_assign(request.user, case), data.pop("mentor"), "mentor"
        )
        assignment = assignments.assign_mentor(actor=request.user, case=case, mentor=mentor, **data)
        found = selectors.assignment_for(request.user, assignment.pk)
        return Response(
            AssignmentSerializer(found, context={"request": self.request}).data,
            status=status.HTTP_201_CREATED,
        )

    def _to_change(self, pk: Any) -> Assignment:
        assignment = selectors.assignment_for(self.request.user, path_id(pk))
        if not may_assign(self.request.user, assignment.case):
            raise PermissionDenied
        return assignment

    @extend_schema(request=PeriodInputSerializer, responses={200: AssignmentSerializer, **ERRORS})
    def partial_update(self, request: Request, pk: Any = None) -> Response:
        """Extend or shorten the period, or change the purpose (409 on a stale version)."""
        assignment = self._to_change(pk)
        data = self.validated(PeriodInputSerializer)
        with versioned_write():
            done = assignments.change_period(
                actor=request.user,
                assignment=assignment,
                expected_version=data["version"],
                ends_on=data["ends_on"],
                purpose=data.get("purpose", ""),
            )
        return Response(
            AssignmentSerializer(
                selectors.assignment_for(request.user, done.pk), context={"request": self.request}
            ).data
        )

    @extend_schema(request=AssignmentEndSerializer, responses={200: AssignmentSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def end(self, request: Request, pk: Any = None) -> Response:
        """End the mentor's support of the returnee from today."""
        assignment = self._to_change(pk)
        data = self.validated(AssignmentEndSerializer)
        assignments.end_assignment(actor=request.user, assignment=assignment, reason=data["reason"])
        return Response(
            AssignmentSerializer(
                selectors.assignment_for(request.user, assignment.pk),
                context={"request": self.request},
            ).data
        )


class ReturneeViewSet(SuturaViewSet):
    """A mentor's returnees: minimal profile, purpose, period and the stage of the case."""

    queryset = Assignment.objects.none()
    serializer_class = ReturneeSerializer
    audit_name = gettext_noop("mentor's returnees")
    required_perms = {
        "list": (Perm.VIEW_ASSIGNED_PERSONS_MINIMAL,),
        "retrieve": (Perm.VIEW_ASSIGNED_PERSONS_MINIMAL,),
    }

    def list(self, request: Request) -> Response:
        found = selectors.returnees_of(request.user)
        return Response({"count": len(found), "results": ReturneeSerializer(found, many=True).data})

    @extend_schema(responses={200: ReturneeSerializer, 404: ERRORS[404]})
    def retrieve(self, request: Request, pk: Any = None) -> Response:
        """One returnee by their case's id (404 unless assigned to you now)."""
        return Response(ReturneeSerializer(selectors.returnee_for(request.user, path_id(pk))).data)


def register(router: Any) -> None:
    """Add this module's viewsets to the API router."""
    router.register("mentoring/volunteers", VolunteerViewSet, basename="api-mentoring-volunteer")
    router.register(
        r"mentoring/volunteers/(?P<volunteer_pk>[0-9a-f-]{36})/notes",
        SupervisionNoteViewSet,
        basename="api-mentoring-supervision-note",
    )
    router.register("mentoring/assignments", AssignmentViewSet, basename="api-mentoring-assignment")
    router.register("mentoring/returnees", ReturneeViewSet, basename="api-mentoring-returnee")
