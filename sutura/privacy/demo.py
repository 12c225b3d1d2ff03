"""The demo's data-protection request: one pending erasure request in AIM-SN, for the programme
manager (`manager`) to decide."""

from __future__ import annotations

import datetime

from django.db import transaction

from sutura.accounts.models import User
from sutura.core.registry import DemoContext
from sutura.people.models import Person
from sutura.privacy.models import DataRequest


@transaction.atomic
def seed_step(context: DemoContext) -> str:
    organisation = context.organisations.get("AIM-SN")
    manager = User.objects.filter(username="manager").first()
    if organisation is None or manager is None:
        return ""
    if DataRequest.objects.filter(organisation=organisation).exists():
        return "1 data-protection request"
    person = Person.objects.filter(organisation=organisation).order_by("created_at").last()
    if person is None:
        return ""
    DataRequest.objects.create(
        person=person,
        organisation=organisation,
        kind="anonymisation",
        on_behalf_of="self",
        grounds="consent_withdrawn",
        received_on=datetime.date.today(),  # noqa: DTZ011 - a calendar date
        recorded_by=manager,
    )
    return "1 data-protection request"
