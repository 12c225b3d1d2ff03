"""Reads the syntax tree of every module (and the text of every template) and finds each query
of a model holding personal data made outside the access layer and the selectors.

What counts as such a query:
- a manager under any name: `Case.objects…`, `_default_manager`, `_base_manager`,
  `_meta.default_manager`, `type(x)._default_manager`, `getattr(Case, "objects")`,
  `QuerySet(model=…)`, `get_object_or_404(Case, …)`, `get_list_or_404(…)`;
- a related manager, however reached: `organisation.cases.filter(…)`, `cases = person.cases`,
  `getattr(person, "cases")`, `prefetch_related_objects(…)`; and in a template,
  `{% for note in case.notes.all %}`;
- a lookup that crosses into a guarded model from another one, wherever it is written (keyword
  arguments, `**{…}`, `Q(…)`, `values(…)`, `select_related(…)`, `prefetch_related(…)`,
  `order_by(…)`, `Count("…")`…), from a manager or from `visible(user, Model)`: a scoped
  queryset does not scope the rows it reaches through a relation (a referral's reader may not
  read the case's person: `visible(user, Referral).values("case__person__phone")`);
- raw SQL (`raw`, `extra`, `RawSQL`, `cursor`), dynamic models (`apps.get_model`),
  `get_object_for_this_type`;
- a generic view or viewset whose `model`/`queryset` is a guarded model, and a model form or
  model serializer with a writable relation to one (they build their own queryset of it).

The selectors are the read layer: there, only the reads that ask no scope at all (a manager, a
related manager, raw SQL) count, each named in the allow-list with its reason; their lookups
across relations are theirs to make. The access package is not read.

A model holds personal data unless its class says `personal_data = False` (reference data,
counters): new models are guarded until someone decides otherwise, in the model itself.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from fnmatch import fnmatch
from pathlib import Path
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models.constants import LOOKUP_SEP

MANAGERS = frozenset({"objects", "_default_manager", "_base_manager"})
META_MANAGERS = frozenset({"default_manager", "base_manager"})
# Making a new row, or nothing, reads no one's data.
WRITES_ONLY = frozenset({"create", "bulk_create", "none"})
QUERY_METHODS = frozenset(
    name for name in dir(models.QuerySet) if not name.startswith("_") and name != "model"
) | {"get_queryset", "using"}
# Queryset methods whose arguments are lookups (create and update take values, not lookups).
LOOKUP_METHODS = frozenset(
    {
        "aggregate",
        "alias",
        "annotate",
        "dates",
        "datetimes",
        "defer",
        "distinct",
        "exclude",
        "filter",
        "get",
        "get_or_create",
        "in_bulk",
        "only",
        "order_by",
        "prefetch_related",
        "select_related",
        "update_or_create",
        "values",
        "values_list",
    }
)
# prefetch_related reads the rows of a relation (a case's notes, restricted ones included);
# select_related joins what `row.relation` would read anyway (not counted from a guarded row).
LOADING_METHODS = frozenset({"prefetch_related"})
THROUGH_ACCESS = frozenset({"visible", "get_visible_or_404"})
BY_HAND = {
    "raw": "raw SQL",
    "extra": "raw SQL",
    "RawSQL": "raw SQL",
    "cursor": "raw SQL",
    "get_model": "a model chosen at run time",
    "get_object_for_this_type": "a row fetched through its content type",
    "prefetch_related_objects": "a related manager",
    "QuerySet": "a queryset built by hand",
}
SHORTCUTS = frozenset({"get_object_or_404", "get_list_or_404"})
GENERIC_VIEWS = frozenset(
    {
        "ListView",
        "DetailView",
        "CreateView",
        "UpdateView",
        "DeleteView",
        "ModelViewSet",
        "ReadOnlyModelViewSet",
        "GenericAPIView",
        "ListAPIView",
        "RetrieveAPIView",
        "ListCreateAPIView",
        "RetrieveUpdateAPIView",
        "RetrieveUpdateDestroyAPIView",
    }
)
MODEL_FORMS = frozenset({"ModelForm", "ModelSerializer", "HyperlinkedModelSerializer"})

# Where queries of people's data belong: the access layer and the selectors (the read layer).
ACCESS = "sutura/access/*"
SELECTORS = ("sutura/*/selectors.py", "sutura/*/selectors/*")
NEVER_SCANNED = ("*/migrations/*", "*/tests/*")


@dataclass(frozen=True)
class Offence:
    path: str
    line: int
    what: str
    function: str = ""  # the enclosing function, for the allow-list of the selectors

    def __str__(self) -> str:
        where = f" (in {self.function})" if self.function else ""
        return f"{self.path}:{self.line}{where}: {self.what}"


def sutura_models() -> list[type[models.Model]]:
    return [m for m in apps.get_models() if m.__module__.startswith("sutura.")]


def holds_personal_data(model: Any) -> bool:
    return isinstance(model, type) and bool(getattr(model, "personal_data", True))


def guarded_accessors() -> dict[str, set[str]]:
    """Related-manager names (reverse and many-to-many) that lead to a guarded model."""
    found: dict[str, set[str]] = {}
    for model in sutura_models():
        for relation in model._meta.get_fields():
            target: Any = relation.related_model
            if not (relation.one_to_many or relation.many_to_many) or target is None:
                continue
            if not holds_personal_data(target):
                continue
            accessor = getattr(relation, "get_accessor_name", None)
            name = (accessor() if accessor else relation.name) or ""
            if name and not name.endswith("+"):
                found.setdefault(name, set()).add(target.__name__)
    return found


def lookup_reaches(model: type[models.Model], lookup: str, *, loads: bool = False) -> Any:
    """The model holding personal data whose *data* a lookup path reads from `model`, or None.

    `case__person__family_name` from Referral reads Person (a name the referral's reader may
    not see); `plan__case=case` or `person__in=[…]` only compares identities with rows the
    caller holds, and reads nothing. From a model that is not personal data, reaching a guarded
    model at all counts. With `loads` (select_related, prefetch_related), reaching one does."""
    current: Any = model
    reached: Any = None
    for part in lookup.lstrip("-").split(LOOKUP_SEP):
        try:
            field = current._meta.get_field(part)
        except (FieldDoesNotExist, AttributeError):
            return None  # a transform or a lookup (in, isnull…): an identity comparison
        if reached is not None and not field.is_relation and not field.primary_key:
            return reached  # a value of the guarded row: its data
        if not field.is_relation or field.related_model is None:
            return None
        current = field.related_model
        if reached is None and current is not model and holds_personal_data(current):
            if loads or not holds_personal_data(model):
                return current
            reached = current
    return None


class _Scanner(ast.NodeVisitor):
    def __init__(self, path: str, module: str, tree: ast.Module, *, read_layer: bool) -> None:
        self.path = path
        self.read_layer = read_layer  # a selectors module: only unscoped reads count
        self.offences: list[Offence] = []
        self.models_by_name = {m.__name__: m for m in sutura_models()}
        self.model_modules = {m.__module__ for m in sutura_models()}
        self.names: dict[str, type[models.Model]] = {
            m.__name__: m for m in sutura_models() if m.__module__ == module
        }
        self.external: set[str] = set()  # models of other packages (Django's own…)
        self.accessors = guarded_accessors()
        self.function = ""
        self.exempt: set[int] = set()  # the manager of a queryset handed to visible()
        self._collect(tree)

    # --- what names mean in this module ---------------------------------------------------

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
            elif isinstance(node, ast.Assign) and len(node.targets) == 1:
                target, model = node.targets[0], self.model_of(node.value)
                if isinstance(target, ast.Name) and model is not None:
                    self.names[target.id] = model
            elif (
                isinstance(node, ast.Call)
                and _called(node) in THROUGH_ACCESS
                and len(node.args) > 1
            ):
                # `visible(user, Case.objects.select_related(…))`: that queryset is scoped.
                # Only its own chain: a subquery among its arguments is not.
                self.exempt.update(id(link) for link in _chain(node.args[1]))

    def model_of(self, node: ast.AST) -> type[models.Model] | None:
        if isinstance(node, ast.Name):
            return self.names.get(node.id)
        if isinstance(node, ast.Attribute) and node.attr in self.models_by_name:
            return self.models_by_name[node.attr]  # models.Case, sutura.cases.models.Case
        return None

    # --- reporting ----------------------------------------------------------------------------

    def flag(self, node: ast.AST, what: str) -> None:
        line = getattr(node, "lineno", 0)
        self.offences.append(Offence(self.path, line, what, self.function))

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        outer, self.function = self.function, node.name
        self.generic_visit(node)
        self.function = outer

    visit_AsyncFunctionDef = visit_FunctionDef  # type: ignore[assignment]

    # --- managers and related managers ----------------------------------------------------------

    def visit_Attribute(self, node: ast.Attribute) -> None:
        if node.attr in MANAGERS:
            self._manager(node, node.value)
        elif node.attr in META_MANAGERS and _is_meta(node.value):
            self._manager(node, node.value.value)  # type: ignore[attr-defined]
        elif (
            node.attr in self.accessors
            and self.model_of(node.value) is None
            and not _called_as_method(node)  # dict.items(): not a related manager
        ):
            targets = ", ".join(sorted(self.accessors[node.attr]))
            self.flag(node, f"the related manager .{node.attr} reads {targets} by hand")
        self.generic_visit(node)

    def _manager(self, node: ast.Attribute, owner: ast.AST) -> None:
        if id(node) in self.exempt:
            return
        if isinstance(owner, ast.Name) and owner.id in self.external:
            return  # not ours: sessions, content types, tokens
        model = self.model_of(owner)
        if model is not None and not holds_personal_data(model):
            return
        parent = getattr(node, "parent", None)
        method = parent.attr if isinstance(parent, ast.Attribute) else ""
        if model is not None and method in WRITES_ONLY:
            return
        name = model.__name__ if model is not None else ast.unparse(owner)
        kind = "a model of unknown kind" if model is None else name
        self.flag(node, f"{name}.{node.attr} queries {kind} outside the access layer")

    # --- calls ----------------------------------------------------------------------------------

    def visit_Call(self, node: ast.Call) -> None:
        called = _called(node)
        if called == "getattr" and len(node.args) > 1:
            self._getattr(node, node.args[1])
        if called in BY_HAND:
            self.flag(node, f"{called}() goes around the access layer ({BY_HAND[called]})")
        if called in SHORTCUTS and node.args:
            model = self.model_of(node.args[0])
            if model is None or holds_personal_data(model):
                self.flag(node, f"{called}() reads through the model's own manager")
        if not self.read_layer:
            self._lookups(node)
        self.generic_visit(node)

    def _getattr(self, node: ast.Call, name: ast.AST) -> None:
        if not (isinstance(name, ast.Constant) and isinstance(name.value, str)):
            return
        if name.value in MANAGERS or name.value in self.accessors:
            self.flag(node, f'getattr(…, "{name.value}") reaches a manager by name')

    def _lookups(self, node: ast.Call) -> None:
        """Lookups written in a call of a queryset chain rooted at a known model."""
        if not isinstance(node.func, ast.Attribute) or node.func.attr not in LOOKUP_METHODS:
            return
        model = self._chain_model(node.func.value)
        if model is None:
            return
        loads = node.func.attr in LOADING_METHODS
        if node.func.attr == "select_related" and holds_personal_data(model):
            return
        for lookup in _lookups_of(node):
            reached = lookup_reaches(model, lookup, loads=loads)
            if reached is not None:
                self.flag(
                    node,
                    f"{model.__name__} lookup {lookup!r} reads {reached.__name__} "
                    "(a scope does not cover the rows a relation reaches)",
                )

    def _chain_model(self, node: ast.AST) -> type[models.Model] | None:
        """The model at the root of `Model.objects.a().b()` or `visible(user, Model).a()`."""
        while True:
            if isinstance(node, ast.Call):
                if _called(node) in THROUGH_ACCESS and len(node.args) > 1:
                    return self._chain_model(node.args[1]) or self.model_of(node.args[1])
                node = node.func
            elif isinstance(node, ast.Attribute):
                if node.attr in MANAGERS:
                    return self.model_of(node.value)
                node = node.value
            else:
                return self.model_of(node)

    # --- classes that build their own querysets ------------------------------------------------

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        bases = {_name(base) for base in node.bases}
        if bases & GENERIC_VIEWS:
            for name, value in _class_assignments(node):
                model = self._chain_model(value) if name == "queryset" else self.model_of(value)
                if name in {"model", "queryset"} and holds_personal_data(model):
                    self.flag(node, f"the generic view {node.name} reads {name} by itself")
        if bases & MODEL_FORMS:
            self._model_form(node)
        self.generic_visit(node)

    def _model_form(self, node: ast.ClassDef) -> None:
        meta = next(
            (n for n in node.body if isinstance(n, ast.ClassDef) and n.name == "Meta"), None
        )
        if meta is None:
            return
        assigned = dict(_class_assignments(meta))
        model = self.model_of(assigned.get("model", ast.Constant(None)))
        if model is None:
            return
        fields = _strings(assigned.get("fields"), model)
        read_only = _strings(assigned.get("read_only_fields"), model, fields)
        declared = {name for name, _value in _class_assignments(node)}
        for name in fields - read_only - declared:
            try:
                field = model._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            target: Any = field.related_model
            if field.is_relation and holds_personal_data(target):
                self.flag(meta, f"{node.name} offers every {target.__name__} row")


# --- small helpers -----------------------------------------------------------------------------


def _called(node: ast.Call) -> str:
    return _name(node.func)


def _name(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    return node.attr if isinstance(node, ast.Attribute) else ""


def _chain(node: ast.AST) -> Iterator[ast.AST]:
    """The links of `Model.objects.a(…).b(…)`, from the outermost call down to the model."""
    while True:
        yield node
        if isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, ast.Attribute):
            node = node.value
        else:
            return


def _called_as_method(node: ast.Attribute) -> bool:
    parent = getattr(node, "parent", None)
    return isinstance(parent, ast.Call) and parent.func is node


def _is_meta(node: ast.AST) -> bool:
    return isinstance(node, ast.Attribute) and node.attr == "_meta"


def _class_assignments(node: ast.ClassDef) -> Iterator[tuple[str, ast.AST]]:
    for statement in node.body:
        if isinstance(statement, ast.Assign):
            for target in statement.targets:
                if isinstance(target, ast.Name):
                    yield target.id, statement.value
        elif (
            isinstance(statement, ast.AnnAssign)
            and isinstance(statement.target, ast.Name)
            and statement.value is not None
        ):
            yield statement.target.id, statement.value


def _strings(node: ast.AST | None, model: Any, same_as: set[str] | None = None) -> set[str]:
    if node is None:
        return set()
    if isinstance(node, ast.Name) and same_as is not None:
        return set(same_as)  # read_only_fields = fields
    if isinstance(node, ast.Constant) and node.value == "__all__":
        return {field.name for field in model._meta.get_fields()}
    if isinstance(node, ast.List | ast.Tuple | ast.Set):
        return {
            e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)
        }
    return set()


def _lookups_of(call: ast.Call) -> Iterator[str]:
    """Every lookup string written in a call: keyword names, `**{…}` keys, positional strings,
    and the same inside `Q(…)`, `F(…)`, `Count(…)`, `Prefetch(…)` and other nested calls."""
    keywords = [k for k in call.keywords if k.arg != "defaults"]  # defaults: values
    for keyword in keywords:
        if keyword.arg is not None:
            yield keyword.arg
        elif isinstance(keyword.value, ast.Dict):
            yield from (
                k.value
                for k in keyword.value.keys
                if isinstance(k, ast.Constant) and isinstance(k.value, str)
            )
    for argument in [*call.args, *(k.value for k in keywords)]:
        for node in ast.walk(argument):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                yield node.value
            elif isinstance(node, ast.Call):
                yield from (k.arg for k in node.keywords if k.arg is not None)


def _tree(source: str) -> ast.Module:
    tree = ast.parse(source)
    for node in ast.walk(tree):
        for child in ast.iter_child_nodes(node):
            child.parent = node  # type: ignore[attr-defined]
    return tree


def scan_source(
    source: str, path: str, module: str = "", *, read_layer: bool = False
) -> list[Offence]:
    tree = _tree(source)
    scanner = _Scanner(path, module, tree, read_layer=read_layer)
    scanner.visit(tree)
    return scanner.offences


# A template reaches a related manager by `x.<accessor>.<method>` (`{% for n in case.notes.all %}`).
TEMPLATE_QUERY = re.compile(r"\b\w+\.(\w+)\.(\w+)\b")


def scan_template(text: str, path: str) -> list[Offence]:
    accessors = guarded_accessors()
    return [
        Offence(
            path,
            number,
            f"{match.group(0)} reads {', '.join(sorted(accessors[match.group(1)]))} by hand",
        )
        for number, line in enumerate(text.splitlines(), start=1)
        for match in TEMPLATE_QUERY.finditer(line)
        if match.group(1) in accessors and match.group(2) in QUERY_METHODS
    ]


def project_modules(root: Path) -> Iterator[tuple[Path, str]]:
    """Every module of the `sutura` package, with its dotted name."""
    for path in sorted((root / "sutura").rglob("*.py")):
        relative = path.relative_to(root).as_posix()
        if any(fnmatch(relative, pattern) for pattern in NEVER_SCANNED):
            continue
        yield path, relative.removesuffix(".py").replace("/", ".").removesuffix(".__init__")


def offences_in(root: Path) -> list[Offence]:
    """What the guard finds in the project: modules outside the access package (selectors read
    as the read layer) and templates."""
    found: list[Offence] = []
    for path, module in project_modules(root):
        relative = path.relative_to(root).as_posix()
        if fnmatch(relative, ACCESS):
            continue
        read_layer = any(fnmatch(relative, pattern) for pattern in SELECTORS)
        found += scan_source(path.read_text("utf-8"), relative, module, read_layer=read_layer)
    for path in sorted((root / "sutura").rglob("templates/**/*.html")):
        found += scan_template(path.read_text("utf-8"), path.relative_to(root).as_posix())
    return found


def allowed(offence: Offence, allow: Iterable[str]) -> str | None:
    """The allow-list entry covering an offence: a path pattern, or `path::function`."""
    for entry in allow:
        pattern, _, function = entry.partition("::")
        if fnmatch(offence.path, pattern) and (not function or function == offence.function):
            return entry
    return None
