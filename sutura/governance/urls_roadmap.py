"""Pages of the roadmap, the assessments and the technical-assistance log (namespace
`roadmap`)."""

from django.urls import URLPattern, URLResolver, path

from sutura.governance.views import assessments, roadmap

app_name = "roadmap"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", roadmap.roadmap_list, name="list"),
    path("new/", roadmap.roadmap_new, name="new"),
    path("<uuid:roadmap_id>/", roadmap.roadmap_detail, name="detail"),
    path("<uuid:roadmap_id>/next/", roadmap.start_next, name="next"),
    path("<uuid:roadmap_id>/compare/", roadmap.compare_versions, name="compare_versions"),
    path("versions/<uuid:version_id>/", roadmap.version_detail, name="version"),
    path("versions/<uuid:version_id>/validate/", roadmap.validate, name="validate"),
    path("versions/<uuid:version_id>/priorities/new/", roadmap.priority_new, name="priority_new"),
    path("priorities/<uuid:priority_id>/actions/new/", roadmap.action_new, name="action_new"),
    path("actions/<uuid:action_id>/edit/", roadmap.action_edit, name="action_edit"),
    path("actions/<uuid:action_id>/notes/new/", roadmap.note_new, name="note_new"),
    path("assessments/", assessments.assessment_list, name="assessments"),
    path("assessments/new/", assessments.assessment_new, name="assessment_new"),
    path("assessments/compare/", assessments.assessment_compare, name="compare"),
    path("assessments/<uuid:assessment_id>/", assessments.assessment_detail, name="assessment"),
    path(
        "assessments/<uuid:assessment_id>/answers/",
        assessments.assessment_answers,
        name="assessment_answers",
    ),
    path("assistance/", assessments.assistance_list, name="assistance"),
    path("assistance/new/", assessments.assistance_new, name="assistance_new"),
    path(
        "assistance/<uuid:entry_id>/follow-up/",
        assessments.assistance_follow_up,
        name="assistance_follow_up",
    ),
]
