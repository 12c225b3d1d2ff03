"""The supervision API: caseloads, reassignments, supervision notes (same selectors and
services as the pages)."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from sutura.accounts.roles import Perm
from sutura.cases.selectors import case_worked_on
from sutura.core.api import (
    ERRORS,
    Conflict,
    RecordViewSet,
    SuturaViewSet,
    UserSummarySerializer,
    documented,
    refused_as,
)
from sutura.supervision import selectors, services
from sutura.supervision.models import SupervisionNote
from sutura.supervision.services import CaseChanged

SUPERVISORS = (Perm.SUPERVISE_CASELOADS,)


class CaseloadSerializer(serializers.Serializer):
    case_manager = UserSummarySerializer(source="manager")
    open = serializers.IntegerField(help_text=_("Open cases."))
    former = serializers.BooleanField(
        help_text=_("A deactivated account still holding open cases: give them to a colleague.")
    )
    by_status = serializers.DictField(child=serializers.IntegerField())
    by_priority = serializers.DictField(child=serializers.IntegerField())
    overdue = serializers.IntegerField(help_text=_("Open cases whose next follow-up is past."))
    inactive = serializers.IntegerField(
        help_text=_("Open cases without work recorded with the person for the set number of days.")
    )
    children = serializers.IntegerField()
    trafficking = serializers.IntegerField()

    def to_representation(self, row: Any) -> dict[str, Any]:
        others = {figure.code: figure.count for figure in row.others}
        return {
            "case_manager": UserSummarySerializer(row.manager).data,
            "open": row.open,
            "former": row.former,
            "by_status": {f.code.removeprefix("status_"): f.count for f in row.statuses},
            "by_priority": {f.code.removeprefix("priority_"): f.count for f in row.priorities},
            **others,
        }


class CaseloadViewSet(SuturaViewSet):
    """Each case manager's caseload, for the organisation's supervisors."""

    serializer_class = CaseloadSerializer
    required_perms = {"list": SUPERVISORS}
    pagination_class = None

    @extend_schema(responses={200: CaseloadSerializer(many=True), **ERRORS})
    def list(self, request: Request) -> Response:
        rows = selectors.caseload(request.user, api=True)
        return Response(CaseloadSerializer(rows, many=True).data)


class ChosenCaseSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    version = serializers.IntegerField(min_value=1, help_text=_("The version you read."))


class ReassignmentInputSerializer(serializers.Serializer):
    cases = serializers.ListField(child=ChosenCaseSerializer(), allow_empty=False, max_length=500)
    case_manager = serializers.IntegerField(help_text=_("The new case manager's user id."))


class ReassignmentSerializer(serializers.Serializer):
    reassigned = serializers.ListField(child=serializers.CharField(), help_text=_("Case numbers."))
    case_manager = serializers.IntegerField()


class ReassignmentViewSet(SuturaViewSet):
    """Reassign cases to another case manager, all or none (409 naming a case that changed
    since it was read; 404 for a case that is not an open case of your organisation)."""

    serializer_class = ReassignmentSerializer
    required_perms = {"create": SUPERVISORS}

    @extend_schema(
        request=ReassignmentInputSerializer,
        responses={201: ReassignmentSerializer, **ERRORS},
    )
    def create(self, request: Request) -> Response:
        data = self.validated(ReassignmentInputSerializer)
        chosen = [(item["id"], item["version"]) for item in data["cases"]]
        found = {
            c.pk: c for c in selectors.reassignable_cases(request.user, [i for i, _v in chosen])
        }
        if any(case_id not in found for case_id, _version in chosen):
            raise Http404
        manager = selectors.supervised_manager_or_none(request.user, data["case_manager"])
        if manager is None:
            raise serializers.ValidationError(
                {"case_manager": [_("Choose an active colleague who holds this role.")]}
            )
        with refused_as(Conflict, CaseChanged):
            moved = services.reassign_cases(
                actor=request.user,
                cases=[(found[case_id], version) for case_id, version in chosen],
                case_manager=manager,
            )
        body = {"reassigned": [case.number for case in moved], "case_manager": manager.pk}
        return Response(body, status=status.HTTP_201_CREATED)


class CaseSupervisionNoteSerializer(serializers.ModelSerializer):
    author = UserSummarySerializer(read_only=True)

    class Meta:
        model = SupervisionNote
        fields = ("id", "case", "author", "noted_on", "text", "follow_up_action", "due_on")
        read_only_fields = fields


class CaseSupervisionNoteInputSerializer(serializers.Serializer):
    case = serializers.UUIDField()
    noted_on = serializers.DateField(required=False)
    text = serializers.CharField(max_length=4000)
    follow_up_action = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    due_on = serializers.DateField(required=False, allow_null=True)


@documented(CaseSupervisionNoteSerializer, CaseSupervisionNoteInputSerializer)
class SupervisionNoteViewSet(RecordViewSet):
    """Supervision notes on cases: read by the supervisors and the case's own case manager
    only (404 for anyone else); written by the supervisors."""

    queryset = SupervisionNote.objects.none()
    serializer_class = CaseSupervisionNoteSerializer
    model = SupervisionNote
    related = ("author",)
    ordering = ("-noted_on", "-created_at")
    filters = {"case": ("case", _("Only the notes of this case."))}
    input_serializer = CaseSupervisionNoteInputSerializer
    audit_name = gettext_noop("supervision notes")
    required_perms = {"list": (Perm.MANAGE_CASES,), "create": SUPERVISORS}

    def write(self, user: Any, data: dict[str, Any]) -> models.Model:
        case = case_worked_on(user, data.pop("case"))
        return services.add_note(actor=user, case=case, **data)
