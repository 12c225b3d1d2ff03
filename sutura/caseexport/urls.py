"""The export pages under /export/."""

from django.urls import URLPattern, URLResolver, path

from sutura.caseexport import views

app_name = "caseexport"

urlpatterns: list[URLPattern | URLResolver] = [
    path("case/<uuid:case_id>/", views.choose, name="case"),
    path("case/<uuid:case_id>/download/", views.download, name="download"),
]
