from django.urls import path

from sutura.referrals import views

app_name = "referrals"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("sent/", views.sent_list, name="list"),
    path("new/<uuid:case_id>/", views.referral_create, name="create"),
    path("service-info/", views.service_info, name="service_info"),
    path("service-options/", views.service_options, name="service_options"),
    path("identification/<uuid:case_id>/", views.identification_pdf, name="identification_pdf"),
    path("<uuid:pk>/", views.referral_detail, name="detail"),
    path("<uuid:pk>/edit/", views.referral_edit, name="edit"),
    path("<uuid:pk>/onward/", views.referral_onward, name="onward"),
    path("<uuid:pk>/pdf/", views.referral_pdf, name="pdf"),
    path("<uuid:pk>/act/<slug:action>/", views.referral_act, name="act"),
    path(
        "<uuid:pk>/documents/<uuid:document_id>/",
        views.shared_document_download,
        name="document",
    ),
]
