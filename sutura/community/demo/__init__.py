"""The community app's part of the demo, one module per part (communities first: the others
build on them). Idempotent: run twice, it adds nothing the second time."""

from __future__ import annotations

from django.db import transaction

from sutura.core.registry import DemoContext


@transaction.atomic
def seed_step(context: DemoContext) -> str:
    from sutura.community.demo import communities, partners, risks, structures

    said = [part.seed(context) for part in (communities, risks, structures, partners)]
    return "; ".join(part for part in said if part)
