"""The case export's API route, included under /api/."""

from django.urls import URLPattern, URLResolver
from rest_framework.routers import SimpleRouter

from sutura.caseexport.api import CaseExportViewSet

router = SimpleRouter()
router.register("case-export", CaseExportViewSet, basename="api-case-export")
urlpatterns: list[URLPattern | URLResolver] = [*router.urls]
