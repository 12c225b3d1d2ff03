"""The URL × role matrix: how each URL pattern of the project (pages and API) is requested, and
what the access rules say each user gets. `test_url_matrix_pages_1.py`, `_pages_2.py` and
`test_url_matrix_api.py` ask it of every role of two organisations (their second case
managers, an outside organisation's agent, an account without an organisation) and of an
anonymous visitor, on real records of both organisations (`tests/worlds.py`); each answer must
be what the rules say, must match the committed table `url_matrix.txt` (so a change of who
reaches what shows in review), and an allowed read of personal data must be in the audit log.

A new URL pattern without an entry in `ROUTES` fails `test_every_url_pattern_has_an_entry`:
say how to call it and who may reach it. The answers are printed at the end of the run
(`tests/matrix_report.py`). After a deliberate change of the rules, rewrite the table with
`SUTURA_WRITE_URL_MATRIX=1 pytest -p no:xdist sutura/access/tests/test_url_matrix_*.py` and
review its diff.

Outcomes: OK (the page or the answer: 2xx, a redirect elsewhere than the login, or for a write
a refused input 400 / a workflow refusal 409), FORBIDDEN (403: the role may not), MISSING
(404: the record does not exist for this user), LOGIN (not signed in). Writes (POST) run inside
a transaction rolled back after each request, so the world stays as built.
"""

from __future__ import annotations

import importlib
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.db.models.signals import post_save
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from sutura.access import can, visible
from sutura.access.cases import CaseStanding, case_standing, works_on
from sutura.access.people import works_on_person
from sutura.access.privacy import handles_requests_for
from sutura.access.referrals import standing
from sutura.accounts.middleware import LAST_SEEN_KEY
from sutura.accounts.roles import Perm, Role
from sutura.audit.models import Action, AuditEntry
from sutura.cases.models import CaseDocument
from sutura.directory.models import Pathway, Service, ServiceChange
from sutura.notifications.models import Notification
from sutura.people.models import Consent
from sutura.privacy.models import DataRequest
from sutura.referrals.models import Referral
from sutura.referrals.services import workflow
from sutura.referrals.sharing import readable_sections, shared_case_for
from tests import matrix_report
from tests.worlds import MEMBER_SINCE, World, build_world

OK, FORBIDDEN, MISSING, LOGIN = "ok", "403", "404", "login"
Expect = Callable[[Any, World, Any], str]
Records = Callable[[World], dict[str, tuple[dict[str, Any], Any]]]


# --- how each answer is judged --------------------------------------------------------------


def outcome(response: Any, *, api: bool) -> str:
    code = response.status_code
    if code == 302 and "/login/" in response.get("Location", ""):
        return LOGIN
    if api and code in (401, 403) and _not_authenticated(response):
        return LOGIN
    if code == 403:
        return FORBIDDEN
    if code == 404:
        return MISSING
    if code in (200, 201, 204, 302, 400, 409):
        return OK
    return f"unexpected {code}"


def _not_authenticated(response: Any) -> bool:
    try:
        return response.json()["error"]["code"] == "not_authenticated"
    except (ValueError, KeyError, TypeError):
        return False


# --- the rules, as the access layer states them ------------------------------------------------


def signed_in(user: Any, world: World, record: Any) -> str:
    return OK


def gate(*perms: Perm, row: Callable[[Any, Any], bool] | None = None) -> Expect:
    """403 without one of `perms` (when given), then 404 unless `row(user, record)`."""

    def expect(user: Any, world: World, record: Any) -> str:
        if perms and not any(can(user, perm) for perm in perms):
            return FORBIDDEN
        if row is not None and not row(user, record):
            return MISSING
        return OK

    return expect


def row_then_gate(row: Callable[[Any, Any], bool], allowed: Callable[[Any, Any], bool]) -> Expect:
    """404 unless `row(user, record)`, then 403 unless `allowed(user, record)`."""

    def expect(user: Any, world: World, record: Any) -> str:
        if not row(user, record):
            return MISSING
        return OK if allowed(user, record) else FORBIDDEN

    return expect


def sees_case(user: Any, case: Any) -> bool:
    return case_standing(user, case) != CaseStanding.NONE


def in_view(model: Any) -> Callable[[Any, Any], bool]:
    return lambda user, record: visible(user, model).filter(pk=record.pk).exists()


def sees_referral(user: Any, referral: Referral) -> bool:
    return standing(user, referral).sees


def staff(user: Any, world: World, record: Any) -> str:
    return OK if user.is_staff else LOGIN


# --- which records each URL is asked about ---------------------------------------------------


def none(world: World) -> dict[str, tuple[dict[str, Any], Any]]:
    return {"": ({}, None)}


