from django.urls import URLPattern, URLResolver, path

from sutura.referrals import dashboard_views

app_name = "nrm"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", dashboard_views.dashboard, name="dashboard"),
    path("export.xlsx", dashboard_views.dashboard_xlsx, name="dashboard_xlsx"),
]
