"""No 500 from input: hostile text, numbers and dates posted to every form and API write.

The writes are the URL matrix's (`url_matrix.ROUTES`: every URL pattern of the project has an
entry there, so a new form or endpoint is covered here without a line changed). Each is asked
by a user the rules let through, on the world's records, with its usual body in which a few
fields (those the page's form shows, or the endpoint's schema names) are replaced by
hypothesis with very long text, unicode, NUL bytes and control characters, huge, negative and
not-a-number numbers, and far or malformed dates. Every answer must be below 500 (a refusal
with its message, not a crash). Each request runs in a transaction rolled back afterwards.
"""

from __future__ import annotations

import os
import re
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sutura.access.tests.url_matrix import OK, ROUTES, Route, routes_of
from tests.worlds import World

# Per write (~200 writes since the special procedures came): three in `make test`, more for a
# longer hunt with SUTURA_HOSTILE_EXAMPLES (bench/README.md).
EXAMPLES = int(os.environ.get("SUTURA_HOSTILE_EXAMPLES", "3"))

WORDS = st.sampled_from(["x", "é", "\x00", "🙂", "a b", "\x1b", "\u202e", "ß"])
LENGTHS = st.sampled_from([81, 121, 201, 251, 256, 1001, 100_001])
ODD = st.sampled_from(
    [
        "\x00",
        "a\x00b",
        "NaN",
        "Infinity",
        "-Infinity",
        "-1",
        "1e309",
        "99999999999999999999999999",
        "-99999999999",
        "0",
        "0.0000001",
        "0001-01-01",
        "9999-12-31",
        "2024-02-30",
        "99999-01-01",
        "1000-01-01T00:00:00Z",
        "not a date",
        "00000000-0000-0000-0000-000000000000",
        "",
        " ",
    ]
)
TEXT = st.one_of(
    st.text(max_size=40),
    st.builds(lambda word, n: (word * n)[:n], WORDS, LENGTHS),
    ODD,
)
JSON_VALUE = st.one_of(
    TEXT,
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.none(),
    st.lists(TEXT, max_size=3),
    st.dictionaries(TEXT, TEXT, max_size=2),
)
NOT_FIELDS = {"csrfmiddlewaretoken", "form_token"}


def writes() -> list[tuple[str, int]]:
    return [
        (name, index)
        for name in sorted(ROUTES)
        for index, route in enumerate(routes_of(name))
        # (the writes that end the session, logout and the password change, are not input)
        if route.method in ("post", "patch", "put") and not route.own_session
    ]


def allowed_user(route: Route, world: World, record: Any) -> Any:
    """The first user the rules let through (the error is then about the input, not them)."""
    for user in world.users():
        if route.expect(user, world, record) == OK:
            return user
    return None


def page_fields(client: Client, url: str) -> set[str]:
    found = client.get(url)
    if found.status_code != 200:
        return set()
    names = re.findall(r'<(?:input|select|textarea)[^>]*\sname="([^"]+)"', found.content.decode())
    return set(names) - NOT_FIELDS


SCHEMA: dict[str, Any] = {}


def api_fields(client: Client, url: str, method: str) -> set[str]:
    if not SCHEMA:
        SCHEMA.update(client.get("/api/schema/", {"format": "json"}).json())
    for path, operations in SCHEMA["paths"].items():
        if re.fullmatch(re.sub(r"\\{[^}]+\\}", "[^/]+", re.escape(path)), url):
            body = operations.get(method, {}).get("requestBody", {})
            for media in body.get("content", {}).values():
                return set(_properties(media.get("schema", {})))
    return set()


def _properties(schema: dict[str, Any]) -> dict[str, Any]:
    if "$ref" in schema:
        schema = SCHEMA["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    found: dict[str, Any] = dict(schema.get("properties", {}))
    for part in schema.get("allOf", []) + schema.get("oneOf", []):
        found |= _properties(part)
    return found


def post(client: Client, route: Route, url: str, data: dict[str, Any]) -> int:
    with transaction.atomic():
        call = getattr(client, route.method)
        if route.api:
            response = call(url, data, content_type="application/json")
        else:
            response = call(url, {k: v for k, v in data.items() if v is not None})
        transaction.set_rollback(True)
    return response.status_code


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "index"), writes())
def test_hostile_input_never_answers_a_server_error(
    name: str, index: int, world: World, clients: Any
) -> None:
    route = routes_of(name)[index]
    # The first record someone may write to (a draft to edit, say), and that someone.
    user, kwargs, record = None, None, None
    for path_kwargs, on in route.records(world).values():
        kwargs, record, user = path_kwargs, on, allowed_user(route, world, on)
        if user is not None:
            break
    if user is None and not route.public:  # pragma: no cover - someone may use every write
        pytest.fail(f"{name}: nobody in the world may use it")
    client = clients[user.username if user else "anonymous"][1]
    url = reverse(name, kwargs=kwargs)
    base = dict(route.values(route.data, world, record))
    fields = set(base) | (
        api_fields(client, url, route.method) if route.api else page_fields(client, url)
    )
    if not fields:
        fields = {"text"}
    values = JSON_VALUE if route.api else TEXT

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(st.dictionaries(st.sampled_from(sorted(fields)), values, min_size=1, max_size=4))
    def answers_below_500(changes: dict[str, Any]) -> None:
        code = post(client, route, url, base | changes)
        assert code < 500, (route.method, url, changes)

    answers_below_500()
