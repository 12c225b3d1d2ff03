"""NRM membership for tests: an organisation signs the test protocol (in force since 2000).

Membership is kept by governance (signatures of the data-sharing protocol in force), not on
the organisation; tests that need a member organisation sign for it here."""

from __future__ import annotations

import datetime
from typing import Any

from sutura.governance.models import Protocol, ProtocolVersion, Signature, VersionStatus

IN_FORCE_FROM = datetime.date(2000, 1, 1)


def protocol_in_force() -> ProtocolVersion:
    """The test protocol's version in force (made once per database)."""
    from sutura.accounts.models import User

    protocol, _ = Protocol.objects.get_or_create(title="Protocole de test du MNR")
    version = protocol.versions.filter(status=VersionStatus.SIGNED).first()
    if version is None:
        author = User.objects.order_by("date_joined").first() or User.objects.create(
            username="protocol-author"
        )
        version = ProtocolVersion.objects.create(
            protocol=protocol,
            number=1,
            status=VersionStatus.SIGNED,
            effective_from=IN_FORCE_FROM,
            created_by=author,
        )
    return version


def sign(organisation: Any, since: datetime.date, **fields: Any) -> Signature:
    """`organisation` signed the protocol in force on `since` (a member from that day)."""
    return Signature.objects.create(
        protocol_version=protocol_in_force(), organisation=organisation, signed_on=since, **fields
    )
