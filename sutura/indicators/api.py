"""The indicators API (issue 20, item 11): the registry and an indicator's values over a period,
disaggregated, under the access rules and the small-number rule.

- `GET /api/indicators/`: every indicator — code, names in French and English, definition,
  unit, the disaggregations it supports;
- `GET /api/indicators/<code>/values/?period=2026-Q3&by=sex,age_group&programme=…&admin1=…`:
  the figure over the rows the user may count (`access.*.counted_for`: counts only, never
  rows), its cells keyed by codes. Outside the user's own organisation (another
  organisation's rows in the figure: the NRM's view) a count from 1 to 4 reads "<5" and so
  does its complementary cell (`core.indicators.suppress_table`); `suppress=1` asks the rule
  on one's own figures too (a table for outsiders). Nothing here names anyone.

Who may ask: the holders of `view_indicators` (programme managers, M&E and protection
officers) or `view_nrm_dashboard` (NRM coordinators: the mechanism's referrals); 403 otherwise.
"""

from __future__ import annotations

import re
from typing import Any
from uuid import UUID

from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from sutura.access import can
from sutura.accounts.roles import Perm
from sutura.core import indicators
from sutura.core.api import ERRORS, SuturaViewSet
from sutura.core.indicators import Indicator, Period, Scope

COUNTS = (Perm.VIEW_INDICATORS, Perm.VIEW_NRM_DASHBOARD)
SCOPES = {
    "programme": "programme_ids",
    "organisation": "organisation_ids",
    "admin1": "admin1_ids",
    "admin2": "admin2_ids",
}


def counts_indicators(user: Any) -> bool:
    return any(can(user, perm) for perm in COUNTS)


def _in(language: str, text: Any) -> str:
    with translation.override(language):
        return str(text)


# The registry's units as a named choice set of the schema (settings ENUM_NAME_OVERRIDES).
UNIT_CHOICES = [(unit, unit) for unit in indicators.UNITS]


class IndicatorDimensionSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # a field named "label"


class IndicatorNamesSerializer(serializers.Serializer):
    fr = serializers.CharField()
    en = serializers.CharField()


class IndicatorDefinitionSerializer(serializers.Serializer):
    """One indicator of the registry."""

    code = serializers.CharField()
    name = serializers.CharField(help_text=_("In the language of the request."))
    names = IndicatorNamesSerializer()
    definition = serializers.CharField(help_text=_("In the language of the request."))
    definitions = IndicatorNamesSerializer()
    unit = serializers.ChoiceField(choices=UNIT_CHOICES)
    dimensions = IndicatorDimensionSerializer(many=True)
    split_by = serializers.ListField(
        child=serializers.CharField(),
        help_text=_("Always split by these (an amount by its currency)."),
    )

    def to_representation(self, instance: Indicator) -> dict[str, Any]:
        return {
            "code": instance.code,
            "name": str(instance.name),
            "names": {"fr": _in("fr", instance.name), "en": _in("en", instance.name)},
            "definition": str(instance.definition),
            "definitions": {
                "fr": _in("fr", instance.definition),
                "en": _in("en", instance.definition),
            },
            "unit": instance.unit,
            "dimensions": [
                {"code": code, "label": str(indicators.DIMENSIONS.get(code, code))}
                for code in instance.dimensions
            ],
            "split_by": list(instance.split_by),
        }


class IndicatorPeriodSerializer(serializers.Serializer):
    code = serializers.CharField()
    kind = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField()


class IndicatorCellSerializer(serializers.Serializer):
    key = serializers.DictField(
        child=serializers.CharField(), help_text=_("Disaggregation → code.")
    )
    value = serializers.JSONField(
        help_text=_('A number, "<5" (a small count withheld) or null (withheld or nothing).')
    )


