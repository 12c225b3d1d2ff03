"""API routes for cases and the records kept on them (the viewsets are in cases/api*.py).
Registered on the project's router in sutura/urls.py, which serves the API root."""

from sutura.cases.api import CaseViewSet
from sutura.cases.api_plans import DeliveryViewSet, PlanViewSet
from sutura.cases.api_records import AssessmentViewSet, FollowUpViewSet, ScreeningViewSet

ROUTES = [
    ("cases", CaseViewSet, "api-case"),
    ("screenings", ScreeningViewSet, "api-screening"),
    ("assessments", AssessmentViewSet, "api-assessment"),
    ("plans", PlanViewSet, "api-plan"),
    ("assistance", DeliveryViewSet, "api-assistance"),
    ("follow-ups", FollowUpViewSet, "api-follow-up"),
]
