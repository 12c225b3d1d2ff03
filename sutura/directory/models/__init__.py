"""The directory of service providers (annuaire), the proposals that keep it current, and the
referral pathways (organigramme de référence) that say where to refer a given need. One module
per idea; import from here."""

from sutura.directory.models.entries import (
    DECIMAL_FIELDS,
    EDITABLE_FIELDS,
    VERIFICATION_MAX_AGE,
    Cost,
    MhpssLayer,
    Service,
    ServiceCategory,
    in_language,
)
from sutura.directory.models.pathways import NEEDS_FOR_VULNERABILITY, Need, Pathway, PathwayStep
from sutura.directory.models.proposals import (
    ChangeKind,
    ChangeStatus,
    ServiceChange,
    service_snapshot,
)

__all__ = [
    "DECIMAL_FIELDS",
    "EDITABLE_FIELDS",
    "NEEDS_FOR_VULNERABILITY",
    "VERIFICATION_MAX_AGE",
    "ChangeKind",
    "ChangeStatus",
    "Cost",
    "MhpssLayer",
    "Need",
    "Pathway",
    "PathwayStep",
    "Service",
    "ServiceCategory",
    "ServiceChange",
    "in_language",
    "service_snapshot",
]
