"""The app's settings, parsed (`app_settings.py` holds them as read from the environment)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings


def instrument_version() -> str:
    return str(getattr(settings, "SUTURA_RSS_INSTRUMENT", "iom-rss-2023"))


def follow_up_months() -> list[int]:
    """The follow-ups after return, in months: 3, 6 and 12 by default."""
    raw = str(getattr(settings, "SUTURA_RSS_FOLLOW_UP_MONTHS", "3,6,12"))
    return sorted({int(part) for part in raw.split(",") if part.strip()})


def incomplete_share() -> Decimal:
    return Decimal(str(getattr(settings, "SUTURA_RSS_INCOMPLETE_SHARE", "0.20")))


@dataclass(frozen=True)
class Bands:
    """Cut points for charts: the organisation's own reading of the scores, labelled so —
    IOM publishes no bands (rss.md §4)."""

    version: str
    low_below: Decimal
    high_from: Decimal

    def band(self, score: Decimal | None) -> str:
        if score is None:
            return ""
        if score < self.low_below:
            return "low"
        return "high" if score >= self.high_from else "medium"


def bands() -> Bands:
    version, _colon, cuts = str(
        getattr(settings, "SUTURA_RSS_BANDS", "sutura-bands-1:0.33,0.66")
    ).partition(":")
    low, high = (Decimal(part) for part in cuts.split(","))
    if not Decimal(0) < low < high < Decimal(1):
        raise ValueError(f"SUTURA_RSS_BANDS: {cuts!r} are not two cut points in 0–1")
    return Bands(version=version, low_below=low, high_from=high)
