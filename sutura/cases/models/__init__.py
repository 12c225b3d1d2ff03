"""Cases and everything recorded on them. One module per idea; import from here."""

from sutura.cases.models.case import (
    Case,
    CaseNumberCounter,
    CaseStatus,
    CaseTransition,
    CaseType,
    ClosureReason,
    Priority,
    RiskLevel,
    TransitionCause,
)
from sutura.cases.models.followup import (
    CaseDocument,
    CaseNote,
    Confidentiality,
    FollowUp,
    FollowUpType,
)
from sutura.cases.models.plan import (
    AssistanceDelivery,
    Currency,
    Dimension,
    NeedsAssessment,
    PlanDecision,
    PlannedAssistance,
    PlanStatus,
    Programme,
    ReintegrationPlan,
)
from sutura.cases.models.screening import Vulnerability, VulnerabilityScreening

__all__ = [
    "AssistanceDelivery",
    "Case",
    "CaseDocument",
    "CaseNote",
    "CaseNumberCounter",
    "CaseStatus",
    "CaseTransition",
    "CaseType",
    "ClosureReason",
    "Confidentiality",
    "Currency",
    "Dimension",
    "FollowUp",
    "FollowUpType",
    "NeedsAssessment",
    "PlanDecision",
    "PlanStatus",
    "PlannedAssistance",
    "Priority",
    "Programme",
    "ReintegrationPlan",
    "RiskLevel",
    "TransitionCause",
    "Vulnerability",
    "VulnerabilityScreening",
]
