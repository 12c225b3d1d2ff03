"""Reads the syntax tree of every module and finds each query of a model holding personal data
made outside the access layer and the selectors: a manager (`Case.objects…`,
`type(x)._default_manager…`, `getattr(Case, "objects")`), a related manager
(`organisation.cases.filter(…)`), a lookup into such a model from another
(`Organisation.objects.filter(cases__…)`), or raw SQL.

A model holds personal data unless its class says `personal_data = False` (reference data,
counters): new models are guarded until someone decides otherwise, in the model itself.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from fnmatch import fnmatch
from pathlib import Path
from typing import Any

from django.apps import apps
from django.db import models

MANAGERS = frozenset({"objects", "_default_manager", "_base_manager"})
# Making a new row, or nothing, reads no one's data.
WRITES_ONLY = frozenset({"create", "bulk_create", "none"})
QUERY_METHODS = frozenset(
    {
        "aggregate",
        "all",
        "annotate",
        "count",
        "defer",
        "delete",
        "distinct",
        "earliest",
        "exclude",
        "exists",
        "extra",
        "filter",
        "first",
        "get",
        "get_or_create",
        "in_bulk",
        "iterator",
        "last",
        "latest",
        "only",
        "order_by",
        "prefetch_related",
        "raw",
        "select_for_update",
        "select_related",
        "update",
        "update_or_create",
        "values",
        "values_list",
    }
)
LOOKUP_METHODS = frozenset({"filter", "exclude", "get", "annotate", "aggregate"})
THROUGH_ACCESS = frozenset({"visible", "get_visible_or_404"})

# Where queries of people's data belong: the access layer and the selectors.
READ_LAYERS = ("sutura/access/*", "sutura/*/selectors.py", "sutura/*/selectors/*")
NEVER_SCANNED = ("*/migrations/*", "*/tests/*")


@dataclass(frozen=True)
class Offence:
    path: str
    line: int
    what: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.what}"


def sutura_models() -> list[type[models.Model]]:
    return [m for m in apps.get_models() if m.__module__.startswith("sutura.")]


def holds_personal_data(model: type[models.Model]) -> bool:
    return bool(getattr(model, "personal_data", True))


def guarded_accessors() -> dict[str, set[str]]:
    """Related-manager names (reverse and many-to-many) that lead to a guarded model."""
    found: dict[str, set[str]] = {}
    for model in sutura_models():
        for relation in model._meta.get_fields():
            target = relation.related_model
            if not (relation.one_to_many or relation.many_to_many) or target is None:
                continue
            if isinstance(target, str) or not holds_personal_data(target):
                continue
            accessor = getattr(relation, "get_accessor_name", None)
            name = (accessor() if accessor else relation.name) or ""
            if name and not name.endswith("+"):
                found.setdefault(name, set()).add(target.__name__)
    return found


class _Scanner(ast.NodeVisitor):
    def __init__(self, path: str, module: str, tree: ast.Module) -> None:
        self.path = path
        self.offences: list[Offence] = []
        self.models_by_name = {m.__name__: m for m in sutura_models()}
        self.model_modules = {m.__module__ for m in sutura_models()}
        self.names: dict[str, type[models.Model]] = {
            m.__name__: m for m in sutura_models() if m.__module__ == module
        }
        self.modules: set[str] = set()  # local names bound to a models module
        self.external: set[str] = set()  # models of other packages (Django's own…)
        self.accessors = guarded_accessors()
        self.exempt: set[int] = set()  # nodes passed straight to visible()
        self._collect(tree)

    # --- what names mean in this module -----------------------------------------------------

    def _is_models_module(self, dotted: str) -> bool:
        return dotted in self.model_modules or dotted.endswith(".models")

    def _collect(self, tree: ast.Module) -> None:
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                for alias in node.names:
                    local = alias.asname or alias.name
                    if self._is_models_module(node.module) and alias.name in self.models_by_name:
                        self.names[local] = self.models_by_name[alias.name]
                    elif not node.module.startswith("sutura") and node.module.endswith(".models"):
                        self.external.add(local)
                    elif self._is_models_module(f"{node.module}.{alias.name}"):
                        self.modules.add(local)
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if self._is_models_module(alias.name):
                        self.modules.add(alias.asname or alias.name)
            elif isinstance(node, ast.Assign) and len(node.targets) == 1:
                target, model = node.targets[0], self.model_of(node.value)
                if isinstance(target, ast.Name) and model is not None:
                    self.names[target.id] = model
            elif isinstance(node, ast.Call) and _called(node) in THROUGH_ACCESS:
                for argument in node.args[1:2]:
                    self.exempt.update(id(child) for child in ast.walk(argument))

    def model_of(self, node: ast.AST) -> type[models.Model] | None:
        if isinstance(node, ast.Name):
            return self.names.get(node.id)
        if isinstance(node, ast.Attribute) and node.attr in self.models_by_name:
            return self.models_by_name[node.attr]  # models.Case, sutura.cases.models.Case
        return None

    # --- the checks -------------------------------------------------------------------------

    def flag(self, node: ast.AST, what: str) -> None:
        if id(node) not in self.exempt:
            self.offences.append(Offence(self.path, getattr(node, "lineno", 0), what))

    def visit_Attribute(self, node: ast.Attribute) -> None:
        if node.attr in MANAGERS:
            self._manager(node)
        self.generic_visit(node)

    def _manager(self, node: ast.Attribute) -> None:
        if isinstance(node.value, ast.Name) and node.value.id in self.external:
            return  # not ours: sessions, content types, tokens
        model = self.model_of(node.value)
        if model is not None and not holds_personal_data(model):
            return
        name = model.__name__ if model is not None else ast.unparse(node.value)
        parent = getattr(node, "parent", None)
        method = parent.attr if isinstance(parent, ast.Attribute) else ""
        if model is not None and method in WRITES_ONLY:
            return
        what = "a model of unknown kind" if model is None else name
        self.flag(node, f"{name}.{node.attr} queries {what} outside the access layer")

    def visit_Call(self, node: ast.Call) -> None:
        called = _called(node)
        if called == "getattr" and len(node.args) > 1:
            value = node.args[1]
            named = isinstance(value, ast.Constant) and isinstance(value.value, str)
            if named and value.value in MANAGERS:  # type: ignore[attr-defined]
                self.flag(node, f'getattr(…, "{value.value}") reaches a manager by name')  # type: ignore[attr-defined]
        if called in {"raw", "extra", "cursor", "RawSQL", "get_model"}:
            self.flag(node, called + "() goes around the access layer (raw SQL, dynamic model)")
        if isinstance(node.func, ast.Attribute):
            self._related_manager(node, node.func)
            self._lookup_into(node, node.func)
        self.generic_visit(node)

    def _related_manager(self, node: ast.Call, func: ast.Attribute) -> None:
        if func.attr not in QUERY_METHODS or not isinstance(func.value, ast.Attribute):
            return
        accessor = func.value
        if accessor.attr in self.accessors and self.model_of(accessor.value) is None:
            targets = ", ".join(sorted(self.accessors[accessor.attr]))
            self.flag(node, f".{accessor.attr}.{func.attr}() queries {targets} by hand")

    def _lookup_into(self, node: ast.Call, func: ast.Attribute) -> None:
        """`Organisation.objects.filter(cases__status=…)` reads cases through another model."""
        if func.attr not in LOOKUP_METHODS:
            return
        root = _manager_root(func.value)
        model = self.model_of(root) if root is not None else None
        if model is None or holds_personal_data(model):
            return
        for keyword in node.keywords:
            field = _related_field(model, (keyword.arg or "").split("__")[0])
            if field is not None and holds_personal_data(field):
                self.flag(node, f"{model.__name__} lookup {keyword.arg} reads {field.__name__}")


def _called(node: ast.Call) -> str:
    func = node.func
    if isinstance(func, ast.Name):
        return func.id
    return func.attr if isinstance(func, ast.Attribute) else ""


def _manager_root(node: ast.AST) -> ast.AST | None:
    """The model expression at the start of `Model.objects.a().b()`, if the chain starts so."""
    while True:
        if isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, ast.Attribute):
            if node.attr in MANAGERS:
                return node.value
            node = node.value
        else:
            return None


def _related_field(model: type[models.Model], name: str) -> Any:
    try:
        field = model._meta.get_field(name)
    except Exception:
        return None
    return field.related_model if field.is_relation else None


def scan_source(source: str, path: str, module: str = "") -> list[Offence]:
    tree = ast.parse(source)
    for node in ast.walk(tree):
        for child in ast.iter_child_nodes(node):
            child.parent = node  # type: ignore[attr-defined]
    scanner = _Scanner(path, module, tree)
    scanner.visit(tree)
    return scanner.offences


def project_modules(root: Path) -> Iterator[tuple[Path, str]]:
    """Every module of the `sutura` package, with its dotted name."""
    for path in sorted((root / "sutura").rglob("*.py")):
        relative = path.relative_to(root).as_posix()
        if any(fnmatch(relative, pattern) for pattern in NEVER_SCANNED):
            continue
        yield path, relative.removesuffix(".py").replace("/", ".").removesuffix(".__init__")


def in_read_layer(relative: str) -> bool:
    return any(fnmatch(relative, pattern) for pattern in READ_LAYERS)


def offences_in(root: Path, allowed: Iterable[str]) -> list[Offence]:
    """What the guard finds outside the read layers and the allow-list's paths."""
    allow = list(allowed)
    found: list[Offence] = []
    for path, module in project_modules(root):
        relative = path.relative_to(root).as_posix()
        if in_read_layer(relative) or any(fnmatch(relative, pattern) for pattern in allow):
            continue
        found += scan_source(path.read_text("utf-8"), relative, module)
    return found
