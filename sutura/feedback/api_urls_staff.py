"""The feedback API's routes of one part (staff): included in `api_urls.py`."""

from django.urls import URLPattern, URLResolver
from rest_framework.routers import SimpleRouter

from sutura.feedback.api_staff import FeedbackCategoryViewSet, FeedbackItemViewSet

router = SimpleRouter()
router.register("feedback/items", FeedbackItemViewSet, basename="api-feedback-item")
router.register("feedback/categories", FeedbackCategoryViewSet, basename="api-feedback-category")
urlpatterns: list[URLPattern | URLResolver] = list(router.urls)
