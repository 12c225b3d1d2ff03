"""The lists of the apps below, as exports (registered by `ExportsConfig.ready()`).

Rows are read only through each app's selector (which asks `sutura.access`); what a reader may
see of a row is what the owning app says: the case columns come from the central case
export's field groups (`sutura.core.case_export`, whose `values(user, case)` give only what
that user may read), a meeting participant is named only as `access.meetings.participant_view`
allows. A column left empty is withheld from this reader, never guessed.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext_lazy as _

from sutura.access.meetings import meeting_standing, participant_view
from sutura.accounts.roles import Perm
from sutura.cases.models import CaseStatus, CaseType
from sutura.cases.selectors import CaseFilters, cases_for
from sutura.core import case_export, indicators
from sutura.exports import hxl
from sutura.exports.registry import Column, ExportList, Row, register
from sutura.meetings import selectors as meeting_selectors
from sutura.mentoring.models import ActivityKind
from sutura.mentoring.selectors.activities import ActivityFilters, activities_for
from sutura.referrals.models import ReferralStatus, Urgency
from sutura.referrals.selectors import ReferralFilters, referrals_for

# --- cases: the central case export's fields, as this reader may read them ------------------

CASE_FIELDS = (
    ("case.number", False),
    ("case.type", False),
    ("case.status", False),
    ("case.opened_on", False),
    ("case.closed_on", False),
    ("case.priority", False),
    ("case.risk_level", False),
    ("case.flags", False),
    ("case.case_manager_name", False),
    ("person.identifier", True),
    ("person.given_names", True),
    ("person.family_name", True),
    ("person.sex", False),
    ("person.birth_date", True),
    ("person.nationality", False),
    ("person.phones", True),
    ("person.current_place_pcode", False),
    ("person.current_place_name", False),
    ("screening.last_date", False),
    ("screening.categories", False),
    ("plan.status", False),
)
CASE_GROUPS = ("case", "person", "screening", "plan")


def _case_columns() -> tuple[Column, ...]:
    known = case_export.fields()
    return tuple(
        Column(key, known[key].label, identifies=identifies)
        for key, identifies in CASE_FIELDS
        if key in known
    )


def _case_filters(filters: dict[str, str]) -> CaseFilters:
    return CaseFilters(status=filters.get("status", ""), case_type=filters.get("case_type", ""))


def case_rows(user: Any, filters: dict[str, str]) -> Iterator[Row]:
    groups = [group for group in case_export.groups() if group.name in CASE_GROUPS]
    for case in cases_for(user, _case_filters(filters)).iterator(chunk_size=500):
        row: Row = {}
        for group in groups:
            row.update(group.read(user, case))
        if row:  # nothing readable (a mentor's minimal view): not a row of this export
            yield row


def case_count(user: Any, filters: dict[str, str]) -> int:
    return cases_for(user, _case_filters(filters)).count()


# --- referrals: the referral's own facts, never the reason or the person --------------------

REFERRAL_COLUMNS = (
    Column("number", _("Reference")),
    Column("status", _("Status")),
    Column("category", _("Need")),
    Column("urgency", _("Urgency")),
    Column("from_organisation", _("Referring organisation")),
    Column("to_organisation", _("Receiving organisation")),
    Column("service", _("Service")),
    Column("sent_at", _("Sent at")),
    Column("respond_by", _("Answer due by")),
    Column("answered_at", _("Answered at")),
    Column("ended_at", _("Ended at")),
    Column("outcome", _("Outcome")),
)


def _referral_filters(filters: dict[str, str]) -> ReferralFilters:
    return ReferralFilters(
        direction=filters.get("direction", ""),
        status=filters.get("status", ""),
        urgency=filters.get("urgency", ""),
    )


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def referral_rows(user: Any, filters: dict[str, str]) -> Iterator[Row]:
    for referral in referrals_for(user, _referral_filters(filters)).iterator(chunk_size=500):
        yield {
            "number": referral.number,
            "status": referral.status,
            "category": referral.category,
            "urgency": referral.urgency,
            "from_organisation": str(referral.from_organisation or ""),
            "to_organisation": str(referral.to_organisation or ""),
            "service": str(referral.service or ""),
            "sent_at": _iso(referral.sent_at),
            "respond_by": _iso(referral.respond_by),
            "answered_at": _iso(referral.answered_at),
            "ended_at": _iso(referral.ended_at),
            "outcome": referral.outcome,
        }


def referral_count(user: Any, filters: dict[str, str]) -> int:
    return referrals_for(user, _referral_filters(filters)).count()


# --- mentoring activities: the log, without its free notes ----------------------------------

ACTIVITY_COLUMNS = (
    Column("occurred_on", _("Date")),
    Column("kind", _("Kind")),
    Column("mentor", _("Mentor")),
    Column("case_number", _("Case number"), identifies=True),
    Column("sex", _("Sex")),
    Column("age_group", _("Age group")),
    Column("duration_minutes", _("Duration (minutes)")),
    Column("session_kind", _("Session")),
    Column("distress", _("Signs of distress")),
    Column("follow_up_needed", _("Follow-up needed")),
)


def _activity_filters(filters: dict[str, str]) -> ActivityFilters:
    return ActivityFilters(kind=filters.get("kind", ""), period=filters.get("period", "all"))


def activity_rows(user: Any, filters: dict[str, str]) -> Iterator[Row]:
    for activity in activities_for(user, _activity_filters(filters)).iterator(chunk_size=500):
        yield {
            "occurred_on": _iso(activity.occurred_on),
            "kind": activity.kind,
            "mentor": activity.mentor.get_full_name() if activity.mentor else "",
            "case_number": activity.case.number if activity.case_id and activity.case else "",
            "sex": activity.sex,
            "age_group": activity.age_group,
            "duration_minutes": activity.duration_minutes,
            "session_kind": activity.session_kind,
            "distress": activity.distress,
            "follow_up_needed": activity.follow_up_needed,
        }


def activity_count(user: Any, filters: dict[str, str]) -> int:
    return activities_for(user, _activity_filters(filters)).count()


# --- meeting attendance: the sheets of the meetings the reader records ----------------------

ATTENDANCE_COLUMNS = (
    Column("meeting", _("Meeting")),
    Column("starts_at", _("Date")),
    Column("name", _("Name"), identifies=True),
    Column("organisation", _("Organisation")),
    Column("category", _("Category")),
    Column("sex", _("Sex")),
    Column("age_group", _("Age group")),
    Column("attended", _("Present")),
    Column("signed", _("Signed the sheet")),
)


def _meetings(user: Any, filters: dict[str, str]) -> Any:
    return meeting_selectors.meetings_for(
        user, meeting_selectors.MeetingFilters(period=filters.get("period", ""))
    )


def attendance_rows(user: Any, filters: dict[str, str]) -> Iterator[Row]:
    for meeting in _meetings(user, filters):
        records = meeting_standing(user, meeting).records
        if not records:
            continue  # a sheet is the recorders' (those who only see a meeting get its counts)
        for participant in meeting_selectors.participants_of(user, meeting):
            named = participant_view(user, participant, records=records).person
            yield {
                "meeting": meeting.title,
                "starts_at": _iso(meeting.starts_at),
                "name": participant.display_name if named else "",
                "organisation": participant.organisation_label,
                "category": participant.category,
                "sex": participant.sex,
                "age_group": participant.age_group,
                "attended": participant.attended,
                "signed": participant.signed,
            }


def attendance_count(user: Any, filters: dict[str, str]) -> int:
    # The meetings, not their participants: the bar moves meeting by meeting.
    return _meetings(user, filters).count()


def register_all() -> None:
    register(
        ExportList(
            code="cases",
            label=_("Cases"),
            perms=(Perm.VIEW_PERSONS,),
            columns=_case_columns(),
            rows=case_rows,
            count=case_count,
            filters={"status": tuple(CaseStatus.values), "case_type": tuple(CaseType.values)},
        )
    )
    register(
        ExportList(
            code="referrals",
            label=_("Referrals"),
            perms=(Perm.MAKE_REFERRALS, Perm.HANDLE_INCOMING_REFERRALS),
            columns=REFERRAL_COLUMNS,
            rows=referral_rows,
            count=referral_count,
            filters={
                "direction": ("incoming", "outgoing"),
                "status": (*ReferralStatus.values, "active", "ended"),
                "urgency": tuple(Urgency.values),
            },
        )
    )
    register(
        ExportList(
            code="mentoring_activities",
            label=_("Mentoring activities"),
            perms=(Perm.RECORD_MENTORING, Perm.SUPERVISE_MENTORS),
            columns=ACTIVITY_COLUMNS,
            rows=activity_rows,
            count=activity_count,
            filters={"kind": tuple(ActivityKind.values), "period": ("week", "month", "all")},
        )
    )
    register(
        ExportList(
            code="attendance",
            label=_("Meeting attendance"),
            perms=(Perm.RECORD_MEETINGS,),
            columns=ATTENDANCE_COLUMNS,
            rows=attendance_rows,
            count=attendance_count,
            filters={"period": ("month", "quarter", "year", "past")},
        )
    )
    aggregates = (Perm.EXPORT_AGGREGATES, Perm.VIEW_INDICATORS)
    register(
        ExportList(
            code="directory_3w",
            label=_("Who does what where (3W/4W): the service directory"),
            perms=aggregates,
            columns=hxl.DIRECTORY_COLUMNS,
            rows=hxl.directory_rows,
            count=hxl.directory_count,
            formats=("hxl", "csv", "xlsx"),
            aggregate=True,
        )
    )
    register(
        ExportList(
            code="indicator_table",
            label=_("An indicator by region, sex and age group"),
            perms=aggregates,
            columns=hxl.indicator_columns(),
            rows=hxl.indicator_rows,
            count=hxl.indicator_count,
            filters={"indicator": _indicator_codes, "period": None},
            required=("indicator", "period"),
            check=_check_indicator,
            formats=("hxl", "csv", "xlsx"),
            aggregate=True,
        )
    )


def _indicator_codes() -> tuple[str, ...]:
    return tuple(
        indicator.code
        for indicator in indicators.all_indicators()
        if set(hxl.BY) <= set(indicator.dimensions)
    )


def _check_indicator(filters: dict[str, str]) -> None:
    try:
        indicators.Period.parse(filters["period"])
    except (ValueError, KeyError):
        raise ValueError("period") from None
