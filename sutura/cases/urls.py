from django.urls import path

from sutura.cases import views

app_name = "cases"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("counted/", views.counted_list, name="counted"),
    path("open/<uuid:person_id>/", views.case_open, name="open"),
    path("<uuid:case_id>/", views.case_detail, name="detail"),
    path("<uuid:case_id>/edit/", views.case_edit, name="edit"),
    path("<uuid:case_id>/move/", views.case_move, name="move"),
    path("<uuid:case_id>/reopen/", views.case_reopen, name="reopen"),
    path("<uuid:case_id>/screening/", views.screening_record, name="screening"),
    path("<uuid:case_id>/assessment/", views.assessment_record, name="assessment"),
    path("<uuid:case_id>/plan/", views.plan_view, name="plan"),
    path("<uuid:case_id>/plan/decide/", views.plan_decide, name="plan_decide"),
    path("<uuid:case_id>/items/<uuid:item_id>/deliver/", views.delivery_record, name="deliver"),
    path("<uuid:case_id>/follow-up/", views.follow_up_record, name="follow_up"),
    path("<uuid:case_id>/notes/", views.note_add, name="note"),
    path("<uuid:case_id>/documents/", views.document_upload, name="document_upload"),
    path("documents/<uuid:document_id>/", views.document_download, name="document"),
]
