"""How the records counted by other apps' indicators that carry no programme are narrowed to
programmes (`core.indicators.link_programmes`, registered in `ProgrammesConfig.ready()`): a
meeting or a mentoring activity by its tags (`ProgrammeTag`), a person by the programmes of
their cases. Without these, a programme's dashboard or report counted none of them."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, UUIDField
from django.db.models.functions import Cast

from sutura.cases.models import Case
from sutura.programmes.models import ProgrammeTag, TagKind
from sutura.programmes.taggable import KINDS


def _tagged(kind: str) -> Any:
    def narrow(path: str, programme_ids: tuple[Any, ...]) -> Q:
        tags = ProgrammeTag.objects.filter(
            kind=kind,
            content_type=ContentType.objects.get_for_model(KINDS[kind].model),
            programme_id__in=programme_ids,
        )
        # The tag names its record as text (a generic relation): compared as the record's id.
        return Q(**{f"{path}__in": tags.values(record=Cast("object_id", UUIDField()))})

    return narrow


def _person(path: str, programme_ids: tuple[Any, ...]) -> Q:
    """A person counts for the programmes one of their cases belongs to (a subquery: a person
    with two such cases is one row still)."""
    cases = Case.objects.filter(programme_id__in=programme_ids).values("person_id")
    return Q(**{f"{path}__in": cases})


def register() -> None:
    from sutura.core import indicators

    for kind in (TagKind.MEETING, TagKind.ACTIVITY):
        indicators.link_programmes(str(kind), _tagged(kind))
    indicators.link_programmes("person", _person)
