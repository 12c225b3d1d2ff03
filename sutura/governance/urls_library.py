"""Pages of the library of SOPs and tools (namespace `library`)."""

from django.urls import URLPattern, URLResolver, path

from sutura.governance.views import library as views

app_name = "library"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.document_list, name="list"),
    path("new/", views.document_new, name="new"),
    path("<uuid:document_id>/", views.document_detail, name="document"),
    path("<uuid:document_id>/edit/", views.document_edit, name="edit"),
    path("<uuid:document_id>/versions/new/", views.version_new, name="version_new"),
    path("versions/<uuid:version_id>/", views.version_detail, name="version"),
    path("versions/<uuid:version_id>/file/", views.version_file, name="file"),
    path("versions/<uuid:version_id>/replace-file/", views.replace_file, name="replace_file"),
    path("versions/<uuid:version_id>/consult/", views.consult, name="consult"),
    path("versions/<uuid:version_id>/comment/", views.comment, name="comment"),
    path("versions/<uuid:version_id>/validate/", views.validate, name="validate"),
    path("comments/<uuid:comment_id>/answer/", views.answer, name="answer"),
    path("meetings/<uuid:meeting_id>/present/", views.present, name="present"),
]
