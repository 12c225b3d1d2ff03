"""The mapping as data: what clean() refuses (and says), the transforms, the platform's
default, and a mapping frozen once used (model and database trigger)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, InternalError, transaction
from django.utils import timezone, translation

from sutura.caseexport import mapping_format
from sutura.caseexport.models import ExportMapping

pytestmark = pytest.mark.django_db


def _mapping(fields: list[dict[str, Any]], **extra: Any) -> ExportMapping:
    return ExportMapping(name="Test", code="test", version=1, fields=fields, **extra)


def _errors(mapping: ExportMapping) -> str:
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        mapping.full_clean()
    return " ".join(refused.value.messages)


def test_unknown_sources_of_required_fields_are_listed() -> None:
    message = _errors(
        _mapping(
            [
                {"target": "a", "source": "case.nubmer", "required": True},
                {"target": "b", "source": "person.sexe", "required": True},
                {"target": "c", "source": "case.number", "required": True},
            ]
        )
    )
    assert "No app provides these sources: case.nubmer, person.sexe" in message


def test_a_field_not_required_may_name_a_key_no_app_registers_yet() -> None:
    mapping = _mapping(
        [
            {"target": "a", "source": "case.number", "required": True},
            {"target": "b", "source": "someday.field", "required": False},
        ]
    )
    mapping.full_clean()
    assert mapping.unknown_sources() == ["someday.field"]
    assert mapping.unknown_sources(required_only=True) == []


def test_targets_are_unique() -> None:
    message = _errors(
        _mapping(
            [
                {"target": "number", "source": "case.number"},
                {"target": "number", "source": "case.status"},
            ]
        )
    )
    assert "twice or more: number" in message


@pytest.mark.parametrize(
    ("entry", "said"),
    [
        (
            {"target": "a", "source": "case.number", "transform": {"kind": "upper"}},
            "unknown transform",
        ),
        ({"target": "a", "source": "case.number", "colour": "red"}, "unknown attributes"),
        ({"target": "", "source": "case.number"}, "the target is a name"),
        ({"target": "a"}, "a source key is needed"),
        ({"target": "a", "transform": {"kind": "constant"}}, "a constant needs its value"),
        ({"target": "a", "source": "case.type", "transform": {"kind": "code_map"}}, "needs a map"),
        (
            {
                "target": "a",
                "source": "case.opened_on",
                "transform": {"kind": "date_format", "format": "dd/mm"},
            },
            "date_format needs a date pattern",
        ),
        (
            {"target": "a", "source": "case.flags", "transform": {"kind": "join", "sep": ","}},
            "takes no",
        ),
        ({"target": "a", "source": "case.number", "required": "yes"}, "required is true or false"),
    ],
)
def test_malformed_entries_are_refused_with_their_reason(entry: dict[str, Any], said: str) -> None:
    assert said in _errors(_mapping([entry]))


def test_an_empty_mapping_and_an_unknown_format_version_are_refused() -> None:
    assert "at least one field" in _errors(_mapping([]))
    fields = [{"target": "a", "source": "case.number"}]
    assert "Unknown format version 2" in _errors(_mapping(fields, format_version=2))


def test_the_platform_default_is_seeded_and_valid() -> None:
    default = ExportMapping.objects.get(organisation=None, code="sutura-central-case", version=1)
    assert default.name == "Sutura central case record v1"
    default.full_clean()
    sources = {entry.get("source") for entry in default.entries}
    for key in (
        "children.status",
        "tracing.reunified_on",
        "trafficking.status",
        "returns.arrival_date",
    ):
        assert key in sources
    # Every key of this app's groups is in the default.
    from sutura.caseexport.fields import GROUPS

    ours = {f.key for g in GROUPS for f in g.fields}
    missing = (
        ours
        - sources
        - {
            "referrals.draft",
            "referrals.sent",
            "referrals.received",
            "referrals.accepted",
            "referrals.closed",
        }
    )
    assert missing == set()


@pytest.mark.parametrize(
    ("transform", "value", "expected"),
    [
        (None, ["a", "b"], ["a", "b"]),
        ({"kind": "code_map", "map": {"female": "F"}}, "female", "F"),
        ({"kind": "code_map", "map": {"female": "F"}}, "male", "male"),
        ({"kind": "code_map", "map": {"female": "F"}, "default": "X"}, "male", "X"),
        ({"kind": "code_map", "map": {"vot": "VT", "uasc": "UC"}}, ["vot", "uasc"], ["VT", "UC"]),
        ({"kind": "code_map", "map": {"3": "high"}}, 3, "high"),
        ({"kind": "date_format", "format": "%d/%m/%Y"}, "2026-01-10", "10/01/2026"),
        ({"kind": "join", "separator": "|"}, ["fr", "wo"], "fr|wo"),
        ({"kind": "join"}, ["fr", "wo"], "fr; wo"),
        ({"kind": "constant", "value": "SUTURA"}, None, "SUTURA"),
        ({"kind": "date_format", "format": "%d/%m/%Y"}, None, None),
    ],
)
def test_transforms(transform: Any, value: Any, expected: Any) -> None:
    entry: dict[str, Any] = {"target": "t", "source": "s"}
    if transform is not None:
        entry["transform"] = transform
    assert mapping_format.apply(entry, value) == expected


def _used_mapping() -> ExportMapping:
    mapping = _mapping([{"target": "a", "source": "case.number", "required": True}])
    mapping.full_clean()
    mapping.save()
    ExportMapping.objects.filter(pk=mapping.pk).update(first_used_at=timezone.now())
    mapping.refresh_from_db()
    return mapping


def test_a_used_mapping_is_never_edited_in_place() -> None:
    mapping = _used_mapping()
    mapping.fields = [{"target": "b", "source": "case.number", "required": True}]
    with translation.override("en"):
        assert "Copy it as a new version" in _errors(mapping)
        with pytest.raises(ValidationError):
            mapping.save()
    # Whatever the code path: the database refuses it too.
    changes: tuple[dict[str, Any], ...] = ({"fields": []}, {"version": 2}, {"first_used_at": None})
    for change in changes:
        with pytest.raises((IntegrityError, InternalError)), transaction.atomic():
            ExportMapping.objects.filter(pk=mapping.pk).update(**change)
    with pytest.raises((IntegrityError, InternalError)), transaction.atomic():
        ExportMapping.objects.filter(pk=mapping.pk).delete()
    # Its name, description and whether it is offered may still change.
    ExportMapping.objects.filter(pk=mapping.pk).update(active=False, description="Ancienne")
    mapping.refresh_from_db()
    mapping.name = "Renamed"
    mapping.full_clean()
    mapping.save()


def test_an_unused_mapping_may_be_edited_and_a_new_version_is_a_new_row() -> None:
    mapping = _mapping([{"target": "a", "source": "case.number"}])
    mapping.save()
    mapping.fields = [{"target": "b", "source": "case.number"}]
    mapping.full_clean()
    mapping.save()
    ExportMapping.objects.create(name="Test", code="test", version=2, fields=mapping.fields)
    with pytest.raises(ValidationError):
        ExportMapping(name="Test", code="test", version=2, fields=mapping.fields).full_clean()


def test_the_demo_adds_an_organisations_adapted_mapping_once() -> None:
    from sutura.caseexport import demo
    from sutura.core.registry import DemoContext
    from tests.factories import OrganisationFactory

    context = DemoContext(persons=0, organisations={"AIM-SN": OrganisationFactory.create()})
    assert demo.seed_step(context)
    demo.seed_step(context)
    adapted = ExportMapping.objects.get(code=demo.CODE)
    adapted.full_clean()
    assert adapted.targets[:3] == ["bureau", "numero_dossier", "type_dossier"]
    assert "phones" not in adapted.targets
    sex = next(e for e in adapted.entries if e["target"] == "sexe")
    assert [mapping_format.apply(sex, code) for code in ("female", "not_stated")] == ["2", "9"]
