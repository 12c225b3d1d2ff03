"""The community app's part of the demo, one module per part (communities first: the others
build on them). Idempotent: run twice, it adds nothing the second time."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from sutura.core.registry import DemoContext


@transaction.atomic
def seed_step(context: DemoContext) -> str:
    from sutura.community.demo import communities, partners, risks, structures, trends

    programmes = _programmes()
    parts = (communities, risks, structures, partners, trends)
    said = [part.seed(context) for part in parts]
    _tag(programmes)
    return "; ".join(part for part in said if part)


# PSF's programmes, by donor (the community-based protection posting's ECHO and AICS): the
# donor tags of its communities, workplans and initiatives, and a cut of its reports.
PROGRAMMES = [
    ("Protection à base communautaire — Centre", "ECHO", "ECHO-CBP-2026", ("ML-5",)),
    ("Migration et communautés — Kayes et Gao", "AICS", "AICS-MIG-2026", ("ML-1", "ML-7")),
]


def _programmes() -> list[tuple[Any, tuple[str, ...]]]:
    from sutura.accounts.models import Organisation
    from sutura.cases.models import Programme

    psf = Organisation.objects.filter(acronym="PSF").first()
    if psf is None:
        return []
    found = []
    for name, donor, code, places in PROGRAMMES:
        programme, _ = Programme.objects.get_or_create(
            organisation=psf, name=name, defaults={"donor": donor, "code": code}
        )
        found.append((programme, places))
    return found


def _tag(programmes: list[tuple[Any, tuple[str, ...]]]) -> None:
    """Each community carries the programme that funds it (once: tags already set stay)."""
    from sutura.community.models import Community

    for programme, places in programmes:
        for community in Community.objects.filter(
            organisation_id=programme.organisation_id, location__iso_code__in=places
        ):
            if not community.programmes.exists():
                community.programmes.add(programme)