def per_side(name: str, attribute: str) -> Records:
    """One record of each organisation: `attribute` of each side, as the URL argument `name`."""

    def records(world: World) -> dict[str, tuple[dict[str, Any], Any]]:
        found = {}
        for side_name, side in (("A", world.a), ("B", world.b)):
            record = getattr(side, attribute)
            found[f"{attribute} {side_name}"] = ({name: record.pk}, record)
        return found

    return records


def of_world(name: str, *attributes: str) -> Records:
    def records(world: World) -> dict[str, tuple[dict[str, Any], Any]]:
        return {
            attribute: ({name: getattr(world, attribute).pk}, getattr(world, attribute))
            for attribute in attributes
        }

    return records


# Every referral of the world, and those the steps are taken on (every kind of standing).
STEP_REFERRALS = (
    "referral_ab",
    "referral_ba",
    "internal_a",
    "draft_a",
    "onward_ba",
    "declined_ab",
    "outside_a",
    "by_mentor_a",
)
ALL_REFERRALS = (*STEP_REFERRALS, "completed_ab", "closed_ab")
referrals = of_world("pk", *ALL_REFERRALS)


def each_case(name: str) -> Records:
    """Both cases of each side (the case manager's and their colleague's), as `name`."""

    def records(world: World) -> dict[str, tuple[dict[str, Any], Any]]:
        return {
            f"{what} {side_name}": ({name: getattr(side, what).pk}, getattr(side, what))
            for side_name, side in (("A", world.a), ("B", world.b))
            for what in ("case", "other_case")
        }

    return records


cases = each_case("case_id")


def people(world: World) -> dict[str, tuple[dict[str, Any], Any]]:
    """Each side's person with a case, and A's person without one."""
    found = per_side("person_id", "person")(world)
    found["lone person A"] = ({"person_id": world.lone_person.pk}, world.lone_person)
    return found


def about(records: Records) -> Records:
    """The same records, for a URL without argument: each goes in the data or the query."""

    def found(world: World) -> dict[str, tuple[dict[str, Any], Any]]:
        return {label: ({}, record) for label, (_kw, record) in records(world).items()}

    return found


def documents(world: World) -> dict[str, tuple[dict[str, Any], Any]]:
    return {
        f"{what} {side_name}": ({"document_id": getattr(side, what).pk}, getattr(side, what))
        for side_name, side in (("A", world.a), ("B", world.b))
        for what in ("document", "restricted_document")
    }


def api_records(attribute: str) -> Records:
    return per_side("pk", attribute)


Data = dict[str, Any] | Callable[[World, Any], dict[str, Any]]


@dataclass(frozen=True)
class Route:
    expect: Expect
    records: Records = none
    method: str = "get"
    data: Data = field(default_factory=dict)  # or (world, record) -> the data to send
    query: Data = field(default_factory=dict)  # the same, for a GET's query string
    audited: bool = True  # an allowed GET leaves a read (or an export) in the audit log
    public: bool = False  # an anonymous visitor gets it too (what `expect` says)
    api: bool = False
    own_session: bool = False  # the request ends the session: made with a fresh one

    def values(self, given: Data, world: World, record: Any) -> dict[str, Any]:
        return given(world, record) if callable(given) else given


def page(expect: Expect, records: Records = none, **options: Any) -> Route:
    return Route(expect, records, **options)


def api(expect: Expect, records: Records = none, **options: Any) -> Route:
    return Route(expect, records, api=True, **options)


def post(expect: Expect, records: Records = none, **options: Any) -> Route:
    return Route(expect, records, method="post", **options)


def api_post(expect: Expect, records: Records = none, **options: Any) -> Route:
    return Route(expect, records, method="post", api=True, **options)


CASE_TEAM = gate(Perm.MANAGE_CASES, row=works_on)
PERSON_EDIT = gate(Perm.EDIT_PERSONS, row=works_on_person)
DIRECTORY = gate(Perm.MANAGE_DIRECTORY)
persons = people


def data_requests(world: World) -> dict[str, tuple[dict[str, Any], Any]]:
    found = {}
    for side_name, side in (("A", world.a), ("B", world.b)):
        record = DataRequest.objects.get(person=side.person)
        found[f"data request {side_name}"] = ({"pk": record.pk}, record)
    return found


def exports(world: World) -> dict[str, tuple[dict[str, Any], Any]]:
    return {
        f"{label} {fmt}": ({**kwargs, "fmt": fmt}, record)
        for label, (kwargs, record) in people(world).items()
        for fmt in ("pdf", "json")
    }


HANDLES_PERSON = gate(Perm.HANDLE_DATA_REQUESTS, row=handles_requests_for)
HANDLES_REQUEST = gate(Perm.HANDLE_DATA_REQUESTS, row=in_view(DataRequest))


def deliver(world: World) -> dict[str, tuple[dict[str, Any], Any]]:
    return {
        f"item {name}": ({"case_id": side.case.pk, "item_id": side.item.pk}, side.case)
        for name, side in (("A", world.a), ("B", world.b))
    }


