"""The roadmap and the assessments through the API, read only, under the same rules as the
pages (`sutura.access.library`): every holder of `view_governance` reads the roadmap and the
national status assessment; a capacity assessment, the coordinator and the organisation's
staff."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_noop
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from sutura.accounts.roles import Perm
from sutura.core.api import SuturaViewSet, path_id
from sutura.governance.models.assessments import Answer, Assessment
from sutura.governance.models.roadmap import Priority, Roadmap, RoadmapAction, RoadmapVersion
from sutura.governance.selectors import assessments as assessment_selectors
from sutura.governance.selectors import roadmap as selectors

READERS = (Perm.VIEW_GOVERNANCE,)


class ActionSerializer(serializers.ModelSerializer):
    responsible = serializers.UUIDField(source="responsible_id", read_only=True, allow_null=True)

    class Meta:
        model = RoadmapAction
        fields = ["id", "order", "title", "responsible", "starts_on", "ends_on", "status"]
        read_only_fields = fields


class PrioritySerializer(serializers.ModelSerializer):
    actions = ActionSerializer(many=True, read_only=True)

    class Meta:
        model = Priority
        fields = ["id", "order", "title", "description", "actions"]
        read_only_fields = fields


class RoadmapVersionSerializer(serializers.ModelSerializer):
    validated_at = serializers.UUIDField(source="validated_at_id", read_only=True, allow_null=True)
    priorities = serializers.SerializerMethodField()

    class Meta:
        model = RoadmapVersion
        fields = ["id", "number", "status", "validated_at", "validated_on", "priorities"]
        read_only_fields = fields

    @extend_schema(responses=PrioritySerializer(many=True))
    def get_priorities(self, version: RoadmapVersion) -> Any:
        found = self.context.get("priorities", {}).get(version.pk, [])
        return PrioritySerializer(found, many=True).data


class RoadmapSerializer(serializers.ModelSerializer):
    versions = serializers.SerializerMethodField()

    class Meta:
        model = Roadmap
        fields = ["id", "title", "starts_on", "ends_on", "versions"]
        read_only_fields = fields

    @extend_schema(responses=RoadmapVersionSerializer(many=True))
    def get_versions(self, roadmap: Roadmap) -> Any:
        versions = self.context.get("versions", {}).get(roadmap.pk, [])
        return RoadmapVersionSerializer(versions, many=True, context=self.context).data


class RoadmapViewSet(SuturaViewSet):
    """Roadmaps with their versions (the detail adds each version's priorities and actions)."""

    queryset = Roadmap.objects.none()
    serializer_class = RoadmapSerializer
    audit_name = gettext_noop("roadmaps")
    required_perms = {"list": READERS, "retrieve": READERS}

    def list(self, request: Request) -> Response:
        roadmaps = selectors.roadmaps_for(request.user)
        versions = {r.pk: r.readable_versions for r in roadmaps}  # type: ignore[attr-defined]
        return self.paginated(
            roadmaps,
            lambda page: RoadmapSerializer(page, many=True, context={"versions": versions}).data,
            filtered=False,
        )

    def retrieve(self, request: Request, pk: Any = None) -> Response:
        roadmap = selectors.roadmap_for(request.user, path_id(pk))
        versions = selectors.versions_of(request.user, roadmap)
        priorities = {v.pk: selectors.priorities_of(request.user, v) for v in versions}
        context = {"versions": {roadmap.pk: versions}, "priorities": priorities}
        return Response(RoadmapSerializer(roadmap, context=context).data)


class AnswerSerializer(serializers.ModelSerializer):
    key = serializers.CharField(source="item.key", read_only=True)
    section = serializers.CharField(source="item.section", read_only=True)
    question = serializers.CharField(source="item.question", read_only=True)
    max_score = serializers.IntegerField(source="item.max_score", read_only=True)

    class Meta:
        model = Answer
        fields = ["key", "section", "question", "score", "max_score", "gaps", "opportunities"]
        read_only_fields = fields


class NrmAssessmentSerializer(serializers.ModelSerializer):
    organisation = serializers.UUIDField(source="organisation_id", read_only=True, allow_null=True)
    checklist = serializers.CharField(source="checklist_version.checklist.code", read_only=True)
    checklist_version = serializers.IntegerField(source="checklist_version.number", read_only=True)

    class Meta:
        model = Assessment
        fields = [
            "id",
            "kind",
            "organisation",
            "assessed_on",
            "checklist",
            "checklist_version",
            "summary",
        ]
        read_only_fields = fields


class NrmAssessmentDetailSerializer(NrmAssessmentSerializer):
    answers = serializers.SerializerMethodField()

    class Meta(NrmAssessmentSerializer.Meta):
        fields = [*NrmAssessmentSerializer.Meta.fields, "answers"]
        read_only_fields = fields

    @extend_schema(responses=AnswerSerializer(many=True))
    def get_answers(self, assessment: Assessment) -> Any:
        return AnswerSerializer(self.context.get("answers", []), many=True).data


class AssessmentViewSet(SuturaViewSet):
    """Status and capacity assessments (the detail adds the answers)."""

    queryset = Assessment.objects.none()
    serializer_class = NrmAssessmentSerializer
    audit_name = gettext_noop("assessments")
    required_perms = {"list": READERS, "retrieve": READERS}

    def list(self, request: Request) -> Response:
        return self.paginated(
            assessment_selectors.assessments_for(request.user),
            lambda page: NrmAssessmentSerializer(page, many=True).data,
            filtered=False,
        )

    @extend_schema(responses=NrmAssessmentDetailSerializer)
    def retrieve(self, request: Request, pk: Any = None) -> Response:
        assessment = assessment_selectors.assessment_for(request.user, path_id(pk))
        answers = assessment_selectors.answers_of(request.user, assessment)
        return Response(
            NrmAssessmentDetailSerializer(assessment, context={"answers": answers}).data
        )
