"""The survey API's routes, included under /api/ in `sutura/urls.py`."""

from django.urls import URLPattern, URLResolver
from rest_framework.routers import SimpleRouter

from sutura.rss.api import SurveyResponseViewSet

router = SimpleRouter()
router.register("rss/surveys", SurveyResponseViewSet, basename="api-rss-survey")
urlpatterns: list[URLPattern | URLResolver] = list(router.urls)
