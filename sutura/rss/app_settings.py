"""This app's settings, read by `sutura/settings/base.py` (no model may be imported here):
`ENUM_NAMES` names the API schema's choice sets, `SETTINGS` the app's own settings (each
read from the environment where a deployment may change it)."""

from __future__ import annotations

import os

ENUM_NAMES: dict[str, str] = {
    "RssSurveyKindEnum": "sutura.rss.models.SurveyKind",
}
SETTINGS: dict[str, object] = {
    # The instrument version new responses are scored with (a file in sutura/rss/data/).
    "SUTURA_RSS_INSTRUMENT": os.environ.get("SUTURA_RSS_INSTRUMENT", "iom-rss-2023"),
    # The follow-ups after return, in months (rss.md §6.6: not fixed by any source).
    "SUTURA_RSS_FOLLOW_UP_MONTHS": os.environ.get("SUTURA_RSS_FOLLOW_UP_MONTHS", "3,6,12"),
    # A response is flagged "incomplete" when more than this share of one dimension's weight
    # came from don't-know, prefer-not-to-answer or documented blanks (rss.md §6.2, arbitrary).
    "SUTURA_RSS_INCOMPLETE_SHARE": os.environ.get("SUTURA_RSS_INCOMPLETE_SHARE", "0.20"),
    # Bands for charts: the organisation's own reading, never IOM's (rss.md §4, §6.3).
    # A version name and the two cut points: low < 0.33 <= medium < 0.66 <= high.
    "SUTURA_RSS_BANDS": os.environ.get("SUTURA_RSS_BANDS", "sutura-bands-1:0.33,0.66"),
}
