"""A real Chromium opens a page of every app, the API docs and the admin as several roles,
with the Content-Security-Policy enforced, and fails on any violation the browser reports
(a `securitypolicyviolation` event or the console's "Refused to …")."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from sutura.accounts.roles import Role
from tests.browser.support import BROWSER_MARKS
from tests.worlds import World, build_world

pytestmark = BROWSER_MARKS

LISTEN = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.__cspViolations.push(event.violatedDirective + " " + (event.blockedURI || "inline")
    + " at " + event.sourceFile + ":" + event.lineNumber);
});
"""


def signed_in(browser: Any, live_server: Any, user: Any) -> tuple[Any, list[str]]:
    """A page signed in as `user` (None: a visitor) that reaches only the app itself, and the
    list the console's CSP complaints land in."""
    context = browser.new_context(viewport={"width": 360, "height": 740})
    if user is not None:
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
        context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
        )

    def route(request_route: Any) -> None:
        if request_route.request.url.startswith(live_server.url):
            request_route.continue_()
        else:  # the map's tiles: no internet here, and none needed
            request_route.abort("internetdisconnected")

    context.route("**/*", route)
    context.add_init_script(LISTEN)
    page = context.new_page()
    complaints: list[str] = []
    page.on(
        "console",
        lambda message: (
            complaints.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return page, complaints


def pages_by_role(world: World) -> dict[Role | None, list[str]]:
    a = world.a
    return {
        None: [reverse("accounts:login"), "/no-such-page/", reverse("api-docs")],
        Role.CASE_MANAGER: [
            reverse("core:home"),
            reverse("people:list"),
            reverse("people:register"),  # the location picker (htmx)
            reverse("people:detail", args=[a.person.pk]),
            reverse("cases:list"),
            reverse("cases:detail", args=[a.case.pk]),
            reverse("cases:screening", args=[a.case.pk]),
            reverse("cases:plan", args=[a.case.pk]),
            reverse("referrals:create", args=[a.case.pk]),
            reverse("referrals:list"),
            reverse("referrals:detail", args=[world.internal_a.pk]),
            reverse("directory:list"),
            reverse("directory:map"),  # Leaflet
            reverse("directory:pathway", args=[world.pathway.pk]),  # the SVG flowchart
            reverse("notifications:list"),
            reverse("accounts:profile"),
            reverse("accounts:password_change"),
            reverse("api-docs"),  # Swagger UI
            "/api/cases/",  # JSON, even for a browser
        ],
        Role.PROVIDER_AGENT: [
            reverse("referrals:inbox"),
            reverse("referrals:detail", args=[world.referral_ba.pk]),
        ],
        Role.NRM_COORDINATOR: [
            reverse("directory:changes"),
            reverse("directory:pathway_edit", args=[world.pathway.pk]),
            reverse("nrm:dashboard"),
        ],
        Role.COMMUNITY_MENTOR: [
            reverse("core:home"),
            reverse("cases:detail", args=[a.case.pk]),  # the minimal profile
            reverse("cases:list"),  # the 403 page
        ],
        Role.SYSTEM_ADMIN: [
            reverse("audit:list"),
            "/admin/",
            "/admin/accounts/user/",
            f"/admin/accounts/user/{a.users[Role.CASE_MANAGER].pk}/change/",
        ],
    }


@pytest.mark.django_db(transaction=True)
def test_no_page_breaks_the_content_security_policy(live_server, browser):
    world = build_world()
    violations: list[str] = []
    opened = 0
    for role, urls in pages_by_role(world).items():
        user = world.a.users[role] if role else None
        page, complaints = signed_in(browser, live_server, user)
        for url in urls:
            response = page.goto(live_server.url + url, wait_until="networkidle")
            assert response is not None and response.status in (200, 403, 404), (role, url)
            assert "unsafe-inline" not in (response.headers.get("content-security-policy") or "x")
            if url == reverse("api-docs"):
                page.wait_for_selector(".swagger-ui .info")  # the docs did draw
            found = page.evaluate("window.__cspViolations")
            violations += [f"{role} {url}: {text}" for text in [*found, *complaints]]
            complaints.clear()
            opened += 1
        page.context.close()
    assert opened >= 30
    assert not violations, "\n".join(violations)
