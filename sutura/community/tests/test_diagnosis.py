"""The community diagnosis: entries with their source and triangulation (validated at a
consultation of this community), who reads the key informants, the report in both languages
with its map, the API, filter–standing agreement on the access world, and the demo."""

from __future__ import annotations

import datetime
import io
import re
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from sutura.access import visible
from sutura.access.community import sees_record
from sutura.accounts.roles import Role
from sutura.cases.models import Programme
from sutura.community import diagnosis_report
from sutura.community.models import (
    Community,
    DiagnosisNote,
    KeyInformantInterview,
    MigrationFlow,
    SelectionCriterion,
    ServicePresence,
    SocioEconomicGroup,
)
from sutura.community.services import communities, diagnosis
from sutura.core.concurrency import StaleVersionError
from sutura.meetings.models import MeetingKind
from tests.worlds import build_world

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 3, 2)
AT = datetime.datetime(2026, 3, 3, 9, tzinfo=datetime.UTC)


@pytest.fixture
def officer(users_a: dict[Role, Any]) -> Any:
    return users_a[Role.PROTECTION_OFFICER]


@pytest.fixture
def community(officer: Any, locations: dict[str, Any]) -> Community:
    return communities.create_community(actor=officer, name="Gao Château", location=locations["ML"])


def _consultation(officer: Any, community: Community) -> Any:
    return communities.record_meeting(
        actor=officer, community=community, title="Consultation", starts_at=AT,
        kind=MeetingKind.objects.get(code="community_consultation"),
    )  # fmt: skip


def _flow(officer: Any, community: Community, **given: Any) -> MigrationFlow:
    data = {
        "period_start": datetime.date(2025, 1, 1),
        "period_end": datetime.date(2025, 12, 31),
        "direction": "transit",
        "estimated_number": 2300,
        "reliability": "medium",
        "source": "Comptages de la gare routière",
    } | given
    return diagnosis.record_entry(officer, community, MigrationFlow, **data)


def test_an_entry_validated_at_a_consultation_names_a_meeting_of_this_community(
    officer: Any, community: Community, locations: dict[str, Any]
) -> None:
    with pytest.raises(ValidationError) as refused:
        _flow(officer, community, triangulation="validated")
    assert "validated_at" in refused.value.message_dict
    elsewhere = communities.create_community(actor=officer, name="Kayes", location=locations["ML"])
    with pytest.raises(ValidationError):
        _flow(officer, community, triangulation="validated",
              validated_at=_consultation(officer, elsewhere))  # fmt: skip
    meeting = _consultation(officer, community)
    flow = _flow(officer, community, triangulation="validated", validated_at=meeting)
    assert flow.validated_at == meeting
    # back to one source: the meeting no longer stands for it
    flow = diagnosis.update_entry(
        officer, flow, expected_version=flow.version, triangulation="single_source"
    )
    flow.refresh_from_db()
    assert (flow.triangulation, flow.validated_at) == ("single_source", None)


def test_a_stale_entry_edit_is_refused(officer: Any, community: Community) -> None:
    flow = _flow(officer, community)
    diagnosis.update_entry(officer, flow, expected_version=flow.version, estimated_number=10)
    with pytest.raises(StaleVersionError):
        diagnosis.update_entry(officer, flow, expected_version=1, estimated_number=20)


def test_only_the_communitys_officer_writes_its_diagnosis(
    community: Community, users_a: dict[Role, Any], users_b: dict[Role, Any]
) -> None:
    for user in (
        users_a[Role.PROGRAMME_MANAGER],
        users_a[Role.ME_OFFICER],
        users_a[Role.COMMUNITY_MENTOR],
        users_b[Role.PROTECTION_OFFICER],
    ):
        with pytest.raises(PermissionDenied):
            _flow(user, community)


