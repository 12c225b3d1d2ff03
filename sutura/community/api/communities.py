"""API of communities (list, read, open, change, selection) and of their diagnosis (flows,
notes, groups, services present, key-informant interviews: list, add, change under a
community). Whoever has no community role gets 404 everywhere; the key informants are listed
only to those who read personal rows."""

from __future__ import annotations

from typing import Any, ClassVar

from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from sutura.access import visible
from sutura.access.community import community_standing, has_community_role
from sutura.audit.services import record_read
from sutura.cases.models import Programme
from sutura.community.models import (
    Community,
    DiagnosisNote,
    KeyInformantInterview,
    MigrationFlow,
    SelectionCriterion,
    SelectionStatus,
    ServicePresence,
    SocioEconomicGroup,
    TriangulationStatus,
)
from sutura.community.selectors import communities as selectors
from sutura.community.services import communities as services
from sutura.community.services import diagnosis as diagnosis_services
from sutura.core.api import SuturaViewSet, path_id, versioned_write
from sutura.directory.models import Service
from sutura.geo.models import Location
from sutura.people.models import LANGUAGE_CHOICES


def _role_or_404(user: Any) -> None:
    if not has_community_role(user):
        raise Http404


class CommunitySerializer(serializers.ModelSerializer):
    organisation = serializers.IntegerField(source="organisation_id", read_only=True)
    location: Any = serializers.PrimaryKeyRelatedField(read_only=True)
    programmes = serializers.SerializerMethodField()
    decided_by = serializers.SerializerMethodField()
    weighted_score = serializers.SerializerMethodField()
    scores = serializers.SerializerMethodField()

    class Meta:
        model = Community
        fields = [
            "id",
            "organisation",
            "name",
            "location",
            "latitude",
            "longitude",
            "outline",
            "population_estimate",
            "population_source",
            "population_on",
            "languages",
            "host_count",
            "returnee_count",
            "displaced_count",
            "transit_count",
            "selection_status",
            "selection_rationale",
            "decided_on",
            "decided_by",
            "weighted_score",
            "scores",
            "programmes",
            "version",
        ]
        read_only_fields = fields

    def get_programmes(self, community: Community) -> list[dict[str, Any]]:
        return [
            {"id": p.pk, "name": p.name, "donor": p.donor, "code": p.code}
            for p in community.programmes.all()
        ]

    def get_decided_by(self, community: Community) -> str:
        return community.decided_by.get_full_name() if community.decided_by else ""

    def get_weighted_score(self, community: Community) -> dict[str, int]:
        got, best = services.weighted_score(community)
        return {"score": got, "out_of": best}

    def get_scores(self, community: Community) -> dict[str, int]:
        return {
            row.criterion.code: row.score for row in community.scores.select_related("criterion")
        }


class CommunityInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    location = serializers.PrimaryKeyRelatedField(queryset=Location.objects.all())
    latitude = serializers.DecimalField(9, 6, required=False, allow_null=True)
    longitude = serializers.DecimalField(9, 6, required=False, allow_null=True)
    outline = serializers.JSONField(required=False, allow_null=True)
    population_estimate = serializers.IntegerField(min_value=0, required=False, allow_null=True)
    population_source = serializers.CharField(max_length=300, required=False, allow_blank=True)
    population_on = serializers.DateField(required=False, allow_null=True)
    languages = serializers.ListField(
        child=serializers.ChoiceField(choices=LANGUAGE_CHOICES), required=False
    )
    host_count = serializers.IntegerField(min_value=0, required=False, allow_null=True)
    returnee_count = serializers.IntegerField(min_value=0, required=False, allow_null=True)
    displaced_count = serializers.IntegerField(min_value=0, required=False, allow_null=True)
    transit_count = serializers.IntegerField(min_value=0, required=False, allow_null=True)
    programmes = serializers.PrimaryKeyRelatedField(
        queryset=Programme.objects.all(), many=True, required=False
    )


class CommunityUpdateSerializer(CommunityInputSerializer):
    name = serializers.CharField(max_length=200, required=False)
    location = serializers.PrimaryKeyRelatedField(queryset=Location.objects.all(), required=False)
    version = serializers.IntegerField()


class SelectionInputSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=SelectionStatus.choices)
    rationale = serializers.CharField(max_length=4000, required=False, allow_blank=True)
    decided_on = serializers.DateField(required=False, allow_null=True)
    scores = serializers.DictField(
        child=serializers.IntegerField(min_value=0, max_value=5), required=False
    )

    def validate_scores(self, value: dict[str, int]) -> dict[Any, int]:
        criteria = {c.code: c for c in SelectionCriterion.objects.filter(is_active=True)}
        unknown = set(value) - set(criteria)
        if unknown:
            raise serializers.ValidationError(f"unknown criteria: {sorted(unknown)}")
        return {criteria[code]: score for code, score in value.items()}


