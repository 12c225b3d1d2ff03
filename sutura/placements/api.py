"""The REST API for placement offers and proposals: the same selectors, services and access
rules as the pages.

Offers: read by whoever may see them (referrers, the NRM coordinator, the employer's staff);
created and changed by the employer's `post_offers` holders, or the coordinator on its behalf.
Proposals: created by the case team through the same service as the page (a referral to the
offer's service, with its consent and sharing rules); read by those who stand on the referral;
their outcome recorded by the referral's receiver. A proposal carries no personal data: the
person, as far as the reader may see them, is on the referral (`/api/referrals/<id>/`).
`create` takes an `Idempotency-Key` (from `SuturaViewSet`).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from sutura.access import get_visible_or_404, visible
from sutura.access.placements import records_outcome
from sutura.accounts.roles import Perm
from sutura.audit.services import record_read
from sutura.cases.models import Case
from sutura.core.api import (
    ERRORS,
    SuturaViewSet,
    UserSummarySerializer,
    path_id,
    query_id,
    versioned_write,
)
from sutura.directory.models import Service
from sutura.geo.models import Location
from sutura.placements import selectors, services
from sutura.placements.models import (
    NotRetainedReason,
    Offer,
    OfferKind,
    OfferStatus,
    Proposal,
    ProposalOutcome,
    Sector,
)
from sutura.referrals.api import workflow_step
from sutura.referrals.models import Section, Urgency

POSTERS = (Perm.POST_OFFERS, Perm.MANAGE_GOVERNANCE)


# --- what the API shows --------------------------------------------------------------------------


class PlacementRefSerializer(serializers.Serializer):
    id = serializers.UUIDField(read_only=True)
    name = serializers.CharField(read_only=True)


class PlacementEmployerSerializer(PlacementRefSerializer):
    acronym = serializers.CharField(read_only=True)
    type = serializers.CharField(read_only=True)


class PlacementCountsSerializer(serializers.Serializer):
    proposed = serializers.IntegerField()
    placed = serializers.IntegerField()
    not_retained = serializers.IntegerField()
    pending = serializers.IntegerField()
    ended_otherwise = serializers.IntegerField(
        help_text=_("Ended through the referral itself (declined, withdrawn, closed).")
    )
    by_reason = serializers.DictField(
        child=serializers.IntegerField(), help_text=_("Not retained, by reason code.")
    )


@extend_schema_field(PlacementCountsSerializer(allow_null=True))
class CountsField(serializers.Field):
    """The offer's figures, on the detail, for the coordinator and the employer's staff."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, value: Any) -> Any:
        counts = self.context.get("counts")
        return None if counts is None else PlacementCountsSerializer(counts).data


class PlacementOfferSerializer(serializers.Serializer):
    id = serializers.UUIDField(read_only=True)
    employer = PlacementEmployerSerializer(read_only=True)
    service = PlacementRefSerializer(read_only=True)
    kind = serializers.ChoiceField(choices=OfferKind.choices, read_only=True)
    title = serializers.CharField(read_only=True)
    sector = serializers.ChoiceField(choices=Sector.choices, read_only=True)
    location = PlacementRefSerializer(read_only=True)
    address = serializers.CharField(read_only=True)
    places = serializers.IntegerField(read_only=True)
    requirements = serializers.CharField(read_only=True)
    opens_on = serializers.DateField(read_only=True)
    closes_on = serializers.DateField(read_only=True)
    status = serializers.ChoiceField(choices=OfferStatus.choices, read_only=True)
    is_open_now = serializers.BooleanField(read_only=True)
    counts = CountsField()
    version = serializers.IntegerField(read_only=True)
    created_at = serializers.DateTimeField(read_only=True)


class PlacementOfferReference(serializers.Serializer):
    id = serializers.UUIDField(read_only=True)
    title = serializers.CharField(read_only=True)
    employer = PlacementEmployerSerializer(read_only=True)


class PlacementReferralReference(serializers.Serializer):
    id = serializers.UUIDField(read_only=True)
    number = serializers.CharField(read_only=True)
    status = serializers.CharField(read_only=True, help_text=_("The referral's status."))


class PlacementProposalSerializer(serializers.Serializer):
    id = serializers.UUIDField(read_only=True)
    offer = PlacementOfferReference(read_only=True)
    referral = PlacementReferralReference(read_only=True)
    proposed_by = UserSummarySerializer(read_only=True)
    outcome = serializers.CharField(
        read_only=True, help_text=_("placed, not_retained, or empty while pending.")
    )
    start_on = serializers.DateField(read_only=True, allow_null=True)
    not_retained_reason = serializers.CharField(
        read_only=True, help_text=_("Why not retained (a reason code), or empty.")
    )
    outcome_recorded_at = serializers.DateTimeField(read_only=True, allow_null=True)
    created_at = serializers.DateTimeField(read_only=True)


