"""The access tests' world (tests/worlds.py), built once per test module, and a signed-in
client per user of it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.http import HttpResponse
from django.test import Client
from django.views import defaults

from sutura.access.tests.url_matrix import build_matrix_world, signed_in_clients
from tests.world_fixture import SharedWorlds
from tests.worlds import World


@pytest.fixture(scope="module")
def world(shared_worlds: SharedWorlds, django_db_blocker: Any) -> Iterator[World]:
    yield from shared_worlds.use("matrix_world", build_matrix_world, django_db_blocker)


@pytest.fixture(scope="module")
def clients(world: World, django_db_blocker: Any) -> dict[str, tuple[Any, Client]]:
    with django_db_blocker.unblock():
        return signed_in_clients(world)


@pytest.fixture(scope="module")
def lean_refusals() -> Iterator[None]:
    """The matrix judges a refusal by its status (and its audit entry, which the audit
    middleware writes whatever page is rendered): each user's first 403 and first 404 of the
    module render the real error page (the base template, its menu for that user), the rest
    answer the bare status, the same for every URL, instead of rendering the page again."""
    import sutura.urls

    rendered: set[tuple[Any, int]] = set()

    def handler(status: int, real: Any) -> Any:
        def view(request: Any, exception: Exception) -> HttpResponse:
            key = (getattr(request.user, "pk", None), status)
            if key in rendered:
                return HttpResponse(status=status)
            rendered.add(key)
            return real(request, exception)

        return view

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(
            sutura.urls, "handler403", handler(403, defaults.permission_denied), raising=False
        )
        patch.setattr(
            sutura.urls, "handler404", handler(404, defaults.page_not_found), raising=False
        )
        yield


@pytest.fixture(scope="module")
def lean_pdfs() -> Iterator[None]:
    """The matrix judges who gets a PDF, not what is in it (each PDF has its own tests): the
    page is still built from the record and its template, but WeasyPrint's layout, a second
    or so per file, is replaced by a one-page stand-in."""
    import weasyprint

    def write_pdf(self: Any, target: Any = None, **_options: Any) -> bytes | None:
        content = b"%PDF-1.7\n% matrix stand-in\n%%EOF\n"
        if target is None:
            return content
        if hasattr(target, "write"):
            target.write(content)
        else:
            with open(target, "wb") as file:
                file.write(content)
        return None

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(weasyprint.HTML, "write_pdf", write_pdf)
        yield
