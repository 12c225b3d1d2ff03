from django.urls import URLPattern, URLResolver, path

from sutura.directory.views import entries, pathways, proposals

app_name = "directory"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", entries.service_list, name="list"),
    path("map/", entries.service_map, name="map"),
    path("print.pdf", entries.directory_pdf, name="pdf"),
    path("export.xlsx", entries.directory_xlsx, name="xlsx"),
    path("services/new/", proposals.propose_new, name="propose_new"),
    path("services/<uuid:service_id>/", entries.service_detail, name="detail"),
    path("services/<uuid:service_id>/propose/", proposals.propose_change, name="propose_change"),
    path("services/<uuid:service_id>/edit/", entries.service_edit, name="edit"),
    path("services/<uuid:service_id>/verify/", entries.service_verify, name="verify"),
    path("changes/", proposals.change_list, name="changes"),
    path("changes/<uuid:change_id>/", proposals.change_detail, name="change_detail"),
    path("pathways/", pathways.pathway_list, name="pathways"),
    path("pathways/new/", pathways.pathway_new, name="pathway_new"),
    path("pathways/<uuid:pathway_id>/", pathways.pathway_detail, name="pathway"),
    path("pathways/<uuid:pathway_id>/edit/", pathways.pathway_edit, name="pathway_edit"),
    path("pathways/<uuid:pathway_id>/steps/new/", pathways.step_form, name="step_add"),
    path("pathways/<uuid:pathway_id>/steps/<uuid:step_id>/", pathways.step_form, name="step_edit"),
    path(
        "pathways/<uuid:pathway_id>/steps/<uuid:step_id>/remove/",
        pathways.step_remove,
        name="step_remove",
    ),
]