def shared_documents(world: World) -> dict[str, tuple[dict[str, Any], Any]]:
    referral, document = world.referral_ab, world.a.document
    return {
        "shared document": ({"pk": referral.pk, "document_id": document.pk}, referral),
        "restricted document": (
            {"pk": referral.pk, "document_id": world.a.restricted_document.pk},
            None,
        ),
    }


def reads_shared_document(user: Any, world: World, referral: Referral | None) -> str:
    if referral is None:
        return MISSING  # a restricted document never leaves through a referral
    if not sees_referral(user, referral):
        return MISSING
    return OK if "documents" in readable_sections(standing(user, referral)) else MISSING


def referral_pdf(user: Any, world: World, referral: Referral) -> str:
    if not sees_referral(user, referral):
        return MISSING
    return MISSING if shared_case_for(user, referral, audit=False).ended else OK


def may_take(action: str) -> Callable[[Any, Referral], bool]:
    """May the user, where they stand, ask for this step at all? (403 otherwise.) The step may
    still be refused by the workflow from the referral's status (409, or the page says why)."""

    def allowed(user: Any, referral: Referral) -> bool:
        who = standing(user, referral)
        draft = referral.status == "draft"
        if action in {"acknowledge", "accept", "decline", "start", "complete"}:
            return not draft and who.answers_for_provider
        if action == "update":
            return who.sender or who.receiver
        if action == "close":
            return (who.sender or who.receiver) and (who.sender or not draft)
        if action == "send":
            return who.sender
        if action == "confirm_sharing":  # the case team decides what leaves about the person
            return who.case_team
        return workflow.may_refer_onward(who)  # onward

    return allowed


# What each step by page posts (its form's fields, prefixed by the step's name).
PAGE_STEP_DATA: dict[str, Data] = {
    "decline": {"decline-decline_reason": "other", "decline-note": "Hors zone"},
    "complete": {"complete-outcome": "provided", "complete-feedback": "Reçue"},
    "close": {"close-closure_reason": "other", "close-note": "Injoignable"},
    "update": {"update-note": "Rendez-vous pris"},
    "confirm_sharing": lambda world, referral: {
        "confirm_sharing-shared_sections": ["identity"],
        "confirm_sharing-version": referral.version,
    },
}
PAGE_STEPS = (
    "send",
    "acknowledge",
    "accept",
    "decline",
    "start",
    "update",
    "complete",
    "close",
    "confirm_sharing",
)


def step(name: str) -> Route:
    """A workflow step by page: 404 unless the user deals with the referral, 403 unless their
    side may take it (the service refuses); otherwise done, or refused with the reason."""
    return post(
        row_then_gate(sees_referral, may_take(name)),
        lambda w: _with_action(w, name),
        data=PAGE_STEP_DATA.get(name, {}),
    )


def _with_action(world: World, action: str) -> dict[str, tuple[dict[str, Any], Any]]:
    return {
        f"{attribute} {action}": (
            {"pk": getattr(world, attribute).pk, "action": action},
            getattr(world, attribute),
        )
        for attribute in STEP_REFERRALS
    }


# What each step needs to reach its service (so the side is what decides, not the input).
STEP_DATA: dict[str, Data] = {
    "decline": {"reason": "other", "note": "Hors zone"},
    "complete": {"outcome": "provided", "feedback": "Reçue"},
    "close": {"reason": "other", "note": "Injoignable"},
    "update": {"note": "Rendez-vous pris"},
    "confirm_sharing": lambda world, referral: {
        "shared_sections": ["identity"],
        "version": referral.version,
    },
}


def api_step(name: str) -> Route:
    data: Data = STEP_DATA.get(name, {})
    if name == "onward":  # to the other side's service: never one's own organisation
        data = _onward
    return api_post(
        row_then_gate(sees_referral, may_take(name)), of_world("pk", *STEP_REFERRALS), data=data
    )


def _onward(world: World, referral: Referral) -> dict[str, Any]:
    elsewhere = world.a if referral.to_organisation_id != world.a.organisation.pk else world.b
    return {"reason": "Suivi", "service": str(elsewhere.service.pk)}


def photo(user: Any, world: World, person: Any) -> str:
    """The photo, to those who may see the person, when there is one (and its consent)."""
    return OK if works_on_person(user, person) and person.photo else MISSING


def onward(user: Any, referral: Referral) -> bool:
    return workflow.may_refer_onward(standing(user, referral))


def edits(user: Any, referral: Referral) -> bool:
    return workflow.may_edit(standing(user, referral))


def change_detail(user: Any, world: World, change: ServiceChange) -> str:
    return OK if in_view(ServiceChange)(user, change) else MISSING