# --- what it takes -------------------------------------------------------------------------------


class OfferFilterSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=OfferKind.choices, required=False)
    sector = serializers.ChoiceField(choices=Sector.choices, required=False)
    location = serializers.UUIDField(
        required=False, help_text=_("Offers in this place or any part of it.")
    )
    status = serializers.ChoiceField(choices=OfferStatus.choices, required=False)
    open_now = serializers.BooleanField(
        required=False, default=False, help_text=_("Only the offers open today.")
    )


class OfferInputSerializer(serializers.Serializer):
    service = serializers.UUIDField(
        help_text=_("The employer's service in the directory that receives the proposals.")
    )
    kind = serializers.ChoiceField(choices=OfferKind.choices)
    title = serializers.CharField(max_length=200)
    sector = serializers.ChoiceField(choices=Sector.choices)
    location = serializers.UUIDField(help_text=_("A place of the location hierarchy."))
    address = serializers.CharField(max_length=250, required=False, default="", allow_blank=True)
    places = serializers.IntegerField(min_value=1, max_value=1000, default=1)
    requirements = serializers.CharField(
        max_length=4000, required=False, default="", allow_blank=True
    )
    opens_on = serializers.DateField()
    closes_on = serializers.DateField()


class OfferUpdateSerializer(serializers.Serializer):
    version = serializers.IntegerField(help_text=_("The version you read."))
    service = serializers.UUIDField(required=False)
    kind = serializers.ChoiceField(choices=OfferKind.choices, required=False)
    title = serializers.CharField(max_length=200, required=False)
    sector = serializers.ChoiceField(choices=Sector.choices, required=False)
    location = serializers.UUIDField(required=False)
    address = serializers.CharField(max_length=250, required=False, allow_blank=True)
    places = serializers.IntegerField(min_value=1, max_value=1000, required=False)
    requirements = serializers.CharField(max_length=4000, required=False, allow_blank=True)
    opens_on = serializers.DateField(required=False)
    closes_on = serializers.DateField(required=False)
    status = serializers.ChoiceField(choices=OfferStatus.choices, required=False)


class ProposalCreateSerializer(serializers.Serializer):
    offer = serializers.UUIDField()
    case = serializers.UUIDField(help_text=_("A case you work on: its returnee is proposed."))
    reason = serializers.CharField(max_length=4000, help_text=_("Why the returnee fits."))
    urgency = serializers.ChoiceField(choices=Urgency.choices, default=Urgency.NORMAL)
    shared_sections = serializers.ListField(
        child=serializers.ChoiceField(choices=Section.choices),
        default=list,
        help_text=_("What of the case the employer receives; nothing unless listed."),
    )


class PlacementOutcomeSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=ProposalOutcome.choices)
    start_on = serializers.DateField(required=False, allow_null=True, default=None)
    reason = serializers.ChoiceField(
        choices=NotRetainedReason.choices,
        required=False,
        default="",
        help_text=_("When not retained: why."),
    )
    note = serializers.CharField(
        max_length=4000, help_text=_("Your answer to the case manager (the referral's feedback).")
    )


# --- the endpoints -------------------------------------------------------------------------------


def _service(user: Any, service_id: Any) -> Service:
    found = visible(user, Service).select_related("provider").filter(pk=service_id).first()
    if found is None:
        raise serializers.ValidationError({"service": [_("Choose a service of the directory.")]})
    return found


def _location(location_id: Any) -> Location:
    found = Location.objects.filter(pk=location_id).first()
    if found is None:
        raise serializers.ValidationError({"location": [_("Choose a place.")]})
    return found


