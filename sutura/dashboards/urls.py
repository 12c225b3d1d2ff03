from django.urls import path

from sutura.dashboards import views

app_name = "dashboards"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("recount/", views.recount, name="recount"),
    path("figures/<uuid:pk>/", views.figures_part, name="figures"),
]
