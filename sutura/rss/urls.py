from django.urls import path

from sutura.rss import views

app_name = "rss"
urlpatterns = [
    path("case/<uuid:case_id>/new/", views.survey_new, name="survey_new"),
    path("surveys/<uuid:pk>/", views.survey_detail, name="survey"),
    path("surveys/<uuid:pk>/edit/", views.survey_edit, name="survey_edit"),
    path("distribution/", views.distribution, name="distribution"),
]
