"""The trafficking API's routes (included under /api/ by sutura/urls.py)."""

from rest_framework.routers import SimpleRouter

from sutura.trafficking import api

router = SimpleRouter()
router.register(
    "trafficking/identifications", api.IdentificationViewSet, "api-trafficking-identification"
)
router.register("trafficking/risk-assessments", api.RiskAssessmentViewSet, "api-trafficking-risk")
router.register("trafficking/cooperation", api.CooperationViewSet, "api-trafficking-cooperation")
router.register("trafficking/checklist", api.ChecklistViewSet, "api-trafficking-checklist")

urlpatterns = router.urls
