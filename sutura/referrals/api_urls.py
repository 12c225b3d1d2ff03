"""API routes for referrals and the provider inbox (the viewset is in sutura/referrals/api.py)."""

from django.urls import URLPattern, URLResolver
from rest_framework.routers import SimpleRouter

from sutura.referrals.api import ReferralViewSet

# SimpleRouter: the cases' DefaultRouter already serves the API root at /api/.
router = SimpleRouter()
router.register("referrals", ReferralViewSet, basename="api-referral")
urlpatterns: list[URLPattern | URLResolver] = list(router.urls)