REFERRALS = (Perm.HANDLE_INCOMING_REFERRALS, Perm.MAKE_REFERRALS)
PROPOSALS = (Perm.PROPOSE_DIRECTORY_CHANGES, Perm.MANAGE_DIRECTORY)


def on_case(*perms: Perm) -> Expect:
    """A write about a case given in the input: the role (403), then the case (404)."""
    return gate(*perms, row=lambda user, record: works_on(user, record.case))


def a_form(*routes: Route) -> tuple[Route, ...]:
    """A page with a form: asked by GET, and posted empty (the same rule decides)."""
    first = routes[0]
    empty = Route(first.expect, first.records, method="post", audited=False)
    return (*routes, empty)


def with_record(make: Callable[[Any], dict[str, Any]]) -> Data:
    return lambda world, record: make(record)


def no_such_token(world: World) -> dict[str, tuple[dict[str, Any], Any]]:
    return {"not one's own": ({"prefix": "0123456789abcde"}, None)}


def service_panel(world: World, case: Any) -> dict[str, Any]:
    return {"service": str(world.b.service.pk), "case": str(case.pk)}


ROUTES: dict[str, Route | tuple[Route, ...]] = {
    # --- the platform (no personal data shown)
    "core:home": page(signed_in, audited=False),
    "set_language": post(signed_in, public=True, data={"language": "fr", "next": "/"}),
    "accounts:login": page(signed_in, public=True, audited=False),
    "accounts:logout": post(lambda *_: LOGIN, public=True, own_session=True),
    "accounts:password_change": page(signed_in, audited=False),
    "accounts:profile": page(signed_in, audited=False),
    # Sign-in security: each user's own second factor, tokens and session.
    "accounts:two_factor_verify": page(signed_in, audited=False),
    "accounts:two_factor": page(signed_in, audited=False),
    "accounts:tokens": (
        page(signed_in, audited=False),
        post(signed_in, data={"name": "matrix"}),
    ),
    "accounts:revoke_token": post(signed_in, no_such_token),
    "accounts:stay_signed_in": post(signed_in),
    "notifications:list": page(signed_in, audited=False),
    "notifications:open": post(
        gate(row=in_view(Notification)), per_side("notification_id", "notification")
    ),
    "audit:list": page(gate(Perm.VIEW_AUDIT_LOG), audited=False),
    "geo:picker": page(signed_in, audited=False),
    "admin:index": page(staff, audited=False),
    # --- people
    "people:list": page(gate(Perm.VIEW_PERSONS)),
    "people:register": a_form(page(gate(Perm.REGISTER_PERSONS), audited=False)),
    "people:detail": page(gate(row=works_on_person), persons),
    "people:edit": a_form(page(PERSON_EDIT, persons)),
    "people:consent": a_form(page(PERSON_EDIT, persons)),
    "people:document": a_form(page(PERSON_EDIT, persons)),
    "people:household": a_form(page(PERSON_EDIT, persons)),
    "people:photo": a_form(page(PERSON_EDIT, persons)),
    "people:photo_file": page(photo, persons),
    # --- cases
    "cases:list": page(gate(Perm.MANAGE_CASES)),
    "cases:counted": page(gate(Perm.VIEW_INDICATORS)),
    "cases:open": a_form(page(gate(Perm.MANAGE_CASES, row=works_on_person), persons)),
    "cases:detail": page(gate(row=sees_case), cases),
    "cases:edit": a_form(page(CASE_TEAM, cases)),
    "cases:move": post(CASE_TEAM, cases),
    "cases:reopen": a_form(page(CASE_TEAM, cases)),
    "cases:screening": a_form(page(CASE_TEAM, cases)),
    "cases:assessment": a_form(page(CASE_TEAM, cases)),
    "cases:plan": a_form(page(CASE_TEAM, cases)),
    "cases:plan_decide": post(gate(Perm.APPROVE_PLANS, row=works_on), cases),
    "cases:deliver": a_form(page(CASE_TEAM, deliver)),
    "cases:follow_up": a_form(page(CASE_TEAM, cases)),
    "cases:note": a_form(page(CASE_TEAM, cases)),
    "cases:document_upload": a_form(page(CASE_TEAM, cases)),
    "cases:document": page(gate(row=in_view(CaseDocument)), documents),
    # --- the service directory (not personal data; its exports are audited)
    "directory:list": page(signed_in, audited=False),
    "directory:map": page(signed_in, audited=False),
    "directory:pdf": page(signed_in),
    "directory:xlsx": page(signed_in),
    "directory:propose_new": a_form(page(gate(Perm.PROPOSE_DIRECTORY_CHANGES), audited=False)),
    "directory:detail": page(
        gate(row=in_view(Service)), per_side("service_id", "service"), audited=False
    ),
    "directory:propose_change": a_form(
        page(
            gate(Perm.PROPOSE_DIRECTORY_CHANGES, row=in_view(Service)),
            per_side("service_id", "service"),
            audited=False,
        )
    ),
    "directory:edit": a_form(
        page(
            gate(Perm.MANAGE_DIRECTORY, row=in_view(Service)),
            per_side("service_id", "service"),
            audited=False,
        )
    ),
    "directory:verify": post(
        gate(Perm.MANAGE_DIRECTORY, row=in_view(Service)), per_side("service_id", "service")
    ),
    "directory:changes": page(signed_in, audited=False),
    "directory:change_detail": page(
        change_detail, of_world("change_id", "proposal"), audited=False
    ),
    "directory:pathways": page(signed_in, audited=False),
    "directory:pathway_new": a_form(page(DIRECTORY, audited=False)),
    "directory:pathway": page(
        gate(row=in_view(Pathway)), of_world("pathway_id", "pathway"), audited=False
    ),
    "directory:pathway_edit": a_form(
        page(DIRECTORY, of_world("pathway_id", "pathway"), audited=False)
    ),
    "directory:step_add": a_form(page(DIRECTORY, of_world("pathway_id", "pathway"), audited=False)),
    "directory:step_edit": a_form(
        page(
            DIRECTORY,
            lambda w: {"step": ({"pathway_id": w.pathway.pk, "step_id": w.step.pk}, w.step)},
            audited=False,
        )
    ),
    "directory:step_remove": post(
        DIRECTORY, lambda w: {"step": ({"pathway_id": w.pathway.pk, "step_id": w.step.pk}, w.step)}
    ),
    # --- referrals
    "referrals:inbox": page(gate(*REFERRALS)),
    "referrals:list": page(gate(*REFERRALS)),
    "referrals:create": a_form(page(gate(Perm.MAKE_REFERRALS, row=sees_case), cases)),
    "referrals:service_info": (
        page(signed_in, audited=False),
        # with a case: the panel says whether the person may receive it, for the case team
        page(signed_in, about(cases), query=service_panel, audited=False),
    ),
    "referrals:service_options": page(signed_in, audited=False),
    "referrals:identification_pdf": page(gate(row=works_on), cases),
    "referrals:detail": page(gate(row=sees_referral), referrals),
    "referrals:edit": a_form(page(row_then_gate(sees_referral, edits), referrals)),
    "referrals:onward": a_form(
        page(row_then_gate(sees_referral, onward), referrals, audited=False)
    ),
    "referrals:pdf": page(referral_pdf, referrals),
    "referrals:act": tuple(step(name) for name in PAGE_STEPS),
    "referrals:document": page(reads_shared_document, shared_documents),
    "nrm:dashboard": page(gate(Perm.VIEW_NRM_DASHBOARD), audited=False),
    "nrm:dashboard_xlsx": page(gate(Perm.VIEW_NRM_DASHBOARD)),
    # --- data protection
    "privacy:list": page(gate(Perm.HANDLE_DATA_REQUESTS), audited=False),
    "privacy:request": a_form(page(HANDLES_PERSON, persons)),
    "privacy:export": page(HANDLES_PERSON, exports),
    "privacy:detail": a_form(page(HANDLES_REQUEST, data_requests)),
    "privacy:carry_out": post(HANDLES_REQUEST, data_requests),
    # --- the API
    "api-root": api(signed_in, audited=False),
    "api-me": api(signed_in, audited=False),
    "api-token": api_post(signed_in, public=True, data={"username": "x", "password": "y"}),
    "api-logout": api_post(signed_in),
    "api-tokens": api(signed_in, audited=False),
    # Only one's own tokens: someone else's (or none) is not found.
    "api-token-detail": Route(lambda *_: MISSING, no_such_token, method="delete", api=True),
    "api-schema": api(signed_in, public=True, audited=False),
    "api-docs": api(signed_in, public=True, audited=False),
    "api-person-list": (
        api(gate(Perm.VIEW_PERSONS)),
        api_post(gate(Perm.REGISTER_PERSONS), data={"given_names": "Awa", "family_name": "Fall"}),
    ),
    "api-person-detail": (
        api(gate(row=works_on_person), api_records("person")),
        Route(PERSON_EDIT, api_records("person"), method="patch", api=True, data={"version": 1}),
    ),
    "api-consent-list": (
        api(gate(Perm.VIEW_PERSONS)),
        api_post(
            gate(Perm.EDIT_PERSONS, row=works_on_person),
            about(people),
            data=with_record(
                lambda person: {
                    "person": str(person.pk),
                    "purpose": "photo",
                    "status": "given",
                    "method": "verbal",
                }
            ),
        ),
    ),
    "api-consent-detail": api(gate(row=in_view(Consent)), api_records("consent")),
    "api-consent-withdraw": api_post(
        gate(Perm.EDIT_PERSONS, row=in_view(Consent)), api_records("consent")
    ),
    "api-case-list": (
        api(gate(Perm.MANAGE_CASES, Perm.VIEW_ASSIGNED_PERSONS_MINIMAL)),
        api_post(
            gate(Perm.MANAGE_CASES, row=works_on_person),
            about(per_side("person_id", "person")),
            data=with_record(lambda p: {"person": str(p.pk), "case_type": "other"}),
        ),
    ),
    "api-case-detail": (
        api(gate(row=sees_case), each_case("pk")),
        Route(CASE_TEAM, each_case("pk"), method="patch", api=True, data={"version": 1}),
    ),
    "api-case-move": api_post(CASE_TEAM, each_case("pk"), data={"to_status": "closed"}),
    "api-case-reopen": api_post(CASE_TEAM, each_case("pk"), data={"reason": "Retour"}),
    "api-screening-list": (
        api(gate(Perm.MANAGE_CASES)),
        api_post(
            on_case(Perm.MANAGE_CASES),
            about(api_records("screening")),
            data=with_record(lambda r: {"case": str(r.case.pk), "categories": []}),
        ),
    ),
    "api-screening-detail": api(
        gate(row=lambda u, r: works_on(u, r.case)), api_records("screening")
    ),
    "api-assessment-list": (
        api(gate(Perm.MANAGE_CASES)),
        api_post(
            on_case(Perm.MANAGE_CASES),
            about(api_records("assessment")),
            data=with_record(lambda r: {"case": str(r.case.pk)}),
        ),
    ),
    "api-assessment-detail": api(
        gate(row=lambda u, r: works_on(u, r.case)), api_records("assessment")
    ),
    "api-follow-up-list": (
        api(gate(Perm.MANAGE_CASES)),
        api_post(
            on_case(Perm.MANAGE_CASES),
            about(api_records("follow_up")),
            data=with_record(
                lambda r: {"case": str(r.case.pk), "happened_on": "2026-01-27", "type": "phone"}
            ),
        ),
    ),
    "api-follow-up-detail": api(
        gate(row=lambda u, r: works_on(u, r.case)), api_records("follow_up")
    ),
    "api-plan-list": (
        api(gate(Perm.MANAGE_CASES)),
        api_post(
            on_case(Perm.MANAGE_CASES),
            about(api_records("plan")),
            data=with_record(lambda r: {"case": str(r.case.pk)}),
        ),
    ),
    "api-plan-detail": api(gate(row=lambda u, r: works_on(u, r.case)), api_records("plan")),
    "api-plan-items": api_post(on_case(Perm.MANAGE_CASES), api_records("plan")),
    "api-plan-submit": api_post(on_case(Perm.MANAGE_CASES), api_records("plan")),
    "api-plan-approve": api_post(on_case(Perm.APPROVE_PLANS), api_records("plan")),
    "api-plan-return": api_post(on_case(Perm.APPROVE_PLANS), api_records("plan")),
    "api-assistance-list": (
        api(gate(Perm.MANAGE_CASES)),
        api_post(
            gate(Perm.MANAGE_CASES, row=lambda u, item: works_on(u, item.plan.case)),
            about(api_records("item")),
            data=with_record(
                lambda item: {"item": str(item.pk), "delivered_on": "2026-01-27", "amount": "1"}
            ),
        ),
    ),
    "api-assistance-detail": api(
        gate(row=lambda u, r: works_on(u, r.item.plan.case)), api_records("delivery")
    ),
    "api-directory-service-list": api(signed_in, public=True, audited=False),
    "api-directory-service-detail": api(
        signed_in, per_side("pk", "service"), public=True, audited=False
    ),
    "api-directory-pathway-list": api(signed_in, public=True, audited=False),
    "api-directory-pathway-detail": api(
        signed_in, of_world("pk", "pathway"), public=True, audited=False
    ),
    "api-directory-proposal-list": api(gate(*PROPOSALS), audited=False),
    "api-directory-proposal-detail": api(
        gate(*PROPOSALS, row=in_view(ServiceChange)), of_world("pk", "proposal"), audited=False
    ),
    "api-directory-proposal-approve": api_post(DIRECTORY, of_world("pk", "proposal")),
    "api-directory-proposal-reject": api_post(DIRECTORY, of_world("pk", "proposal")),
    "api-referral-list": (
        api(signed_in),
        api_post(
            gate(Perm.MAKE_REFERRALS, row=sees_case),
            about(cases),
            data=lambda world, case: {
                "case": str(case.pk),
                "service": str(world.b.service.pk),
                "reason": "Suivi",
            },
        ),
    ),
    "api-referral-inbox": api(signed_in),
    "api-referral-detail": api(gate(row=sees_referral), referrals),
    "api-referral-history": api(gate(row=sees_referral), referrals),
    "api-referral-confirm-sharing": api_step("confirm_sharing"),
    **{
        f"api-referral-{name}": api_step(name)
        for name in (
            "acknowledge",
            "accept",
            "decline",
            "start",
            "update",
            "complete",
            "close",
            "send",
            "onward",
        )
    },
}


