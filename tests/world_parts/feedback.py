"""The feedback part of the access world (through the services):

- A's MHPSS focal point and B's MHPSS focal point are designated PSEA focal points (by their
  programme managers); A's case manager reports to A's programme manager;
- `item_a`: A's normal item (hotline, a phone to call back), recorded by A's case manager;
- `sea_a`: A's SEA complaint recorded by A's community mentor, implicating A's case manager;
  assigned to A's PSEA focal point (who alone reads the complainant's identity);
- `item_b`: B's normal item, filed through B's public form (`point_b`), anonymous;
- `sea_b`: B's fraud complaint, recorded by B's case manager;
- `referred_ab`: A's normal item referred to B by A's protection officer;
- `point_a`, `point_b`: each side's intake point (public form, QR poster).
"""

from __future__ import annotations

from typing import Any

from sutura.accounts.roles import Role
from sutura.feedback.models import Category, IntakePoint
from sutura.feedback.services import designations, intake, workflow


def _category(code: str) -> Category:
    return Category.objects.get(code=code)


def build(world: Any) -> dict[str, Any]:
    a, b = world.a, world.b
    manager_a = a.users[Role.PROGRAMME_MANAGER]
    case_manager_a = a.users[Role.CASE_MANAGER]
    case_manager_a.reports_to = manager_a
    case_manager_a.save(update_fields=["reports_to"])
    focal_a = a.users[Role.MHPSS_FOCAL_POINT]
    focal_b = b.users[Role.MHPSS_FOCAL_POINT]
    designation_a = designations.designate(actor=manager_a, user=focal_a)
    designation_b = designations.designate(actor=b.users[Role.PROGRAMME_MANAGER], user=focal_b)
    point_a = IntakePoint.objects.create(
        organisation=a.organisation,
        kind="organisation",
        name=f"{a.organisation.acronym or a.organisation.name}",
        code="wa" + str(a.organisation.pk)[:6].replace("-", ""),
        location=a.organisation.country,
        created_by=manager_a,
    )
    point_b = IntakePoint.objects.create(
        organisation=b.organisation,
        kind="site",
        name="Centre B",
        code="wb" + str(b.organisation.pk)[:6].replace("-", ""),
        created_by=b.users[Role.PROGRAMME_MANAGER],
    )
    item_a = intake.record_item(
        actor=case_manager_a,
        category=_category("service_quality"),
        channel="hotline",
        description="L'attente au centre est trop longue.",
        contact_method="phone",
        contact_name="Awa",
        contact_phone="+221770000001",
        sex="female",
        age_group="25_59",
    )
    sea_a = intake.record_item(
        actor=a.users[Role.COMMUNITY_MENTOR],
        category=_category("sea"),
        channel="volunteer",
        description="Un agent a demandé une faveur sexuelle contre l'aide.",
        contact_method="trusted_person",
        trusted_person="Sa tante, +221770000002",
        sex="female",
        age_group="18_24",
        implicated=[{"kind": "staff", "user": case_manager_a}],
    )
    sea_a = workflow.assign(actor=focal_a, item=sea_a, handler=focal_a)
    item_b = intake.submit_public(
        intake_point=point_b,
        category=_category("information_request"),
        description="Quand commence la formation ?",
    )
    sea_b = intake.record_item(
        actor=b.users[Role.CASE_MANAGER],
        category=_category("fraud"),
        channel="in_person",
        description="On m'a demandé de payer pour être inscrit.",
        sex="male",
        age_group="18_24",
    )
    referred_ab = intake.record_item(
        actor=a.users[Role.PROTECTION_OFFICER],
        category=_category("assistance_complaint"),
        channel="committee",
        description="Le kit promis par le partenaire n'est jamais arrivé.",
    )
    referred_ab = workflow.refer(
        actor=a.users[Role.PROTECTION_OFFICER],
        item=referred_ab,
        organisation=b.organisation,
        note="Le kit relève du partenaire B.",
    )
    return {
        "designation_a": designation_a,
        "designation_b": designation_b,
        "point_a": point_a,
        "point_b": point_b,
        "item_a": item_a,
        "sea_a": sea_a,
        "item_b": item_b,
        "sea_b": sea_b,
        "referred_ab": referred_ab,
    }