class CommunityViewSet(SuturaViewSet):
    """The communities the user sees; their protection officers open and change them."""

    queryset = Community.objects.none()
    serializer_class = CommunitySerializer
    audit_name = gettext_noop("communities")

    def list(self, request: Request) -> Response:
        _role_or_404(request.user)
        params = request.query_params
        status_code = params.get("selection_status", "")
        place = None
        if params.get("place"):
            place = Location.objects.filter(pk=str(params["place"])[:40]).first()
            if place is None:
                raise serializers.ValidationError({"place": ["Unknown place."]})
        filters = selectors.CommunityFilters(
            place=place,
            status=status_code if status_code in SelectionStatus.values else "",
            donor=params.get("donor", "")[:200],
        )
        found = selectors.communities_for(request.user, filters)
        return self.paginated(
            found.prefetch_related("programmes"),
            lambda page: CommunitySerializer(page, many=True).data,
            filtered=any(params.get(p) for p in ("selection_status", "donor", "place")),
        )

    def retrieve(self, request: Request, pk: Any = None) -> Response:
        community, _standing = selectors.community_for(request.user, path_id(pk))
        return Response(CommunitySerializer(community).data)

    @extend_schema(request=CommunityInputSerializer, responses={201: CommunitySerializer})
    def create(self, request: Request) -> Response:
        """Open a community of one's organisation (a community protection officer)."""
        _role_or_404(request.user)
        data = self.validated(CommunityInputSerializer)
        programmes = data.pop("programmes", [])
        community = services.create_community(actor=request.user, programmes=programmes, **data)
        return Response(CommunitySerializer(community).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=CommunityUpdateSerializer, responses={200: CommunitySerializer})
    def partial_update(self, request: Request, pk: Any = None) -> Response:
        community = selectors.edited_community(request.user, path_id(pk))
        data = self.validated(CommunityUpdateSerializer)
        version = data.pop("version")
        programmes = data.pop("programmes", None)
        with versioned_write():
            community = services.update_community(
                actor=request.user,
                community=community,
                expected_version=version,
                programmes=programmes,
                **data,
            )
        return Response(CommunitySerializer(community).data)

    @extend_schema(request=SelectionInputSerializer, responses={200: CommunitySerializer})
    @action(detail=True, methods=["post"])
    def selection(self, request: Request, pk: Any = None) -> Response:
        """Score the community on the criteria and record the decision."""
        community = selectors.edited_community(request.user, path_id(pk))
        data = self.validated(SelectionInputSerializer)
        community = services.set_selection(
            actor=request.user,
            community=community,
            status=data["status"],
            rationale=data.get("rationale", ""),
            decided_on=data.get("decided_on"),
            scores=data.get("scores") or {},
        )
        return Response(CommunitySerializer(community).data)


# --- diagnosis ----------------------------------------------------------------------------------

COMMON = ["id", "community", "source", "triangulation", "validated_at", "version"]


class _EntrySerializer(serializers.ModelSerializer):
    community = serializers.UUIDField(source="community_id", read_only=True)
    validated_at = serializers.UUIDField(source="validated_at_id", read_only=True)


class FlowSerializer(_EntrySerializer):
    class Meta:
        model = MigrationFlow
        fields = [
            *COMMON,
            "period_start",
            "period_end",
            "direction",
            "estimated_number",
            "reliability",
            "note",
        ]
        read_only_fields = fields


class NoteSerializer(_EntrySerializer):
    class Meta:
        model = DiagnosisNote
        fields = [*COMMON, "topic", "text"]
        read_only_fields = fields


class SocioEconomicGroupSerializer(_EntrySerializer):
    class Meta:
        model = SocioEconomicGroup
        fields = [*COMMON, "kind", "name", "size_estimate", "description"]
        read_only_fields = fields


class ServicePresenceSerializer(_EntrySerializer):
    service = serializers.UUIDField(source="service_id", read_only=True)

    class Meta:
        model = ServicePresence
        fields = [*COMMON, "service", "name", "note"]
        read_only_fields = fields


class InterviewSerializer(_EntrySerializer):
    class Meta:
        model = KeyInformantInterview
        fields = [*COMMON, "informant_role", "informant_name", "held_on", "notes"]
        read_only_fields = fields


def _meeting_of(user: Any, community: Community, data: dict[str, Any]) -> dict[str, Any]:
    """The consultation named by id, among the community's meetings the user sees."""
    if data.get("validated_at") is not None:
        found = selectors.community_meetings(user, community).filter(pk=data["validated_at"])
        meeting = found.first()
        if meeting is None:
            raise serializers.ValidationError(
                {"validated_at": [_("Choose a meeting of this community.")]}
            )
        data["validated_at"] = meeting
    return data


