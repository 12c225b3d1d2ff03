"""API routes for people and cases (the viewsets are in sutura/cases/api*.py)."""

from rest_framework.routers import DefaultRouter

from sutura.cases.api_cases import CaseViewSet
from sutura.cases.api_people import ConsentViewSet, PersonViewSet
from sutura.cases.api_plans import DeliveryViewSet, PlanViewSet
from sutura.cases.api_records import AssessmentViewSet, FollowUpViewSet, ScreeningViewSet

router = DefaultRouter()
router.register("persons", PersonViewSet, basename="api-person")
router.register("cases", CaseViewSet, basename="api-case")
router.register("consents", ConsentViewSet, basename="api-consent")
router.register("screenings", ScreeningViewSet, basename="api-screening")
router.register("assessments", AssessmentViewSet, basename="api-assessment")
router.register("plans", PlanViewSet, basename="api-plan")
router.register("assistance", DeliveryViewSet, basename="api-assistance")
router.register("follow-ups", FollowUpViewSet, basename="api-follow-up")
urlpatterns = router.urls
