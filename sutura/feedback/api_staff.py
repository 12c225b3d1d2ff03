"""The staff API of complaints and feedback: the same selectors, services and access rules as
the pages (what it shows and takes is in `serializers.py`).

- `GET /api/feedback/items/`: the items the user sees (`visible()`), filtered by status,
  category and overdue; a row carries no identity and nothing of what was said. Whoever could
  handle no item at all (neither a feedback handler nor a PSEA focal point) gets 403.
- `GET /api/feedback/items/<id>/`: one item (404 unless seen), the read audited; what was
  said, the people implicated, the history; the complainant's identity for the handler only.
- `POST /api/feedback/items/`: staff intake (`services.intake.record_item`), for whoever
  records feedback; answers a receipt (reference, tracking code, status), since the recorder
  may not read the item afterwards (a sensitive one). `Idempotency-Key` is taken.
- `POST /api/feedback/items/<id>/<step>/` (acknowledge, assign, respond, refer, close, reopen,
  reclassify): 404 unless the item is seen, 403 unless the user's side handles it, 400 for a
  refused input, **409** for a stale `version` (`stale`) or a step the status does not allow
  (`step_refused`).
- `GET /api/feedback/categories/`: the categories in use.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from sutura.access import visible
from sutura.access.accounts import colleague
from sutura.access.feedback import (
    ItemStanding,
    item_standing,
    may_handle_items,
    records_feedback,
)
from sutura.accounts.models import Organisation
from sutura.accounts.roles import Perm
from sutura.audit.services import record_read
from sutura.community.models import Community
from sutura.core.api import ERRORS as COMMON_ERRORS
from sutura.core.api import ErrorSerializer, SuturaViewSet, path_id, refused_as, versioned_write
from sutura.feedback import selectors_items as selectors
from sutura.feedback import serializers as shapes
from sutura.feedback.forms.items import step_names
from sutura.feedback.models import Category, FeedbackItem, IntakePoint
from sutura.feedback.services import intake, workflow
from sutura.geo.models import Location


class StepNotApplicable(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "step_refused"
    default_detail = _("This step does not apply to the item as it stands.")


def step_applies() -> Any:
    """A step the item's status does not allow (any more) answers 409."""
    return refused_as(StepNotApplicable, workflow.StepRefused)


ERRORS = {
    **COMMON_ERRORS,
    403: OpenApiResponse(
        ErrorSerializer, description=_("Your side may not handle this item (you read it).")
    ),
    404: OpenApiResponse(ErrorSerializer, description=_("No such item for you.")),
    409: OpenApiResponse(
        ErrorSerializer,
        description=_(
            "`stale`: the item changed since you read its version; `step_refused`: the step "
            "does not apply to its status."
        ),
    ),
}


def _step_schema(given: type[serializers.Serializer], answers: dict[int, Any] | None = None) -> Any:
    return extend_schema(
        request=given,
        responses={200: shapes.FeedbackItemSerializer, **(answers or {}), **ERRORS},
    )


def _category(user: Any, code: str) -> Category:
    found = selectors.categories_for(user).filter(code=code).first()
    if found is None:
        raise serializers.ValidationError({"category": [_("Choose a category in use.")]})
    return found


def _organisation(user: Any, pk: Any) -> Organisation | None:
    if pk is None:
        return None
    found = visible(user, Organisation).filter(pk=pk, is_active=True).first()
    if found is None:
        raise serializers.ValidationError({"organisation": [_("Choose an organisation.")]})
    return found


def _one(user: Any, model: Any, pk: Any, field: str, message: Any) -> Any:
    if pk is None:
        return None
    found = visible(user, model).filter(pk=pk).first()
    if found is None:
        raise serializers.ValidationError({field: [message]})
    return found