def test_the_officer_records_an_interview_on_its_page_and_me_sees_no_name(
    officer: Any, community: Community, users_a: dict[Role, Any], client: Any
) -> None:
    client.force_login(officer)
    answer = client.post(
        reverse("community:diagnosis_entry_create", kwargs={"pk": community.pk,
                                                            "kind": "interviews"}),
        {"informant_role": "Chef de quartier", "informant_name": "Alhousseini Maïga",
         "held_on": "2026-02-01", "source": "Entretien", "triangulation": "single_source"},
    )  # fmt: skip
    assert answer.status_code == 302
    interview = KeyInformantInterview.objects.get(community=community)
    assert interview.interviewer == officer
    page = client.get(reverse("community:diagnosis", kwargs={"pk": community.pk}))
    assert "Alhousseini Maïga" in page.content.decode()
    client.force_login(users_a[Role.ME_OFFICER])
    page = client.get(reverse("community:diagnosis", kwargs={"pk": community.pk}))
    assert page.status_code == 200
    # Counted by month: neither the name nor the role ("the chief" is one person).
    assert "Chef de quartier" not in page.content.decode()
    assert "Alhousseini Maïga" not in page.content.decode()
    url = reverse("api-community-interviews-list", kwargs={"community_pk": community.pk})
    assert client.get(url).status_code == 404
    where = {"pk": community.pk, "kind": "interviews", "entry": interview.pk}
    edit = reverse("community:diagnosis_entry_edit", kwargs=where)
    assert client.get(edit).status_code == 404


def test_an_entry_is_edited_on_its_page(officer: Any, community: Community, client: Any) -> None:
    group = diagnosis.record_entry(
        officer, community, SocioEconomicGroup, kind="herders", name="Éleveurs", source="FGD"
    )
    client.force_login(officer)
    url = reverse("community:diagnosis_entry_edit",
                  kwargs={"pk": community.pk, "kind": "groups", "entry": group.pk})  # fmt: skip
    assert "Éleveurs" in client.get(url).content.decode()
    answer = client.post(
        url,
        {"kind": "herders", "name": "Éleveurs transhumants", "size_estimate": "300",
         "source": "FGD", "triangulation": "triangulated", "version": group.version},
    )  # fmt: skip
    assert answer.status_code == 302
    group.refresh_from_db()
    assert (group.name, group.size_estimate, group.triangulation) == (
        "Éleveurs transhumants", 300, "triangulated",
    )  # fmt: skip


def _diagnosed(officer: Any, community: Community) -> None:
    communities.update_community(
        actor=officer, community=community, expected_version=community.version,
        latitude=16.2788, longitude=-0.0412,
    )  # fmt: skip
    for start, number in ((datetime.date(2024, 1, 1), 1900), (datetime.date(2025, 1, 1), 2300)):
        _flow(officer, community, period_start=start,
              period_end=start.replace(month=12, day=31), estimated_number=number)  # fmt: skip
    diagnosis.record_entry(officer, community, DiagnosisNote, topic="security",
                           text="Axes peu sûrs", source="FGD")  # fmt: skip
    diagnosis.record_entry(officer, community, ServicePresence, name="Hôpital régional",
                           source="Cartographie")  # fmt: skip
    diagnosis.record_entry(
        officer, community, KeyInformantInterview, informant_role="Imam",
        informant_name="Issa Touré", held_on=DAY, source="Entretien",
    )  # fmt: skip


