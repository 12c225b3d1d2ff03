from django.urls import path

from sutura.trafficking import views

app_name = "trafficking"
KINDS = "<str:kind>/<uuid:pk>/"

urlpatterns = [
    path("cases/<uuid:case_id>/identification/", views.identify, name="identify"),
    path("cases/<uuid:case_id>/risk/", views.assess, name="assess"),
    path("cases/<uuid:case_id>/cooperation/", views.cooperation, name="cooperation"),
    path(KINDS, views.record, name="record"),
    path(f"{KINDS}confidentiality/", views.confidentiality, name="confidentiality"),
]
