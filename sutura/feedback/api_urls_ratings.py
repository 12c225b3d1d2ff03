"""The feedback API's routes of one part (ratings): included in `api_urls.py`. The viewsets
are in `api_ratings.py`."""

from django.urls import URLPattern, URLResolver, path
from rest_framework.routers import SimpleRouter

from sutura.feedback.api_ratings import FiguresViewSet, RatingViewSet, ServiceFeedbackViewSet

router = SimpleRouter()
router.register(
    "feedback/service-feedback", ServiceFeedbackViewSet, basename="api-feedback-service-feedback"
)
router.register("feedback/ratings", RatingViewSet, basename="api-feedback-rating")
urlpatterns: list[URLPattern | URLResolver] = [
    *router.urls,
    # One object (the figures), not a list: its own action name keeps the schema right.
    path(
        "feedback/figures/",
        FiguresViewSet.as_view({"get": "figures"}),
        name="api-feedback-figures",
    ),
]
