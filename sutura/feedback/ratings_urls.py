"""Feedback on services under /feedback/services/ (namespace "feedback_ratings"): the
caseworker's record of the person's opinion (a completed referral, an assistance delivered),
the public page where the person rates the service themselves, and the ratings per service."""

from django.urls import URLPattern, URLResolver, path

from sutura.feedback.views import ratings

app_name = "feedback_ratings"
urlpatterns: list[URLPattern | URLResolver] = [
    path("referral/<uuid:pk>/", ratings.referral_feedback, name="referral"),
    path("delivery/<uuid:pk>/", ratings.delivery_feedback, name="delivery"),
    path("rate/", ratings.public_rate, name="public_rate"),
    path("ratings/", ratings.ratings, name="ratings"),
]
