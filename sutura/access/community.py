"""Community-based protection: communities, their diagnosis, risk analyses, assets, action
plans, committees, safe spaces, initiatives, partners' workplans and monitoring visits.

These records are about communities, not individuals. Two kinds of rows name people (personal
data): key-informant interviews and committee members.

Who stands where:
- a user has a **community role** when they are a community protection officer
  (`Perm.MANAGE_COMMUNITIES`), a programme manager or an M&E officer. Nobody else (mentors,
  provider agents, case managers, focal points, NRM coordinators) sees any of it: they are
  given a community role first;
- the **community protection officer** of the organisation that owns a community works on it:
  sees and edits all its records (`CommunityStanding.edits`), personal rows included;
- the owning organisation's **programme managers** read all of it, personal rows included,
  and edit nothing;
- its **M&E officers** read the non-personal records (decision: the records are counts,
  ratings and descriptions of places and groups, which the monitoring needs to read as they
  are); never the key informants' or committee members' names (`reads_personal` is False);
  for those they get counts;
- a **partner's staff** (users with a community role in an organisation linked to the
  community by a `CommunityPartner`, managing one of its safe spaces, or named partner on a
  workplan with an activity in it) read the non-personal records of the communities they work
  on, and edit none of them;
- a **workplan** is seen by the community-role users of the organisation that owns it (its
  officers edit it) and of its partner organisation; the partner's staff and the owner's
  officers record progress against it (`WorkplanStanding.records_progress`);
- a **monitoring visit** is seen by whoever sees its community or its workplan;
- meetings of a community (context `community`: consultations, dialogues, trainings,
  committee meetings) are seen by whoever sees the community and recorded by those who edit it.

Two forms of each rule: the filters registered with `register_scope` (every model of the app)
and the standings on one record (`community_standing`, `workplan_standing`,
`sees_visit`) that services, views and the API ask. Tests hold them to agree.

Case trends (item 12): `case_trend_counts(user, community, periods=…)`, the counts of
vulnerable cases by category in the community's area over time, for those who see the
community; counts under 5 shown as "<5" with no complementary cell that reveals them
(`protect_small_counts`); no names, no case ids. It reads `cases` rows through their counts
only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db import models
from django.db.models import (
    Count,
    Exists,
    OuterRef,
    Q,
)
from django.db.models.functions import TruncMonth

from sutura.access.meetings import ContextRule, register_context
from sutura.access.permissions import can, signed_in
from sutura.access.scopes import register_scope
from sutura.accounts.roles import Perm, Role
from sutura.cases.models import Vulnerability, VulnerabilityScreening
from sutura.community.models import (
    COMMUNITY_CONTEXT,
    ActionPlan,
    ActivityProgress,
    AnalysisParticipantCount,
    Asset,
    Checklist,
    ChecklistAnswer,
    ChecklistItem,
    ChecklistVersion,
    CommitteeMember,
    Community,
    CommunityPartner,
    CriterionScore,
    DiagnosisNote,
    Initiative,
    KeyInformantInterview,
    MigrationFlow,
    MonitoringVisit,
    PlannedActivity,
    ProgressParticipantCount,
    ProgressUpdate,
    ProtectionCommittee,
    Recommendation,
    Risk,
    RiskAnalysis,
    SafeSpace,
    SafeSpaceAttendance,
    SafetyCheck,
    SelectionCriterion,
    ServicePresence,
    SocioEconomicGroup,
    VisitRecommendation,
    Workplan,
)


def _member(user: Any) -> bool:
    return signed_in(user) and user.organisation_id is not None


def manages_communities(user: Any) -> bool:
    """A community protection officer (edits their organisation's communities)."""
    return _member(user) and can(user, Perm.MANAGE_COMMUNITIES)


def oversees_communities(user: Any) -> bool:
    """A programme manager (reads their organisation's communities, personal rows included)."""
    return _member(user) and Role.PROGRAMME_MANAGER in user.roles


def counts_communities(user: Any) -> bool:
    """An M&E officer (reads the non-personal records of their organisation's communities)."""
    return _member(user) and Role.ME_OFFICER in user.roles


def has_community_role(user: Any) -> bool:
    return manages_communities(user) or oversees_communities(user) or counts_communities(user)


# --- communities --------------------------------------------------------------------------------


def _partner_of(organisation_id: Any, community: str = "pk") -> Q:
    """Communities the organisation works on as a partner (`community` names the community's
    id in the outer query)."""
    return (
        Q(
            Exists(
                CommunityPartner.objects.filter(
                    community_id=OuterRef(community), organisation_id=organisation_id
                )
            )
        )
        | Q(
            Exists(
                SafeSpace.objects.filter(
                    community_id=OuterRef(community), managing_partner_id=organisation_id
                )
            )
        )
        | Q(
            Exists(
                PlannedActivity.objects.filter(
                    community_id=OuterRef(community), workplan__partner_id=organisation_id
                )
            )
        )
    )


def community_filter(user: Any) -> Q | None:
    """The communities a user sees (None: none)."""
    if not has_community_role(user):
        return None
    return Q(organisation_id=user.organisation_id) | _partner_of(user.organisation_id)


def personal_filter(user: Any) -> Q | None:
    """The communities whose personal rows (key informants, committee members) a user reads."""
    if not (manages_communities(user) or oversees_communities(user)):
        return None
    return Q(organisation_id=user.organisation_id)


def edit_filter(user: Any) -> Q | None:
    """The communities a user edits."""
    if not manages_communities(user):
        return None
    return Q(organisation_id=user.organisation_id)


@dataclass(frozen=True)
class CommunityStanding:
    manages: bool = False  # the owner's protection officer
    oversees: bool = False  # the owner's programme manager
    counts: bool = False  # the owner's M&E officer
    partner: bool = False  # a partner's staff

    @property
    def sees(self) -> bool:
        return self.manages or self.oversees or self.counts or self.partner

    @property
    def edits(self) -> bool:
        return self.manages

    @property
    def reads_personal(self) -> bool:
        return self.manages or self.oversees


def _works_as_partner(organisation_id: Any, community: Community) -> bool:
    return (
        CommunityPartner.objects.filter(
            community_id=community.pk, organisation_id=organisation_id
        ).exists()
        or SafeSpace.objects.filter(
            community_id=community.pk, managing_partner_id=organisation_id
        ).exists()
        or PlannedActivity.objects.filter(
            community_id=community.pk, workplan__partner_id=organisation_id
        ).exists()
    )


def community_standing(user: Any, community: Community) -> CommunityStanding:
    if not has_community_role(user):
        return CommunityStanding()
    if community.organisation_id == user.organisation_id:
        return CommunityStanding(
            manages=manages_communities(user),
            oversees=oversees_communities(user),
            counts=counts_communities(user),
        )
    return CommunityStanding(partner=_works_as_partner(user.organisation_id, community))


def _communities(found: Q | None) -> models.QuerySet[Community] | None:
    return None if found is None else Community.objects.filter(found)


def seen_communities(user: Any) -> models.QuerySet[Community] | None:
    return _communities(community_filter(user))


def edited_communities(user: Any) -> models.QuerySet[Community] | None:
    return _communities(edit_filter(user))


def _on_communities(found: Q | None, path: str) -> Q | None:
    if found is None:
        return None
    return Q(**{f"{path}__in": Community.objects.filter(found).values("pk")})


def _scoped(queryset: models.QuerySet[Any], found: Q | None) -> models.QuerySet[Any]:
    return queryset.none() if found is None else queryset.filter(found)


@register_scope(Community)
def _scope_communities(user: Any, queryset: models.QuerySet[Community]) -> models.QuerySet[Any]:
    return _scoped(queryset, community_filter(user))


# Records of one community, seen by whoever sees the community; `path` leads to it.
_COMMUNITY_RECORDS: dict[type[models.Model], str] = {
    CriterionScore: "community",
    CommunityPartner: "community",
    MigrationFlow: "community",
    DiagnosisNote: "community",
    SocioEconomicGroup: "community",
    ServicePresence: "community",
    RiskAnalysis: "community",
    AnalysisParticipantCount: "analysis__community",
    Risk: "analysis__community",
    Asset: "community",
    ActionPlan: "community",
    Recommendation: "plan__community",
    ProgressUpdate: "recommendation__plan__community",
    ProtectionCommittee: "community",
    SafeSpace: "community",
    SafeSpaceAttendance: "safe_space__community",
    SafetyCheck: "safe_space__community",
    Initiative: "community",
}

# Rows naming people: read by the owner's officers and programme managers only.
_PERSONAL_RECORDS: dict[type[models.Model], str] = {
    KeyInformantInterview: "community",
    CommitteeMember: "committee__community",
}


def _register_community_scope(model: type[models.Model], path: str, *, personal: bool) -> None:
    def scope(user: Any, queryset: models.QuerySet[Any]) -> models.QuerySet[Any]:
        found = personal_filter(user) if personal else community_filter(user)
        return _scoped(queryset, _on_communities(found, path))

    scope.__name__ = scope.__qualname__ = f"_scope_{model.__name__}"
    register_scope(model)(scope)


for _model, _path in _COMMUNITY_RECORDS.items():
    _register_community_scope(_model, _path, personal=False)
for _model, _path in _PERSONAL_RECORDS.items():
    _register_community_scope(_model, _path, personal=True)


def record_community(record: Any) -> Community:
    """The community a record of `_COMMUNITY_RECORDS` or `_PERSONAL_RECORDS` belongs to."""
    path = {**_COMMUNITY_RECORDS, **_PERSONAL_RECORDS}[type(record)]
    found: Any = record
    for step in path.split("__"):
        found = getattr(found, step)
    return found


def sees_record(user: Any, record: Any) -> bool:
    """The standing form of the scopes above, for one record of a community."""
    standing = community_standing(user, record_community(record))
    return standing.reads_personal if type(record) in _PERSONAL_RECORDS else standing.sees


def interviews_held(user: Any, community: Community) -> list[tuple[str, Any]]:
    """How many key-informant interviews were held, by month, for readers of the community
    who do not read personal rows (the M&E officer, a partner's staff): (month, count). Not
    the informants' roles: in a named neighbourhood "the imam" or "the chief" is one person."""
    if not community_standing(user, community).sees:
        return []
    months = (
        KeyInformantInterview.objects.filter(community_id=community.pk)
        .annotate(month=TruncMonth("held_on"))
        .values("month")
        .annotate(count=Count("pk"))
        .order_by("-month")
        .values_list("month", "count")
    )
    return [(month, count) for month, count in months]


# --- reference data -----------------------------------------------------------------------------


def _reference(user: Any, queryset: models.QuerySet[Any]) -> models.QuerySet[Any]:
    return queryset  # reference data: criteria and checklists


for _model in (SelectionCriterion, Checklist, ChecklistVersion, ChecklistItem):
    register_scope(_model)(_reference)


# --- workplans ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class WorkplanStanding:
    manages: bool = False  # the owner's protection officer: edits
    oversees: bool = False  # the owner's programme manager or M&E officer: reads
    partner: bool = False  # the partner's staff: reads, records progress

    @property
    def sees(self) -> bool:
        return self.manages or self.oversees or self.partner

    @property
    def edits(self) -> bool:
        return self.manages

    @property
    def records_progress(self) -> bool:
        return self.manages or self.partner


def workplan_filter(user: Any) -> Q | None:
    if not has_community_role(user):
        return None
    return Q(organisation_id=user.organisation_id) | Q(partner_id=user.organisation_id)


def workplan_standing(user: Any, workplan: Workplan) -> WorkplanStanding:
    if not has_community_role(user):
        return WorkplanStanding()
    owner = workplan.organisation_id == user.organisation_id
    return WorkplanStanding(
        manages=owner and manages_communities(user),
        oversees=owner and (oversees_communities(user) or counts_communities(user)),
        partner=workplan.partner_id == user.organisation_id,
    )


def _on_workplans(user: Any, path: str) -> Q | None:
    found = workplan_filter(user)
    if found is None:
        return None
    return Q(**{f"{path}__in": Workplan.objects.filter(found).values("pk")})


@register_scope(Workplan)
def _scope_workplans(user: Any, queryset: models.QuerySet[Workplan]) -> models.QuerySet[Any]:
    return _scoped(queryset, workplan_filter(user))


@register_scope(PlannedActivity)
def _scope_activities(user: Any, queryset: models.QuerySet[Any]) -> models.QuerySet[Any]:
    return _scoped(queryset, _on_workplans(user, "workplan"))


@register_scope(ActivityProgress)
def _scope_progress(user: Any, queryset: models.QuerySet[Any]) -> models.QuerySet[Any]:
    return _scoped(queryset, _on_workplans(user, "activity__workplan"))


@register_scope(ProgressParticipantCount)
def _scope_progress_counts(user: Any, queryset: models.QuerySet[Any]) -> models.QuerySet[Any]:
    return _scoped(queryset, _on_workplans(user, "progress__activity__workplan"))


# --- monitoring visits --------------------------------------------------------------------------


def visit_filter(user: Any) -> Q | None:
    communities = _on_communities(community_filter(user), "community")
    workplans = _on_workplans(user, "workplan")
    if communities is None or workplans is None:
        return communities if workplans is None else workplans
    return communities | workplans


def sees_visit(user: Any, visit: MonitoringVisit) -> bool:
    return (visit.community is not None and community_standing(user, visit.community).sees) or (
        visit.workplan is not None and workplan_standing(user, visit.workplan).sees
    )


def _on_visits(user: Any, path: str) -> Q | None:
    found = visit_filter(user)
    if found is None:
        return None
    return Q(**{f"{path}__in": MonitoringVisit.objects.filter(found).values("pk")})


@register_scope(MonitoringVisit)
def _scope_visits(user: Any, queryset: models.QuerySet[Any]) -> models.QuerySet[Any]:
    return _scoped(queryset, visit_filter(user))


@register_scope(VisitRecommendation)
def _scope_visit_recommendations(user: Any, queryset: models.QuerySet[Any]) -> models.QuerySet[Any]:
    return _scoped(queryset, _on_visits(user, "visit"))


def edits_visit(user: Any, visit: MonitoringVisit) -> bool:
    """Records and changes a monitoring visit: whoever edits its community and its workplan
    (the owner's protection officer)."""
    if visit.community is None and visit.workplan is None:
        return False
    return (visit.community is None or community_standing(user, visit.community).edits) and (
        visit.workplan is None or workplan_standing(user, visit.workplan).edits
    )


def follows_up_visit(user: Any, visit: MonitoringVisit) -> bool:
    """Records the follow-up of a visit's recommendations: who edits the visit, and the
    partner's staff of the visited workplan (who act on them)."""
    return edits_visit(user, visit) or (
        visit.workplan is not None and workplan_standing(user, visit.workplan).records_progress
    )


def visit_visitors(user: Any, visit: MonitoringVisit) -> list[Any]:
    """The users who went on a visit (their names show on it), for whoever sees the visit."""
    if not sees_visit(user, visit):
        return []
    return list(visit.visitors.order_by("last_name", "first_name"))


# Who may be named as having gone on a visit: the recorder's organisation's programme staff, and
# the community staff of the partner visited (not provider agents, mentors or volunteers).
VISITOR_ROLES = (
    Role.PROTECTION_OFFICER,
    Role.PROGRAMME_MANAGER,
    Role.ME_OFFICER,
    Role.CASE_MANAGER,
    Role.MHPSS_FOCAL_POINT,
)
PARTNER_VISITOR_ROLES = (Role.PROTECTION_OFFICER, Role.PROGRAMME_MANAGER, Role.ME_OFFICER)


def may_be_visitor(actor: Any, person: Any, partners_visited: set[Any]) -> bool:
    """May `actor` name `person` among who went on a visit to these partner organisations?"""
    if not (_member(actor) and getattr(person, "is_active", False)):
        return False
    roles = set(getattr(person, "roles", ()))
    if person.organisation_id == actor.organisation_id:
        return bool(roles & {str(role) for role in VISITOR_ROLES})
    return person.organisation_id in partners_visited and bool(
        roles & {str(role) for role in PARTNER_VISITOR_ROLES}
    )


def record_visitors(visit: MonitoringVisit, users: list[Any]) -> None:
    """Name who went on a visit (the service checked they are the recorder's colleagues):
    here because the link reaches user rows."""
    visit.visitors.set(users)


@register_scope(ChecklistAnswer)
def _scope_answers(user: Any, queryset: models.QuerySet[Any]) -> models.QuerySet[Any]:
    checks = _on_communities(community_filter(user), "safety_check__safe_space__community")
    visits = _on_visits(user, "visit")
    if checks is None or visits is None:
        return _scoped(queryset, checks if visits is None else visits)
    return queryset.filter(checks | visits)


# --- meetings of a community --------------------------------------------------------------------


def _meetings_seen(user: Any) -> models.QuerySet[Community] | None:
    """A community's meetings list their participants by name (committee members, outreach
    volunteers, people of the community): seen by those who read the community's personal
    rows only. M&E officers and partners get the counts, in the periodic reports."""
    return _communities(personal_filter(user))


register_context(ContextRule(COMMUNITY_CONTEXT, sees=_meetings_seen, records=edited_communities))


# --- structures: committees, outreach volunteers, safe spaces (part "structures") ---------------
#
# Outreach volunteers are `mentoring.Volunteer` rows of kind OUTREACH. Their mentoring rules
# (`access.mentoring`: the volunteer, their focal point, volunteer managers) stay as they are;
# on top of them the community protection officer of the volunteer's organisation manages and
# supervises the organisation's *outreach* volunteers (never its mentors: they keep no
# `manage_volunteers`, so mentors' profiles, assignments and notes stay out of their reach).
# A community's outreach volunteers are those whose areas cover the community's location;
# their names are personal: read by whoever reads the community's personal rows.


def manages_outreach(user: Any, volunteer: Any) -> bool:
    """Does `user` manage and supervise this outreach volunteer (their organisation's
    community protection officer)?"""
    from sutura.mentoring.models import VolunteerKind

    return (
        volunteer.kind == VolunteerKind.OUTREACH
        and manages_communities(user)
        and volunteer.organisation_id == user.organisation_id
    )


def outreach_filter(user: Any) -> Q | None:
    """The outreach volunteers `user` manages (the filter form of `manages_outreach`)."""
    from sutura.mentoring.models import VolunteerKind

    if not manages_communities(user):
        return None
    return Q(kind=VolunteerKind.OUTREACH, organisation_id=user.organisation_id)


def outreach_volunteers_of(user: Any, community: Community) -> models.QuerySet[Any]:
    """The outreach volunteers working in a community (their areas hold the community's
    location or a unit above it), for those who read the community's personal rows."""
    from sutura.mentoring.models import Volunteer, VolunteerKind

    if not community_standing(user, community).reads_personal:
        return Volunteer.objects.none()
    location: Any = community.location
    above = [location.pk]
    while location.parent_id is not None:
        location = location.parent
        above.append(location.pk)
    return (
        Volunteer.objects.filter(
            kind=VolunteerKind.OUTREACH,
            organisation_id=community.organisation_id,
            areas__in=above,
        )
        .distinct()
        .select_related("user")
        .prefetch_related("areas")
    )


def outreach_volunteer(user: Any, pk: Any) -> Any:
    """One outreach volunteer `user` manages, or None."""
    from sutura.mentoring.models import Volunteer

    found = outreach_filter(user)
    if found is None:
        return None
    return Volunteer.objects.filter(found, pk=pk).select_related("user").first()


def outreach_notes(user: Any, volunteer: Any) -> models.QuerySet[Any]:
    """An outreach volunteer's supervision notes: for the officer who supervises them, and for
    those the mentoring rules let read them (their focal point, volunteer managers)."""
    from sutura.access.mentoring import reads_supervision_notes
    from sutura.mentoring.models import SupervisionNote

    if not (manages_outreach(user, volunteer) or reads_supervision_notes(user, volunteer)):
        return SupervisionNote.objects.none()
    return SupervisionNote.objects.filter(volunteer_id=volunteer.pk).select_related("author")


def outreach_accounts(user: Any) -> models.QuerySet[Any]:
    """Accounts of the officer's organisation in the outreach-volunteer role with no volunteer
    profile yet (to open one on)."""
    from sutura.accounts.models import User
    from sutura.mentoring.models import Volunteer

    if not manages_communities(user):
        return User.objects.none()
    return (
        User.objects.filter(
            organisation_id=user.organisation_id,
            is_active=True,
            roles__contains=[Role.OUTREACH_VOLUNTEER],
        )
        .exclude(Exists(Volunteer.objects.filter(user_id=OuterRef("pk"))))
        .order_by("first_name", "last_name")
    )


def follow_ups_due(user: Any, before: Any) -> models.QuerySet[SafetyCheck]:
    """Safety checks of the communities `user` edits whose follow-up is still open and was
    recorded before `before` (overdue): the officer's home card."""
    found = edit_filter(user)
    if found is None:
        return SafetyCheck.objects.none()
    return SafetyCheck.objects.filter(
        _on_communities(found, "safe_space__community"),
        follow_up_status__in=("open", "in_progress"),
        checked_on__lt=before,
    ).select_related("safe_space__community")


def member_counts(user: Any, committee: ProtectionCommittee) -> dict[str, int]:
    """A committee's current members counted by sex (no names; every sex, zeros included),
    for whoever sees the committee: what M&E officers and partners get instead of the list."""
    from sutura.people.models import Sex

    if not community_standing(user, committee.community).sees:
        return {}
    rows = (
        CommitteeMember.objects.filter(committee_id=committee.pk, until__isnull=True)
        .values("sex")
        .annotate(number=models.Count("pk"))
    )
    return {**dict.fromkeys(Sex.values, 0), **{row["sex"]: row["number"] for row in rows}}


# --- case trends (counts only) ------------------------------------------------------------------

SMALL_COUNT = 5
SUPPRESSED = "<5"  # a count from 1 to 4
HIDDEN = "…"  # a total that would let a reader work a small count out by subtraction

Shown = int | str


@dataclass(frozen=True)
class ProtectedTable:
    """A table of counts as it may be shown: cells under 5 read "<5", and every total that
    adds up a hidden cell is hidden too."""

    cells: list[list[Shown]]
    row_totals: list[Shown]
    column_totals: list[Shown]
    total: Shown


def protect_small_counts(
    cells: list[list[int]], row_totals: list[int], column_totals: list[int], total: int
) -> ProtectedTable:
    """The small-number rule. A count from 1 to 4 (cell or total) is shown as "<5"; a row's or
    a column's total over a cell shown as "<5" is hidden (the reader would subtract the other
    cells from it), and so is the grand total once any row or column total is hidden or small.
    What stays visible is then only ever a sum of visible cells: no complementary cell reveals
    a small one. Zeros stay (they name nobody)."""

    def small(number: int) -> bool:
        return 0 < number < SMALL_COUNT

    shown: list[list[Shown]] = [[SUPPRESSED if small(n) else n for n in row] for row in cells]
    row_hit = [any(small(n) for n in row) for row in cells]
    width = len(column_totals)
    column_hit = [any(small(row[j]) for row in cells) for j in range(width)]

    def margin(number: int, hit: bool) -> Shown:
        return SUPPRESSED if small(number) else HIDDEN if hit else number

    rows = [margin(n, hit) for n, hit in zip(row_totals, row_hit, strict=True)]
    columns = [margin(n, hit) for n, hit in zip(column_totals, column_hit, strict=True)]
    any_hidden = any(isinstance(value, str) for value in (*rows, *columns))
    return ProtectedTable(shown, rows, columns, margin(total, any_hidden))


@dataclass(frozen=True)
class CaseTrend:
    """Vulnerable cases of a community's area by category (columns, the screening's
    categories) and period (rows), protected by the small-number rule."""

    categories: list[str]
    periods: list[tuple[date, date]]
    table: ProtectedTable


def _in_area(location_id: Any, path: str) -> Q:
    """The location and every place below it (locations are at most three levels deep)."""
    found = Q(**{f"{path}_id": location_id})
    for depth in range(1, 4):
        found |= Q(**{f"{path}{'__parent' * depth}_id": location_id})
    return found


def trend_area(community: Community) -> Any:
    """The area whose cases a community's trend counts: the region (admin 1 unit) holding the
    community's place, or the country for a community placed at the country. One fixed grid of
    places, like the one of quarters: two communities of one region show the same table, so a
    commune's table cannot be subtracted from its region's to find a count under 5."""
    location: Any = community.location
    while location.parent_id is not None and location.level > 1:
        location = location.parent
    return location


def _admin1_of(path: str) -> models.Case:
    """The region (admin 1 unit) of the place at `path` (None for a place at the country)."""
    return models.Case(
        models.When(**{f"{path}__level": 1}, then=models.F(f"{path}_id")),
        models.When(**{f"{path}__level": 2}, then=models.F(f"{path}__parent_id")),
        models.When(**{f"{path}__level": 3}, then=models.F(f"{path}__parent__parent_id")),
        default=models.Value(None),
        output_field=models.UUIDField(),
    )


def _tables(
    screenings: models.QuerySet[Any],
    periods: list[tuple[date, date]],
    categories: list[str],
    *,
    by_region: bool = False,
) -> dict[Any, tuple[list[list[int]], list[int]]]:
    """Cells (period × category: distinct cases) and row totals (distinct cases of the period),
    for the whole area (key None) or for each region of it (`by_region`; key: the region, None
    for the places at the country itself)."""
    counts = {
        code: Count("case_id", distinct=True, filter=Q(categories__contains=[code]))
        for code in categories
    }
    period = models.Case(
        *[
            models.When(screened_on__gte=start, screened_on__lte=end, then=models.Value(index))
            for index, (start, end) in enumerate(periods)
        ],
        output_field=models.IntegerField(),
    )
    rows = screenings.annotate(period=period)
    keys = ["period"]
    if by_region:
        rows = rows.annotate(region=_admin1_of("case__person__current_location"))
        keys.append("region")
    found: dict[Any, dict[int, dict[str, Any]]] = {}
    grouped = rows.values(*keys).annotate(all=Count("case_id", distinct=True), **counts)
    for row in grouped.order_by():
        found.setdefault(row.get("region"), {})[row["period"]] = row
    return {
        key: (
            [[by.get(i, {}).get(code, 0) for code in categories] for i in range(len(periods))],
            [by.get(i, {}).get("all", 0) for i in range(len(periods))],
        )
        for key, by in found.items()
    }


def reads_case_trends(user: Any, community: Community) -> bool:
    """Whether the user reads the community's case trends: the owner's staff only (a partner
    does not read another organisation's case figures)."""
    standing = community_standing(user, community)
    return bool(standing.manages or standing.oversees or standing.counts)


def case_trend_counts(
    user: Any,
    community: Community,
    *,
    periods: list[tuple[date, date]],
    programme: Any = None,
) -> CaseTrend | None:
    """The counts of vulnerable cases by vulnerability category in the community's area (the
    region holding its place, `trend_area`: where the person lives) for each period (a case
    counts in a period when a screening of that period found the category), among the cases of
    the community's organisation. Only for the owner's staff (None otherwise); counts only — no
    name, no case id — under the small-number rule."""
    if not periods or not reads_case_trends(user, community):
        return None
    # One fixed grid (calendar quarters, regions) and no cut by programme: two tables cut
    # differently (a month and its quarter, a commune and its region, with and without a
    # programme) would let a reader subtract one from the other and find a count under 5.
    del programme
    periods = calendar_quarters(min(a for a, _ in periods), max(b for _, b in periods))
    categories = list(Vulnerability.values)
    area = trend_area(community)
    in_period = Q()
    for start, end in periods:
        in_period |= Q(screened_on__gte=start, screened_on__lte=end)
    screenings = (
        VulnerabilityScreening.objects.filter(
            _in_area(area.pk, "case__person__current_location"),
            case__organisation_id=community.organisation_id,
        )
        .exclude(categories=[])
        .filter(in_period)
    )
    cells, row_totals = _tables(screenings, periods, categories).get(
        None, ([[0] * len(categories) for _p in periods], [0] * len(periods))
    )
    table = protect_small_counts(cells, row_totals, [0] * len(categories), 0)
    shown_cells, shown_rows = table.cells, table.row_totals
    if area.level == 0:
        # A country's table is the sum of its regions' (and of the places at the country
        # itself): a figure is hidden wherever one of those parts hides one, or the country's
        # figure less the regions' shown would give it.
        for part_cells, part_rows in _tables(
            screenings, periods, categories, by_region=True
        ).values():
            part = protect_small_counts(part_cells, part_rows, [0] * len(categories), 0)
            for i, row in enumerate(part.cells):
                for j, value in enumerate(row):
                    if isinstance(value, str) and not isinstance(shown_cells[i][j], str):
                        shown_cells[i][j] = HIDDEN
                if isinstance(part.row_totals[i], str) and not isinstance(shown_rows[i], str):
                    shown_rows[i] = HIDDEN
    # Totals over several quarters are not shown either: two windows of quarters would give
    # their difference.
    table = ProtectedTable(shown_cells, shown_rows, [HIDDEN] * len(categories), HIDDEN)
    return CaseTrend(categories, list(periods), table)


def calendar_quarters(start: date, end: date) -> list[tuple[date, date]]:
    """The calendar quarters from the one holding `start` to the one holding `end`."""
    first = date(start.year, 3 * ((start.month - 1) // 3) + 1, 1)
    found = []
    while first <= end:
        following = date(first.year + (first.month + 2) // 12, (first.month + 2) % 12 + 1, 1)
        found.append((first, following - timedelta(days=1)))
        first = following
    return found
