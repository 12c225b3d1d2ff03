"""The intake points' pages (list, new, edit, QR poster): included in `urls.py` under the
namespace "feedback"."""

from django.urls import URLPattern, URLResolver, path

from sutura.feedback.views import points

urlpatterns: list[URLPattern | URLResolver] = [
    path("points/", points.point_list, name="points"),
    path("points/new/", points.point_new, name="point_new"),
    path("points/<uuid:pk>/edit/", points.point_edit, name="point_edit"),
    path("points/<uuid:pk>/poster/", points.point_poster, name="point_poster"),
]
