from django.urls import path

from sutura.people import views

app_name = "people"
urlpatterns = [
    path("", views.person_list, name="list"),
    path("new/", views.person_register, name="register"),
    path("<uuid:person_id>/", views.person_detail, name="detail"),
    path("<uuid:person_id>/edit/", views.person_edit, name="edit"),
    path("<uuid:person_id>/consent/", views.consent_record, name="consent"),
    path("<uuid:person_id>/documents/", views.document_add, name="document"),
    path("<uuid:person_id>/household/", views.household_add, name="household"),
    path("<uuid:person_id>/photo/", views.photo_upload, name="photo"),
    path("<uuid:person_id>/photo/file/", views.photo_file, name="photo_file"),
]
