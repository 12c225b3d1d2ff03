"""The community app's records, one module per idea (see each module's docstring):
communities, diagnosis, risks, assets, plans, committees, checklists, safe spaces,
initiatives, workplans (and monitoring visits). About communities, never individuals, except
the names of key informants and committee members (personal data)."""

from sutura.community.models.assets import Asset, AssetKind
from sutura.community.models.checklists import (
    Answer,
    Checklist,
    ChecklistAnswer,
    ChecklistItem,
    ChecklistKind,
    ChecklistVersion,
)
from sutura.community.models.committees import CommitteeKind, CommitteeMember, ProtectionCommittee
from sutura.community.models.communities import (
    Community,
    CommunityPartner,
    CriterionScore,
    PartnerRole,
    SelectionCriterion,
    SelectionStatus,
)
from sutura.community.models.diagnosis import (
    DiagnosisNote,
    FlowDirection,
    GroupKind,
    KeyInformantInterview,
    MigrationFlow,
    NoteTopic,
    Reliability,
    ServicePresence,
    SocioEconomicGroup,
    TriangulationStatus,
)
from sutura.community.models.initiatives import Initiative, InitiativeStatus
from sutura.community.models.plans import (
    ActionPlan,
    PlanStatus,
    ProgressUpdate,
    Recommendation,
    RecommendationStatus,
)
from sutura.community.models.risks import AnalysisParticipantCount, Risk, RiskAnalysis
from sutura.community.models.safespaces import (
    FollowUpStatus,
    SafeSpace,
    SafeSpaceAttendance,
    SafeSpaceKind,
    SafetyCheck,
)
from sutura.community.models.workplans import (
    ActivityProgress,
    MonitoringVisit,
    PlannedActivity,
    ProgressParticipantCount,
    VisitRecommendation,
    Workplan,
)

# The meetings context of a community's consultations, dialogues, trainings and committee
# meetings (`Meeting.context_kind`; `context_id` is the community's id).
COMMUNITY_CONTEXT = "community"

__all__ = [
    "COMMUNITY_CONTEXT",
    "ActionPlan",
    "ActivityProgress",
    "AnalysisParticipantCount",
    "Answer",
    "Asset",
    "AssetKind",
    "Checklist",
    "ChecklistAnswer",
    "ChecklistItem",
    "ChecklistKind",
    "ChecklistVersion",
    "CommitteeKind",
    "CommitteeMember",
    "Community",
    "CommunityPartner",
    "CriterionScore",
    "DiagnosisNote",
    "FlowDirection",
    "FollowUpStatus",
    "GroupKind",
    "Initiative",
    "InitiativeStatus",
    "KeyInformantInterview",
    "MigrationFlow",
    "MonitoringVisit",
    "NoteTopic",
    "PartnerRole",
    "PlanStatus",
    "PlannedActivity",
    "ProgressParticipantCount",
    "ProgressUpdate",
    "ProtectionCommittee",
    "Recommendation",
    "RecommendationStatus",
    "Reliability",
    "Risk",
    "RiskAnalysis",
    "SafeSpace",
    "SafeSpaceAttendance",
    "SafeSpaceKind",
    "SafetyCheck",
    "SelectionCriterion",
    "SelectionStatus",
    "ServicePresence",
    "SocioEconomicGroup",
    "TriangulationStatus",
    "VisitRecommendation",
    "Workplan",
]
