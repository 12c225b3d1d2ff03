"""The public form at its short address (`/r/`): no account needed. The status check comes
first: no intake point code is ever "status" (`services.points.RESERVED`)."""

from django.urls import URLPattern, URLResolver, path

from sutura.feedback.views import public

app_name = "feedback_public"
urlpatterns: list[URLPattern | URLResolver] = [
    path("status/", public.status, name="status"),
    path("<slug:code>/", public.landing, name="landing"),
    path("<slug:code>/new/", public.new, name="new"),
    path("<slug:code>/status/", public.status, name="point_status"),
]
