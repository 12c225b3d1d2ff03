"""The referral mechanism's governance, one module per idea: data-sharing protocols and the
membership they give (protocols.py), committees and working groups (committees.py), the library
of SOPs and tools (library.py), the roadmap (roadmap.py), status and capacity assessments and
technical assistance (assessments.py)."""

# The library, the roadmap and the assessments: imported here so Django finds their models
# (code imports them from their own module: sutura.governance.models.library…).
from sutura.governance.models import assessments, library, roadmap  # noqa: F401
from sutura.governance.models.committees import (
    RECORDING_ROLES,
    Committee,
    CommitteeKind,
    CommitteeMember,
    MemberRole,
)
from sutura.governance.models.protocols import (
    BINDING_STATUSES,
    SECTIONS,
    LapseReason,
    Protocol,
    ProtocolVersion,
    Signature,
    SignatureEnd,
    VersionStatus,
    VersionTransition,
)

__all__ = [
    "BINDING_STATUSES",
    "RECORDING_ROLES",
    "SECTIONS",
    "Committee",
    "CommitteeKind",
    "CommitteeMember",
    "LapseReason",
    "MemberRole",
    "Protocol",
    "ProtocolVersion",
    "Signature",
    "SignatureEnd",
    "VersionStatus",
    "VersionTransition",
]