# Later apps keep their routes beside this module, one file each: `routes_<app>.py` holding a
# `ROUTES` dict built with the helpers above (their records come from `world.parts`).
for _path in sorted(Path(__file__).resolve().parent.glob("routes_*.py")):
    _routes = importlib.import_module(f"sutura.access.tests.{_path.stem}").ROUTES
    _twice = set(_routes) & set(ROUTES)
    assert not _twice, f"{_path.name}: routes already listed elsewhere: {sorted(_twice)}"
    ROUTES.update(_routes)


# --- the walk ---------------------------------------------------------------------------------


def pages_half(half: int) -> list[str]:
    """Half the page URL patterns (0 or 1): every other one by name, so that each half has its
    share of an app's pages, which cost alike. The pages are the matrix's longest part; in two
    files, two xdist workers share them (`--dist loadfile` keeps a file on one worker)."""
    pages = sorted(name for name in ROUTES if not name.startswith("api-"))
    return pages[half::2]


def url_names() -> set[str]:
    """Every named URL pattern of the project (the admin site counts as one: its index)."""
    found: set[str] = set()

    def walk(patterns: list[Any], namespace: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace == "admin":
                    found.add("admin:index")
                    continue
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern):
                found.add(f"{namespace}{pattern.name}" if pattern.name else str(pattern.pattern))

    walk(get_resolver().url_patterns, "")
    return found


