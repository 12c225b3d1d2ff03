from django.urls import path

from sutura.tracing import views

app_name = "tracing"
urlpatterns = [
    path("case/<uuid:case_id>/new/", views.request_new, name="request_new"),
    path("requests/<uuid:pk>/", views.request_detail, name="request"),
    path("requests/<uuid:pk>/outcome/", views.request_outcome, name="outcome"),
    path("requests/<uuid:pk>/assess/", views.assess, name="assess"),
    path("assessments/<uuid:pk>/reunify/", views.reunify, name="reunify"),
    path("visits/<uuid:pk>/", views.visit, name="visit"),
]
