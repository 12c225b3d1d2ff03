"""A community's diagnosis report (PDF, WeasyPrint, A4) in French or English, assembled from
its records: profile, selection, flows over time, groups, services present, notes by topic,
key-informant interviews (names only for readers of personal rows) and a map drawn as SVG.
Nothing is fetched to build it."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone, translation
from weasyprint import HTML, URLFetcher

from sutura.community import diagnosis_map
from sutura.community.models import Community, FlowDirection
from sutura.community.selectors import communities as selectors
from sutura.people.models import LANGUAGE_CHOICES

_OFFLINE = URLFetcher(allowed_protocols={"data"})
LANGUAGES = ("fr", "en")


def flow_table(flows: list[Any]) -> tuple[list[Any], list[dict[str, Any]]]:
    """Flows over time: one row per period, a column per direction."""
    directions = list(FlowDirection)
    periods: dict[tuple[Any, Any], dict[str, Any]] = {}
    for flow in flows:
        row = periods.setdefault(
            (flow.period_start, flow.period_end),
            {"start": flow.period_start, "end": flow.period_end, "cells": {}},
        )
        row["cells"][flow.direction] = flow
    rows = []
    for key in sorted(periods):
        row = periods[key]
        row["columns"] = [row["cells"].get(direction) for direction in directions]
        rows.append(row)
    return directions, rows


def report_context(user: Any, community: Community) -> dict[str, Any]:
    diagnosis = selectors.diagnosis_of(user, community)
    assets = selectors.assets_on_map(user, community)
    directions, flow_rows = flow_table(diagnosis.flows)
    got, best = _score(community)
    return {
        "community": community,
        "diagnosis": diagnosis,
        "directions": directions,
        "flow_rows": flow_rows,
        "map": diagnosis_map.draw(community, assets),
        "legend": diagnosis_map.numbered_assets(assets),
        "map_key": diagnosis_map.key(community, assets),
        "scores": selectors.selection_scores(user, community),
        "score": got,
        "best": best,
        "programmes": selectors.programmes_of(community),
        "languages": language_names(community),
        "interview_roles": (
            [] if diagnosis.reads_personal else selectors.interview_roles(user, community)
        ),
    }


def language_names(community: Community) -> list[str]:
    names = dict(LANGUAGE_CHOICES)
    return [str(names.get(code, code)) for code in community.languages]


def _score(community: Community) -> tuple[int, int]:
    from sutura.community.services.communities import weighted_score

    return weighted_score(community)


def render(user: Any, community: Community, language: str) -> bytes:
    """The report's PDF in `language` ("fr" or "en")."""
    with translation.override(language if language in LANGUAGES else "fr"):
        html = render_to_string(
            "community/pdf/diagnosis.html",
            {"printed_at": timezone.now(), **report_context(user, community)},
        )
        return HTML(string=html, url_fetcher=_OFFLINE).write_pdf()
