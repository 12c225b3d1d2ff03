from django.urls import include, path

app_name = "mentoring"

# Each module of views/ keeps its own patterns (one helper per module, no shared file).
urlpatterns = [
    path("", include("sutura.mentoring.views.volunteers")),
    path("", include("sutura.mentoring.views.activities")),
    path("", include("sutura.mentoring.views.groups")),
    path("", include("sutura.mentoring.views.reports")),
]
