from django.urls import path

from sutura.programmes import views

app_name = "programmes"
urlpatterns = [
    path("", views.programme_list, name="list"),
    path("new/", views.programme_new, name="new"),
    path("donors/", views.donors, name="donors"),
    path("donors/new/", views.donor_new, name="donor_new"),
    path("<uuid:pk>/", views.programme_detail, name="detail"),
    path("<uuid:pk>/edit/", views.programme_edit, name="edit"),
    path("<uuid:pk>/envelopes/new/", views.envelope_new, name="envelope_new"),
    path("<uuid:pk>/envelopes/<uuid:envelope_id>/", views.envelope_edit, name="envelope_edit"),
    path("<uuid:pk>/results/", views.results, name="results"),
    path("<uuid:pk>/results/new/", views.result_new, name="result_new"),
    path(
        "<uuid:pk>/results/<uuid:result_id>/indicators/new/",
        views.indicator_new,
        name="indicator_new",
    ),
    path("<uuid:pk>/indicators/<uuid:indicator_id>/period/", views.period_value, name="period"),
    path("<uuid:pk>/tags/", views.tags, name="tags"),
    path("<uuid:pk>/tags/add/", views.tag, name="tag"),
    path("<uuid:pk>/tags/<uuid:tag_id>/remove/", views.untag, name="untag"),
]
