"""The directory's entries as published: anyone may read them, logged in or not, so other
tools can reuse the map (`access.directory.public_services()`: active services of active providers;
no staff names)."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import exceptions, serializers, viewsets
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from sutura.access.directory import public_services
from sutura.cases.models import Vulnerability
from sutura.core.api import path_id
from sutura.directory.models import EDITABLE_FIELDS, Service, ServiceCategory
from sutura.directory.selectors import entries as selectors
from sutura.geo.models import Location
from sutura.people.models import LANGUAGE_CHOICES, Sex


class NamedSerializer(serializers.Serializer):
    id = serializers.UUIDField(read_only=True)
    name = serializers.CharField(read_only=True)


class ProviderSerializer(NamedSerializer):
    acronym = serializers.CharField(read_only=True)


class PointSerializer(serializers.Serializer):
    type = serializers.CharField(read_only=True, help_text=_("Always “Point”."))
    coordinates = serializers.ListField(
        child=serializers.FloatField(),
        read_only=True,
        help_text=_("[longitude, latitude], as GeoJSON orders them."),
    )


def codes_field(choices: list[tuple[str, Any]]) -> Any:
    """A list of codes. Declared as plain strings: the same choice sets (sexes, vulnerabilities)
    have other names elsewhere in the schema, and one set must have one name."""
    listed = ", ".join(str(value) for value, _label in choices)
    return serializers.ListField(
        child=serializers.CharField(max_length=20),
        required=False,
        help_text=format_lazy(_("Codes among: {codes}. Empty: everyone."), codes=listed),
    )


SEX_CODES = [(Sex.FEMALE.value, Sex.FEMALE.label), (Sex.MALE.value, Sex.MALE.label)]


class PublicServiceSerializer(serializers.ModelSerializer):
    """A directory entry as published. `geometry` is a GeoJSON point (or null)."""

    sexes = codes_field(SEX_CODES)
    vulnerabilities = codes_field(Vulnerability.choices)

    name = serializers.CharField(read_only=True, help_text=_("In the language asked for."))
    description = serializers.CharField(read_only=True)
    provider = ProviderSerializer(read_only=True)
    areas = NamedSerializer(many=True, read_only=True)
    location = NamedSerializer(read_only=True, allow_null=True)
    latitude = serializers.SerializerMethodField()
    longitude = serializers.SerializerMethodField()
    geometry = serializers.SerializerMethodField()
    needs_verification = serializers.SerializerMethodField()

    class Meta:
        model = Service
        fields = [
            "id",
            "name",
            *EDITABLE_FIELDS[:2],
            "category",
            "description",
            *EDITABLE_FIELDS[3:5],
            "provider",
            "areas",
            "location",
            *[name for name in EDITABLE_FIELDS[5:] if name not in ("latitude", "longitude")],
            "latitude",
            "longitude",
            "geometry",
            "last_verified_on",
            "needs_verification",
        ]
        read_only_fields = fields

    def get_latitude(self, service: Service) -> float | None:
        return float(service.latitude) if service.latitude is not None else None

    def get_longitude(self, service: Service) -> float | None:
        return float(service.longitude) if service.longitude is not None else None

    @extend_schema_field(PointSerializer(allow_null=True))
    def get_geometry(self, service: Service) -> dict[str, Any] | None:
        if not service.has_point:
            return None
        return {
            "type": "Point",
            "coordinates": [float(service.longitude), float(service.latitude)],  # type: ignore[arg-type]
        }

    def get_needs_verification(self, service: Service) -> bool:
        return service.needs_verification()


class ServiceFilterSerializer(serializers.Serializer):
    category = serializers.ChoiceField(
        choices=ServiceCategory.choices, required=False, allow_blank=True
    )
    area = serializers.UUIDField(
        required=False,
        help_text=_("A place's id: services whose areas include it or a unit above it."),
    )
    language = serializers.ChoiceField(choices=LANGUAGE_CHOICES, required=False, allow_blank=True)
    q = serializers.CharField(
        required=False, allow_blank=True, help_text=_("Words in the name, description or provider.")
    )


def _published() -> models.QuerySet[Service]:
    return selectors.with_areas(
        public_services().select_related("provider", "location").order_by("name_fr", "pk")
    )


class PublicServiceViewSet(viewsets.ReadOnlyModelViewSet):
    """The published directory: no login needed."""

    permission_classes = [AllowAny]
    serializer_class = PublicServiceSerializer
    queryset = Service.objects.none()

    def get_queryset(self) -> models.QuerySet[Service]:
        return _published()

    @extend_schema(parameters=[ServiceFilterSerializer])
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        params = ServiceFilterSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        given = params.validated_data
        found = self.get_queryset()
        if given.get("category"):
            found = found.filter(category=given["category"])
        if given.get("language"):
            found = found.filter(languages__contains=[given["language"]])
        if given.get("q", "").strip():
            found = selectors.matching_text(found, given["q"].strip())
        if given.get("area"):
            place = Location.objects.filter(pk=given["area"]).select_related("parent").first()
            if place is None:
                raise serializers.ValidationError({"area": [_("No such place.")]})
            found = selectors.services_serving(found, place)
        page = self.paginate_queryset(found)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        service = self.get_queryset().filter(pk=path_id(kwargs.get("pk"))).first()
        if service is None:
            raise exceptions.NotFound
        return Response(self.get_serializer(service).data)
