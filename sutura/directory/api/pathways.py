"""Referral pathways as published: anyone may read those in use, logged in or not; each step
names only published services (`access.directory.public_pathways()`)."""

from __future__ import annotations

from typing import Any

from django.db import models
from rest_framework import exceptions, serializers, viewsets
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from sutura.access.directory import public_pathways
from sutura.core.api import path_id
from sutura.directory.api.entries import NamedSerializer
from sutura.directory.models import Pathway, PathwayStep


class PublicStepSerializer(serializers.ModelSerializer):
    title = serializers.CharField(read_only=True)
    detail = serializers.CharField(read_only=True)
    services = serializers.SerializerMethodField()

    class Meta:
        model = PathwayStep
        fields = ["order", "title", "title_fr", "title_en", "detail", "category", "services"]
        read_only_fields = fields

    def get_services(self, step: PathwayStep) -> list[str]:
        """The ids of the published services the step names."""
        return [str(service.pk) for service in step.services.all()]


class PublicPathwaySerializer(serializers.ModelSerializer):
    title = serializers.CharField(read_only=True)
    description = serializers.CharField(read_only=True)
    area = NamedSerializer(read_only=True, allow_null=True)
    steps = PublicStepSerializer(many=True, read_only=True)

    class Meta:
        model = Pathway
        fields = ["id", "need", "title", "title_fr", "title_en", "description", "area", "steps"]
        read_only_fields = fields


class PublicPathwayViewSet(viewsets.ReadOnlyModelViewSet):
    """Referral pathways in use: no login needed."""

    permission_classes = [AllowAny]
    serializer_class = PublicPathwaySerializer
    queryset = Pathway.objects.none()

    def get_queryset(self) -> models.QuerySet[Pathway]:
        return public_pathways()

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        pathway = self.get_queryset().filter(pk=path_id(kwargs.get("pk"))).first()
        if pathway is None:
            raise exceptions.NotFound
        return Response(self.get_serializer(pathway).data)
