from django.urls import path, re_path

from sutura.meetings.views import attendance, meetings, trainings

app_name = "meetings"

urlpatterns = [
    path("", meetings.meeting_list, name="list"),
    path("figures/", meetings.figures, name="figures"),
    path("new/", meetings.meeting_create, name="create"),
    re_path(r"^template-(?P<language>fr|en)\.xlsx$", attendance.template, name="template"),
    path("actions/<uuid:action_id>/", meetings.action_update, name="action"),
    path("<uuid:pk>/", meetings.meeting_detail, name="detail"),
    path("<uuid:pk>/edit/", meetings.meeting_edit, name="edit"),
    path("<uuid:pk>/minutes/", meetings.minutes, name="minutes"),
    path("<uuid:pk>/decisions/new/", meetings.decision_add, name="decision_add"),
    path("<uuid:pk>/actions/new/", meetings.action_add, name="action_add"),
    path("<uuid:pk>/facilitators/new/", meetings.facilitator_add, name="facilitator_add"),
    path(
        "<uuid:pk>/facilitators/<uuid:facilitator_id>/remove/",
        meetings.facilitator_remove,
        name="facilitator_remove",
    ),
    path("<uuid:pk>/participants/new/", attendance.participant_add, name="participant_add"),
    path(
        "<uuid:pk>/participants/<uuid:participant_id>/",
        attendance.participant_edit,
        name="participant_edit",
    ),
    path(
        "<uuid:pk>/participants/<uuid:participant_id>/remove/",
        attendance.participant_remove,
        name="participant_remove",
    ),
    path("<uuid:pk>/counts/", attendance.counted_attendance, name="counts"),
    path("<uuid:pk>/import/", attendance.import_sheet, name="import"),
    re_path(
        r"^(?P<pk>[0-9a-f-]{36})/attendance-(?P<which>blank|invitees)\.pdf$",
        attendance.sheet_pdf,
        name="sheet_pdf",
    ),
    path("<uuid:pk>/scores/", trainings.scores, name="scores"),
    path("<uuid:pk>/certificates/", trainings.certificates, name="certificates"),
    path(
        "<uuid:pk>/certificates/<uuid:participant_id>.pdf",
        trainings.certificate,
        name="certificate",
    ),
]