class IndicatorValuesSerializer(serializers.Serializer):
    """An indicator's figure over a period."""

    indicator = serializers.CharField()
    unit = serializers.CharField()
    period = IndicatorPeriodSerializer()
    by = serializers.ListField(child=serializers.CharField())
    total = serializers.JSONField(
        help_text=_('A number, "<5", or null (withheld, nothing to compute, or two currencies).')
    )
    cells = IndicatorCellSerializer(many=True)
    suppressed = serializers.BooleanField(help_text=_("Some values are withheld (small counts)."))


def _current_quarter() -> Period:
    today = timezone.localdate()
    return Period.parse(f"{today.year}-Q{(today.month - 1) // 3 + 1}")


def _ids(request: Request, name: str) -> tuple[UUID, ...]:
    raw = [part for value in request.query_params.getlist(name) for part in value.split(",")]
    try:
        return tuple(UUID(part.strip()) for part in raw if part.strip())
    except ValueError as error:
        raise serializers.ValidationError({name: [_("Not a valid identifier.")]}) from error


class IndicatorViewSet(SuturaViewSet):
    """The indicator registry and the values (counts only: nothing names anyone)."""

    serializer_class = IndicatorDefinitionSerializer
    pagination_class = None
    audit_name = gettext_noop("indicators")

    def check_permissions(self, request: Request) -> None:
        super().check_permissions(request)
        if not counts_indicators(request.user):
            raise PermissionDenied

    @extend_schema(responses={200: IndicatorDefinitionSerializer(many=True), 403: ERRORS[403]})
    def list(self, request: Request) -> Response:
        """Every indicator of the registry."""
        found = indicators.all_indicators()
        return Response(IndicatorDefinitionSerializer(found, many=True).data)

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "code", str, OpenApiParameter.PATH, description=_("The indicator's code.")
            ),
            OpenApiParameter(
                "period",
                str,
                description=_(
                    "2026 (a year), 2026-Q3, 2026-05, 2026-W14 (an ISO week) or "
                    "2026-01-01..2026-03-31; this quarter by default."
                ),
            ),
            OpenApiParameter(
                "by", str, description=_("Disaggregations, comma-separated (sex,age_group).")
            ),
            *[
                OpenApiParameter(name, str, description=_("Identifiers, comma-separated."))
                for name in SCOPES
            ],
            OpenApiParameter(
                "suppress",
                bool,
                description=_("Apply the small-number rule to one's own figures too."),
            ),
        ],
        responses={
            200: IndicatorValuesSerializer,
            400: ERRORS[400],
            403: ERRORS[403],
            404: ERRORS[404],
        },
    )
    def values(self, request: Request, code: str = "") -> Response:
        """The indicator's figure over the period, disaggregated."""
        try:
            indicator = indicators.get(code)
        except KeyError as error:
            raise Http404 from error
        params = request.query_params
        try:
            period = Period.parse(params["period"]) if params.get("period") else None
        except ValueError as error:
            raise serializers.ValidationError({"period": [_("Not a period.")]}) from error
        by = tuple(part.strip() for part in params.get("by", "").split(",") if part.strip())
        unknown = [name for name in by if name not in indicator.dimensions]
        if unknown or len(set(by)) != len(by) or any(not re.fullmatch(r"\w+", b) for b in by):
            raise serializers.ValidationError(
                {"by": [_("Not a disaggregation of this indicator.")]}
            )
        scope = Scope(**{field: _ids(request, name) for name, field in SCOPES.items()})
        figure = indicator.value(request.user, period or _current_quarter(), scope=scope, by=by)
        force = params.get("suppress", "").lower() in ("1", "true", "yes")
        shown = figure.display(suppress=True if force else None)
        return Response(
            IndicatorValuesSerializer(
                {
                    "indicator": indicator.code,
                    "unit": indicator.unit,
                    "period": {
                        "code": figure.period.code,
                        "kind": figure.period.kind,
                        "start": figure.period.start,
                        "end": figure.period.end,
                    },
                    "by": list(figure.by),
                    **shown,
                }
            ).data
        )
