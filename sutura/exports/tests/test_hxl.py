"""Aggregate tables as HXL: the 3W/4W directory and an indicator by region, sex and age group,
read back and validated with libhxl; the small-number rule outside the owning organisation."""

from __future__ import annotations

import dataclasses
import io
from typing import Any

import hxl
import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from sutura.accounts.roles import Role
from sutura.core import indicators
from sutura.exports import services, tasks
from sutura.exports.hxl import indicator_columns, indicator_rows
from sutura.exports.models import Export
from sutura.exports.tests.test_exports import open_case
from tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db


def exported(user: Any, list_code: str, **filters: str) -> Any:
    export, _key = services.start_export(
        actor=user, list_code=list_code, format="hxl", filters=filters
    )
    tasks.run_job(str(export.pk))
    export.refresh_from_db()
    assert export.status == "ready", export.error
    assert not export.identifies_people and export.filename.endswith(".csv")
    with export.file.open("rb") as handle:
        return hxl.data(hxl.input.make_input(io.BytesIO(handle.read()))).cache()


def test_the_directory_as_3w_is_valid_hxl(users_a: Any) -> None:
    service = ServiceFactory.create()
    source = exported(users_a[Role.ME_OFFICER], "directory_3w")
    tags = [column.display_tag for column in source.columns]
    assert tags[:4] == ["#org+name", "#org+acronym", "#sector+code", "#activity+name"]
    assert "#adm1+code" in tags and "#adm2+name" in tags
    schema = hxl.schema(
        [["#valid_tag", "#valid_required"], ["#org+name", "true"], ["#sector", "true"]]
    )
    assert schema.validate(source)
    rows = list(source)
    assert [row.get("#org+name") for row in rows] == [service.provider.name]
    assert rows[0].get("#sector") == service.category


def test_an_indicator_by_region_sex_and_age_is_valid_hxl(users_a: Any) -> None:
    manager = users_a[Role.CASE_MANAGER]
    for _ in range(2):
        open_case(manager)
    period = str(timezone.localdate().year)
    source = exported(
        users_a[Role.ME_OFFICER], "indicator_table", indicator="cases.registered", period=period
    )
    tags = [column.display_tag for column in source.columns]
    assert tags[:4] == ["#indicator+code", "#date+period", "#adm1+name", "#adm1+code"]
    assert "#reached+f+age18_59" in tags and "#reached+m+age60plus" in tags
    rows = list(source)
    assert rows and rows[0].get("#indicator+code") == "cases.registered"
    # A file made to be shared: the small-number rule applies to one's own figures too.
    values = [value for row in rows for value in row.get_all("#reached") if value]
    assert values == [indicators.SUPPRESSED]
    for _ in range(3):
        open_case(manager)
    source = exported(
        users_a[Role.ME_OFFICER], "indicator_table", indicator="cases.registered", period=period
    )
    total = sum(int(value) for row in source for value in row.get_all("#reached") if value)
    assert total == 5  # five of one region, sex and age group: shown


def test_the_indicator_tables_headers_name_unknown_sex_and_age_in_french() -> None:
    with translation.override("fr"):
        headers = [str(column.label) for column in indicator_columns()]
    assert "Féminin — Âge inconnu" in headers and "Inconnu — 18-59" in headers
    assert not any("unknown" in header for header in headers), headers


def test_another_organisations_small_counts_are_suppressed(
    users_a: Any, users_b: Any, monkeypatch: Any
) -> None:
    open_case(users_a[Role.CASE_MANAGER])
    period = str(timezone.localdate().year)
    me = users_a[Role.ME_OFFICER]
    filters = {"indicator": "cases.registered", "period": period}
    # B's M&E officer counts nothing of A's cases.
    assert list(indicator_rows(users_b[Role.ME_OFFICER], filters)) == []
    # A figure holding another organisation's rows (as NRM-wide figures do) shows "<5".
    real = indicators.Indicator.value

    def foreign(self: Any, *args: Any, **kwargs: Any) -> Any:
        return dataclasses.replace(real(self, *args, **kwargs), foreign=True)

    monkeypatch.setattr(indicators.Indicator, "value", foreign)
    values = [v for row in indicator_rows(me, filters) for k, v in row.items() if k[:2] == "v_"]
    assert values == [indicators.SUPPRESSED]


def test_an_unknown_indicator_or_period_is_refused(users_a: Any) -> None:
    with pytest.raises(ValidationError):
        services.start_export(
            actor=users_a[Role.ME_OFFICER],
            list_code="indicator_table",
            format="hxl",
            filters={"indicator": "nope.nothing", "period": "2026"},
        )
    with pytest.raises(ValidationError):
        services.start_export(
            actor=users_a[Role.ME_OFFICER],
            list_code="indicator_table",
            format="hxl",
            filters={"indicator": "cases.registered", "period": "someday"},
        )
    assert not Export.objects.exists()


def test_me_officer_exports_the_indicator_table_from_the_page(client: Any, users_a: Any) -> None:
    open_case(users_a[Role.CASE_MANAGER])
    client.force_login(users_a[Role.ME_OFFICER])
    page = client.get("/exports/")
    assert "cases.registered" in page.content.decode()
    response = client.post(
        "/exports/start/",
        {
            "list": "indicator_table",
            "format": "hxl",
            "indicator": "cases.registered",
            "period": str(timezone.localdate().year),
        },
    )
    assert response.status_code == 302
    export = Export.objects.get()
    assert export.filters["indicator"] == "cases.registered"
    assert f"sutura_export_{export.pk.hex}" not in response.cookies  # nothing to reveal
    listed = client.get("/exports/").content.decode()
    assert "indicator_table (" not in listed  # the list's name, never its code
    assert "Un indicateur par région, sexe et tranche d" in listed
