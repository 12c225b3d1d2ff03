"""API routes for placement offers and proposals (the viewsets are in sutura/placements/api.py)."""

from django.urls import URLPattern, URLResolver
from rest_framework.routers import SimpleRouter

from sutura.placements.api import OfferViewSet, ProposalViewSet

router = SimpleRouter()
router.register("placements/offers", OfferViewSet, basename="api-placement-offer")
router.register("placements/proposals", ProposalViewSet, basename="api-placement-proposal")
urlpatterns: list[URLPattern | URLResolver] = list(router.urls)
