"""The feedback API's routes of one part (public: no account): included in `api_urls.py`."""

from django.urls import URLPattern, URLResolver, path

from sutura.feedback.api_public import PublicFeedbackView, PublicStatusView

urlpatterns: list[URLPattern | URLResolver] = [
    path("public/feedback/", PublicFeedbackView.as_view(), name="api-feedback-public"),
    path(
        "public/feedback/status/",
        PublicStatusView.as_view(),
        name="api-feedback-public-status",
    ),
]
