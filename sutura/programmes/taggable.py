"""What may be tagged to a programme: one entry per kind, the model and how a record of it is
ordered in the picker. Cases need no tag (`Case.programme`), nor community work (communities,
initiatives and workplans choose their programmes themselves: `selectors.community_work`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sutura.meetings.models import Meeting
from sutura.mentoring.models import Activity
from sutura.programmes.models import TagKind


@dataclass(frozen=True)
class Taggable:
    model: type[Any]
    ordering: tuple[str, ...]


KINDS: dict[str, Taggable] = {
    TagKind.MEETING: Taggable(Meeting, ("-starts_at",)),
    TagKind.ACTIVITY: Taggable(Activity, ("-occurred_on",)),
}
