"""The API of feedback on services and of the figures: the same selectors, services and access
rules as the pages.

- `/api/feedback/service-feedback/`: the caseworker records the person's opinion of a completed
  referral or an assistance delivered (the case team only; once per referral or delivery), and
  lists the caseworkers' answers on the cases they work on (what the person left themselves is
  counted in the ratings, never shown one by one);
- `/api/feedback/ratings/`: counts per service, for the NRM coordinator (every service) and
  the provider's staff (their own); no figure under five answers;
- `/api/feedback/figures/`: the figures page's figures, under the same small-number rules.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from sutura.access import get_visible_or_404
from sutura.access.cases import works_on
from sutura.access.feedback import counts_feedback, reads_ratings
from sutura.accounts.roles import Perm
from sutura.cases.models import AssistanceDelivery
from sutura.core.api import ERRORS, SuturaViewSet
from sutura.feedback import selectors_ratings as selectors
from sutura.feedback.figures import Figures, Table, figures_for
from sutura.feedback.figures_grid import Period
from sutura.feedback.models import Satisfaction, ServiceFeedback
from sutura.feedback.services import ratings as services
from sutura.referrals.models import Referral

# --- feedback on services, one by one ------------------------------------------------------------


class ServiceFeedbackSerializer(serializers.Serializer):
    id = serializers.UUIDField(read_only=True)
    referral = serializers.UUIDField(source="referral_id", read_only=True, allow_null=True)
    delivery = serializers.UUIDField(source="delivery_id", read_only=True, allow_null=True)
    service = serializers.UUIDField(source="service_id", read_only=True, allow_null=True)
    organisation = serializers.UUIDField(
        source="organisation_id",
        read_only=True,
        help_text=_("The organisation that gave the service."),
    )
    satisfaction = serializers.ChoiceField(choices=Satisfaction.choices, read_only=True)
    timely = serializers.BooleanField(read_only=True, allow_null=True)
    respectful = serializers.BooleanField(read_only=True, allow_null=True)
    would_recommend = serializers.BooleanField(read_only=True, allow_null=True)
    created_at = serializers.DateTimeField(read_only=True)


class ServiceFeedbackInputSerializer(serializers.Serializer):
    referral = serializers.UUIDField(
        required=False, allow_null=True, help_text=_("A completed referral of a case you work on.")
    )
    delivery = serializers.UUIDField(
        required=False,
        allow_null=True,
        help_text=_("Or an assistance delivered on a case you work on."),
    )
    satisfaction = serializers.ChoiceField(choices=Satisfaction.choices)
    timely = serializers.BooleanField(
        required=False, allow_null=True, default=None, help_text=_("null: not asked.")
    )
    respectful = serializers.BooleanField(
        required=False, allow_null=True, default=None, help_text=_("null: not asked.")
    )
    would_recommend = serializers.BooleanField(
        required=False, allow_null=True, default=None, help_text=_("null: not asked.")
    )

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        if bool(data.get("referral")) == bool(data.get("delivery")):
            raise serializers.ValidationError(
                {"referral": [_("Give a referral or an assistance delivered, one of them.")]}
            )
        return data


class ServiceFeedbackViewSet(SuturaViewSet):
    """The person's opinion of a service they received, recorded by their caseworker."""

    queryset = ServiceFeedback.objects.none()
    serializer_class = ServiceFeedbackSerializer
    audit_name = gettext_noop("service feedback")
    required_perms = {"create": (Perm.MANAGE_CASES,)}

    def list(self, request: Request) -> Response:
        """The caseworkers' answers on the cases you work on (and those you recorded)."""
        return self.paginated(
            selectors.recorded_feedback_for(request.user),
            lambda page: ServiceFeedbackSerializer(page, many=True).data,
            filtered=False,
        )

    @extend_schema(
        request=ServiceFeedbackInputSerializer,
        responses={201: ServiceFeedbackSerializer, **ERRORS},
    )
    def create(self, request: Request) -> Response:
        """Record the person's opinion: once per referral (completed) or delivery."""
        data = self.validated(ServiceFeedbackInputSerializer)
        referral_id, delivery_id = data.pop("referral", None), data.pop("delivery", None)
        user = request.user
        if referral_id:
            referral = get_visible_or_404(
                user, Referral.objects.select_related("case", "service"), pk=referral_id
            )
            if not works_on(user, referral.case):
                raise PermissionDenied
            written = services.record_service_feedback(actor=user, referral=referral, **data)
        else:
            delivery = get_visible_or_404(
                user, AssistanceDelivery.objects.select_related("item__plan__case"), pk=delivery_id
            )
            written = services.record_service_feedback(actor=user, delivery=delivery, **data)
        return Response(ServiceFeedbackSerializer(written).data, status=status.HTTP_201_CREATED)


# --- ratings per service ------------------------------------------------------------------------


