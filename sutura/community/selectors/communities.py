"""What a user may read of communities and their diagnosis, through `sutura.access`: the list
with its filters, one community with the reader's standing, its diagnosis (the key informants'
names only for those who read personal rows), its meetings."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext_noop

from sutura.access import get_visible_or_404, visible
from sutura.access.community import CommunityStanding, community_standing, interviews_held
from sutura.audit.services import record_read
from sutura.community.models import (
    COMMUNITY_CONTEXT,
    Community,
    CriterionScore,
    DiagnosisNote,
    KeyInformantInterview,
    MigrationFlow,
    NoteTopic,
    SelectionCriterion,
    ServicePresence,
    SocioEconomicGroup,
)
from sutura.geo.queries import within
from sutura.meetings.models import Meeting, MeetingKind

# The diagnosis entries by the name used in URLs and the API.
DIAGNOSIS_MODELS: dict[str, type[Any]] = {
    "flows": MigrationFlow,
    "notes": DiagnosisNote,
    "groups": SocioEconomicGroup,
    "services": ServicePresence,
    "interviews": KeyInformantInterview,
}


@dataclass
class CommunityFilters:
    place: Any = None  # a geo.Location: the community is in it or under it
    status: str = ""
    programme: Any = None
    donor: str = ""


def communities_for(user: Any, filters: CommunityFilters | None = None) -> QuerySet[Community]:
    """The communities the user sees, filtered by place, selection status, programme, donor."""
    filters = filters or CommunityFilters()
    found = visible(user, Community).select_related("location", "organisation")
    if filters.place is not None:
        found = found.filter(within("location", filters.place))
    if filters.status:
        found = found.filter(selection_status=filters.status)
    if filters.programme is not None:
        found = found.filter(programmes=filters.programme)
    if filters.donor:
        found = found.filter(programmes__donor__iexact=filters.donor)
    return found.distinct().order_by("name")


def community_for(user: Any, pk: Any) -> tuple[Community, CommunityStanding]:
    """One community the user sees (404 otherwise) and what they may do on it."""
    community = get_visible_or_404(user, Community, pk=pk)
    return community, community_standing(user, community)


def edited_community(user: Any, pk: Any) -> Community:
    community, standing = community_for(user, pk)
    if not standing.edits:
        raise Http404
    return community


def programmes_of(community: Community) -> list[Any]:
    return list(community.programmes.order_by("code"))


@dataclass
class ScoreRow:
    criterion: SelectionCriterion
    score: int | None
    weighted: int | None


def selection_scores(user: Any, community: Community) -> list[ScoreRow]:
    """Each active criterion with the community's score on it (None: not scored yet)."""
    scores = {
        row.criterion_id: row.score
        for row in visible(user, CriterionScore).filter(community=community)
    }
    rows = []
    for criterion in SelectionCriterion.objects.filter(is_active=True):
        score = scores.get(criterion.pk)
        rows.append(ScoreRow(criterion, score, None if score is None else score * criterion.weight))
    return rows


@dataclass
class Diagnosis:
    flows: list[MigrationFlow] = field(default_factory=list)
    by_topic: dict[str, list[DiagnosisNote]] = field(default_factory=dict)
    social_groups: list[SocioEconomicGroup] = field(default_factory=list)
    services: list[ServicePresence] = field(default_factory=list)
    interviews: list[KeyInformantInterview] = field(default_factory=list)
    interview_count: int = 0
    reads_personal: bool = False

    @property
    def topics(self) -> list[tuple[str, Any, list[DiagnosisNote]]]:
        return [(code, label, self.by_topic.get(code, [])) for code, label in NoteTopic.choices]


def diagnosis_of(user: Any, community: Community, *, audit: bool = True) -> Diagnosis:
    """The community's diagnosis as the user may read it: the key-informant interviews only
    for those who read personal rows (the others get their count)."""
    standing = community_standing(user, community)
    if not standing.sees:
        raise Http404
    found = Diagnosis(reads_personal=standing.reads_personal)
    found.flows = list(
        visible(user, MigrationFlow)
        .filter(community=community)
        .select_related("validated_at")
        .order_by("period_start", "direction")
    )
    for note in visible(user, DiagnosisNote).filter(community=community).order_by("created_at"):
        found.by_topic.setdefault(note.topic, []).append(note)
    found.social_groups = list(visible(user, SocioEconomicGroup).filter(community=community))
    found.services = list(
        visible(user, ServicePresence)
        .filter(community=community)
        .select_related("service", "service__provider")
        .order_by("name")
    )
    # The count says that interviews were held without naming anyone; it is a fact about the
    # community that every reader of its diagnosis may know.
    found.interview_count = sum(count for _, count in interviews_held(user, community))
    if standing.reads_personal:
        found.interviews = list(
            visible(user, KeyInformantInterview)
            .filter(community=community)
            .select_related("interviewer")
        )
        if audit and found.interviews:
            record_read(user, community, detail=gettext_noop("key-informant interviews"))
    return found


def interview_roles(user: Any, community: Community) -> list[tuple[Any, int]]:
    """The interviews counted by month, without names or roles, for readers without personal
    access: what the page and the report show them."""
    return interviews_held(user, community)


def diagnosis_entry(user: Any, community: Community, kind: str, pk: Any) -> Any:
    """One diagnosis entry of the community the user sees (404 otherwise)."""
    model = DIAGNOSIS_MODELS.get(kind)
    if model is None:
        raise Http404
    return get_visible_or_404(user, model, pk=pk, community=community)


def community_meetings(user: Any, community: Community) -> QuerySet[Meeting]:
    """The community's consultations, dialogues, trainings (meetings of its context)."""
    return (
        visible(user, Meeting)
        .filter(context_kind=COMMUNITY_CONTEXT, context_id=community.pk)
        .select_related("kind")
        .order_by("-starts_at")
    )


def assets_on_map(user: Any, community: Community) -> list[Any]:
    """The community's assets the user sees, for its map."""
    from sutura.community.models import Asset

    return list(visible(user, Asset).filter(community=community).order_by("kind", "name"))


def meeting_kind(code: str) -> MeetingKind | None:
    return MeetingKind.objects.filter(code=code).first()


def selection_counts(user: Any) -> dict[str, int]:
    """How many of the communities the user sees are at each selection status."""
    from django.db.models import Count

    rows = (
        visible(user, Community).order_by().values("selection_status").annotate(count=Count("pk"))
    )
    return {row["selection_status"]: row["count"] for row in rows}
