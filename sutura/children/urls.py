from django.urls import path

from sutura.children import views

app_name = "children"
urlpatterns = [
    path("cases/<uuid:case_id>/profile/", views.profile, name="profile"),
    path("cases/<uuid:case_id>/arrangements/new/", views.arrangement_new, name="arrangement_new"),
    path("arrangements/<uuid:pk>/check/", views.check_new, name="check_new"),
    path("cases/<uuid:case_id>/assessments/new/", views.assessment_new, name="assessment_new"),
    path("assessments/<uuid:pk>/", views.assessment, name="assessment"),
    path(
        "cases/<uuid:case_id>/determinations/new/",
        views.determination_new,
        name="determination_new",
    ),
    path("determinations/<uuid:pk>/", views.determination, name="determination"),
    path("determinations/<uuid:pk>/decide/", views.decide, name="decide"),
]