class ShareSerializer(serializers.Serializer):
    yes = serializers.IntegerField()
    asked = serializers.IntegerField(help_text=_("Answers that said yes or no."))


class RatingSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=[("service", "service"), ("assistance", "assistance"), ("internal", "internal")],
        help_text=_("A service of the directory, assistance delivered, or internal referrals."),
    )
    service = serializers.SerializerMethodField()
    organisation = serializers.UUIDField(source="organisation.pk")
    label = serializers.CharField()  # type: ignore[assignment]  # a field named "label"
    answers = serializers.IntegerField()
    shown = serializers.BooleanField(
        help_text=_("False under five answers: the counts below are then null.")
    )
    satisfied = serializers.SerializerMethodField()
    partly = serializers.SerializerMethodField()
    not_satisfied = serializers.SerializerMethodField()
    timely = serializers.SerializerMethodField()
    respectful = serializers.SerializerMethodField()
    would_recommend = serializers.SerializerMethodField()

    def get_service(self, rating: Any) -> str | None:
        return str(rating.service.pk) if rating.service is not None else None

    def _count(self, rating: Any, name: str) -> int | None:
        return getattr(rating, name) if rating.shown else None

    def get_satisfied(self, rating: Any) -> int | None:
        return self._count(rating, "satisfied")

    def get_partly(self, rating: Any) -> int | None:
        return self._count(rating, "partly")

    def get_not_satisfied(self, rating: Any) -> int | None:
        return self._count(rating, "not_satisfied")

    def _share(self, rating: Any, name: str) -> dict[str, int] | None:
        found = getattr(rating, name)
        if not (rating.shown and found.shown):
            return None
        return {"yes": found.yes, "asked": found.asked}

    def get_timely(self, rating: Any) -> dict[str, int] | None:
        return self._share(rating, "timely")

    def get_respectful(self, rating: Any) -> dict[str, int] | None:
        return self._share(rating, "respectful")

    def get_would_recommend(self, rating: Any) -> dict[str, int] | None:
        return self._share(rating, "would_recommend")


class RatingViewSet(SuturaViewSet):
    """Ratings per service: counts only, never who answered."""

    queryset = ServiceFeedback.objects.none()
    serializer_class = RatingSerializer
    audit_name = gettext_noop("service ratings")
    pagination_class = None

    def list(self, request: Request) -> Response:
        """The services whose ratings you may read (the NRM coordinator: every one)."""
        if not reads_ratings(request.user):
            raise PermissionDenied
        return Response(RatingSerializer(selectors.ratings_for(request.user), many=True).data)


# --- the figures ----------------------------------------------------------------------------


class LineSerializer(serializers.Serializer):
    label = serializers.CharField()  # type: ignore[assignment]  # a field named "label"
    code = serializers.CharField()
    values = serializers.ListField(
        source="cells",
        child=serializers.CharField(),
        help_text=_("One per column: a number, “<5” or “…” (not shown)."),
    )


class TableSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    columns = serializers.ListField(child=serializers.CharField())
    lines = LineSerializer(many=True)
    total = LineSerializer(allow_null=True)
    after = LineSerializer(many=True)


class FiguresSerializer(serializers.Serializer):
    period = serializers.CharField(source="period.key")
    organisation = serializers.UUIDField(source="organisation.pk", help_text=_("Yours."))
    key_figures = serializers.SerializerMethodField()
    by_organisation = TableSerializer(allow_null=True)
    tables = TableSerializer(many=True)
    sensitive_detail = TableSerializer(source="detail", many=True)

    def get_key_figures(self, found: Figures) -> dict[str, str]:
        """received, closed, closure_rate, informed_share, acknowledge_days, close_days."""
        return {figure.code: figure.value for figure in found.key_figures}


def _values(table: Table | None) -> Table | None:
    """Cells as text ("12", "<5", "…")."""
    if table is None:
        return None
    for line in [*table.lines, *([table.total] if table.total else []), *table.after]:
        line.cells = [str(cell) for cell in line.cells]
    return table


class FiguresViewSet(SuturaViewSet):
    """The feedback figures (counts only, the small-number rules of the figures page)."""

    queryset = ServiceFeedback.objects.none()
    serializer_class = FiguresSerializer
    audit_name = gettext_noop("feedback figures")
    pagination_class = None

    @extend_schema(
        parameters=[
            OpenApiParameter("period", str, description=_("A year (2026) or a quarter (2026-Q2).")),
        ],
        responses={200: FiguresSerializer, 403: ERRORS[403]},
    )
    def figures(self, request: Request) -> Response:
        """The figures of the period (this year by default): one object, not a list."""
        if not counts_feedback(request.user):
            raise PermissionDenied
        period = Period.parse(request.query_params.get("period", ""))
        found = figures_for(request.user, period)
        for table in [found.by_organisation, *found.tables, *found.detail]:
            _values(table)
        return Response(FiguresSerializer(found).data)
