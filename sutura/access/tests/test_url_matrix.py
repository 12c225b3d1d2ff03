"""Every URL × every user: each URL pattern of the project (pages and API), requested by every
role of two organisations and by an anonymous visitor, on real records of both organisations;
each answer is checked against what the access rules say that user gets.

A new URL pattern without an entry in `ROUTES` fails `test_every_url_pattern_has_an_entry`:
say how to call it and who may reach it. The answers each user got are printed at the end
of the run (`tests/matrix_report.py`).

Outcomes: OK (the page or the answer: 2xx, a redirect elsewhere than the login, or for a write
a refused input 400 / a workflow refusal 409), FORBIDDEN (403: the role may not), MISSING
(404: the record does not exist for this user), LOGIN (not signed in). Writes (POST) run inside
a transaction rolled back after each request, so the world stays as built.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from sutura.access import can, visible
from sutura.access.cases import CaseStanding, case_standing, works_on
from sutura.access.people import works_on_person
from sutura.access.referrals import standing
from sutura.accounts.roles import Perm, Role
from sutura.audit.models import AuditEntry
from sutura.cases.models import CaseDocument
from sutura.directory.models import Pathway, Service, ServiceChange
from sutura.notifications.models import Notification
from sutura.people.models import Consent
from sutura.referrals.models import Referral
from sutura.referrals.services import workflow
from sutura.referrals.sharing import readable_sections, shared_case_for
from tests import matrix_report
from tests.worlds import World, build_world

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


ALL_REFERRALS = ("referral_ab", "referral_ba", "internal_a", "draft_a", "onward_ba")
referrals = of_world("pk", *ALL_REFERRALS)


def cases(world: World) -> dict[str, tuple[dict[str, Any], Any]]:
    return {
        f"{what} {side_name}": ({"case_id": getattr(side, what).pk}, getattr(side, what))
        for side_name, side in (("A", world.a), ("B", world.b))
        for what in ("case", "other_case")
    }


def documents(world: World) -> dict[str, tuple[dict[str, Any], Any]]:
    return {
        f"{what} {side_name}": ({"document_id": getattr(side, what).pk}, getattr(side, what))
        for side_name, side in (("A", world.a), ("B", world.b))
        for what in ("document", "restricted_document")
    }


def api_records(attribute: str) -> Records:
    return per_side("pk", attribute)


@dataclass(frozen=True)
class Route:
    expect: Expect
    records: Records = none
    method: str = "get"
    data: dict[str, Any] = field(default_factory=dict)
    query: dict[str, Any] = field(default_factory=dict)
    audited: bool = False  # an allowed answer leaves a read (or export) in the audit log
    public: bool = False  # an anonymous visitor gets it too (what `expect` says)
    api: bool = False
    own_session: bool = False  # the request ends the session: made with a fresh one


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
persons = per_side("person_id", "person")


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
        return workflow.may_refer_onward(who)  # onward

    return allowed


def step(name: str) -> Route:
    """A workflow step by page: 404 unless the user deals with the referral, 403 unless their
    side may take it."""
    return post(row_then_gate(sees_referral, may_take(name)), lambda w: _with_action(w, name))


def _with_action(world: World, action: str) -> dict[str, tuple[dict[str, Any], Any]]:
    return {
        f"{attribute} {action}": (
            {"pk": getattr(world, attribute).pk, "action": action},
            getattr(world, attribute),
        )
        for attribute in ALL_REFERRALS
    }


# What each step needs to reach its service (so the side is what decides, not the input).
STEP_DATA: dict[str, dict[str, Any]] = {
    "decline": {"reason": "other", "note": "Hors zone"},
    "complete": {"outcome": "provided", "feedback": "Reçue"},
    "close": {"reason": "other", "note": "Injoignable"},
    "update": {"note": "Rendez-vous pris"},
    "onward": {"reason": "Suivi", "service": "B-SERVICE"},
}


def api_step(name: str) -> Route:
    return api_post(
        row_then_gate(sees_referral, may_take(name)), referrals, data=STEP_DATA.get(name, {})
    )


def photo(user: Any, world: World, person: Any) -> str:
    return OK if works_on_person(user, person) else MISSING


def onward(user: Any, referral: Referral) -> bool:
    return workflow.may_refer_onward(standing(user, referral))


def edits(user: Any, referral: Referral) -> bool:
    return workflow.may_edit(standing(user, referral))


def change_detail(user: Any, world: World, change: ServiceChange) -> str:
    return OK if in_view(ServiceChange)(user, change) else MISSING


REFERRALS = (Perm.HANDLE_INCOMING_REFERRALS, Perm.MAKE_REFERRALS)
PROPOSALS = (Perm.PROPOSE_DIRECTORY_CHANGES, Perm.MANAGE_DIRECTORY)

ROUTES: dict[str, Route | tuple[Route, ...]] = {
    # --- the platform
    "core:home": page(signed_in),
    "set_language": post(signed_in, public=True, data={"language": "fr", "next": "/"}),
    "accounts:login": page(signed_in, public=True),
    "accounts:logout": post(lambda *_: LOGIN, public=True, own_session=True),
    "accounts:password_change": page(signed_in),
    "accounts:profile": page(signed_in),
    "notifications:list": page(signed_in),
    "notifications:open": post(
        gate(row=in_view(Notification)), per_side("notification_id", "notification")
    ),
    "audit:list": page(gate(Perm.VIEW_AUDIT_LOG)),
    "geo:picker": page(signed_in),
    "admin:index": page(staff),
    # --- people
    "people:list": page(gate(Perm.VIEW_PERSONS)),
    "people:register": page(gate(Perm.REGISTER_PERSONS)),
    "people:detail": page(gate(row=works_on_person), persons, audited=True),
    "people:edit": page(PERSON_EDIT, persons, audited=True),
    "people:consent": page(PERSON_EDIT, persons),
    "people:document": page(PERSON_EDIT, persons),
    "people:household": page(PERSON_EDIT, persons),
    "people:photo": page(PERSON_EDIT, persons),
    "people:photo_file": page(photo, persons, audited=True),
    # --- cases
    "cases:list": page(gate(Perm.MANAGE_CASES)),
    "cases:open": page(gate(Perm.MANAGE_CASES, row=works_on_person), persons),
    "cases:detail": page(gate(row=sees_case), cases, audited=True),
    "cases:edit": page(CASE_TEAM, cases),
    "cases:move": post(CASE_TEAM, cases),
    "cases:reopen": page(CASE_TEAM, cases),
    "cases:screening": page(CASE_TEAM, cases),
    "cases:assessment": page(CASE_TEAM, cases),
    "cases:plan": page(CASE_TEAM, cases),
    "cases:plan_decide": post(gate(Perm.APPROVE_PLANS, row=works_on), cases),
    "cases:deliver": page(CASE_TEAM, deliver),
    "cases:follow_up": page(CASE_TEAM, cases),
    "cases:note": page(CASE_TEAM, cases),
    "cases:document_upload": page(CASE_TEAM, cases),
    "cases:document": page(gate(row=in_view(CaseDocument)), documents, audited=True),
    # --- the service directory (not personal data)
    "directory:list": page(signed_in),
    "directory:map": page(signed_in),
    "directory:pdf": page(signed_in, audited=True),
    "directory:xlsx": page(signed_in, audited=True),
    "directory:propose_new": page(gate(Perm.PROPOSE_DIRECTORY_CHANGES)),
    "directory:detail": page(gate(row=in_view(Service)), per_side("service_id", "service")),
    "directory:propose_change": page(
        gate(Perm.PROPOSE_DIRECTORY_CHANGES, row=in_view(Service)),
        per_side("service_id", "service"),
    ),
    "directory:edit": page(
        gate(Perm.MANAGE_DIRECTORY, row=in_view(Service)), per_side("service_id", "service")
    ),
    "directory:verify": post(
        gate(Perm.MANAGE_DIRECTORY, row=in_view(Service)), per_side("service_id", "service")
    ),
    "directory:changes": page(signed_in),
    "directory:change_detail": page(change_detail, of_world("change_id", "proposal")),
    "directory:pathways": page(signed_in),
    "directory:pathway_new": page(DIRECTORY),
    "directory:pathway": page(gate(row=in_view(Pathway)), of_world("pathway_id", "pathway")),
    "directory:pathway_edit": page(DIRECTORY, of_world("pathway_id", "pathway")),
    "directory:step_add": page(DIRECTORY, of_world("pathway_id", "pathway")),
    "directory:step_edit": page(
        DIRECTORY, lambda w: {"step": ({"pathway_id": w.pathway.pk, "step_id": w.step.pk}, w.step)}
    ),
    "directory:step_remove": post(
        DIRECTORY, lambda w: {"step": ({"pathway_id": w.pathway.pk, "step_id": w.step.pk}, w.step)}
    ),
    # --- referrals
    "referrals:inbox": page(gate(*REFERRALS)),
    "referrals:list": page(gate(*REFERRALS)),
    "referrals:create": page(gate(Perm.MAKE_REFERRALS, row=sees_case), cases),
    "referrals:service_info": page(signed_in),
    "referrals:service_options": page(signed_in),
    "referrals:identification_pdf": page(gate(row=works_on), cases, audited=True),
    "referrals:detail": page(gate(row=sees_referral), referrals, audited=True),
    "referrals:edit": page(row_then_gate(sees_referral, edits), referrals),
    "referrals:onward": page(row_then_gate(sees_referral, onward), referrals),
    "referrals:pdf": page(referral_pdf, referrals, audited=True),
    "referrals:act": step("acknowledge"),
    "referrals:document": page(reads_shared_document, shared_documents, audited=True),
    "nrm:dashboard": page(gate(Perm.VIEW_NRM_DASHBOARD)),
    "nrm:dashboard_xlsx": page(gate(Perm.VIEW_NRM_DASHBOARD), audited=True),
    # --- the API
    "api-root": api(signed_in),
    "api-me": api(signed_in),
    "api-token": api_post(signed_in, public=True, data={"username": "x", "password": "y"}),
    "api-schema": api(signed_in, public=True),
    "api-docs": api(signed_in, public=True),
    "api-person-list": (api(gate(Perm.VIEW_PERSONS)), api_post(gate(Perm.REGISTER_PERSONS))),
    "api-person-detail": (
        api(gate(row=works_on_person), api_records("person"), audited=True),
        Route(PERSON_EDIT, api_records("person"), method="patch", api=True),
    ),
    "api-consent-list": (api(gate(Perm.VIEW_PERSONS)), api_post(gate(Perm.EDIT_PERSONS))),
    "api-consent-detail": api(gate(row=in_view(Consent)), api_records("consent"), audited=True),
    "api-consent-withdraw": api_post(
        gate(Perm.EDIT_PERSONS, row=in_view(Consent)), api_records("consent")
    ),
    "api-case-list": (
        api(gate(Perm.MANAGE_CASES, Perm.VIEW_ASSIGNED_PERSONS_MINIMAL)),
        api_post(gate(Perm.MANAGE_CASES)),
    ),
    "api-case-detail": (
        api(gate(row=sees_case), per_side("pk", "case"), audited=True),
        Route(CASE_TEAM, per_side("pk", "case"), method="patch", api=True),
    ),
    "api-case-move": api_post(CASE_TEAM, per_side("pk", "case")),
    "api-case-reopen": api_post(CASE_TEAM, per_side("pk", "case")),
    "api-screening-list": (api(gate(Perm.MANAGE_CASES)), api_post(gate(Perm.MANAGE_CASES))),
    "api-screening-detail": api(
        gate(row=lambda u, r: works_on(u, r.case)), api_records("screening"), audited=True
    ),
    "api-assessment-list": (api(gate(Perm.MANAGE_CASES)), api_post(gate(Perm.MANAGE_CASES))),
    "api-assessment-detail": api(
        gate(row=lambda u, r: works_on(u, r.case)), api_records("assessment"), audited=True
    ),
    "api-follow-up-list": (api(gate(Perm.MANAGE_CASES)), api_post(gate(Perm.MANAGE_CASES))),
    "api-follow-up-detail": api(
        gate(row=lambda u, r: works_on(u, r.case)), api_records("follow_up"), audited=True
    ),
    "api-plan-list": (api(gate(Perm.MANAGE_CASES)), api_post(gate(Perm.MANAGE_CASES))),
    "api-plan-detail": api(
        gate(row=lambda u, r: works_on(u, r.case)), api_records("plan"), audited=True
    ),
    "api-plan-items": api_post(
        gate(Perm.MANAGE_CASES, row=lambda u, r: works_on(u, r.case)), api_records("plan")
    ),
    "api-plan-submit": api_post(
        gate(Perm.MANAGE_CASES, row=lambda u, r: works_on(u, r.case)), api_records("plan")
    ),
    "api-plan-approve": api_post(
        gate(Perm.APPROVE_PLANS, row=lambda u, r: works_on(u, r.case)), api_records("plan")
    ),
    "api-plan-return": api_post(
        gate(Perm.APPROVE_PLANS, row=lambda u, r: works_on(u, r.case)), api_records("plan")
    ),
    "api-assistance-list": (api(gate(Perm.MANAGE_CASES)), api_post(gate(Perm.MANAGE_CASES))),
    "api-assistance-detail": api(
        gate(row=lambda u, r: works_on(u, r.item.plan.case)), api_records("delivery"), audited=True
    ),
    "api-directory-service-list": api(signed_in, public=True),
    "api-directory-service-detail": api(signed_in, per_side("pk", "service"), public=True),
    "api-directory-pathway-list": api(signed_in, public=True),
    "api-directory-pathway-detail": api(signed_in, of_world("pk", "pathway"), public=True),
    "api-directory-proposal-list": api(gate(*PROPOSALS)),
    "api-directory-proposal-detail": api(
        gate(*PROPOSALS, row=in_view(ServiceChange)), of_world("pk", "proposal")
    ),
    "api-directory-proposal-approve": api_post(DIRECTORY, of_world("pk", "proposal")),
    "api-directory-proposal-reject": api_post(DIRECTORY, of_world("pk", "proposal")),
    "api-referral-list": (api(signed_in), api_post(gate(Perm.MAKE_REFERRALS))),
    "api-referral-inbox": api(signed_in),
    "api-referral-detail": api(gate(row=sees_referral), referrals, audited=True),
    "api-referral-history": api(gate(row=sees_referral), referrals, audited=True),
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


# --- the walk ---------------------------------------------------------------------------------


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


def test_every_url_pattern_has_an_entry() -> None:
    """A new page or endpoint is not done until this test says who may reach it."""
    names = url_names()
    missing = sorted(names - set(ROUTES))
    stale = sorted(set(ROUTES) - names)
    assert not missing, f"URL patterns without an entry in ROUTES: {missing}"
    assert not stale, f"entries for URL patterns that no longer exist: {stale}"


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: Any) -> Iterator[World]:
    with django_db_blocker.unblock():
        block = transaction.atomic()
        block.__enter__()
        try:
            built = build_world()
            admin = built.a.users[Role.SYSTEM_ADMIN]
            admin.is_staff = True  # the demo's administrator opens the Django admin
            admin.save(update_fields=["is_staff"])
            _WORLD["world"] = built
            yield built
        finally:
            transaction.set_rollback(True)
            block.__exit__(None, None, None)


@pytest.fixture(scope="module")
def clients(world: World, django_db_blocker: Any) -> dict[str, tuple[Any, Client]]:
    """One signed-in client per user (their session made once), and a visitor's."""
    found: dict[str, tuple[Any, Client]] = {"anonymous": (AnonymousUser(), Client())}
    with django_db_blocker.unblock():
        for user in world.users():
            client = Client()
            client.force_login(user)
            found[user.username] = (user, client)
    return found


