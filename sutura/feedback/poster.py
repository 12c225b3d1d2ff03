"""An intake point's QR poster: A4, French and English side by side, the organisation's and
the point's names, a QR code to the point's short address and that address in big letters,
what one may write about in simple words, and the promises (free, confidential, anonymous if
wished, a tracking code). WeasyPrint draws it; the QR code is segno's SVG, inline, so nothing
is fetched to build it."""

from __future__ import annotations

from typing import Any

import segno
from django.conf import settings
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import override
from weasyprint import HTML, URLFetcher

from sutura.feedback.forms.public import public_categories
from sutura.feedback.models import IntakePoint

_OFFLINE = URLFetcher(allowed_protocols={"data"})


def public_url(request: HttpRequest | None, point: IntakePoint) -> str:
    """The point's short address, absolute: `SUTURA_PUBLIC_BASE_URL` when set (the address
    people can reach, whatever the server's own name behind a proxy), else the one asked."""
    path = reverse("feedback_public:landing", kwargs={"code": point.code})
    base = str(getattr(settings, "SUTURA_PUBLIC_BASE_URL", "") or "").rstrip("/")
    if base:
        return f"{base}{path}"
    if request is None:
        return path
    return request.build_absolute_uri(path)


def shown_url(url: str) -> str:
    """The address as people type it: without the scheme nor the last slash."""
    return url.split("://", 1)[-1].rstrip("/")


def qr_svg(url: str) -> SafeString:
    svg = segno.make(url, error="m").svg_inline(dark="#000", light="#fff", omitsize=True)
    return mark_safe(svg)  # noqa: S308 - drawn by segno from our own address


def poster_pdf(point: IntakePoint, url: str) -> bytes:
    categories = list(public_categories())
    sides = []
    for code in ("fr", "en"):
        with override(code):
            sides.append({"code": code, "categories": [str(c.public_name) for c in categories]})
    html = render_to_string(
        "feedback/pdf/poster.html",
        {
            "point": point,
            "organisation": point.organisation,
            "url": url,
            "shown_url": shown_url(url),
            "qr": qr_svg(url),
            "sides": sides,
        },
    )
    return HTML(string=html, url_fetcher=_OFFLINE).write_pdf()


def poster_filename(point: IntakePoint) -> str:
    return f"poster-{point.code}"


def context_for(point: IntakePoint, request: HttpRequest) -> dict[str, Any]:
    url = public_url(request, point)
    return {"url": url, "shown_url": shown_url(url)}
