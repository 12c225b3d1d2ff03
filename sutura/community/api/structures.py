"""API of protection committees (and their members), safe spaces (their monthly attendance and
safety checks) and community initiatives: the same selectors, services and access rules as the
pages. Whoever does not see a community gets 404 for its records (mentors and provider agents:
for all of them); only its protection officer writes (403 for the others who see it).
Committee members are named: listed only to those who read the community's personal rows
(404 for the others, who get the counts on the committee)."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from sutura.access import visible
from sutura.access.accounts import colleagues
from sutura.access.community import community_standing, has_community_role
from sutura.accounts.models import Organisation
from sutura.cases.models import Programme
from sutura.community.models import (
    Answer,
    CommitteeKind,
    FollowUpStatus,
    Initiative,
    InitiativeStatus,
    ProtectionCommittee,
    SafeSpace,
    SafeSpaceKind,
)
from sutura.community.selectors import structures as selectors
from sutura.community.services import committees, initiatives, safespaces
from sutura.core.api import (
    ERRORS,
    SuturaViewSet,
    UserSummarySerializer,
    path_id,
    query_id,
    versioned_write,
)
from sutura.geo.models import Location
from sutura.meetings.models import AgeGroup
from sutura.people.models import Sex

COMMUNITY_PARAMETER = OpenApiParameter(
    "community", OpenApiTypes.UUID, description=_("Only the records of this community.")
)


class RefSerializer(serializers.Serializer):
    id = serializers.UUIDField(read_only=True)
    name = serializers.CharField(read_only=True)


# --- what the API shows --------------------------------------------------------------------------


class CommunityCommitteeSerializer(serializers.Serializer):
    id = serializers.UUIDField(read_only=True)
    community = RefSerializer(read_only=True)
    kind = serializers.ChoiceField(choices=CommitteeKind.choices, read_only=True)
    name = serializers.CharField(read_only=True)
    established_on = serializers.DateField(read_only=True, allow_null=True)
    is_active = serializers.BooleanField(read_only=True)
    member_counts = serializers.SerializerMethodField(
        help_text=_("Current members by sex (no names).")
    )
    version = serializers.IntegerField(read_only=True)

    def get_member_counts(self, committee: ProtectionCommittee) -> dict[str, int]:
        return selectors.counts_of(self.context["request"].user, committee)


class CommitteeMemberSerializer(serializers.Serializer):
    id = serializers.UUIDField(read_only=True)
    user = UserSummarySerializer(read_only=True, allow_null=True)
    name = serializers.CharField(read_only=True)
    role = serializers.CharField(read_only=True)
    sex = serializers.ChoiceField(choices=Sex.choices, read_only=True)
    age_group = serializers.ChoiceField(choices=AgeGroup.choices, read_only=True)
    since = serializers.DateField(read_only=True)
    until = serializers.DateField(read_only=True, allow_null=True)
    version = serializers.IntegerField(read_only=True)


class SafeSpaceSerializer(serializers.Serializer):
    id = serializers.UUIDField(read_only=True)
    community = RefSerializer(read_only=True)
    kind = serializers.ChoiceField(choices=SafeSpaceKind.choices, read_only=True)
    name = serializers.CharField(read_only=True)
    location = RefSerializer(read_only=True)
    address = serializers.CharField(read_only=True)
    managing_partner = RefSerializer(read_only=True)
    opening_hours = serializers.CharField(read_only=True)
    activities = serializers.CharField(read_only=True)
    opened_on = serializers.DateField(read_only=True, allow_null=True)
    closed_on = serializers.DateField(read_only=True, allow_null=True)
    version = serializers.IntegerField(read_only=True)


class AttendanceCellSerializer(serializers.Serializer):
    sex = serializers.ChoiceField(choices=Sex.choices)
    age_group = serializers.ChoiceField(choices=AgeGroup.choices)
    count = serializers.IntegerField(min_value=0, max_value=100000)


class AttendanceMonthSerializer(serializers.Serializer):
    month = serializers.DateField(help_text=_("The first day of the month."))
    total = serializers.IntegerField(read_only=True)
    cells = AttendanceCellSerializer(many=True)


class AnswerSerializer(serializers.Serializer):
    item = serializers.CharField(source="item.key", help_text=_("The checklist item's key."))
    answer = serializers.ChoiceField(choices=Answer.choices)
    comment = serializers.CharField(allow_blank=True)


class CheckSerializer(serializers.Serializer):
    id = serializers.UUIDField(read_only=True)
    checked_on = serializers.DateField(read_only=True)
    checked_by = UserSummarySerializer(read_only=True)
    finding = serializers.CharField(read_only=True)
    follow_up = serializers.CharField(read_only=True)
    follow_up_status = serializers.ChoiceField(choices=FollowUpStatus.choices, read_only=True)
    overdue = serializers.BooleanField(read_only=True)
    answers = AnswerSerializer(many=True, read_only=True, source="answers_shown")
    version = serializers.IntegerField(read_only=True)


class InitiativeSerializer(serializers.Serializer):
    id = serializers.UUIDField(read_only=True)
    community = RefSerializer(read_only=True)
    title = serializers.CharField(read_only=True)
    objective = serializers.CharField(read_only=True)
    budget = serializers.DecimalField(
        max_digits=14, decimal_places=2, read_only=True, allow_null=True
    )
    currency = serializers.CharField(read_only=True)
    partner = RefSerializer(read_only=True, allow_null=True)
    status = serializers.ChoiceField(choices=InitiativeStatus.choices, read_only=True)
    starts_on = serializers.DateField(read_only=True, allow_null=True)
    ends_on = serializers.DateField(read_only=True, allow_null=True)
    results = serializers.CharField(read_only=True)
    programmes = RefSerializer(many=True, read_only=True, source="programmes.all")
    version = serializers.IntegerField(read_only=True)


# --- what it takes -------------------------------------------------------------------------------


class CommunityCommitteeInputSerializer(serializers.Serializer):
    community = serializers.UUIDField()
    kind = serializers.ChoiceField(choices=CommitteeKind.choices)
    name = serializers.CharField(max_length=200)
    established_on = serializers.DateField(required=False, allow_null=True, default=None)
    is_active = serializers.BooleanField(default=True)


class CommitteeUpdateSerializer(serializers.Serializer):
    version = serializers.IntegerField(help_text=_("The version you read."))
    kind = serializers.ChoiceField(choices=CommitteeKind.choices, required=False)
    name = serializers.CharField(max_length=200, required=False)
    established_on = serializers.DateField(required=False, allow_null=True)
    is_active = serializers.BooleanField(required=False)


class CommitteeMemberInputSerializer(serializers.Serializer):
    user = serializers.IntegerField(
        required=False, allow_null=True, default=None, help_text=_("An account, if any.")
    )
    name = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)
    role = serializers.CharField(max_length=120)
    sex = serializers.ChoiceField(choices=Sex.choices)
    age_group = serializers.ChoiceField(choices=AgeGroup.choices)
    since = serializers.DateField()
    until = serializers.DateField(required=False, allow_null=True, default=None)


class SafeSpaceInputSerializer(serializers.Serializer):
    community = serializers.UUIDField()
    kind = serializers.ChoiceField(choices=SafeSpaceKind.choices)
    name = serializers.CharField(max_length=200)
    location = serializers.UUIDField()
    address = serializers.CharField(max_length=300, required=False, default="", allow_blank=True)
    managing_partner = serializers.UUIDField(help_text=_("The partner organisation managing it."))
    opening_hours = serializers.CharField(
        max_length=300, required=False, default="", allow_blank=True
    )
    activities = serializers.CharField(
        max_length=2000, required=False, default="", allow_blank=True
    )
    opened_on = serializers.DateField(required=False, allow_null=True, default=None)
    closed_on = serializers.DateField(required=False, allow_null=True, default=None)


class SafeSpaceUpdateSerializer(serializers.Serializer):
    version = serializers.IntegerField(help_text=_("The version you read."))
    kind = serializers.ChoiceField(choices=SafeSpaceKind.choices, required=False)
    name = serializers.CharField(max_length=200, required=False)
    address = serializers.CharField(max_length=300, required=False, allow_blank=True)
    opening_hours = serializers.CharField(max_length=300, required=False, allow_blank=True)
    activities = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    opened_on = serializers.DateField(required=False, allow_null=True)
    closed_on = serializers.DateField(required=False, allow_null=True)


class CheckAnswerInput(serializers.Serializer):
    item = serializers.CharField(max_length=60, help_text=_("The checklist item's key."))
    answer = serializers.ChoiceField(choices=Answer.choices)
    comment = serializers.CharField(max_length=1000, required=False, default="", allow_blank=True)


class CheckInputSerializer(serializers.Serializer):
    checked_on = serializers.DateField()
    answers = CheckAnswerInput(many=True)
    finding = serializers.CharField(max_length=4000, required=False, default="", allow_blank=True)
    follow_up = serializers.CharField(max_length=4000, required=False, default="", allow_blank=True)


class InitiativeInputSerializer(serializers.Serializer):
    community = serializers.UUIDField()
    title = serializers.CharField(max_length=200)
    objective = serializers.CharField(max_length=2000)
    budget = serializers.DecimalField(
        max_digits=14, decimal_places=2, min_value=0, required=False, allow_null=True, default=None
    )
    currency = serializers.CharField(max_length=3, required=False, default="", allow_blank=True)
    partner = serializers.UUIDField(required=False, allow_null=True, default=None)
    status = serializers.ChoiceField(choices=InitiativeStatus.choices, default="proposed")
    starts_on = serializers.DateField(required=False, allow_null=True, default=None)
    ends_on = serializers.DateField(required=False, allow_null=True, default=None)
    results = serializers.CharField(max_length=4000, required=False, default="", allow_blank=True)
    programmes = serializers.ListField(child=serializers.UUIDField(), default=list)


class InitiativeUpdateSerializer(serializers.Serializer):
    version = serializers.IntegerField(help_text=_("The version you read."))
    title = serializers.CharField(max_length=200, required=False)
    objective = serializers.CharField(max_length=2000, required=False)
    budget = serializers.DecimalField(
        max_digits=14, decimal_places=2, min_value=0, required=False, allow_null=True
    )
    currency = serializers.CharField(max_length=3, required=False, allow_blank=True)
    status = serializers.ChoiceField(choices=InitiativeStatus.choices, required=False)
    starts_on = serializers.DateField(required=False, allow_null=True)
    ends_on = serializers.DateField(required=False, allow_null=True)
    results = serializers.CharField(max_length=4000, required=False, allow_blank=True)


# --- the endpoints -------------------------------------------------------------------------------


def _organisation(value: Any, field: str) -> Organisation | None:
    if value is None:
        return None
    found = Organisation.objects.filter(pk=value).first()
    if found is None:
        raise serializers.ValidationError({field: [_("Choose an organisation.")]})
    return found


def _location(value: Any) -> Location:
    found = Location.objects.filter(pk=value).first()
    if found is None:
        raise serializers.ValidationError({"location": [_("Choose a place.")]})
    return found


class _CommunityRecords(SuturaViewSet):
    """Lists for those with a community role only (404 for everyone else), narrowed to one
    community by `?community=`."""

    def _listed(self, queryset: Any) -> Any:
        if not has_community_role(self.request.user):
            raise Http404
        community = query_id(self.request, "community")
        return queryset if community is None else queryset.filter(community_id=community)


class CommitteeViewSet(_CommunityRecords):
    """Protection committees and networks of communities, with their members."""

    queryset = ProtectionCommittee.objects.none()
    serializer_class = CommunityCommitteeSerializer
    audit_name = gettext_noop("community committees")

    @extend_schema(parameters=[COMMUNITY_PARAMETER])
    def list(self, request: Request) -> Response:
        found = self._listed(visible(request.user, ProtectionCommittee).select_related("community"))
        return self.paginated(
            found,
            lambda page: (
                CommunityCommitteeSerializer(page, many=True, context={"request": request}).data
            ),
            filtered="community" in request.query_params,
        )

    def _answer(self, pk: Any, code: int = status.HTTP_200_OK) -> Response:
        found = selectors.committee_for(self.request.user, pk)
        return Response(
            CommunityCommitteeSerializer(found, context={"request": self.request}).data, code
        )

    @extend_schema(responses={200: CommunityCommitteeSerializer, 404: ERRORS[404]})
    def retrieve(self, request: Request, pk: Any = None) -> Response:
        return self._answer(path_id(pk))

    @extend_schema(
        request=CommunityCommitteeInputSerializer,
        responses={201: CommunityCommitteeSerializer, **ERRORS},
    )
    def create(self, request: Request) -> Response:
        """Record a committee or network of a community you work on."""
        data = self.validated(CommunityCommitteeInputSerializer)
        community = selectors.community_for(request.user, data.pop("community"))
        found = committees.create_committee(actor=request.user, community=community, **data)
        return self._answer(found.pk, status.HTTP_201_CREATED)

    @extend_schema(
        request=CommitteeUpdateSerializer, responses={200: CommunityCommitteeSerializer, **ERRORS}
    )
    def partial_update(self, request: Request, pk: Any = None) -> Response:
        found = selectors.committee_for(request.user, path_id(pk))
        data = self.validated(CommitteeUpdateSerializer)
        version = data.pop("version")
        with versioned_write():
            committees.update_committee(
                actor=request.user, committee=found, expected_version=version, **data
            )
        return self._answer(found.pk)

    @extend_schema(
        methods=["get"], responses={200: CommitteeMemberSerializer(many=True), 404: ERRORS[404]}
    )
    @extend_schema(
        methods=["post"],
        request=CommitteeMemberInputSerializer,
        responses={201: CommitteeMemberSerializer, **ERRORS},
    )
    @action(detail=True, methods=["get", "post"])
    def members(self, request: Request, pk: Any = None) -> Response:
        """The members (named: for those who read the community's personal rows, 404 for the
        others); POST adds one."""
        found = selectors.committee_for(request.user, path_id(pk))
        if not community_standing(request.user, found.community).reads_personal:
            raise Http404
        if request.method == "POST":
            data = self.validated(CommitteeMemberInputSerializer)
            user_id = data.pop("user")
            if user_id is not None:
                data["user"] = colleagues(request.user).filter(pk=user_id).first()
                if data["user"] is None:
                    raise serializers.ValidationError({"user": [_("Choose an account.")]})
            member = committees.add_member(actor=request.user, committee=found, **data)
            return Response(CommitteeMemberSerializer(member).data, status=status.HTTP_201_CREATED)
        return Response(
            CommitteeMemberSerializer(selectors.members_of(request.user, found), many=True).data
        )


class SafeSpaceViewSet(_CommunityRecords):
    """Safe spaces of communities, their monthly attendance and safety checks."""

    queryset = SafeSpace.objects.none()
    serializer_class = SafeSpaceSerializer
    audit_name = gettext_noop("safe spaces")

    @extend_schema(parameters=[COMMUNITY_PARAMETER])
    def list(self, request: Request) -> Response:
        found = self._listed(
            visible(request.user, SafeSpace).select_related(
                "community", "location", "managing_partner"
            )
        )
        return self.paginated(
            found,
            lambda page: SafeSpaceSerializer(page, many=True).data,
            filtered="community" in request.query_params,
        )

    def _answer(self, pk: Any, code: int = status.HTTP_200_OK) -> Response:
        return Response(
            SafeSpaceSerializer(selectors.safe_space_for(self.request.user, pk)).data, code
        )

    @extend_schema(responses={200: SafeSpaceSerializer, 404: ERRORS[404]})
    def retrieve(self, request: Request, pk: Any = None) -> Response:
        return self._answer(path_id(pk))

    @extend_schema(request=SafeSpaceInputSerializer, responses={201: SafeSpaceSerializer, **ERRORS})
    def create(self, request: Request) -> Response:
        """Record a safe space of a community you work on."""
        data = self.validated(SafeSpaceInputSerializer)
        community = selectors.community_for(request.user, data.pop("community"))
        data["location"] = _location(data["location"])
        data["managing_partner"] = _organisation(data["managing_partner"], "managing_partner")
        space = safespaces.create_safe_space(actor=request.user, community=community, **data)
        return self._answer(space.pk, status.HTTP_201_CREATED)

    @extend_schema(
        request=SafeSpaceUpdateSerializer, responses={200: SafeSpaceSerializer, **ERRORS}
    )
    def partial_update(self, request: Request, pk: Any = None) -> Response:
        space = selectors.safe_space_for(request.user, path_id(pk))
        data = self.validated(SafeSpaceUpdateSerializer)
        version = data.pop("version")
        with versioned_write():
            safespaces.update_safe_space(
                actor=request.user, space=space, expected_version=version, **data
            )
        return self._answer(space.pk)

    @extend_schema(
        methods=["get"], responses={200: AttendanceMonthSerializer(many=True), 404: ERRORS[404]}
    )
    @extend_schema(
        methods=["post"],
        request=AttendanceMonthSerializer,
        responses={201: AttendanceMonthSerializer, **ERRORS},
    )
    @action(detail=True, methods=["get", "post"])
    def attendance(self, request: Request, pk: Any = None) -> Response:
        """Attendance by month × sex × age group (the last twelve months recorded); POST
        replaces one month's grid."""
        space = selectors.safe_space_for(request.user, path_id(pk))
        if request.method == "POST":
            data = self.validated(AttendanceMonthSerializer)
            counts = {(c["sex"], c["age_group"]): c["count"] for c in data["cells"]}
            safespaces.record_attendance(
                actor=request.user, space=space, month=data["month"], counts=counts
            )
            month = safespaces.first_of_month(data["month"])
            grid = [
                g for g in selectors.attendance_of(request.user, space, 120) if g.month == month
            ]
            return Response(_month(grid[0]) if grid else {}, status=status.HTTP_201_CREATED)
        return Response([_month(g) for g in selectors.attendance_of(request.user, space, 12)])

    @extend_schema(methods=["get"], responses={200: CheckSerializer(many=True), 404: ERRORS[404]})
    @extend_schema(
        methods=["post"], request=CheckInputSerializer, responses={201: CheckSerializer, **ERRORS}
    )
    @action(detail=True, methods=["get", "post"])
    def checks(self, request: Request, pk: Any = None) -> Response:
        """The space's safety checks (newest first, overdue follow-ups flagged); POST records
        one, every item of the checklist answered."""
        space = selectors.safe_space_for(request.user, path_id(pk))
        if request.method == "POST":
            data = self.validated(CheckInputSerializer)
            answers = {a["item"]: (a["answer"], a["comment"]) for a in data.pop("answers")}
            check = safespaces.record_check(
                actor=request.user, space=space, answers=answers, **data
            )
            found = selectors.check_for(request.user, check.pk)
            return Response(_check(request.user, found), status=status.HTTP_201_CREATED)
        return Response([_check(request.user, c) for c in selectors.checks_of(request.user, space)])


