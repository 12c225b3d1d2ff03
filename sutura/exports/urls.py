"""My exports, under /exports/."""

from django.urls import path

from sutura.exports import views

app_name = "exports"

urlpatterns = [
    path("", views.export_list, name="list"),
    path("start/", views.export_start, name="start"),
    path("<uuid:pk>/", views.export_detail, name="detail"),
    path("<uuid:pk>/progress/", views.export_progress, name="progress"),
    path("<uuid:pk>/download/", views.export_download, name="download"),
]