def test_the_report_holds_its_tables_and_map_and_names_informants_only_to_who_may_read_them(
    officer: Any, community: Community, users_a: dict[Role, Any], client: Any
) -> None:
    _diagnosed(officer, community)
    context = diagnosis_report.report_context(officer, community)
    assert [row["columns"][2].estimated_number for row in context["flow_rows"]] == [1900, 2300]
    assert "<svg" in context["map"] and "<circle" in context["map"]
    with translation.override("en"):
        html = render_to_string("community/pdf/diagnosis.html", context)
    assert "Migration flows over time" in html and "Issa Touré" in html
    assert "Axes peu sûrs" in html and "Hôpital régional" in html
    me = users_a[Role.ME_OFFICER]
    html = render_to_string(
        "community/pdf/diagnosis.html", diagnosis_report.report_context(me, community)
    )
    assert "Imam" not in html and "Issa Touré" not in html
    client.force_login(me)
    for language in ("fr", "en"):
        answer = client.get(
            reverse("community:diagnosis_report", kwargs={"pk": community.pk}),
            {"lang": language},
        )
        assert answer.status_code == 200 and answer["Content-Type"] == "application/pdf"
        assert answer.content.startswith(b"%PDF")


def test_the_api_opens_lists_by_donor_scores_and_records_the_diagnosis(
    officer: Any, users_a: dict[Role, Any], locations: dict[str, Any], client: Any
) -> None:
    echo = Programme.objects.create(organisation=officer.organisation, name="ECHO", donor="ECHO")
    client.force_login(officer)
    made = client.post(
        reverse("api-community-list"),
        {"name": "Mopti Bas-Fonds", "location": locations["ML"].pk, "programmes": [echo.pk],
         "outline": {"type": "Polygon", "coordinates": [[[1, 1], [2, 1], [2, 2], [1, 1]]]}},
        content_type="application/json", HTTP_IDEMPOTENCY_KEY="k-1",
    )  # fmt: skip
    assert made.status_code == 201, made.content
    pk = made.json()["id"]
    listed = client.get(reverse("api-community-list"), {"donor": "ECHO"}).json()
    assert [row["id"] for row in listed["results"]] == [pk]
    assert client.get(reverse("api-community-list"), {"donor": "AICS"}).json()["results"] == []
    scores = dict.fromkeys(
        SelectionCriterion.objects.filter(is_active=True).values_list("code", flat=True), 3
    ) | {"protection_risks": 5}
    chosen = client.post(
        reverse("api-community-selection", kwargs={"pk": pk}),
        {"status": "selected", "rationale": "Risques élevés", "scores": scores},
        content_type="application/json",
    )
    assert chosen.status_code == 200, chosen.content
    assert chosen.json()["selection_status"] == "selected"
    assert chosen.json()["scores"] == scores
    flows = reverse("api-community-flows-list", kwargs={"community_pk": pk})
    added = client.post(
        flows,
        {"period_start": "2025-01-01", "period_end": "2025-12-31", "direction": "returns",
         "estimated_number": 140, "reliability": "high", "source": "Mairie"},
        content_type="application/json", HTTP_IDEMPOTENCY_KEY="k-2",
    )  # fmt: skip
    assert added.status_code == 201, added.content
    flow = added.json()
    changed = client.patch(
        reverse("api-community-flows-detail", kwargs={"community_pk": pk, "pk": flow["id"]}),
        {"estimated_number": 150, "version": flow["version"]},
        content_type="application/json",
    )
    assert changed.status_code == 200 and changed.json()["estimated_number"] == 150
    assert client.get(flows).json()["results"][0]["estimated_number"] == 150
    stale = client.patch(
        reverse("api-community-flows-detail", kwargs={"community_pk": pk, "pk": flow["id"]}),
        {"estimated_number": 160, "version": flow["version"]},
        content_type="application/json",
    )
    assert stale.status_code == 409
    client.force_login(users_a[Role.ME_OFFICER])
    assert client.get(flows).status_code == 200
    refused = client.post(
        flows, {"source": "x"}, content_type="application/json", HTTP_IDEMPOTENCY_KEY="k-3"
    )
    assert refused.status_code == 404


DIAGNOSIS_MODELS = (
    MigrationFlow,
    DiagnosisNote,
    SocioEconomicGroup,
    ServicePresence,
    KeyInformantInterview,
)


