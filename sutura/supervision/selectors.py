"""Reads of the supervision pages, through the access layer (`sutura.access.supervision`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.db.models import QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from sutura.access import supervision as rules
from sutura.access import visible
from sutura.access.meetings import records_in_context
from sutura.accounts.models import User
from sutura.accounts.roles import Role
from sutura.audit.models import Action
from sutura.audit.services import record, record_read
from sutura.cases.models import Case, CaseStatus, Priority
from sutura.meetings.models import Meeting
from sutura.people.selectors import FIGURES_CACHE_SECONDS
from sutura.supervision.models import SupervisionNote

# The figures of a caseload row, in the order shown, with their labels.
OTHER_FIGURES = {
    "overdue": _("Follow-up overdue"),
    "inactive": _("Inactive"),
    "children": _("Children"),
    "trafficking": _("Trafficking"),
}


def figure_labels() -> dict[str, Any]:
    labels: dict[str, Any] = {"open": _("Open cases")}
    labels |= {f"status_{s}": CaseStatus(s).label for s in rules.OPEN_STATUSES}
    labels |= {f"priority_{p}": Priority(p).label for p in reversed(Priority.values)}
    return labels | OTHER_FIGURES


def inactive_days() -> int:
    return int(getattr(settings, "SUTURA_SUPERVISION_INACTIVE_DAYS", 30))


@dataclass
class Figure:
    code: str
    label: Any
    count: int
    url: str


@dataclass
class CaseloadRow:
    manager: User
    open: int
    former: bool = False  # a deactivated account still holding open cases
    statuses: list[Figure] = field(default_factory=list)
    priorities: list[Figure] = field(default_factory=list)
    others: list[Figure] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.manager.get_full_name() or self.manager.get_username()


def _link(manager: User, code: str) -> str:
    """The case list filtered, where its filters say the same (its case-manager filter offers
    the case manager role only, active accounts only); this app's list of the caseload's cases
    otherwise."""
    if Role.CASE_MANAGER in manager.roles and manager.is_active:
        if code.startswith("status_"):
            query = {"case_manager": manager.pk, "status": code.removeprefix("status_")}
            return f"{reverse('cases:list')}?{urlencode(query)}"
        if code == "overdue":
            query = {"case_manager": manager.pk, "overdue": "on", "sort": "follow_up"}
            return f"{reverse('cases:list')}?{urlencode(query)}"
    url = reverse("supervision:caseload_cases", args=[manager.pk])
    return f"{url}?{urlencode({'figure': code})}"


def _row(manager: User, counts: dict[str, int]) -> CaseloadRow:
    labels = figure_labels()
    row = CaseloadRow(manager=manager, open=counts.get("open", 0))
    for code, label in labels.items():
        if code == "open":
            continue
        figure = Figure(code, label, counts.get(code, 0), _link(manager, code))
        if code.startswith("status_"):
            row.statuses.append(figure)
        elif code.startswith("priority_"):
            row.priorities.append(figure)
        else:
            row.others.append(figure)
    return row


def caseload(user: Any, *, api: bool = False) -> list[CaseloadRow]:
    """One row per case manager of the supervisor's organisation (two queries: the people,
    then every figure in one aggregate). The read is logged (it names colleagues' work)."""
    managers = list(rules.case_managers(user))
    counts = rules.caseload_counts(user, timezone.localdate(), inactive_days())
    record(
        Action.READ,
        actor=user,
        detail=gettext_noop("API caseloads") if api else gettext_noop("caseloads"),
    )
    rows = [_row(manager, counts.get(manager.pk, {})) for manager in managers]
    if set(counts) - {manager.pk for manager in managers}:  # someone left with open cases
        for former in rules.former_case_managers(user):
            row = _row(former, counts.get(former.pk, {}))
            row.former = True
            rows.append(row)
    return rows


def totals(rows: list[CaseloadRow]) -> dict[str, int]:
    """The organisation's open, overdue and inactive cases (the home card)."""
    found = {"open": sum(row.open for row in rows), "overdue": 0, "inactive": 0}
    for row in rows:
        for figure in row.others:
            if figure.code in found:
                found[figure.code] += figure.count
    return found


def supervised_manager(user: Any, user_id: Any) -> User:
    """A caseload the supervisor may open (404 otherwise): an active colleague's, or a
    deactivated account's still holding open cases."""
    manager = rules.caseload_holder(user, user_id)
    if manager is None:
        raise Http404
    return manager


def caseload_cases(user: Any, manager: User, figure: str) -> QuerySet[Case]:
    """The open cases of one caseload behind one figure (404 for an unknown figure)."""
    if figure != "open" and figure not in figure_labels():
        raise Http404
    cases = rules.cases_in_figure(user, manager, figure, timezone.localdate(), inactive_days())
    return cases.select_related("person").order_by("-priority", "next_follow_up_on", "number")


def reassignable_cases(user: Any, ids: Any) -> QuerySet[Case]:
    return rules.reassignable(user, ids).select_related("case_manager")


# --- supervision notes --------------------------------------------------------------------------


def notes_of_case(user: Any, case: Case) -> list[SupervisionNote]:
    return list(
        visible(user, SupervisionNote)
        .filter(case=case)
        .select_related("author")
        .order_by("-noted_on", "-created_at")
    )


def case_section(user: Any, case: Case) -> dict[str, Any] | None:
    """The case page's supervision section: None (nothing shown) for anyone who does not read
    the notes. Reading them is logged."""
    if not rules.reads_notes(user, case):
        return None
    notes = notes_of_case(user, case)
    if notes:
        record_read(user, case, detail=gettext_noop("supervision notes"))
    return {
        "notes": notes,
        "writes": rules.writes_notes(user, case),
        "conference_context": rules.CASE_CONFERENCE,
    }


def note_for(user: Any, pk: Any) -> SupervisionNote:
    try:
        note = visible(user, SupervisionNote).select_related("author", "case").get(pk=pk)
    except (SupervisionNote.DoesNotExist, ValueError, TypeError) as error:
        raise Http404 from error
    return note


# --- case conferences ---------------------------------------------------------------------------


def conferences_section(user: Any, case: Case) -> dict[str, Any] | None:
    """The case page's case conferences (meetings of the context `case_conference`), for the
    case team: those who record them (`access.meetings.records_in_context`)."""
    if not records_in_context(user, rules.CASE_CONFERENCE, case.pk):
        return None
    meetings = visible(user, Meeting).filter(context_kind=rules.CASE_CONFERENCE, context_id=case.pk)
    return {
        "meetings": list(meetings.order_by("-starts_at")[:20]),
        "context": rules.CASE_CONFERENCE,
    }


def supervised_manager_or_none(user: Any, user_id: Any) -> User | None:
    return rules.case_manager(user, user_id)


def caseload_totals(user: Any, *, fresh: bool = False) -> dict[str, Any]:
    """The organisation's open, overdue and inactive cases (the home card): counts only,
    counted once per user every `FIGURES_CACHE_SECONDS` unless `fresh`; `as_of` says when."""
    today = timezone.localdate()
    key = f"supervision:totals:{user.pk}:{today.isoformat()}"
    cached = None if fresh else cache.get(key)
    if cached is None:
        counts = rules.caseload_counts(user, today, inactive_days())
        found = {
            name: sum(row.get(name, 0) for row in counts.values())
            for name in ("open", "overdue", "inactive")
        }
        cached = {**found, "as_of": timezone.now()}
        cache.set(key, cached, FIGURES_CACHE_SECONDS)
    return dict(cached)
