"""The simulated users of the load benchmark (Locust): 50 people across the demo's roles.

Run by `bench/load/run.py` (which starts gunicorn, samples CPU, stops PostgreSQL for the
fault run and checks the writes afterwards); it can also be run alone:

    .venv/bin/locust -f bench/load/locustfile.py --headless -u 50 -r 10 -t 60s \
        --host http://127.0.0.1:8660

Every user logs in through the login page (a session, like a browser), reads the pages and
API endpoints of their role with 0.5–1.5 s of think time, and the case managers write:
follow-ups through the API and notes through the case page, each carrying a unique marker.
A write is *acknowledged* when the server answered 201 (API) or redirected to the case (page);
each acknowledged marker is appended to `$SUTURA_LOAD_ACKS` so that `run.py` can look for it
in the database afterwards. Failures (status, time, phase) go to `$SUTURA_LOAD_FAILURES`.
"""

from __future__ import annotations

import json
import os
import random
import re
import time
import uuid
from datetime import date
from typing import Any

from locust import HttpUser, between, events

PASSWORD = os.environ.get("SUTURA_LOAD_PASSWORD", "Sutura-demo-2026")
RUN_ID = os.environ.get("SUTURA_LOAD_RUN", uuid.uuid4().hex[:8])
ACKS = os.environ.get("SUTURA_LOAD_ACKS", "")
FAILURES = os.environ.get("SUTURA_LOAD_FAILURES", "")
TIMEOUT = float(os.environ.get("SUTURA_LOAD_TIMEOUT", "30"))
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SEARCHES = ["Ndiaye", "N'Diaye", "Mamadu", "Diop Awa", "Fatou Sow", "Traore", "Jallow", "Sarr"]

_acks = open(ACKS, "a", buffering=1) if ACKS else None  # noqa: SIM115 - open for the whole run
_failures = open(FAILURES, "a", buffering=1) if FAILURES else None  # noqa: SIM115


@events.request.add_listener
def _log_failure(
    request_type: str,
    name: str,
    response_time: float,
    response: Any,
    exception: Exception | None,
    **_: Any,
) -> None:
    if exception is None or _failures is None:
        return
    status = getattr(response, "status_code", 0) or 0
    content_type = (getattr(response, "headers", None) or {}).get("Content-Type", "")
    _failures.write(
        json.dumps(
            {
                "at": time.time(),
                "name": f"{request_type} {name}",
                "status": status,
                "content_type": content_type,
                "ms": round(response_time),
                "error": type(exception).__name__ if status == 0 else "",
            }
        )
        + "\n"
    )


