"""Protocols and signatures for governance tests, written through the services."""

from __future__ import annotations

import datetime
from typing import Any

from sutura.governance.models import ProtocolVersion, VersionStatus
from sutura.governance.services import protocols as services

START = datetime.date(2024, 1, 1)


def version_in_force(
    coordinator: Any, *, effective_from: datetime.date = START, title: str = "Protocole"
) -> ProtocolVersion:
    protocol = services.create_protocol(coordinator, title=title)
    version = services.create_version(
        coordinator, protocol, effective_from=effective_from, purpose_fr="Référer"
    )
    services.move_version(coordinator, version, to_status=VersionStatus.UNDER_REVIEW)
    return services.move_version(coordinator, version, to_status=VersionStatus.SIGNED)


def next_version(
    coordinator: Any, current: ProtocolVersion, *, effective_from: datetime.date
) -> ProtocolVersion:
    version = services.create_version(
        coordinator, current.protocol, effective_from=effective_from, purpose_fr="Révision"
    )
    services.move_version(coordinator, version, to_status=VersionStatus.UNDER_REVIEW)
    return version
