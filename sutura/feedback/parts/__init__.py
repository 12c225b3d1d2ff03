"""What each part of the feedback app adds to the home page, the menu, other pages and the
demo: one module per part (`desk.py`, `public.py`, `ratings.py`…) with a `register()` that
`FeedbackConfig.ready()` calls, so two parts never edit the same lines."""

from __future__ import annotations

import importlib
import pkgutil


def register_all() -> None:
    for module in sorted(m.name for m in pkgutil.iter_modules(__path__)):
        importlib.import_module(f"{__name__}.{module}").register()
