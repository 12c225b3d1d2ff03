"""The API of the Reintegration Sustainability Survey: list a case's surveys (`?case=`), read
one, record one (scored at once with the current instrument version) and correct one
(`answers`: scored again with its own version; 409 on a stale version). The case team only:
lists hold what `visible()` gives (audited), a survey of another case answers 404, a role
without case work 403; the services decide the rest, as on the pages."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from sutura.accounts.roles import Perm
from sutura.cases.selectors import case_worked_on
from sutura.core.api import (
    ERRORS,
    RecordViewSet,
    UserSummarySerializer,
    documented,
    path_id,
    versioned_write,
)
from sutura.rss import selectors, services
from sutura.rss.models import SurveyKind, SurveyResponse

CASE_TEAM = (Perm.MANAGE_CASES,)
ANSWERS_HELP = _(
    "The answers: question id (q1 … q30, q4b) → answer code, as in the instrument file "
    "sutura/rss/data/<instrument_version>.json. Q30 only when Q29 is “no”; Q5, Q13 and Q4b "
    "may be left out."
)


class RssSurveySerializer(serializers.ModelSerializer):
    recorded_by = UserSummarySerializer(read_only=True)
    missing_share = serializers.DictField(
        child=serializers.CharField(),
        help_text=_(
            "Per dimension and the composite: the share of the weight that came from "
            "“don't know”, refusals and documented blanks."
        ),
    )
    answers = serializers.DictField(child=serializers.CharField(), help_text=ANSWERS_HELP)

    class Meta:
        model = SurveyResponse
        fields = [
            "id",
            "case",
            "kind",
            "offset_months",
            "surveyed_on",
            "instrument_version",
            "answers",
            "economic",
            "social",
            "psychosocial",
            "composite",
            "missing_share",
            "incomplete",
            "recorded_by",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class RssSurveyInputSerializer(serializers.Serializer):
    case = serializers.UUIDField()
    kind = serializers.ChoiceField(choices=SurveyKind.choices)
    offset_months = serializers.IntegerField(
        min_value=1,
        max_value=120,
        required=False,
        allow_null=True,
        help_text=_("Months after return: a follow-up's, one of SUTURA_RSS_FOLLOW_UP_MONTHS."),
    )
    surveyed_on = serializers.DateField(required=False, allow_null=True)
    answers = serializers.DictField(
        child=serializers.CharField(max_length=40, allow_blank=True),
        help_text=ANSWERS_HELP,
    )


class RssSurveyCorrectionSerializer(serializers.Serializer):
    answers = serializers.DictField(
        child=serializers.CharField(max_length=40, allow_blank=True),
        help_text=ANSWERS_HELP,
    )
    surveyed_on = serializers.DateField(required=False, allow_null=True)
    offset_months = serializers.IntegerField(
        min_value=1, max_value=120, required=False, allow_null=True
    )
    version = serializers.IntegerField(min_value=0, required=False)


@documented(RssSurveySerializer, RssSurveyInputSerializer)
class SurveyResponseViewSet(RecordViewSet):
    """Sustainability surveys of a case, with their scores and instrument version."""

    queryset = SurveyResponse.objects.none()
    serializer_class = RssSurveySerializer
    model = SurveyResponse
    related = ("recorded_by",)
    ordering = ("surveyed_on", "created_at")
    filters = {"case": ("case", _("Only the surveys of this case."))}
    input_serializer = RssSurveyInputSerializer
    audit_name = gettext_noop("sustainability surveys")
    required_perms = {"list": CASE_TEAM, "create": CASE_TEAM, "correct": CASE_TEAM}

    def write(self, user: Any, data: dict[str, Any]) -> models.Model:
        case = case_worked_on(user, data.pop("case"))
        return services.record_survey(actor=user, case=case, **data)

    @extend_schema(
        request=RssSurveyCorrectionSerializer, responses={200: RssSurveySerializer, **ERRORS}
    )
    @action(detail=True, methods=["post"])
    def correct(self, request: Request, pk: Any = None) -> Response:
        """Correct the answers: scored again with the survey's own instrument version."""
        found = selectors.response_for(request.user, path_id(pk), audit=False)
        data = self.validated(RssSurveyCorrectionSerializer)
        with versioned_write():
            done = services.edit_survey(
                actor=request.user,
                response=found,
                expected_version=data.pop("version", None),
                **data,
            )
        return Response(RssSurveySerializer(done).data)
