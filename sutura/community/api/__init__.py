"""The community API, one module per part; each has `register(router)`."""

from __future__ import annotations

from typing import Any


def register(router: Any) -> None:
    from sutura.community.api import communities, partners, risks, structures

    for module in (communities, risks, structures, partners):
        module.register(router)
