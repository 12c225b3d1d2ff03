"""API routes for people and cases (filled in by sutura/cases/api.py)."""

from rest_framework.routers import DefaultRouter

router = DefaultRouter()
urlpatterns = router.urls