def _month(grid: Any) -> dict[str, Any]:
    return {
        "month": grid.month,
        "total": grid.total,
        "cells": [
            {"sex": sex, "age_group": age_group, "count": count}
            for (sex, age_group), count in sorted(grid.cells.items())
        ],
    }


def _check(user: Any, check: Any) -> Any:
    check.answers_shown = list(selectors.answers_of(user, check))
    return CheckSerializer(check).data


class InitiativeViewSet(_CommunityRecords):
    """Community initiatives: small projects run by a community or a partner CBO."""

    queryset = Initiative.objects.none()
    serializer_class = InitiativeSerializer
    audit_name = gettext_noop("community initiatives")

    @extend_schema(parameters=[COMMUNITY_PARAMETER])
    def list(self, request: Request) -> Response:
        found = self._listed(
            visible(request.user, Initiative)
            .select_related("community", "partner")
            .prefetch_related("programmes")
        )
        return self.paginated(
            found,
            lambda page: InitiativeSerializer(page, many=True).data,
            filtered="community" in request.query_params,
        )

    def _answer(self, pk: Any, code: int = status.HTTP_200_OK) -> Response:
        found = selectors.initiative_for(self.request.user, pk)
        return Response(InitiativeSerializer(found).data, code)

    @extend_schema(responses={200: InitiativeSerializer, 404: ERRORS[404]})
    def retrieve(self, request: Request, pk: Any = None) -> Response:
        return self._answer(path_id(pk))

    @extend_schema(
        request=InitiativeInputSerializer, responses={201: InitiativeSerializer, **ERRORS}
    )
    def create(self, request: Request) -> Response:
        """Record an initiative of a community you work on."""
        data = self.validated(InitiativeInputSerializer)
        community = selectors.community_for(request.user, data.pop("community"))
        data["partner"] = _organisation(data["partner"], "partner")
        wanted = data.pop("programmes")
        programmes = list(visible(request.user, Programme).filter(pk__in=wanted))
        if len(programmes) != len(set(wanted)):
            raise serializers.ValidationError({"programmes": [_("Choose programmes.")]})
        found = initiatives.create_initiative(
            actor=request.user, community=community, programmes=programmes, **data
        )
        return self._answer(found.pk, status.HTTP_201_CREATED)

    @extend_schema(
        request=InitiativeUpdateSerializer, responses={200: InitiativeSerializer, **ERRORS}
    )
    def partial_update(self, request: Request, pk: Any = None) -> Response:
        found = selectors.initiative_for(request.user, path_id(pk))
        data = self.validated(InitiativeUpdateSerializer)
        version = data.pop("version")
        with versioned_write():
            initiatives.update_initiative(
                actor=request.user, initiative=found, expected_version=version, **data
            )
        return self._answer(found.pk)


def register(router: Any) -> None:
    """Add this module's viewsets to the API router."""
    router.register("community/committees", CommitteeViewSet, basename="api-community-committee")
    router.register("community/safe-spaces", SafeSpaceViewSet, basename="api-community-safe-space")
    router.register("community/initiatives", InitiativeViewSet, basename="api-community-initiative")