class SuturaUser(HttpUser):
    """One person signed in as a demo login; subclasses say who and what they open."""

    abstract = True
    wait_time = between(0.5, 1.5)
    username = ""

    def on_start(self) -> None:
        self.case_ids: list[str] = []
        self.person_ids: list[str] = []
        self.referral_ids: list[str] = []
        while not self._login():
            time.sleep(random.uniform(1, 3))  # the database may be down: try again

    def _login(self) -> bool:
        page = self.client.get("/accounts/login/", name="page /accounts/login/", timeout=TIMEOUT)
        token = CSRF_INPUT.search(page.text or "")
        if page.status_code != 200 or not token:
            return False
        answer = self.client.post(
            "/accounts/login/",
            data={
                "csrfmiddlewaretoken": token.group(1),
                "username": self.username,
                "password": PASSWORD,
            },
            headers={"Referer": f"{self.host}/accounts/login/"},
            name="page /accounts/login/",
            allow_redirects=False,
            timeout=TIMEOUT,
        )
        return answer.status_code == 302

    # -- helpers ------------------------------------------------------------------------
    def page(self, path: str, name: str | None = None, **params: Any) -> Any:
        return self.client.get(
            path, params=params or None, name=f"page {name or path}", timeout=TIMEOUT
        )

    def api(self, path: str, name: str | None = None, **params: Any) -> Any:
        response = self.client.get(
            path, params=params or None, name=f"api {name or path}", timeout=TIMEOUT
        )
        return response.json() if response.status_code == 200 else None

    def _ids(self, attribute: str, path: str, pages: int) -> list[str]:
        """Ids from one page of an API list (a page at random among the first `pages`, so
        that users do not all write to the same cases); fetched once per user."""
        known: list[str] = getattr(self, attribute)
        if not known:
            body = self.api(path)
            last = min(pages, -(-(body or {}).get("count", 0) // 50))
            if last > 1:
                body = self.api(path, name=f"{path}?page=N", page=random.randint(2, last))
            known.extend(row["id"] for row in (body or {}).get("results", []))
        return known

    def a_case(self) -> str | None:
        cases = self._ids("case_ids", "/api/cases/", pages=40)
        return random.choice(cases) if cases else None

    def a_person(self) -> str | None:
        people = self._ids("person_ids", "/api/persons/", pages=40)
        return random.choice(people) if people else None

    def a_referral(self) -> str | None:
        referrals = self._ids("referral_ids", "/api/referrals/", pages=1)
        return random.choice(referrals) if referrals else None

    def csrf(self) -> str:
        return self.client.cookies.get("csrftoken") or ""

    # -- what people open ---------------------------------------------------------------
    def home(self) -> None:
        self.page("/")

    def case_list(self) -> None:
        self.page("/cases/")

    def case_list_later_page(self) -> None:
        self.page("/cases/", name="/cases/?page=N", page=random.randint(2, 200))

    def case_search(self) -> None:
        self.page("/cases/", name="/cases/?q=name", q=random.choice(SEARCHES))

    def case_detail(self) -> None:
        case = self.a_case()
        if case:
            self.page(f"/cases/{case}/", name="/cases/[id]/")

    def people_list(self) -> None:
        self.page("/people/")

    def people_search(self) -> None:
        self.page("/people/", name="/people/?q=name", q=random.choice(SEARCHES))

    def person_detail(self) -> None:
        person = self.a_person()
        if person:
            self.page(f"/people/{person}/", name="/people/[id]/")

    def inbox(self) -> None:
        self.page("/referrals/")

    def sent(self) -> None:
        self.page("/referrals/sent/")

    def referral_detail(self) -> None:
        referral = self.a_referral()
        if referral:
            self.page(f"/referrals/{referral}/", name="/referrals/[id]/")

    def notifications(self) -> None:
        self.page("/notifications/")

    def directory(self) -> None:
        self.page("/directory/")

    def directory_changes(self) -> None:
        self.page("/directory/changes/")

    def pathways(self) -> None:
        self.page("/directory/pathways/")

    def dashboard(self) -> None:
        self.page("/nrm/")

    def audit_log(self) -> None:
        self.page("/audit/")

    def api_cases(self) -> None:
        self.api("/api/cases/")

    def api_cases_search(self) -> None:
        self.api("/api/cases/", name="/api/cases/?q=name", q=random.choice(SEARCHES))

    def api_case(self) -> None:
        case = self.a_case()
        if case:
            self.api(f"/api/cases/{case}/", name="/api/cases/[id]/")

    def api_persons(self) -> None:
        self.api("/api/persons/")

    def api_referrals(self) -> None:
        self.api("/api/referrals/")

    def api_follow_ups(self) -> None:
        self.api("/api/follow-ups/")

    # -- what case managers write -------------------------------------------------------
    def _acknowledge(self, kind: str, marker: str) -> None:
        if _acks is not None:
            _acks.write(f"{kind}\t{marker}\n")

    def write_follow_up(self) -> None:
        case = self.a_case()
        if not case:
            return
        marker = f"LOAD-{RUN_ID}-{uuid.uuid4().hex}"
        response = self.client.post(
            "/api/follow-ups/",
            json={
                "case": case,
                "happened_on": date.today().isoformat(),  # noqa: DTZ011 - server is UTC
                "type": "phone",
                "notes": marker,
            },
            headers={"X-CSRFToken": self.csrf(), "Referer": f"{self.host}/"},
            name="api /api/follow-ups/",
            timeout=TIMEOUT,
        )
        if response.status_code == 201 and response.json().get("id"):
            self._acknowledge("follow_up", marker)

    def write_note(self) -> None:
        case = self.a_case()
        if not case:
            return
        marker = f"LOAD-{RUN_ID}-{uuid.uuid4().hex}"
        response = self.client.post(
            f"/cases/{case}/notes/",
            data={
                "csrfmiddlewaretoken": self.csrf(),
                "text": marker,
                "confidentiality": "normal",
            },
            headers={"Referer": f"{self.host}/cases/{case}/notes/"},
            name="page /cases/[id]/notes/",
            allow_redirects=False,
            timeout=TIMEOUT,
        )
        if response.status_code == 302 and f"/cases/{case}/" in response.headers.get(
            "Location", ""
        ):
            self._acknowledge("note", marker)


CASEWORK = (
    (3, "home"),
    (4, "case_list"),
    (2, "case_list_later_page"),
    (2, "case_search"),
    (4, "case_detail"),
    (2, "people_list"),
    (1, "people_search"),
    (2, "person_detail"),
    (1, "sent"),
    (1, "notifications"),
    (3, "api_cases"),
    (1, "api_cases_search"),
    (1, "api_case"),
    (1, "api_persons"),
    (1, "api_follow_ups"),
    (2, "write_follow_up"),
    (1, "write_note"),
)
PROVIDER = (
    (3, "home"),
    (5, "inbox"),
    (3, "referral_detail"),
    (2, "api_referrals"),
    (1, "directory"),
    (1, "notifications"),
)


def _user(username: str, count: int, tasks: tuple[tuple[int, str], ...]) -> type[SuturaUser]:
    """A kind of user: `count` of them at once, each task picked in proportion to its weight."""
    weighted = {getattr(SuturaUser, name): weight for weight, name in tasks}
    meta: Any = type(SuturaUser)  # Locust's metaclass turns the weights into a task list
    return meta(
        "User_" + re.sub(r"\W", "_", username),
        (SuturaUser,),
        {"username": username, "fixed_count": count, "tasks": weighted},
    )


# 50 users: who, how many at once, what they do.
CaseManager = _user("casemanager", 14, CASEWORK)
CaseManagerML = _user("casemanager.ml", 5, CASEWORK)
CaseManagerCM = _user("casemanager.cm", 4, CASEWORK)
Manager = _user(
    "manager",
    4,
    ((3, "home"), (3, "case_list"), (2, "case_detail"), (1, "people_list"), (1, "dashboard"),
     (2, "api_cases"), (1, "sent")),
)  # fmt: skip
Provider = _user("provider", 6, PROVIDER)
ProviderML = _user("provider.ml", 2, PROVIDER)
ProviderCM = _user("provider.cm", 2, PROVIDER)
Mentor = _user("mentor", 4, ((3, "home"), (2, "api_cases"), (3, "case_detail"), (1, "sent")))
Coordinator = _user(
    "coordinator",
    3,
    ((2, "home"), (3, "directory"), (2, "directory_changes"), (2, "dashboard"), (1, "pathways")),
)
FocalPoint = _user(
    "focalpoint", 3, ((3, "home"), (3, "inbox"), (1, "referral_detail"), (1, "sent"))
)
MEOfficer = _user("meofficer", 1, ((3, "home"), (1, "dashboard")))
Protection = _user("protection", 1, ((3, "home"), (2, "directory")))
Admin = _user("admin", 1, ((3, "home"), (2, "audit_log")))
