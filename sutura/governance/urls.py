from django.urls import path

from sutura.governance.views import committees, protocols

app_name = "governance"

urlpatterns = [
    # NRM membership and the data-sharing protocol
    path("membership/", protocols.membership, name="membership"),
    path("protocols/", protocols.protocol_list, name="protocols"),
    path("protocols/new/", protocols.protocol_new, name="protocol_new"),
    path("protocols/<uuid:pk>/", protocols.protocol_detail, name="protocol"),
    path("protocols/<uuid:pk>/versions/new/", protocols.version_new, name="version_new"),
    path("versions/<uuid:pk>/", protocols.version_detail, name="version"),
    path("versions/<uuid:pk>/edit/", protocols.version_edit, name="version_edit"),
    path("versions/<uuid:pk>/step/", protocols.version_step, name="version_step"),
    path("versions/<uuid:pk>/signed-pdf/", protocols.version_upload, name="version_upload"),
    path("versions/<uuid:pk>/signed.pdf", protocols.version_pdf, name="version_pdf"),
    path("versions/<uuid:pk>/signatures/new/", protocols.signature_new, name="signature_new"),
    path("signatures/<uuid:pk>/end/", protocols.signature_end, name="signature_end"),
    # committees and working groups
    path("committees/", committees.committee_list, name="committees"),
    path("committees/new/", committees.committee_new, name="committee_new"),
    path("committees/<uuid:pk>/", committees.committee_detail, name="committee"),
    path("committees/<uuid:pk>/terms/", committees.committee_terms, name="committee_terms"),
    path(
        "committees/<uuid:pk>/members/new/",
        committees.committee_member_new,
        name="committee_member_new",
    ),
    path(
        "committee-members/<uuid:pk>/end/",
        committees.committee_member_end,
        name="committee_member_end",
    ),
    path(
        "committees/<uuid:pk>/meetings/new/",
        committees.committee_meeting_new,
        name="committee_meeting_new",
    ),
]
