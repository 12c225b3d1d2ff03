"""The supervision API's routes, under /api/."""

from django.urls import URLPattern, URLResolver
from rest_framework.routers import SimpleRouter

from sutura.supervision.api import CaseloadViewSet, ReassignmentViewSet, SupervisionNoteViewSet

router = SimpleRouter()
router.register("supervision/caseloads", CaseloadViewSet, basename="api-supervision-caseload")
router.register(
    "supervision/reassignments", ReassignmentViewSet, basename="api-supervision-reassignment"
)
router.register("supervision/notes", SupervisionNoteViewSet, basename="api-supervision-note")
urlpatterns: list[URLPattern | URLResolver] = [*router.urls]
