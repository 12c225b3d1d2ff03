"""Communities as a protection officer uses them: opening one with its outline, scoring its
selection, the community page, recording its meetings (on the meetings app's own pages), and
who reaches none of it."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from typing import Any

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from sutura.accounts.roles import Role
from sutura.cases.models import Programme
from sutura.community.home_parts.communities import cards
from sutura.community.models import COMMUNITY_CONTEXT, Community, SelectionCriterion
from sutura.community.selectors.communities import CommunityFilters, communities_for
from sutura.community.services import communities
from sutura.meetings.models import Meeting, MeetingKind, Participant
from sutura.meetings.tests.helpers import GOOD_ROWS, sheet

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 3, 2)
SQUARE = [[-11.46, 14.43], [-11.43, 14.43], [-11.43, 14.46], [-11.46, 14.46], [-11.46, 14.43]]


@pytest.fixture
def officer(users_a: dict[Role, Any]) -> Any:
    return users_a[Role.PROTECTION_OFFICER]


@pytest.fixture
def community(officer: Any, locations: dict[str, Any]) -> Community:
    return communities.create_community(
        actor=officer,
        name="Kayes N'Di",
        location=locations["ML"],
        latitude=Decimal("14.445"),
        longitude=Decimal("-11.445"),
        outline={"type": "Polygon", "coordinates": [SQUARE]},
    )


def test_an_outline_is_kept_as_a_polygon_from_a_feature_and_refused_when_broken() -> None:
    feature = {
        "type": "Feature",
        "properties": {},
        "geometry": {"type": "Polygon", "coordinates": [SQUARE]},
    }
    assert communities.clean_outline(json.dumps(feature)) == {
        "type": "Polygon",
        "coordinates": [SQUARE],
    }
    for broken in (
        "{not json",
        {"type": "Point", "coordinates": [1, 2]},
        {"type": "Polygon", "coordinates": [SQUARE[:-1]]},  # not closed
        {"type": "Polygon", "coordinates": [[[200, 14], [1, 1], [2, 2], [200, 14]]]},
    ):
        with pytest.raises(ValidationError) as refused:
            communities.clean_outline(broken)
        assert "outline" in refused.value.message_dict


def test_the_officer_opens_a_community_on_its_page_with_a_pasted_outline(
    officer: Any, locations: dict[str, Any], client: Any
) -> None:
    client.force_login(officer)
    outline = json.dumps({"type": "Polygon", "coordinates": [SQUARE]})
    answer = client.post(
        reverse("community:community_create"),
        {"name": "Gao Château", "location__0": locations["ML"].pk, "latitude": "16.27",
         "longitude": "-0.04", "outline_text": outline, "languages": ["fr", "son"]},
    )  # fmt: skip
    assert answer.status_code == 302, answer.content.decode()[:3000]
    made = Community.objects.get(name="Gao Château")
    assert made.outline == {"type": "Polygon", "coordinates": [SQUARE]}
    assert made.languages == ["fr", "son"]
    page = client.get(answer["Location"]).content.decode()
    assert "Gao Château" in page and "<svg" in page and "<polygon" in page


def test_a_broken_outline_is_refused_on_the_form_and_what_was_typed_is_kept(
    officer: Any, locations: dict[str, Any], client: Any
) -> None:
    client.force_login(officer)
    answer = client.post(
        reverse("community:community_create"),
        {"name": "Mopti", "location__0": locations["ML"].pk, "outline_text": '{"type": "Point"}'},
    )
    assert answer.status_code == 200
    assert not Community.objects.filter(name="Mopti").exists()
    assert "Mopti" in answer.content.decode()


def test_a_stale_edit_is_refused_with_a_clear_message(
    officer: Any, community: Community, client: Any, locations: dict[str, Any]
) -> None:
    client.force_login(officer)
    communities.update_community(
        actor=officer, community=community, expected_version=community.version, name="Autre"
    )
    answer = client.post(
        reverse("community:community_edit", kwargs={"pk": community.pk}),
        {"name": "Mon nom", "location__0": locations["ML"].pk, "version": 1},
    )
    assert answer.status_code == 200
    assert "Mon nom" in answer.content.decode()
    community.refresh_from_db()
    assert community.name == "Autre"


def test_the_selection_is_scored_and_its_weighted_score_shown_with_who_decided(
    officer: Any, community: Community, client: Any
) -> None:
    client.force_login(officer)
    criteria = list(SelectionCriterion.objects.filter(is_active=True))
    data = {f"score_{c.code}": "4" for c in criteria} | {
        "status": "selected",
        "rationale": "Retours nombreux",
        "decided_on": "2026-02-19",
        "version": community.version,
    }
    answer = client.post(
        reverse("community:community_selection", kwargs={"pk": community.pk}), data
    )
    assert answer.status_code == 302
    community.refresh_from_db()
    assert (community.selection_status, community.decided_by) == ("selected", officer)
    best = sum(5 * c.weight for c in criteria)
    got = sum(4 * c.weight for c in criteria)
    assert communities.weighted_score(community) == (got, best)
    page = client.get(reverse("community:community", kwargs={"pk": community.pk}))
    assert f"{got}" in page.content.decode() and "Retours nombreux" in page.content.decode()


def test_a_decision_without_a_rationale_is_refused_on_the_page(
    officer: Any, community: Community, client: Any
) -> None:
    client.force_login(officer)
    answer = client.post(
        reverse("community:community_selection", kwargs={"pk": community.pk}),
        {"status": "selected", "rationale": "", "version": community.version},
    )
    assert answer.status_code == 200
    community.refresh_from_db()
    assert community.selection_status == "proposed"


def test_the_list_is_filtered_by_place_selection_and_donor(
    officer: Any, community: Community, locations: dict[str, Any]
) -> None:
    echo = Programme.objects.create(organisation=officer.organisation, name="ECHO", donor="ECHO")
    other = communities.create_community(actor=officer, name="Dakar", location=locations["SN"])
    communities.update_community(
        actor=officer, community=other, expected_version=other.version, programmes=[echo]
    )
    assert list(communities_for(officer, CommunityFilters(donor="ECHO"))) == [other]
    assert list(communities_for(officer, CommunityFilters(place=locations["ML"]))) == [community]
    assert list(communities_for(officer, CommunityFilters(status="proposed"))) == [
        other,
        community,
    ]
    assert not communities_for(officer, CommunityFilters(status="selected")).exists()


def test_a_consultation_recorded_from_the_community_lands_on_the_meeting_page_and_imports_a_sheet(
    officer: Any, community: Community, client: Any, users_a: dict[Role, Any]
) -> None:
    client.force_login(officer)
    kind = MeetingKind.objects.get(code="community_consultation")
    answer = client.post(
        reverse("community:community_meeting", kwargs={"pk": community.pk}),
        {"kind": kind.pk, "title": "Consultation", "starts_at": "2026-03-03T09:00"},
    )
    meeting = Meeting.objects.get(title="Consultation")
    assert (meeting.context_kind, meeting.context_id) == (COMMUNITY_CONTEXT, community.pk)
    assert answer["Location"] == reverse("meetings:detail", kwargs={"pk": meeting.pk})
    assert client.get(answer["Location"]).status_code == 200
    # the attendance sheet: one bad line and nothing is saved; corrected, it goes through
    bad = [*GOOD_ROWS, {"name": "Ousmane Diallo", "sex": "peut-être", "age_group": 30}]
    refused = client.post(reverse("meetings:import", args=[meeting.pk]), {"file": sheet(bad)})
    assert refused.status_code == 200 and "Ligne 5" in refused.content.decode()
    assert not Participant.objects.filter(meeting=meeting).exists()
    bad[-1]["sex"] = "M"
    client.post(reverse("meetings:import", args=[meeting.pk]), {"file": sheet(bad)})
    assert Participant.objects.filter(meeting=meeting).count() == 4
    page = client.get(reverse("community:community", kwargs={"pk": community.pk}))
    assert "Consultation" in page.content.decode()
    for role in (Role.COMMUNITY_MENTOR, Role.PROVIDER_AGENT):
        client.force_login(users_a[role])
        assert client.get(reverse("meetings:detail", args=[meeting.pk])).status_code == 404


def test_a_kind_of_meeting_a_community_does_not_hold_is_refused(
    officer: Any, community: Community
) -> None:
    kind = MeetingKind.objects.get(code="steering_committee")
    with pytest.raises(ValidationError):
        communities.record_meeting(
            actor=officer, community=community, kind=kind, title="X",
            starts_at=datetime.datetime(2026, 3, 3, 9, tzinfo=datetime.UTC),
        )  # fmt: skip


def test_a_mentor_a_provider_and_another_organisations_officer_reach_none_of_it(
    community: Community, users_a: dict[Role, Any], users_b: dict[Role, Any], client: Any
) -> None:
    urls = [
        reverse("community:communities"),
        reverse("community:community_create"),
        reverse("community:community", kwargs={"pk": community.pk}),
        reverse("community:community_edit", kwargs={"pk": community.pk}),
        reverse("community:community_selection", kwargs={"pk": community.pk}),
        reverse("community:diagnosis", kwargs={"pk": community.pk}),
        reverse("community:diagnosis_report", kwargs={"pk": community.pk}),
        reverse("community:community_meeting", kwargs={"pk": community.pk}),
        reverse("api-community-list"),
        reverse("api-community-detail", kwargs={"pk": community.pk}),
        reverse("api-community-flows-list", kwargs={"community_pk": community.pk}),
    ]
    for user in (users_a[Role.COMMUNITY_MENTOR], users_a[Role.PROVIDER_AGENT]):
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == 404, (user, url)
    client.force_login(users_b[Role.PROTECTION_OFFICER])
    for url in urls[2:8] + urls[9:]:
        assert client.get(url).status_code == 404, url
    with pytest.raises(PermissionDenied):
        communities.record_meeting(
            actor=users_b[Role.PROTECTION_OFFICER], community=community,
            kind=MeetingKind.objects.get(code="training"), title="X",
            starts_at=datetime.datetime(2026, 3, 3, 9, tzinfo=datetime.UTC),
        )  # fmt: skip


def test_the_officers_home_card_counts_the_communities_by_selection(
    officer: Any, community: Community, users_a: dict[Role, Any]
) -> None:
    (card,) = list(cards(officer))
    assert "1" in str(card.text)
    assert reverse("community:communities") in dict(card.links).values()
    assert list(cards(users_a[Role.COMMUNITY_MENTOR])) == []


def test_an_outline_uploaded_as_a_geojson_file_is_kept(
    officer: Any, locations: dict[str, Any], client: Any
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(officer)
    collection = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {}, "geometry": {"type": "Polygon",
                                                          "coordinates": [SQUARE]}}]}  # fmt: skip
    upload = SimpleUploadedFile("ndi.geojson", json.dumps(collection).encode(), "application/json")
    answer = client.post(
        reverse("community:community_create"),
        {"name": "N'Di", "location__0": locations["ML"].pk, "outline_file": upload},
    )
    assert answer.status_code == 302
    outline = Community.objects.get(name="N'Di").outline
    assert outline is not None and outline["type"] == "Polygon"


def test_the_community_page_draws_the_sections_other_parts_add(
    officer: Any, community: Community, client: Any, monkeypatch: Any
) -> None:
    from sutura.core import sections

    monkeypatch.setattr(sections, "_SECTIONS", [])
    client.force_login(officer)
    url = reverse("community:community", kwargs={"pk": community.pk})
    without = client.get(url).content.decode().count('class="badge"')
    sections.add(
        sections.Section(
            page="community",
            name="probe",
            order=1,
            template="community/communities/_triangulation.html",
            selector="sutura.community.selectors.communities.programmes_of_probe",
        )
    )
    monkeypatch.setattr(
        "sutura.community.selectors.communities.programmes_of_probe",
        lambda user, record: [record],
        raising=False,
    )
    page = client.get(url)
    assert page.status_code == 200
    # the probe's template draws one more badge, below the page's own cards
    assert page.content.decode().count('class="badge"') == without + 1


def test_an_empty_list_says_why_and_who_opens_communities(
    users_a: dict[Role, Any], client: Any
) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    create = reverse("community:community_create")
    for role in (Role.PROGRAMME_MANAGER, Role.ME_OFFICER):
        client.force_login(users_a[role])
        page = client.get(reverse("community:communities"))
        text = page.content.decode()
        assert "Your organisation has no community yet" in text, role
        assert "community protection officers" in text, role
        assert create not in text, role
    client.force_login(users_a[Role.PROTECTION_OFFICER])
    text = client.get(reverse("community:communities")).content
    assert "Your organisation has no community yet" in text.decode()
    assert f'href="{create}"' in text.decode()


def test_an_empty_plan_list_says_who_writes_plans(users_a: dict[Role, Any], client: Any) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(users_a[Role.ME_OFFICER])
    text = client.get(reverse("community:plans")).content.decode()
    assert "written by community protection officers" in text
    client.force_login(users_a[Role.PROTECTION_OFFICER])
    text = client.get(reverse("community:plans")).content.decode()
    assert "opens with its first recommendation" in text
    assert f'href="{reverse("community:communities")}"' in text


def test_a_filter_that_matches_nothing_says_so_and_leads_back_to_all(
    officer: Any, community: Community, client: Any
) -> None:
    client.force_login(officer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    url = reverse("community:communities")
    text = client.get(url, {"status": "not_selected"}).content.decode()
    assert "No community matches these filters." in text
    assert f'href="{url}"' in text
    assert "has no community yet" not in text
    assert "No community matches" not in client.get(url).content.decode()


def test_a_composition_above_the_population_estimate_is_refused_on_the_page_and_the_api(
    officer: Any, community: Community, locations: dict[str, Any], client: Any
) -> None:
    client.force_login(officer)
    counts = {"host_count": "900", "returnee_count": "200", "displaced_count": "120",
              "transit_count": "50"}  # fmt: skip
    answer = client.post(
        reverse("community:community_create"),
        {"name": "Sévaré", "location__0": locations["ML"].pk, "population_estimate": "1000"}
        | counts,
    )
    assert answer.status_code == 200
    assert not Community.objects.filter(name="Sévaré").exists()
    [message] = answer.context["form"].errors["population_estimate"]
    assert "1,270" in message.replace("\u202f", ",").replace("\xa0", ",").replace(" ", ",")
    assert "1,000" in message.replace("\u202f", ",").replace("\xa0", ",").replace(" ", ",")
    url = reverse("api-community-detail", kwargs={"pk": community.pk})
    api = client.patch(
        url,
        {"population_estimate": 1000, "host_count": 900, "returnee_count": 370,
         "version": community.version},
        content_type="application/json",
    )  # fmt: skip
    assert api.status_code == 400 and "population_estimate" in api.json()["error"]["fields"]
    community.refresh_from_db()
    assert community.host_count is None
    # Exactly the estimate, or parts left blank, is accepted.
    fine = client.patch(
        url,
        {"population_estimate": 1000, "host_count": 900, "returnee_count": 100,
         "version": community.version},
        content_type="application/json",
    )  # fmt: skip
    assert fine.status_code == 200, fine.content


def test_a_decision_needs_every_criterion_scored_on_the_page_and_the_api(
    officer: Any, community: Community, client: Any
) -> None:
    client.force_login(officer)
    criteria = list(SelectionCriterion.objects.filter(is_active=True))
    url = reverse("community:community_selection", kwargs={"pk": community.pk})
    decision = {"status": "selected", "rationale": "Retours nombreux", "version": community.version}
    blank = client.post(url, decision)
    assert blank.status_code == 200
    assert set(blank.context["form"].errors) == {f"score_{c.code}" for c in criteria}
    one_missing = {f"score_{c.code}": "3" for c in criteria[1:]}
    assert client.post(url, decision | one_missing).status_code == 200
    api_url = reverse("api-community-selection", kwargs={"pk": community.pk})
    api = client.post(
        api_url,
        {"status": "not_selected", "rationale": "Accès", "scores": {criteria[0].code: 2}},
        content_type="application/json",
    )
    assert api.status_code == 400 and "scores" in api.json()["error"]["fields"]
    community.refresh_from_db()
    assert community.selection_status == "proposed" and not community.scores.exists()
    # Back to proposed needs no score.
    proposed = {"status": "proposed", "version": community.version}
    assert client.post(url, proposed).status_code == 302


def test_the_community_form_has_the_map_picker_opening_on_the_country_else_west_africa(
    officer: Any, community: Community, locations: dict[str, Any], client: Any
) -> None:
    client.force_login(officer)
    new = client.get(reverse("community:community_create"))
    html = new.content.decode()
    assert 'id="community-point-picker-box" hidden' in html
    assert html.index('id="id_longitude"') < html.index('id="community-point-picker"')
    frame = new.context["frame"]
    assert (frame["center"], frame["zoom"]) == ([13.5, -6.0], 4)  # West Africa
    assert frame["countries"][str(locations["ML"].pk)] == [17.57, -4.0]
    refused = client.post(
        reverse("community:community_create"), {"location__0": locations["ML"].pk}
    )
    assert refused.status_code == 200 and refused.context["frame"]["center"] == [17.57, -4.0]
    edit = client.get(reverse("community:community_edit", kwargs={"pk": community.pk}))
    assert edit.context["frame"]["center"] == [14.445, -11.445]
    assert 'id="community-point-frame"' in edit.content.decode()