def _requests(route: Route, world: World) -> Iterator[tuple[str, dict[str, Any], Any]]:
    for label, (kwargs, record) in route.records(world).items():
        yield label, kwargs, record


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(ROUTES))
def test_every_user_gets_what_the_access_rules_say(
    name: str, world: World, clients: dict[str, tuple[Any, Client]]
) -> None:
    routes = ROUTES[name]
    wrong: list[str] = []
    for route in routes if isinstance(routes, tuple) else (routes,):
        for label, kwargs, record in _requests(route, world):
            url = reverse(name, kwargs=kwargs)
            for username, (user, client) in clients.items():
                if route.own_session:
                    client = Client()
                    if user.is_authenticated:
                        client.force_login(user)
                got, audited = _ask(client, route, url, user)
                if user.is_authenticated or route.public:
                    expected = route.expect(user, world, record)
                else:
                    expected = LOGIN
                matrix_report.record(name, route.method, label, username, expected, got)
                if got != expected:
                    wrong.append(
                        f"{route.method.upper()} {url} ({label}) as {username}: "
                        f"got {got}, the rules say {expected}"
                    )
                elif route.audited and got == OK and user.is_authenticated and not audited:
                    wrong.append(
                        f"{route.method.upper()} {url} ({label}) as {username}: "
                        "answered without a trace in the audit log"
                    )
    assert not wrong, "\n".join(wrong)


def _data(given: dict[str, Any]) -> dict[str, Any]:
    """Placeholders for records of the world, filled in for this request."""
    world: World = _WORLD["world"]
    places = {"B-SERVICE": str(world.b.service.pk)}
    return {key: places.get(value, value) for key, value in given.items()}


_WORLD: dict[str, World] = {}


def _ask(client: Client, route: Route, url: str, user: Any) -> tuple[str, bool]:
    """One request, inside a transaction rolled back afterwards: (outcome, audited)."""
    with transaction.atomic():
        before = AuditEntry.objects.filter(actor_id=user.pk).count() if user.pk else 0
        call = getattr(client, route.method)
        if route.method == "get":
            response = call(url, route.query)
        elif route.api:
            response = call(url, _data(route.data), content_type="application/json")
        else:
            response = call(url, route.data)
        after = AuditEntry.objects.filter(actor_id=user.pk).count() if user.pk else 0
        transaction.set_rollback(True)
    return outcome(response, api=route.api), after > before
