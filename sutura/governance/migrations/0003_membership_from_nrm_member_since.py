"""Data migration: NRM membership moves from `Organisation.nrm_member_since` to signatures of
the data-sharing protocol. Runs before `accounts` removes the field (its migration depends on
this one).

For each country with members, one protocol ("Protocole de partage de données du MNR —
<country>") whose version 1 is signed and in force from the earliest membership date of that
country; each member organisation signs it on its `nrm_member_since`. A date in the future
stays a future signature (no membership before it, as before). Nothing is done where nobody
was a member; running it twice adds nothing.

Renumbering: this file depends only on the governance schema migration that creates the
protocol tables (whatever its number) and on the accounts migration before the field's
removal; `accounts/0008_remove_organisation_nrm_member_since` depends on this one.
"""

from __future__ import annotations

import datetime

from django.db import migrations

TITLE = "Protocole de partage de données du MNR — {country}"


def forward(apps, schema_editor):
    organisation_model = apps.get_model("accounts", "Organisation")
    protocol_model = apps.get_model("governance", "Protocol")
    version_model = apps.get_model("governance", "ProtocolVersion")
    signature_model = apps.get_model("governance", "Signature")
    user_model = apps.get_model("accounts", "User")
    members = list(
        organisation_model.objects.filter(nrm_member_since__isnull=False).select_related(
            "country"
        )
    )
    if not members:
        return
    # Someone must be named as the version's author: the oldest superuser, or account.
    author = (
        user_model.objects.filter(is_superuser=True).order_by("date_joined").first()
        or user_model.objects.order_by("date_joined").first()
    )
    if author is None:
        author = user_model.objects.create(username="nrm-protocol-migration", is_active=False)
    by_country: dict = {}
    for organisation in members:
        by_country.setdefault(organisation.country, []).append(organisation)
    for country, organisations in by_country.items():
        start = min(o.nrm_member_since for o in organisations)
        protocol, _ = protocol_model.objects.get_or_create(
            title=TITLE.format(country=country.name_fr), defaults={"country": country}
        )
        version = version_model.objects.filter(protocol=protocol, status="signed").first()
        if version is None:
            version = version_model.objects.create(
                protocol=protocol,
                number=(version_model.objects.filter(protocol=protocol).count() + 1),
                status="signed",
                effective_from=min(start, datetime.date.today()),
                created_by=author,
                purpose_fr="Protocole repris de la date d'adhésion enregistrée pour chaque "
                "organisation avant la gestion des protocoles dans Sutura.",
            )
        for organisation in organisations:
            signature_model.objects.get_or_create(
                protocol_version=version,
                organisation=organisation,
                defaults={"signed_on": organisation.nrm_member_since},
            )


def backward(apps, schema_editor):
    """The field is back (the accounts migration was reversed first): each organisation's
    earliest signature that has not ended becomes its `nrm_member_since` again."""
    organisation_model = apps.get_model("accounts", "Organisation")
    signature_model = apps.get_model("governance", "Signature")
    since: dict = {}
    for signature in signature_model.objects.filter(ended_on__isnull=True):
        known = since.get(signature.organisation_id)
        if known is None or signature.signed_on < known:
            since[signature.organisation_id] = signature.signed_on
    for organisation_id, day in since.items():
        organisation_model.objects.filter(pk=organisation_id).update(nrm_member_since=day)


class Migration(migrations.Migration):
    dependencies = [
        ("governance", "0002_assessment_checklists"),
        ("accounts", "0006_hash_recovery_codes"),
    ]

    operations = [migrations.RunPython(forward, backward)]
