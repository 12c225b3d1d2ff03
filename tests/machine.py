"""What a test needs from the machine besides Python (Chromium, GNU gettext).

On a developer's machine a missing tool skips the test; in CI (CI=true, which .ci/run sets)
it fails it, because CI must run every test and a skip there would hide a missing install.
"""

from __future__ import annotations

import os

import pytest


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def require(present: bool, tool: str, install: str) -> None:
    """Go on if `tool` is present; else skip the test, or fail it under CI=true."""
    if present:
        return
    if in_ci():
        pytest.fail(f"{tool} is missing and CI runs every test: {install}", pytrace=False)
    pytest.skip(f"{tool} is missing ({install}); CI would fail here")
