from django.urls import URLPattern, URLResolver, path

from sutura.directory import views

app_name = "directory"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.service_list, name="list"),
    path("map/", views.service_map, name="map"),
    path("print.pdf", views.directory_pdf, name="pdf"),
    path("export.xlsx", views.directory_xlsx, name="xlsx"),
    path("services/new/", views.propose_new, name="propose_new"),
    path("services/<uuid:service_id>/", views.service_detail, name="detail"),
    path("services/<uuid:service_id>/propose/", views.propose_change, name="propose_change"),
    path("services/<uuid:service_id>/edit/", views.service_edit, name="edit"),
    path("services/<uuid:service_id>/verify/", views.service_verify, name="verify"),
    path("changes/", views.change_list, name="changes"),
    path("changes/<uuid:change_id>/", views.change_detail, name="change_detail"),
    path("pathways/", views.pathway_list, name="pathways"),
    path("pathways/new/", views.pathway_new, name="pathway_new"),
    path("pathways/<uuid:pathway_id>/", views.pathway_detail, name="pathway"),
    path("pathways/<uuid:pathway_id>/edit/", views.pathway_edit, name="pathway_edit"),
    path("pathways/<uuid:pathway_id>/steps/new/", views.step_form, name="step_add"),
    path("pathways/<uuid:pathway_id>/steps/<uuid:step_id>/", views.step_form, name="step_edit"),
    path(
        "pathways/<uuid:pathway_id>/steps/<uuid:step_id>/remove/",
        views.step_remove,
        name="step_remove",
    ),
]