class OfferViewSet(SuturaViewSet):
    """Placement offers: jobs, apprenticeships and training places."""

    queryset = Offer.objects.none()
    serializer_class = PlacementOfferSerializer
    audit_name = gettext_noop("placement offers")
    required_perms = {"create": POSTERS, "partial_update": POSTERS}

    @extend_schema(parameters=[OfferFilterSerializer])
    def list(self, request: Request) -> Response:
        """The offers you may see, closing soonest first."""
        params = OfferFilterSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        given = params.validated_data
        location = query_id(request, "location")
        filters = selectors.OfferFilters(
            kind=given.get("kind", ""),
            sector=given.get("sector", ""),
            status=given.get("status", ""),
            open_now=given["open_now"],
            location=Location.objects.filter(pk=location).first() if location else None,
        )
        if location is not None and filters.location is None:
            raise serializers.ValidationError({"location": [_("Choose a place.")]})
        return self.paginated(
            selectors.offers_for(request.user, filters),
            lambda page: (
                PlacementOfferSerializer(
                    page, many=True, context=self.get_serializer_context()
                ).data
            ),
            filtered=filters.narrowed or filters.open_now,
        )

    def _answer(self, offer: Offer, code: int = status.HTTP_200_OK) -> Response:
        counts = selectors.offer_counts(self.request.user, offer)
        context = {**self.get_serializer_context(), "counts": counts}
        return Response(PlacementOfferSerializer(offer, context=context).data, status=code)

    @extend_schema(responses={200: PlacementOfferSerializer, 404: ERRORS[404]})
    def retrieve(self, request: Request, pk: Any = None) -> Response:
        return self._answer(selectors.offer_for(request.user, path_id(pk)))

    @extend_schema(
        request=OfferInputSerializer, responses={201: PlacementOfferSerializer, **ERRORS}
    )
    def create(self, request: Request) -> Response:
        """Post an offer for your organisation (the coordinator: for any employer)."""
        data = self.validated(OfferInputSerializer)
        data["service"] = _service(request.user, data["service"])
        data["location"] = _location(data["location"])
        offer = services.post_offer(actor=request.user, **data)
        return self._answer(selectors.offer_for(request.user, offer.pk), status.HTTP_201_CREATED)

    @extend_schema(
        request=OfferUpdateSerializer, responses={200: PlacementOfferSerializer, **ERRORS}
    )
    def partial_update(self, request: Request, pk: Any = None) -> Response:
        """Change an offer, or mark it closed or filled (409 if changed since you read it)."""
        offer = selectors.offer_for(request.user, path_id(pk))
        data = self.validated(OfferUpdateSerializer)
        if "service" in data:
            data["service"] = _service(request.user, data["service"])
        if "location" in data:
            data["location"] = _location(data["location"])
        version = data.pop("version")
        with versioned_write():
            offer = services.update_offer(
                actor=request.user, offer=offer, expected_version=version, **data
            )
        return self._answer(selectors.offer_for(request.user, offer.pk))


class ProposalViewSet(SuturaViewSet):
    """Returnees proposed for offers, through the referral mechanism."""

    queryset = Proposal.objects.none()
    serializer_class = PlacementProposalSerializer
    audit_name = gettext_noop("placement proposals")
    required_perms = {"create": (Perm.MAKE_REFERRALS,)}

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "offer", OpenApiTypes.UUID, description=_("Only the proposals for this offer.")
            )
        ]
    )
    def list(self, request: Request) -> Response:
        """The proposals you stand on (made by your side, or received), newest first."""
        offer_id = query_id(request, "offer")
        found = selectors.proposals_for(request.user)
        if offer_id is not None:
            found = found.filter(offer_id=offer_id)
        return self.paginated(
            found,
            lambda page: PlacementProposalSerializer(page, many=True).data,
            filtered=offer_id is not None,
        )

    @extend_schema(responses={200: PlacementProposalSerializer, 404: ERRORS[404]})
    def retrieve(self, request: Request, pk: Any = None) -> Response:
        proposal = selectors.proposal_for(request.user, path_id(pk))
        record_read(request.user, proposal.referral, detail=gettext_noop("API placement proposal"))
        return Response(PlacementProposalSerializer(proposal).data)

    @extend_schema(
        request=ProposalCreateSerializer, responses={201: PlacementProposalSerializer, **ERRORS}
    )
    def create(self, request: Request) -> Response:
        """Propose the returnee of a case for an offer: a referral to the offer's service, sent
        at once (refused without an economic dimension in the case's plan)."""
        data = self.validated(ProposalCreateSerializer)
        case = get_visible_or_404(request.user, Case, pk=data.pop("case"))
        offer = selectors.offer_for(request.user, data.pop("offer"))
        with workflow_step():
            proposal = services.propose(actor=request.user, offer=offer, case=case, **data)
        found = selectors.proposal_for(request.user, proposal.pk)
        return Response(PlacementProposalSerializer(found).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=PlacementOutcomeSerializer, responses={200: PlacementProposalSerializer, **ERRORS}
    )
    @action(detail=True, methods=["post"])
    def outcome(self, request: Request, pk: Any = None) -> Response:
        """The employer records the outcome: placed (start date) or not retained (reason);
        the referral is completed, declined or closed accordingly."""
        proposal = selectors.proposal_for(request.user, path_id(pk))
        if not records_outcome(request.user, proposal):
            raise PermissionDenied
        data = self.validated(PlacementOutcomeSerializer)
        with workflow_step():
            services.record_outcome(actor=request.user, proposal=proposal, **data)
        return Response(
            PlacementProposalSerializer(selectors.proposal_for(request.user, proposal.pk)).data
        )
