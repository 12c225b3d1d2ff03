"""The three communities of the demo, opened by Oumar Maïga (`protection`, the community
protection officer of PSF): two diagnosed in Kayes and Gao (Mali's regions of departure and
return), one in Mopti where community-based protection runs. The diagnosis, risks, plans and
structures come with their parts."""

from __future__ import annotations

import datetime

from sutura.accounts.models import User
from sutura.audit.context import acting_as
from sutura.community.models import Community
from sutura.community.services import communities
from sutura.core.registry import DemoContext
from sutura.geo.models import Location

COMMUNITIES = [
    # name, region ISO code, languages, population, host, returnees, displaced, transit
    ("Kayes N'Di", "ML-1", ["fr", "bm", "snk"], 18500, 15200, 2100, 600, 600),
    ("Gao Château", "ML-7", ["fr", "son", "ff"], 24000, 17800, 1900, 3500, 800),
    ("Mopti Bas-Fonds", "ML-5", ["fr", "ff", "dgo", "bm"], 21000, 16000, 1400, 3300, 300),
]


def seed(context: DemoContext) -> str:
    officer = User.objects.filter(username="protection").first()
    if officer is None or officer.organisation_id is None:
        return ""
    made = 0
    with acting_as(officer):
        for name, iso, languages, population, host, returnees, displaced, transit in COMMUNITIES:
            location = Location.objects.filter(iso_code=iso).first()
            if location is None:
                continue
            if Community.objects.filter(
                organisation_id=officer.organisation_id, name=name
            ).exists():
                continue
            communities.create_community(
                actor=officer,
                name=name,
                location=location,
                languages=languages,
                population_estimate=population,
                population_source="Mairie, recensement administratif",
                population_on=datetime.date(2026, 1, 15),
                host_count=host,
                returnee_count=returnees,
                displaced_count=displaced,
                transit_count=transit,
            )
            made += 1
    return f"{made} communities" if made else ""
