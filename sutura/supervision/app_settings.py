"""This app's settings, read by `sutura/settings/base.py` (no model may be imported here):
`ENUM_NAMES` names the API schema's choice sets, `SETTINGS` the app's own settings (each
read from the environment where a deployment may change it)."""

from __future__ import annotations

import os

ENUM_NAMES: dict[str, str] = {}
SETTINGS: dict[str, object] = {
    # An open case with no work recorded with the person for this many days is "inactive" on
    # the caseload page (sutura/access/supervision.py says what counts as work).
    "SUTURA_SUPERVISION_INACTIVE_DAYS": int(
        os.environ.get("SUTURA_SUPERVISION_INACTIVE_DAYS", "30")
    ),
}
