"""The duplicates API's routes, under /api/."""

from django.urls import URLPattern, URLResolver
from rest_framework.routers import SimpleRouter

from sutura.dedup.api import DecisionViewSet, MergeViewSet, ProposalViewSet

router = SimpleRouter()
router.register("duplicates/proposals", ProposalViewSet, basename="api-dedup-proposal")
router.register("duplicates/decisions", DecisionViewSet, basename="api-dedup-decision")
router.register("duplicates/merges", MergeViewSet, basename="api-dedup-merge")
urlpatterns: list[URLPattern | URLResolver] = [*router.urls]