def routes_of(name: str) -> tuple[Route, ...]:
    routes = ROUTES[name]
    return routes if isinstance(routes, tuple) else (routes,)


def build_matrix_world() -> World:
    world = build_world()
    admin = world.a.users[Role.SYSTEM_ADMIN]
    admin.is_staff = True  # the demo's administrator opens the Django admin
    admin.save(update_fields=["is_staff"])
    for side in (world.a, world.b):  # a pending erasure request on each side's person
        DataRequest.objects.create(
            person=side.person,
            organisation=side.organisation,
            kind="erasure",
            grounds="other",
            received_on=MEMBER_SINCE,
            recorded_by=side.users[Role.PROGRAMME_MANAGER],
        )
    return world


def new_client() -> Client:
    """A test client sharing the matrix's request handler: each `Client()` otherwise loads the
    middleware again at its first request (WhiteNoise listing every static file with it)."""
    client = Client()
    client.handler = _HANDLER
    return client


_HANDLER = Client().handler


def signed_in_clients(world: World) -> dict[str, tuple[Any, Client]]:
    """One signed-in client per user (their session made once), and a visitor's."""
    found: dict[str, tuple[Any, Client]] = {}
    for user in world.users():
        client = new_client()
        client.force_login(user)
        found[user.username] = (user, client)
    found["anonymous"] = (AnonymousUser(), new_client())
    return found


