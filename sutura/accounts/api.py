from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from sutura.accounts.models import Organisation, User


class OrganisationSerializer(serializers.ModelSerializer):
    country = serializers.CharField(source="country.iso_code", read_only=True)
    is_nrm_member = serializers.BooleanField(read_only=True)

    class Meta:
        model = Organisation
        fields = ["id", "name", "acronym", "type", "country", "nrm_member_since", "is_nrm_member"]


class MeSerializer(serializers.ModelSerializer):
    organisation = OrganisationSerializer(read_only=True)
    permissions = serializers.SerializerMethodField()
    areas = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = [
            "username",
            "first_name",
            "last_name",
            "email",
            "preferred_language",
            "roles",
            "permissions",
            "areas",
            "organisation",
        ]

    def get_permissions(self, user: User) -> list[str]:
        return sorted(str(p) for p in user.permissions)

    def get_areas(self, user: User) -> list[dict[str, str | None]]:
        return [
            {"id": str(a.pk), "name": a.name, "iso_code": a.iso_code, "pcode": a.pcode}
            for a in user.areas.all()
        ]


class MeView(APIView):
    """The signed-in user, their roles, permissions, areas and organisation."""

    @extend_schema(responses=MeSerializer)
    def get(self, request: Request) -> Response:
        return Response(MeSerializer(request.user).data)
