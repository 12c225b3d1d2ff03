"""The platform's default mapping, "Sutura central case record v1" (format version 1): every
group of the export, this app's and those of the apps of issue 18 (children, tracing,
trafficking, returns). Those are marked not required: a mapping may name a key no app
registers yet only so (it is exported empty and listed under `unavailable` until the app is
installed). This row is frozen here: a change of the default is a new version (a new row, in a
new migration), never an edit of this one — exports already made name "v1".

Restored after a test flush by `CaseExportConfig`'s post_migrate handler."""

from django.db import migrations

CODE = "sutura-central-case"
NAME = "Sutura central case record v1"
DESCRIPTION = (
    "The platform's default record of one case for an agency's central case database: the "
    "case, the person, the latest screening, the reintegration plan and the assistance "
    "delivered, follow-ups, referrals, and the special procedures (children, family tracing, "
    "trafficking, return journey). Dates ISO 8601 (YYYY-MM-DD), codes as Sutura's codes "
    "except sex (F, M, U), lists as lists (joined by a semicolon in CSV)."
)
ISO = {"kind": "date_format", "format": "%Y-%m-%d"}


def _f(target, source, required=False, transform=None):
    entry = {"target": target, "source": source, "required": required}
    if transform is not None:
        entry["transform"] = transform
    return entry


FIELDS = [
    {"target": "source_system", "required": True, "transform": {"kind": "constant", "value": "SUTURA"}},
    _f("case_number", "case.number", True),
    _f("case_type", "case.type", True),
    _f("case_status", "case.status", True),
    _f("case_opened_on", "case.opened_on", True, ISO),
    _f("case_closed_on", "case.closed_on", False, ISO),
    _f("case_closure_reason", "case.closure_reason"),
    _f("case_priority", "case.priority"),
    _f("case_risk_level", "case.risk_level"),
    _f("case_vulnerabilities", "case.flags"),
    _f("case_worker_name", "case.case_manager_name"),
    _f("person_id", "person.identifier", True),
    _f("given_names", "person.given_names", True),
    _f("family_name", "person.family_name", True),
    _f(
        "sex",
        "person.sex",
        True,
        {"kind": "code_map", "map": {"female": "F", "male": "M", "not_stated": "U"}},
    ),
    _f("date_of_birth", "person.birth_date", False, ISO),
    _f("date_of_birth_estimated", "person.birth_date_estimated"),
    _f("nationality", "person.nationality"),
    _f("phones", "person.phones", False, {"kind": "join", "separator": ";"}),
    _f("current_location_pcode", "person.current_place_pcode"),
    _f("current_location_name", "person.current_place_name"),
    _f("languages", "person.languages", False, {"kind": "join", "separator": ";"}),
    _f("screening_date", "screening.last_date", False, ISO),
    _f("screening_vulnerabilities", "screening.categories"),
    _f("plan_status", "plan.status"),
    _f("plan_approved_on", "plan.approved_on", False, ISO),
    _f("plan_total_xof", "plan.planned_xof"),
    _f("plan_total_xaf", "plan.planned_xaf"),
    _f("plan_total_eur", "plan.planned_eur"),
    _f("assistance_deliveries", "assistance.deliveries"),
    _f("assistance_delivered_xof", "assistance.delivered_xof"),
    _f("assistance_delivered_xaf", "assistance.delivered_xaf"),
    _f("assistance_delivered_eur", "assistance.delivered_eur"),
    _f("last_follow_up_on", "followups.last_date", False, ISO),
    _f("next_follow_up_due", "followups.next_due", False, ISO),
    _f("referrals_total", "referrals.total"),
    _f("referrals_in_progress", "referrals.in_progress"),
    _f("referrals_completed", "referrals.completed"),
    _f("referrals_declined", "referrals.declined"),
    # The special procedures and the return journey (issue 18's apps).
    _f("child_status", "children.status"),
    _f("child_care_arrangement", "children.care_arrangement"),
    _f("child_bia_last_date", "children.last_bia_date", False, ISO),
    _f("child_bid_question", "children.bid_question"),
    _f("child_bid_decision", "children.bid_decision"),
    _f("child_bid_date", "children.bid_date", False, ISO),
    _f("tracing_open_requests", "tracing.open_requests"),
    _f("reunified_on", "tracing.reunified_on", False, ISO),
    _f("reunification_visits_overdue", "tracing.visits_overdue"),
    _f("trafficking_status", "trafficking.status"),
    _f("trafficking_identified_on", "trafficking.identified_on", False, ISO),
    _f("re_trafficking_risk", "trafficking.re_trafficking_risk"),
    _f("return_from_country", "returns.from_country"),
    _f("return_departed_on", "returns.departure_date", False, ISO),
    _f("return_arrived_on", "returns.arrival_date", False, ISO),
    _f("return_reception_assistance", "returns.reception_assistance"),
    _f("days_arrival_to_case", "returns.days_arrival_to_case"),
]


def add(apps, schema_editor):
    mapping = apps.get_model("caseexport", "ExportMapping")
    # Once: the row is never rewritten. bulk_create sends no signal: seeding the platform's
    # default (here, or after a test flush) is nobody's act for the audit log.
    if mapping.objects.filter(organisation=None, code=CODE, version=1).exists():
        return
    mapping.objects.bulk_create(
        [
            mapping(
                organisation=None,
                code=CODE,
                version=1,
                name=NAME,
                format_version=1,
                description=DESCRIPTION,
                active=True,
                fields=FIELDS,
            )
        ]
    )


class Migration(migrations.Migration):
    dependencies = [("caseexport", "0001_initial")]
    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