def ask_everyone(
    name: str, world: World, clients: dict[str, tuple[Any, Client]]
) -> tuple[list[str], list[str]]:
    """Request one URL pattern (each of its routes and records) as every user: the table rows
    of what they got, and what differs from the rules (or left no audit trace)."""
    rows: list[str] = []
    wrong: list[str] = []
    mark_seen_now(clients)
    for route in routes_of(name):
        for label, (kwargs, record) in route.records(world).items():
            url = reverse(name, kwargs=kwargs)
            answers = []
            for username, (user, client) in clients.items():
                if route.own_session:
                    client = new_client()
                    if user.is_authenticated:
                        client.force_login(user)
                got, written = _ask(client, route, url, user, world, record)
                expected = (
                    route.expect(user, world, record)
                    if user.is_authenticated or route.public
                    else LOGIN
                )
                answers.append(got)
                matrix_report.record(name, route.method, label, username, expected, got)
                where = f"{route.method.upper()} {url} ({label}) as {username}"
                if got != expected:
                    wrong.append(f"{where}: got {got}, the rules say {expected}")
                elif (
                    route.method == "get"
                    and route.audited
                    and got == OK
                    and user.pk
                    and not written - {Action.REFUSED}
                ):
                    wrong.append(f"{where}: answered without a trace in the audit log")
                elif got in (FORBIDDEN, MISSING) and user.pk and Action.REFUSED not in written:
                    wrong.append(f"{where}: refused without a 'refused access' audit entry")
            rows.append(table_row(name, route.method, label, answers))
    return rows, wrong


def mark_seen_now(clients: dict[str, tuple[Any, Client]]) -> None:
    """Each session seen just now, as its last request would have left it. Each request is
    rolled back, so without this every request of a module running for more than a minute
    would write its session again (the idle time-out's once-a-minute stamp): a third of a
    page's queries, and nothing the matrix checks. Done at the start of each test: the mark
    is rolled back with the test's transaction (the sessions, made for the module, would
    otherwise keep the module's start as their last activity and time out after 30 minutes)."""
    now = int(time.time())
    for user, client in clients.values():
        if user.is_authenticated:
            session = client.session
            session[LAST_SEEN_KEY] = now
            session.save()


