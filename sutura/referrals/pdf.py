"""The paper forms field staff print and sign: the identification form of a person and the
referral form of a referral (only the sections it shares). WeasyPrint, A4, in the active
language (French unless the user chose English).

The referral form is built from a `SharedCase` (`sharing.shared_case_for`), so it holds
exactly what the reader may see of the person, and nothing of the sections left unticked.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import HTML, URLFetcher

from sutura.access import visible
from sutura.cases.models import Case, VulnerabilityScreening
from sutura.geo.countries import country_name
from sutura.people.models import Consent, ConsentPurpose, IdentityDocument
from sutura.referrals.deadlines import deadline_label
from sutura.referrals.models import Referral
from sutura.referrals.sharing import SharedCase

# The forms embed everything they show: nothing is fetched, not even a file on this machine.
_OFFLINE = URLFetcher(allowed_protocols={"data"})


def render_pdf(template: str, context: dict[str, Any]) -> bytes:
    html = render_to_string(template, {"printed_at": timezone.now(), **context})
    return HTML(string=html, url_fetcher=_OFFLINE).write_pdf()


# --- the referral form ---------------------------------------------------------------------


def shared_for_display(shared: SharedCase) -> SharedCase:
    """Codes turned into words (the nationality's name in the active language)."""
    if shared.identity is not None and "nationality_name" not in shared.identity:
        code = shared.identity.get("nationality") or ""
        shared.identity["nationality_name"] = country_name(code) if code else ""
    return shared


def referral_form(referral: Referral, shared: SharedCase) -> bytes:
    context = {
        "referral": referral,
        "shared": shared_for_display(shared),
        "deadline": deadline_label(referral.urgency),
    }
    return render_pdf("referrals/pdf/referral.html", context)


# --- the identification form ---------------------------------------------------------------


def latest_consents(consents: Iterable[Consent]) -> list[Consent]:
    """The decision that counts for each purpose (and named organisation): the latest."""
    latest: dict[tuple[str, Any], Consent] = {}
    for consent in sorted(consents, key=lambda c: (c.decided_on, c.created_at)):
        latest[(consent.purpose, consent.shared_with_id)] = consent
    order = list(ConsentPurpose.values)
    return sorted(latest.values(), key=lambda c: (order.index(c.purpose), str(c.shared_with)))


def identification_context(user: Any, case: Case) -> dict[str, Any]:
    """What the identification form shows, read through the access layer."""
    person = case.person
    screening = (
        visible(user, VulnerabilityScreening).filter(case=case).order_by("-screened_on").first()
    )
    consents = visible(user, Consent).filter(person=person).select_related("shared_with")
    return {
        "case": case,
        "person": person,
        "nationality": country_name(person.nationality) if person.nationality else "",
        "documents": visible(user, IdentityDocument).filter(person=person),
        "screening": screening,
        "consents": latest_consents(consents),
    }


def identification_form(user: Any, case: Case) -> bytes:
    return render_pdf("referrals/pdf/identification.html", identification_context(user, case))
