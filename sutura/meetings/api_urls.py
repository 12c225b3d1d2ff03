"""API routes of meetings: meetings, their participants, action items."""

from django.urls import URLPattern, URLResolver
from rest_framework.routers import SimpleRouter

from sutura.meetings.api import ActionItemViewSet, MeetingViewSet, ParticipantViewSet

router = SimpleRouter()
router.register("meetings", MeetingViewSet, basename="api-meeting")
router.register("meeting-participants", ParticipantViewSet, basename="api-meeting-participant")
router.register("meeting-action-items", ActionItemViewSet, basename="api-meeting-action")
urlpatterns: list[URLPattern | URLResolver] = list(router.urls)
