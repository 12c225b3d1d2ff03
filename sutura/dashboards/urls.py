from django.urls import path

from sutura.dashboards import views

app_name = "dashboards"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("recount/", views.recount, name="recount"),
]
