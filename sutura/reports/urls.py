from django.urls import path

from sutura.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.report_list, name="list"),
    path("<uuid:pk>/", views.report_detail, name="detail"),
    path("<uuid:pk>/submit/", views.report_submit, name="submit"),
    path("<uuid:pk>/correct/", views.report_correct, name="correct"),
    path("<uuid:pk>/files/", views.file_request, name="file_request"),
    path("<uuid:pk>/files/<uuid:file_id>/", views.file_download, name="file"),
]
