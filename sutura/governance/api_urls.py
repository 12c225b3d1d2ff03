"""API routes of the referral mechanism's governance: protocols, memberships, committees."""

from django.urls import URLPattern, URLResolver
from rest_framework.routers import SimpleRouter

from sutura.governance.api.committees import CommitteeViewSet
from sutura.governance.api.protocols import (
    MembershipViewSet,
    ProtocolViewSet,
    SignatureViewSet,
    VersionViewSet,
)

router = SimpleRouter()
router.register("governance/protocols", ProtocolViewSet, basename="api-governance-protocol")
router.register("governance/versions", VersionViewSet, basename="api-governance-version")
router.register("governance/signatures", SignatureViewSet, basename="api-governance-signature")
router.register("governance/memberships", MembershipViewSet, basename="api-governance-membership")
router.register("governance/committees", CommitteeViewSet, basename="api-governance-committee")
urlpatterns: list[URLPattern | URLResolver] = list(router.urls)
