"""Dependencies go one way: an app imports only the apps below it. An app above adds to the
pages and commands of the apps below through registrations (`core.registry`,
`core.sections`), never by being imported by them. A new app takes its place in `LAYERS`.

`access` is the layer between every app's models and its services, selectors and views: its
modules import the models they scope (and only models: see `test_access_imports_models_only`),
and every app asks it. `core` is at the bottom, but its web plumbing (the API conventions,
the registry, the home page) builds on `access`, `accounts` and `audit`.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2]
# From the bottom up.
LAYERS = [
    "core",
    "geo",
    "accounts",
    "audit",
    "notifications",
    "people",
    "cases",
    "meetings",
    "governance",
    "directory",
    "referrals",
    "mentoring",
    "privacy",
    "placements",
    "community",
    "feedback",
    "caseexport",
    "children",
    "tracing",
    "trafficking",
    "returns",
    "supervision",
    "dedup",
    "indicators",
    "programmes",
    "rss",
    "dashboards",
    "reports",
    "exports",
]
CORE_PLATFORM = {"access", "accounts", "audit"}


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        names = (
            [node.module or ""]
            if isinstance(node, ast.ImportFrom)
            else [alias.name for alias in node.names]
            if isinstance(node, ast.Import)
            else []
        )
        found |= {name for name in names if name.startswith("sutura.")}
    return found


def _modules(app: str) -> list[Path]:
    return [
        path
        for path in (PACKAGE / app).rglob("*.py")
        if "tests" not in path.parts and "migrations" not in path.parts
    ]


def test_every_app_has_its_layer():
    apps = {path.parent.name for path in PACKAGE.glob("*/apps.py")}
    assert apps - {"access"} == set(LAYERS)


def test_apps_import_only_the_apps_below_them():
    upward = []
    for level, app in enumerate(LAYERS):
        allowed = set(LAYERS[: level + 1]) | {"access"}
        if app == "core":
            allowed |= CORE_PLATFORM
        for path in _modules(app):
            for name in _imports(path):
                other = name.split(".")[1]
                if other in [*LAYERS, "access"] and other not in allowed:
                    upward.append(f"{path.relative_to(PACKAGE)} imports {name}")
    assert upward == []


def test_access_imports_models_only():
    """The access layer reads models; it never calls a service, a selector or a view."""
    wrong = [
        f"{path.name} imports {name}"
        for path in _modules("access")
        for name in _imports(path)
        if name.split(".")[1] in LAYERS
        and ".models" not in name
        and name not in {"sutura.accounts.roles"}
    ]
    assert wrong == []