def _input(model: type[Any], names: list[str]) -> type[serializers.Serializer]:
    """The input of one kind of entry: the model's own fields, checked by the model."""
    fields: dict[str, Any] = {
        "source": serializers.CharField(max_length=300),
        "triangulation": serializers.ChoiceField(
            choices=TriangulationStatus.choices, required=False
        ),
        "validated_at": serializers.UUIDField(required=False, allow_null=True),
    }
    for name in names:
        field = model._meta.get_field(name)
        if name == "service":
            fields[name] = serializers.PrimaryKeyRelatedField(
                queryset=Service.objects.all(), required=False, allow_null=True
            )
            continue
        built = serializers.ModelSerializer.serializer_field_mapping[type(field)]
        kwargs: dict[str, Any] = {"required": not (field.blank or field.null)}
        if field.choices:
            built, kwargs["choices"] = serializers.ChoiceField, field.choices
        elif getattr(field, "max_length", None):
            kwargs["max_length"] = field.max_length
        if field.blank and built in (serializers.CharField, serializers.ChoiceField):
            kwargs["allow_blank"] = True
        if field.null:
            kwargs["allow_null"] = True
        fields[name] = built(**kwargs)
    return type(f"{model.__name__}Input", (serializers.Serializer,), fields)


KINDS: dict[str, tuple[type[Any], type[serializers.Serializer], list[str]]] = {
    "flows": (
        MigrationFlow,
        FlowSerializer,
        ["period_start", "period_end", "direction", "estimated_number", "reliability", "note"],
    ),
    "notes": (DiagnosisNote, NoteSerializer, ["topic", "text"]),
    "groups": (
        SocioEconomicGroup,
        SocioEconomicGroupSerializer,
        ["kind", "name", "size_estimate", "description"],
    ),
    "services": (ServicePresence, ServicePresenceSerializer, ["service", "name", "note"]),
    "interviews": (
        KeyInformantInterview,
        InterviewSerializer,
        ["informant_role", "informant_name", "held_on", "notes"],
    ),
}


class DiagnosisViewSet(SuturaViewSet):
    """One kind of diagnosis entry of a community: list, add, change."""

    kind: ClassVar[str]
    lookup_value_regex = "[0-9a-f-]{36}"

    def _community(self, *, edits: bool = False) -> Community:
        pk = path_id(self.kwargs["community_pk"])
        if edits:
            return selectors.edited_community(self.request.user, pk)
        community, _standing = selectors.community_for(self.request.user, pk)
        return community

    def _model(self) -> type[Any]:
        return KINDS[self.kind][0]

    def _output(self) -> type[serializers.Serializer]:
        return KINDS[self.kind][1]

    def list(self, request: Request, community_pk: Any = None) -> Response:
        community = self._community()
        model = self._model()
        if model is KeyInformantInterview:
            if not community_standing(request.user, community).reads_personal:
                raise Http404
            record_read(
                request.user, community, detail=gettext_noop("API key-informant interviews")
            )
        found = visible(request.user, model).filter(community=community).order_by("created_at")
        return self.paginated(
            found, lambda page: self._output()(page, many=True).data, filtered=False
        )

    def create(self, request: Request, community_pk: Any = None) -> Response:
        community = self._community(edits=True)
        model, output, names = KINDS[self.kind]
        data = _meeting_of(request.user, community, self.validated(_input(model, names)))
        entry = diagnosis_services.record_entry(request.user, community, model, **data)
        return Response(output(entry).data, status=status.HTTP_201_CREATED)

    def partial_update(
        self, request: Request, community_pk: Any = None, pk: Any = None
    ) -> Response:
        community = self._community(edits=True)
        model, output, names = KINDS[self.kind]
        entry = selectors.diagnosis_entry(request.user, community, self.kind, path_id(pk))
        given = _input(model, names)(data=request.data, partial=True)
        given.is_valid(raise_exception=True)
        data = _meeting_of(request.user, community, dict(given.validated_data))
        version = request.data.get("version")
        if not isinstance(version, int):
            raise serializers.ValidationError({"version": ["This field is required."]})
        with versioned_write():
            entry = diagnosis_services.update_entry(
                request.user, entry, expected_version=version, **data
            )
        return Response(output(entry).data)


def _diagnosis_viewset(kind: str) -> type[DiagnosisViewSet]:
    model, output, names = KINDS[kind]
    with translation.override("en"):  # the docstring is a message id: English, never the
        plural = str(model._meta.verbose_name_plural)  # language active at import
    viewset = type(
        f"{model.__name__}ViewSet",
        (DiagnosisViewSet,),
        {
            "kind": kind,
            "queryset": model.objects.none(),
            "serializer_class": output,
            "audit_name": f"community {kind}",
            "__doc__": f"The {plural} of a community.",
        },
    )
    given = _input(model, names)
    return extend_schema(request=given, responses={201: output})(viewset)


def register(router: Any) -> None:
    """Add this module's viewsets to the API router."""
    router.register("communities", CommunityViewSet, basename="api-community")
    for kind in KINDS:
        router.register(
            rf"communities/(?P<community_pk>[0-9a-f-]{{36}})/{kind}",
            _diagnosis_viewset(kind),
            basename=f"api-community-{kind}",
        )