def _ask(
    client: Client, route: Route, url: str, user: Any, world: World, record: Any
) -> tuple[str, set[str]]:
    """One request, inside a transaction rolled back afterwards: (outcome, the actions of the
    audit entries it wrote for its user). A signed-in user's allowed read must leave a read or
    an export; a refusal (403/404) a 'refused access' entry."""
    with transaction.atomic(), _audit_entries_written() as entries:
        call = getattr(client, route.method)
        if route.method == "get":
            response = call(url, route.values(route.query, world, record))
        elif route.api:
            data = route.values(route.data, world, record)
            response = call(url, data, content_type="application/json")
        else:
            response = call(url, route.values(route.data, world, record))
        got = outcome(response, api=route.api)
        transaction.set_rollback(True)
    return got, {entry.action for entry in entries if user.pk and entry.actor_id == user.pk}


@contextmanager
def _audit_entries_written() -> Iterator[list[AuditEntry]]:
    """The audit entries inserted inside the block. Every entry is written by
    `audit.services.record` (`AuditEntry.objects.create`): each insert is seen as it is made,
    in the request's own transaction, instead of reading the log again after each request."""
    entries: list[AuditEntry] = []

    def written(sender: Any, instance: AuditEntry, created: bool, **kwargs: Any) -> None:
        if created:
            entries.append(instance)

    post_save.connect(written, sender=AuditEntry, weak=False)
    try:
        yield entries
    finally:
        post_save.disconnect(written, sender=AuditEntry)


# --- the committed table ------------------------------------------------------------------------

TABLE = Path(__file__).with_name("url_matrix.txt")
ROLE_CODES = {
    "system_admin": "sa",
    "programme_manager": "pm",
    "case_manager": "cm",
    "mhpss_focal_point": "fp",
    "community_mentor": "mt",
    "provider_agent": "pa",
    "protection_officer": "po",
    "me_officer": "me",
    "nrm_coordinator": "nc",
    "outreach_volunteer": "ov",
}
SHORT = {OK: "ok", FORBIDDEN: "403", MISSING: "404", LOGIN: "in"}


def column(username: str) -> str:
    """a-case_manager → A.cm; a-colleague → A.c2; c-provider_agent → C.pa."""
    if username in {"anonymous", "nobody"}:
        return {"anonymous": "anon", "nobody": "no-org"}[username]
    side, _, role = username.partition("-")
    return f"{side.upper()}.{ROLE_CODES.get(role, 'c2')}"


def table_row(name: str, method: str, label: str, answers: list[str]) -> str:
    cells = " ".join(f"{SHORT.get(a, a):>5}" for a in answers)
    return f"{name:<32} {method.upper():<5} {label:<28} {cells}"


def table_header(usernames: list[str]) -> str:
    cells = " ".join(f"{column(u):>5}" for u in usernames)
    return f"{'# URL pattern':<32} {'':<5} {'record':<28} {cells}"


def committed_rows(name: str) -> list[str]:
    if not TABLE.exists():
        return []
    return [line for line in TABLE.read_text("utf-8").splitlines() if line.split(" ", 1)[0] == name]


def write_rows(name: str, rows: list[str], usernames: list[str]) -> None:
    """Put this URL pattern's rows in the table (the others stay), sorted, under the header."""
    kept = []
    if TABLE.exists():
        kept = [
            line
            for line in TABLE.read_text("utf-8").splitlines()
            if not line.startswith("#") and line.split(" ", 1)[0] != name
        ]
    lines = [
        "# Who gets what, URL pattern by URL pattern (test_url_matrix_*.py writes and checks it).",
        "# ok: answered (or a refused input); 403: the role may not; 404: not for them;",
        "# in: log in first.",
        table_header(usernames),
        *sorted([*kept, *rows]),
    ]
    TABLE.write_text("\n".join(lines) + "\n", "utf-8")


def check_url_pattern(name: str, world: World, clients: dict[str, tuple[Any, Client]]) -> None:
    rows, wrong = ask_everyone(name, world, clients)
    if os.environ.get("SUTURA_WRITE_URL_MATRIX"):
        write_rows(name, rows, list(clients))
    assert not wrong, "\n".join(wrong)
    rows = sorted(rows)
    assert rows == committed_rows(name), (
        f"{name}: the answers differ from url_matrix.txt (a change of who reaches what?). "
        "If deliberate, rewrite the table (see this module's docstring) and review its diff.\n"
        + "\n".join(["now:", *rows, "table:", *committed_rows(name)])
    )
