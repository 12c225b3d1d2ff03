from django.urls import path

from sutura.supervision import views

app_name = "supervision"
urlpatterns = [
    path("caseload/", views.caseload, name="caseload"),
    path("caseload/<int:user_id>/", views.caseload_cases, name="caseload_cases"),
    path("reassign/", views.reassign, name="reassign"),
    path("cases/<uuid:case_id>/notes/", views.note_add, name="note_add"),
    # A case conference's context page (meetings.contexts reverses it with `pk`).
    path("cases/<uuid:pk>/", views.conference_case, name="conference_case"),
]