def _implicated(user: Any, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The people named, as the service takes them: users of the recorder's organisation,
    organisations by id, anyone else by a description."""
    named = []
    for row in rows:
        user_id = row.get("user")
        person = colleague(user_id, user.organisation_id) if user_id is not None else None
        if user_id is not None and person is None:
            raise serializers.ValidationError(
                {
                    "implicated": [
                        _("Name an active colleague of your organisation, or describe the person.")
                    ]
                }
            )
        named.append(
            {
                "kind": row["kind"],
                "user": person,
                "organisation": _organisation(user, row.get("organisation")),
                "description": row.get("description", ""),
            }
        )
    return named


class FeedbackItemViewSet(SuturaViewSet):
    """Complaints and feedback items: read by the handlers and focal points the access rule
    names; recorded by staff; moved through their workflow by the owning side."""

    queryset = FeedbackItem.objects.none()
    serializer_class = shapes.FeedbackItemSerializer
    audit_name = gettext_noop("feedback items")
    required_perms = {"create": (Perm.RECORD_FEEDBACK,)}

    # --- helpers ---------------------------------------------------------------------------

    def _answer(self, item: FeedbackItem, who: ItemStanding | None = None) -> Response:
        """One item as the user may read it (the read audited)."""
        user = self.request.user
        who = who or item_standing(user, item)
        record_read(user, item, detail=gettext_noop("API feedback item"))
        context = {
            **self.get_serializer_context(),
            "reads_identity": who.reads_identity,
            "implicated": selectors.implicated_of(user, item),
            "history": selectors.history_of(user, item),
            "steps": step_names(workflow.available_steps(user, item)),
        }
        return Response(shapes.FeedbackItemSerializer(item, context=context).data)

    def _handled(self, pk: Any) -> FeedbackItem:
        """The item (404 unless seen), then the side (403 unless it handles it)."""
        item = selectors.item_to_act_on(self.request.user, path_id(pk))
        if not item_standing(self.request.user, item).handles:
            raise PermissionDenied
        return item

    def _take(self, pk: Any, given: type[serializers.Serializer], step: Any, **extra: Any) -> Any:
        item = self._handled(pk)
        data = self.validated(given)
        data["expected_version"] = data.pop("version")
        for name, resolve in extra.items():
            data[name] = resolve(self.request.user, item, data.get(name))
        with versioned_write(), step_applies():
            done = step(actor=self.request.user, item=item, **data)
        who = item_standing(self.request.user, done)
        if not who.sees:
            # Moved into a confidential category: the user no longer reads it.
            return Response(status=status.HTTP_204_NO_CONTENT)
        return self._answer(selectors.item_to_act_on(self.request.user, done.pk), who)

    # --- reading ---------------------------------------------------------------------------

    @extend_schema(
        parameters=[shapes.ItemFilterSerializer],
        responses={200: shapes.FeedbackItemRowSerializer(many=True), 403: ERRORS[403]},
    )
    def list(self, request: Request) -> Response:
        """The items you see, newest first: no identity, nothing of what was said."""
        if not may_handle_items(request.user):
            raise PermissionDenied
        params = shapes.ItemFilterSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        given = params.validated_data
        filters = selectors.ItemFilters(
            status=given.get("status", ""),
            category=given.get("category", ""),
            overdue=given["overdue"],
        )
        return self.paginated(
            selectors.items_for(request.user, filters),
            lambda page: shapes.FeedbackItemRowSerializer(page, many=True).data,
            filtered=filters.narrowed,
        )

    @extend_schema(responses={200: shapes.FeedbackItemSerializer, 404: ERRORS[404]})
    def retrieve(self, request: Request, pk: Any = None) -> Response:
        """One item (audited): the complainant's identity for its handler only."""
        if getattr(request, "_idempotent", False):
            # A create retried with its Idempotency-Key (core.idempotency replays it through
            # here): the same receipt again, even when the recorder may not read the item.
            return Response(self._receipt(selectors.recorded_item(request.user, path_id(pk))))
        return self._answer(selectors.item_to_act_on(request.user, path_id(pk)))

    # --- writing ---------------------------------------------------------------------------

    @extend_schema(
        request=shapes.FeedbackItemCreateSerializer,
        responses={201: shapes.FeedbackReceiptSerializer, **COMMON_ERRORS},
    )
    def create(self, request: Request) -> Response:
        """Record an item that came by any channel but the public form. The answer is a
        receipt: give the complainant the tracking code."""
        user = request.user
        if not records_feedback(user):  # a role without an organisation, say
            raise PermissionDenied
        data = self.validated(shapes.FeedbackItemCreateSerializer)
        data["category"] = _category(user, data["category"])
        data["implicated"] = _implicated(user, data.get("implicated", []))
        data["location"] = _one(
            user, Location, data.get("location"), "location", _("Choose a place.")
        )
        data["community"] = _one(
            user, Community, data.get("community"), "community", _("Choose a community.")
        )
        data["intake_point"] = _one(
            user,
            IntakePoint,
            data.get("intake_point"),
            "intake_point",
            _("Choose one of your organisation's points."),
        )
        item = intake.record_item(actor=user, **data)
        return Response(self._receipt(item), status=status.HTTP_201_CREATED)

    def _receipt(self, item: FeedbackItem) -> Any:
        receipt = {
            "id": item.pk,
            "number": item.number,
            "tracking_code": item.tracking_code,
            "received_at": item.received_at,
            "status": item.status,
            "sensitive": item.sensitive,
            "seen": item_standing(self.request.user, item).sees,
        }
        return shapes.FeedbackReceiptSerializer(receipt).data

    @_step_schema(shapes.AcknowledgeSerializer)
    @action(detail=True, methods=["post"])
    def acknowledge(self, request: Request, pk: Any = None) -> Response:
        """Tell that the item was received (the acknowledgement deadline is met)."""
        return self._take(pk, shapes.AcknowledgeSerializer, workflow.acknowledge)

    @_step_schema(shapes.AssignSerializer)
    @action(detail=True, methods=["post"])
    def assign(self, request: Request, pk: Any = None) -> Response:
        """Give the item to a handler, who alone reads the complainant's identity."""
        return self._take(pk, shapes.AssignSerializer, workflow.assign, handler=_handler)

    @_step_schema(shapes.RespondSerializer)
    @action(detail=True, methods=["post"])
    def respond(self, request: Request, pk: Any = None) -> Response:
        """Record the response given to the complainant."""
        return self._take(pk, shapes.RespondSerializer, workflow.respond)

    @_step_schema(shapes.ReferSerializer)
    @action(detail=True, methods=["post"])
    def refer(self, request: Request, pk: Any = None) -> Response:
        """Refer the item to another organisation, or to an investigation channel."""
        return self._take(
            pk,
            shapes.ReferSerializer,
            workflow.refer,
            organisation=lambda user, item, value: _organisation(user, value),
        )

    @_step_schema(shapes.CloseSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: Any = None) -> Response:
        """Close it: the complainant informed, unreachable, or anonymous."""
        return self._take(pk, shapes.CloseSerializer, workflow.close)

    @_step_schema(shapes.ReopenSerializer)
    @action(detail=True, methods=["post"])
    def reopen(self, request: Request, pk: Any = None) -> Response:
        """Reopen a closed item, saying why."""
        return self._take(pk, shapes.ReopenSerializer, workflow.reopen)

    @_step_schema(
        shapes.ReclassifySerializer,
        {
            204: OpenApiResponse(
                description=_(
                    "Moved into a confidential category: only the PSEA focal points see it "
                    "now, and you are not one."
                )
            )
        },
    )
    @action(detail=True, methods=["post"])
    def reclassify(self, request: Request, pk: Any = None) -> Response:
        """Change the category. Into a sensitive one, the item leaves everyone's lists but the
        PSEA focal points' at once, and their notifications about it are deleted."""
        return self._take(
            pk,
            shapes.ReclassifySerializer,
            workflow.reclassify,
            category=lambda user, item, value: _category(user, value),
        )


def _handler(user: Any, item: FeedbackItem, value: Any) -> Any:
    """The colleague named (the service checks that they may handle the item)."""
    found = colleague(value, item.organisation_id)
    if found is None:
        raise serializers.ValidationError(
            {"handler": [_("Choose someone of your organisation who may handle this item.")]}
        )
    return found


class FeedbackCategoryViewSet(SuturaViewSet):
    """The categories of complaints and feedback in use (reference data)."""

    queryset = Category.objects.none()
    serializer_class = shapes.FeedbackCategorySerializer
    pagination_class = None

    @extend_schema(responses={200: shapes.FeedbackCategorySerializer(many=True)})
    def list(self, request: Request) -> Response:
        """Each category, its sensitivity and its deadlines, in their order."""
        found = selectors.categories_for(request.user)
        return Response(shapes.FeedbackCategorySerializer(found, many=True).data)
