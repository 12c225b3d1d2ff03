"""The library's demo step: what the brief asks for, written once."""

from __future__ import annotations

import pytest

from sutura.accounts.models import Organisation
from sutura.core.registry import DemoContext
from sutura.governance.demo_library import SOP_TITLE, seed_step
from sutura.governance.models.assessments import Assessment, TechnicalAssistance
from sutura.governance.models.library import (
    ConsultationComment,
    DocumentVersion,
    LibraryDocument,
)
from sutura.governance.models.roadmap import RoadmapVersion
from tests import files

pytestmark = pytest.mark.django_db


def test_demo_step_writes_the_story_once(seeded_demo: None) -> None:
    organisations = {o.acronym: o for o in Organisation.objects.all()}
    with files.committed():  # a second run adds nothing
        seed_step(DemoContext(persons=0, organisations=organisations))
    sop = LibraryDocument.objects.get(title_fr=SOP_TITLE)
    statuses = dict(DocumentVersion.objects.filter(document=sop).values_list("number", "status"))
    assert statuses == {1: "superseded", 2: "validated"}
    integrations = list(
        ConsultationComment.objects.filter(consultation__version__document=sop).values_list(
            "integration", flat=True
        )
    )
    assert sorted(integrations) == ["integrated", "integrated", "not_integrated", "pending"]
    assert list(RoadmapVersion.objects.values_list("number", "status").order_by("number")) == [
        (1, "validated"),
        (2, "draft"),
    ]
    assert Assessment.objects.filter(kind="capacity").count() == 2
    assert Assessment.objects.filter(kind="nrm_status").count() == 1
    assert TechnicalAssistance.objects.count() == 2
    assert LibraryDocument.objects.count() == 3  # the SOPs, a leaflet, the committee ToR
