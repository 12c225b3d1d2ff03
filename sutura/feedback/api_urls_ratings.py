"""The feedback API's routes of one part (ratings): included in `api_urls.py`. The viewsets
are in `api_ratings.py`."""

from django.urls import URLPattern, URLResolver
from rest_framework.routers import SimpleRouter

from sutura.feedback.api_ratings import FiguresViewSet, RatingViewSet, ServiceFeedbackViewSet

router = SimpleRouter()
router.register(
    "feedback/service-feedback", ServiceFeedbackViewSet, basename="api-feedback-service-feedback"
)
router.register("feedback/ratings", RatingViewSet, basename="api-feedback-rating")
router.register("feedback/figures", FiguresViewSet, basename="api-feedback-figures")
urlpatterns: list[URLPattern | URLResolver] = list(router.urls)
