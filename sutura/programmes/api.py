"""The programmes API: programmes with their details, envelopes and budget figures (read for
those who see them, write for their programme managers), and the results framework (read the
tree with actuals and progress; add results, indicators and period values). Same selectors,
services and access rules as the pages: a programme one may not see is a 404."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from sutura.access import visible
from sutura.access.programmes import manages_programme, sees_budget
from sutura.accounts.models import Organisation
from sutura.accounts.roles import Perm
from sutura.cases.models import Currency, Dimension, Programme
from sutura.core.api import ERRORS, SuturaViewSet, path_id, versioned_write
from sutura.geo.models import Location
from sutura.programmes import selectors, services
from sutura.programmes.models import (
    BudgetLevel,
    Donor,
    PeriodValue,
    ResultIndicator,
    ResultLevel,
    ResultNode,
    Unit,
)

READERS = (Perm.VIEW_INDICATORS, Perm.MANAGE_PROGRAMMES)
KEEPERS = (Perm.MANAGE_PROGRAMMES,)


class ProgrammeDonorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Donor
        fields = ("id", "name", "acronym")
        read_only_fields = fields


class ProgrammeNamedSerializer(serializers.Serializer):
    """An organisation or a place, by id and name."""

    id = serializers.CharField()
    name = serializers.CharField()


class ProgrammeEnvelopeSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="envelope.id")
    budget_line = serializers.CharField(source="envelope.budget_line")
    dimension = serializers.ChoiceField(
        source="envelope.dimension", choices=[("", ""), *Dimension.choices]
    )
    currency = serializers.ChoiceField(source="envelope.currency", choices=Currency.choices)
    amount = serializers.DecimalField(source="envelope.amount", max_digits=16, decimal_places=2)
    version = serializers.IntegerField(source="envelope.version")
    planned = serializers.DecimalField(max_digits=18, decimal_places=2)
    committed = serializers.DecimalField(
        max_digits=18, decimal_places=2, help_text=_("Approved plans' items.")
    )
    disbursed = serializers.DecimalField(
        max_digits=18, decimal_places=2, help_text=_("Assistance delivered.")
    )
    committed_percent = serializers.IntegerField(allow_null=True)
    level = serializers.ChoiceField(choices=BudgetLevel.choices)


class ProgrammeListItemSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()
    code = serializers.CharField()
    donor = serializers.CharField(help_text=_("The donors' names, as the cases app shows them."))
    organisation = ProgrammeNamedSerializer()


def _item(programme: Programme) -> dict[str, Any]:
    return {
        "id": programme.pk,
        "name": programme.name,
        "code": programme.code,
        "donor": programme.donor,
        "organisation": {"id": str(programme.organisation_id), "name": str(programme.organisation)},
    }


class ProgrammeRecordSerializer(ProgrammeListItemSerializer):
    description = serializers.CharField()
    starts_on = serializers.DateField(allow_null=True)
    ends_on = serializers.DateField(allow_null=True)
    donors = ProgrammeDonorSerializer(many=True)
    areas = ProgrammeNamedSerializer(many=True)
    partners = ProgrammeNamedSerializer(many=True)
    warning_percent = serializers.IntegerField(allow_null=True)
    alert_percent = serializers.IntegerField(allow_null=True)
    version = serializers.IntegerField(
        help_text=_("Send it back with a change: a newer save by someone else answers 409.")
    )
    envelopes = ProgrammeEnvelopeSerializer(
        many=True, allow_null=True, help_text=_("Only for the running organisation's staff.")
    )


def _record(user: Any, programme: Programme) -> dict[str, Any]:
    details = selectors.details_of(programme)
    profile = details.profile
    return {
        **_item(programme),
        "description": profile.description if profile else "",
        "starts_on": profile.starts_on if profile else None,
        "ends_on": profile.ends_on if profile else None,
        "donors": details.donors,
        "areas": [{"id": str(a.pk), "name": a.name} for a in details.areas],
        "partners": [{"id": str(p.pk), "name": str(p)} for p in details.partners],
        "warning_percent": profile.warning_percent if profile else None,
        "alert_percent": profile.alert_percent if profile else None,
        "version": profile.version if profile else 1,
        "envelopes": selectors.envelope_lines(user, programme)
        if sees_budget(user, programme)
        else None,
    }


class _Related(serializers.PrimaryKeyRelatedField):
    """A row the user may choose (the access layer's scope of its model)."""

    def get_queryset(self) -> Any:
        model = self.queryset.model  # type: ignore[union-attr]
        user = self.context["request"].user
        found = visible(user, model)
        if model is Donor:
            found = found.filter(organisation_id=user.organisation_id)
        return found


class ProgrammeInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    code = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
    description = serializers.CharField(
        max_length=4000, required=False, allow_blank=True, default=""
    )
    starts_on = serializers.DateField(required=False, allow_null=True, default=None)
    ends_on = serializers.DateField(required=False, allow_null=True, default=None)
    donors = _Related(queryset=Donor.objects.none(), many=True, required=False, default=list)
    areas = _Related(queryset=Location.objects.none(), many=True, required=False, default=list)
    partners = _Related(
        queryset=Organisation.objects.none(), many=True, required=False, default=list
    )
    warning_percent = serializers.IntegerField(
        min_value=1, max_value=1000, required=False, allow_null=True, default=None
    )
    alert_percent = serializers.IntegerField(
        min_value=1, max_value=1000, required=False, allow_null=True, default=None
    )


class ProgrammeUpdateInputSerializer(ProgrammeInputSerializer):
    version = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    warning_percent = serializers.IntegerField(min_value=1, max_value=1000)
    alert_percent = serializers.IntegerField(min_value=1, max_value=1000)


class ProgrammeEnvelopeInputSerializer(serializers.Serializer):
    budget_line = serializers.CharField(max_length=120)
    currency = serializers.ChoiceField(choices=Currency.choices)
    dimension = serializers.ChoiceField(
        choices=[("", ""), *Dimension.choices], required=False, default=""
    )
    amount = serializers.DecimalField(max_digits=16, decimal_places=2, min_value=0)


class ProgrammePeriodSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="value.id")
    period = serializers.CharField(source="value.period")
    starts_on = serializers.DateField(source="value.starts_on")
    ends_on = serializers.DateField(source="value.ends_on")
    baseline = serializers.DecimalField(
        source="value.baseline", max_digits=16, decimal_places=2, allow_null=True
    )
    target = serializers.DecimalField(
        source="value.target", max_digits=16, decimal_places=2, allow_null=True
    )
    actual = serializers.SerializerMethodField(
        help_text=_('A number, or "<5" where the small-number rule holds a count back.')
    )
    computed = serializers.BooleanField(help_text=_("Computed from the data (not entered)."))

    def get_actual(self, row: Any) -> str | None:
        return None if row.actual is None else str(row.actual)

    actual_source = serializers.CharField(source="value.actual_source")
    progress_percent = serializers.IntegerField(source="percent", allow_null=True)
    version = serializers.IntegerField(source="value.version")


class ProgrammeIndicatorSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="indicator.id")
    code = serializers.CharField(source="indicator.code")
    name = serializers.CharField(source="label")
    unit = serializers.ChoiceField(source="indicator.unit", choices=Unit.choices)
    source = serializers.CharField(source="indicator.source")  # type: ignore[assignment]
    periods = ProgrammePeriodSerializer(many=True)


class ProgrammeResultSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="node.id")
    parent = serializers.UUIDField(source="node.parent_id", allow_null=True)  # type: ignore[assignment]
    level = serializers.ChoiceField(source="node.level", choices=ResultLevel.choices)
    code = serializers.CharField(source="node.code")
    statement = serializers.CharField(source="node.statement")
    indicators = ProgrammeIndicatorSerializer(many=True)


class ProgrammeViewSet(SuturaViewSet):
    """Programmes of one's organisation and those it implements as a partner."""

    queryset = Programme.objects.none()
    serializer_class = ProgrammeRecordSerializer
    audit_name = gettext_noop("programmes")
    required_perms = {
        "list": READERS,
        "retrieve": READERS,
        "results": READERS,
        "create": KEEPERS,
        "partial_update": KEEPERS,
        "envelopes": KEEPERS,
    }

    @extend_schema(responses={200: ProgrammeListItemSerializer(many=True)})
    def list(self, request: Request) -> Response:
        return self.paginated(
            selectors.programmes_for(request.user),
            lambda page: ProgrammeListItemSerializer([_item(p) for p in page], many=True).data,
            filtered=False,
        )

    @extend_schema(responses={200: ProgrammeRecordSerializer, **ERRORS})
    def retrieve(self, request: Request, pk: Any = None) -> Response:
        programme = selectors.programme_for(request.user, path_id(pk))
        return Response(ProgrammeRecordSerializer(_record(request.user, programme)).data)

    @extend_schema(
        request=ProgrammeInputSerializer, responses={201: ProgrammeRecordSerializer, **ERRORS}
    )
    def create(self, request: Request) -> Response:
        data = self.validated(ProgrammeInputSerializer)
        programme = services.create_programme(actor=request.user, **data)
        programme = selectors.programme_for(request.user, programme.pk)
        body = ProgrammeRecordSerializer(_record(request.user, programme)).data
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=ProgrammeUpdateInputSerializer, responses={200: ProgrammeRecordSerializer, **ERRORS}
    )
    def partial_update(self, request: Request, pk: Any = None) -> Response:
        programme = selectors.programme_for(request.user, path_id(pk))
        if not manages_programme(request.user, programme):
            raise PermissionDenied
        data = self.validated(ProgrammeUpdateInputSerializer)
        version = data.pop("version")
        with versioned_write():
            services.update_programme(
                actor=request.user, programme=programme, expected_version=version, **data
            )
        programme = selectors.programme_for(request.user, programme.pk)
        return Response(ProgrammeRecordSerializer(_record(request.user, programme)).data)

    @extend_schema(
        request=ProgrammeEnvelopeInputSerializer,
        responses={201: ProgrammeRecordSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def envelopes(self, request: Request, pk: Any = None) -> Response:
        """Add a budget envelope (a budget line in one currency)."""
        programme = selectors.programme_for(request.user, path_id(pk))
        if not manages_programme(request.user, programme):
            raise PermissionDenied
        data = self.validated(ProgrammeEnvelopeInputSerializer)
        services.save_envelope(actor=request.user, programme=programme, **data)
        body = ProgrammeRecordSerializer(_record(request.user, programme)).data
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(responses={200: ProgrammeResultSerializer(many=True), **ERRORS})
    @action(detail=True, methods=["get"])
    def results(self, request: Request, pk: Any = None) -> Response:
        """The results framework: each result with its indicators and, per period, the
        baseline, target, actual (computed from the data, or entered) and progress."""
        programme = selectors.programme_for(request.user, path_id(pk))
        rows = selectors.framework(request.user, programme)
        return Response(ProgrammeResultSerializer(rows, many=True).data)


# --- adding to the results framework -----------------------------------------------------------


class ProgrammeResultNodeSerializer(serializers.ModelSerializer):
    class Meta:
        model = ResultNode
        fields = ("id", "programme", "parent", "level", "code", "statement", "version")
        read_only_fields = fields


class ProgrammeResultInputSerializer(serializers.Serializer):
    programme = serializers.UUIDField()
    parent = serializers.UUIDField(  # type: ignore[assignment]
        required=False, allow_null=True, default=None
    )
    level = serializers.ChoiceField(choices=ResultLevel.choices)
    code = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    statement = serializers.CharField(max_length=2000)


def _kept(user: Any, programme_id: Any) -> Programme:
    programme = selectors.programme_for(user, programme_id)
    if not manages_programme(user, programme):
        raise PermissionDenied
    return programme


class ResultViewSet(SuturaViewSet):
    """A result of a programme's framework (goal, outcome, output): add one, read one."""

    queryset = ResultNode.objects.none()
    serializer_class = ProgrammeResultNodeSerializer
    audit_name = gettext_noop("programme results")
    required_perms = {"retrieve": READERS, "create": KEEPERS}

    @extend_schema(responses={200: ProgrammeResultNodeSerializer, **ERRORS})
    def retrieve(self, request: Request, pk: Any = None) -> Response:
        node = visible(request.user, ResultNode).filter(pk=path_id(pk)).first()
        if node is None:
            raise Http404
        return Response(ProgrammeResultNodeSerializer(node).data)

    @extend_schema(
        request=ProgrammeResultInputSerializer,
        responses={201: ProgrammeResultNodeSerializer, **ERRORS},
    )
    def create(self, request: Request) -> Response:
        data = self.validated(ProgrammeResultInputSerializer)
        programme = _kept(request.user, data.pop("programme"))
        parent_id = data.pop("parent")
        parent = selectors.result_for(request.user, programme, parent_id) if parent_id else None
        node = services.add_result(actor=request.user, programme=programme, parent=parent, **data)
        return Response(ProgrammeResultNodeSerializer(node).data, status=status.HTTP_201_CREATED)


class ProgrammeResultIndicatorSerializer(serializers.ModelSerializer):
    class Meta:
        model = ResultIndicator
        fields = ("id", "result", "code", "name", "unit", "source", "version")
        read_only_fields = fields


class ProgrammeIndicatorInputSerializer(serializers.Serializer):
    result = serializers.UUIDField()
    code = serializers.CharField(
        max_length=80,
        required=False,
        allow_blank=True,
        default="",
        help_text=_("An indicator of the registry (/api/indicators/), or empty."),
    )
    name = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    unit = serializers.ChoiceField(choices=Unit.choices, required=False, default=Unit.COUNT)
    source = serializers.CharField(  # type: ignore[assignment]
        max_length=500, required=False, allow_blank=True, default=""
    )


class ResultIndicatorViewSet(SuturaViewSet):
    """An indicator of a result: from the registry (computed), or entered by hand with its
    source."""

    queryset = ResultIndicator.objects.none()
    serializer_class = ProgrammeResultIndicatorSerializer
    audit_name = gettext_noop("programme indicators")
    required_perms = {"retrieve": READERS, "create": KEEPERS}

    @extend_schema(responses={200: ProgrammeResultIndicatorSerializer, **ERRORS})
    def retrieve(self, request: Request, pk: Any = None) -> Response:
        indicator = selectors.indicator_for(request.user, path_id(pk))
        return Response(ProgrammeResultIndicatorSerializer(indicator).data)

    @extend_schema(
        request=ProgrammeIndicatorInputSerializer,
        responses={201: ProgrammeResultIndicatorSerializer, **ERRORS},
    )
    def create(self, request: Request) -> Response:
        data = self.validated(ProgrammeIndicatorInputSerializer)
        result = visible(request.user, ResultNode).filter(pk=data.pop("result")).first()
        if result is None:
            raise Http404
        _kept(request.user, result.programme_id)
        indicator = services.add_result_indicator(actor=request.user, result=result, **data)
        body = ProgrammeResultIndicatorSerializer(indicator).data
        return Response(body, status=status.HTTP_201_CREATED)


class ProgrammePeriodValueSerializer(serializers.ModelSerializer):
    class Meta:
        model = PeriodValue
        fields = (
            "id",
            "indicator",
            "period",
            "starts_on",
            "ends_on",
            "baseline",
            "target",
            "actual",
            "actual_source",
            "version",
        )
        read_only_fields = fields


FIGURE: dict[str, Any] = {
    "max_digits": 16,
    "decimal_places": 2,
    "required": False,
    "allow_null": True,
    "default": None,
}


class ProgrammePeriodInputSerializer(serializers.Serializer):
    indicator = serializers.UUIDField()
    period = serializers.CharField(max_length=7, help_text=_("2026, 2026-Q3 or 2026-05."))
    baseline = serializers.DecimalField(**FIGURE)
    target = serializers.DecimalField(**FIGURE)
    actual = serializers.DecimalField(
        **FIGURE, help_text=_("Only for an indicator entered by hand.")
    )
    actual_source = serializers.CharField(
        max_length=500, required=False, allow_blank=True, default=""
    )
    version = serializers.IntegerField(
        min_value=1,
        max_value=2**31 - 1,
        required=False,
        allow_null=True,
        default=None,
        help_text=_("To change a period already set: the version read."),
    )


class PeriodValueViewSet(SuturaViewSet):
    """An indicator's baseline, target (and entered actual) for one period."""

    queryset = PeriodValue.objects.none()
    serializer_class = ProgrammePeriodValueSerializer
    audit_name = gettext_noop("programme period values")
    required_perms = {"retrieve": READERS, "create": KEEPERS}

    @extend_schema(responses={200: ProgrammePeriodValueSerializer, **ERRORS})
    def retrieve(self, request: Request, pk: Any = None) -> Response:
        value = visible(request.user, PeriodValue).filter(pk=path_id(pk)).first()
        if value is None:
            raise Http404
        return Response(ProgrammePeriodValueSerializer(value).data)

    @extend_schema(
        request=ProgrammePeriodInputSerializer,
        responses={201: ProgrammePeriodValueSerializer, **ERRORS},
    )
    def create(self, request: Request) -> Response:
        data = self.validated(ProgrammePeriodInputSerializer)
        indicator = selectors.indicator_for(request.user, data.pop("indicator"))
        _kept(request.user, indicator.result.programme_id)
        version = data.pop("version")
        with versioned_write():
            value = services.set_period_value(
                actor=request.user, indicator=indicator, expected_version=version, **data
            )
        body = ProgrammePeriodValueSerializer(value).data
        return Response(body, status=status.HTTP_201_CREATED)
