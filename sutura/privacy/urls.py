from django.urls import path, re_path

from sutura.privacy import views

app_name = "privacy"

urlpatterns = [
    path("", views.request_list, name="list"),
    path("people/<uuid:person_id>/request/", views.request_new, name="request"),
    re_path(
        r"^people/(?P<person_id>[0-9a-f-]{36})/export\.(?P<fmt>pdf|json)$",
        views.export_person,
        name="export",
    ),
    path("<uuid:pk>/", views.request_detail, name="detail"),
    path("<uuid:pk>/carry-out/", views.carry_out, name="carry_out"),
]