def test_filter_and_standing_agree_on_every_diagnosis_entry_for_every_user() -> None:
    world = build_world()
    for model in DIAGNOSIS_MODELS:
        entries = list(model.objects.select_related("community"))
        assert len(entries) >= 2, model
        for user in world.users():
            seen = set(visible(user, model).values_list("pk", flat=True))
            for entry in entries:
                assert sees_record(user, entry) is (entry.pk in seen), (model, user, entry)


def test_after_saving_an_entry_the_officer_is_back_at_its_section_of_the_diagnosis(
    officer: Any, community: Community, client: Any
) -> None:
    client.force_login(officer)
    diagnosis_url = reverse("community:diagnosis", kwargs={"pk": community.pk})
    create = reverse("community:diagnosis_entry_create",
                     kwargs={"pk": community.pk, "kind": "groups"})  # fmt: skip
    form = client.get(create).content.decode()
    assert f'href="{diagnosis_url}#groups-title"' in form  # Cancel goes back there too
    answer = client.post(
        create,
        {"kind": "herders", "name": "Éleveurs", "source": "FGD", "triangulation": "single_source"},
        follow=True,
    )
    assert answer.redirect_chain == [(f"{diagnosis_url}#groups-title", 302)]
    page = answer.content.decode()
    assert "L’élément du diagnostic a été enregistré." in page
    assert 'id="groups-title"' in page
    group = SocioEconomicGroup.objects.get(community=community)
    edit = reverse("community:diagnosis_entry_edit",
                   kwargs={"pk": community.pk, "kind": "groups", "entry": group.pk})  # fmt: skip
    answer = client.post(
        edit,
        {"kind": "herders", "name": "Éleveurs peuls", "source": "FGD",
         "triangulation": "single_source", "version": group.version},
        follow=True,
    )  # fmt: skip
    assert answer.redirect_chain == [(f"{diagnosis_url}#groups-title", 302)]
    assert "L’élément du diagnostic a été enregistré." in answer.content.decode()


def test_the_maps_scale_writes_kilometres_with_the_readers_decimal_separator() -> None:
    from decimal import Decimal

    from django.utils import translation

    from sutura.community import diagnosis_map

    lone = Community(name="Kayes", latitude=Decimal("14.445"), longitude=Decimal("-11.445"))
    with translation.override("fr"):
        french = str(diagnosis_map.draw(lone))
    with translation.override("en"):
        english = str(diagnosis_map.draw(lone))
    assert re.search(r">0,\d km<", french) and not re.search(r">0\.\d km<", french)
    assert re.search(r">0\.\d km<", english)


def _words_at(pdf: bytes) -> dict[str, tuple[float, float]]:
    """Where each word of the PDF's first page starts (x, y), from its text operators."""
    from pypdf import PdfReader

    found: dict[str, tuple[float, float]] = {}

    def visit(text: str, cm: Any, tm: Any, font: Any, size: Any) -> None:
        for word in text.split():
            found.setdefault(word, (tm[4] * cm[0] + cm[4], tm[5] * cm[3] + cm[5]))

    PdfReader(io.BytesIO(pdf)).pages[0].extract_text(visitor_text=visit)
    return found


def test_the_reports_profile_keeps_each_label_in_its_column_in_french_and_english(
    officer: Any, community: Community
) -> None:
    """A label that wraps (« Estimation de la population ») no longer pushes the next one
    (« Langues ») into the value column."""
    communities.update_community(
        actor=officer, community=community, expected_version=community.version,
        population_estimate=1000, population_source="Recensement communal de la mairie",
        languages=["fr", "bm"],
    )  # fmt: skip
    community.refresh_from_db()
    for language, first, second in (
        ("fr", "Estimation", "Langues"),
        ("en", "Population", "Languages"),
    ):
        words = _words_at(diagnosis_report.render(officer, community, language))
        (x_first, y_first), (x_second, y_second) = words[first], words[second]
        assert abs(x_first - x_second) < 1, (language, words[first], words[second])
        assert y_second < y_first  # on a line of its own, below
