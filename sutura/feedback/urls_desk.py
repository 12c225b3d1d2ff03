"""The desk's pages (intake, lists, export, designations, intake points): included in
`urls.py` under the namespace "feedback"."""

from django.urls import URLPattern, URLResolver, path

from sutura.feedback.views import desk

urlpatterns: list[URLPattern | URLResolver] = [
    path("", desk.desk, name="desk"),
    path("export.xlsx", desk.export, name="export"),
    path("new/", desk.new_item, name="new"),
    path("recorded/", desk.recorded, name="recorded"),
    path("recorded/<uuid:pk>/", desk.recorded_item, name="recorded_item"),
    path("focal-points/", desk.focal_points, name="focal_points"),
    path("focal-points/<uuid:pk>/end/", desk.end_designation, name="end_designation"),
]
