"""The checklists every installation starts with: the NRM status checklist and the partner
capacity-needs checklist (version 1 of each). A later version is added by another data
migration, keeping each item's `key` so assessments compare across versions."""

from django.db import migrations

L03, YPN = "level_0_3", "yes_partly_no"

STATUS = [
    # key, section FR, section EN, question FR, question EN, scale
    ("scope_defined", "Portée", "Scope", "La portée du mécanisme (qui, quoi, où) est définie par écrit.", "The mechanism's scope (who, what, where) is defined in writing.", L03),
    ("scope_geography", "Portée", "Scope", "Le mécanisme couvre les régions de retour prioritaires.", "The mechanism covers the priority regions of return.", L03),
    ("targets_defined", "Groupes cibles", "Target groups", "Les groupes cibles et leurs critères sont définis.", "Target groups and their criteria are defined.", L03),
    ("targets_vulnerable", "Groupes cibles", "Target groups", "Les personnes les plus vulnérables (enfants non accompagnés, victimes de traite) ont un circuit dédié.", "The most vulnerable (unaccompanied children, trafficking victims) have a dedicated pathway.", YPN),
    ("services_mapped", "Services", "Services", "Les services disponibles sont cartographiés et à jour.", "Available services are mapped and up to date.", L03),
    ("services_quality", "Services", "Services", "Des normes minimales de qualité des services sont convenues.", "Minimum service quality standards are agreed.", L03),
    ("inst_mandate", "Institutionnalisation", "Institutionalisation", "Le mécanisme a un ancrage institutionnel (texte officiel, ministère chef de file).", "The mechanism has an institutional anchor (official text, lead ministry).", L03),
    ("inst_budget", "Institutionnalisation", "Institutionalisation", "Un budget national soutient le mécanisme.", "A national budget supports the mechanism.", YPN),
    ("coord_committee", "Coordination", "Coordination", "Un comité de pilotage se réunit régulièrement.", "A steering committee meets regularly.", L03),
    ("coord_sops", "Coordination", "Coordination", "Des procédures opérationnelles standard sont validées et diffusées.", "Standard operating procedures are validated and shared.", L03),
    ("dp_protocol", "Protection des données", "Data protection", "Un protocole de partage des données est signé par les membres.", "A data-sharing protocol is signed by the members.", L03),
    ("dp_consent", "Protection des données", "Data protection", "Le consentement éclairé est recueilli avant tout partage.", "Informed consent is obtained before any sharing.", L03),
    ("gaps_identified", "Lacunes et opportunités", "Gaps and opportunities", "Les lacunes principales sont identifiées et suivies.", "The main gaps are identified and followed up.", L03),
    ("opportunities_used", "Lacunes et opportunités", "Gaps and opportunities", "Les opportunités (partenaires, financements) sont identifiées.", "Opportunities (partners, funding) are identified.", L03),
]

CAPACITY = [
    ("cm_standards", "Gestion de cas", "Case management", "Le personnel applique les normes de gestion de cas.", "Staff apply case management standards.", L03),
    ("cm_staffing", "Gestion de cas", "Case management", "L’effectif est suffisant pour le volume de cas.", "Staffing is sufficient for the caseload.", L03),
    ("ref_procedures", "Référencement", "Referrals", "Les procédures de référencement du mécanisme sont connues et appliquées.", "The mechanism's referral procedures are known and applied.", L03),
    ("ref_feedback", "Référencement", "Referrals", "Les retours d’information sur les référencements sont donnés dans les délais.", "Feedback on referrals is given on time.", L03),
    ("dp_practice", "Protection des données", "Data protection", "Les dossiers sont conservés de façon sécurisée.", "Files are kept securely.", L03),
    ("dp_training", "Protection des données", "Data protection", "Le personnel est formé à la protection des données.", "Staff are trained in data protection.", YPN),
    ("mhpss_capacity", "Santé mentale et soutien psychosocial", "MHPSS", "Le personnel peut offrir les premiers secours psychologiques.", "Staff can offer psychological first aid.", L03),
    ("psea_policy", "PEAS", "PSEA", "Une politique de PEAS est adoptée et connue du personnel.", "A PSEA policy is adopted and known by staff.", YPN),
    ("reporting", "Suivi et rapports", "Monitoring and reporting", "Les données sont rapportées au mécanisme chaque mois.", "Data are reported to the mechanism every month.", L03),
]

CHECKLISTS = [
    ("nrm-status", "nrm_status", "État du mécanisme national de référencement", "National referral mechanism status", STATUS),
    ("partner-capacity", "capacity", "Besoins en capacités des partenaires", "Partner capacity needs", CAPACITY),
]


def add(apps, schema_editor):
    checklist_model = apps.get_model("governance", "Checklist")
    version_model = apps.get_model("governance", "ChecklistVersion")
    item_model = apps.get_model("governance", "ChecklistItem")
    for code, kind, title_fr, title_en, items in CHECKLISTS:
        checklist, _ = checklist_model.objects.get_or_create(
            code=code, defaults={"kind": kind, "title_fr": title_fr, "title_en": title_en}
        )
        version, created = version_model.objects.get_or_create(checklist=checklist, number=1)
        if not created:
            continue
        for order, (key, sfr, sen, qfr, qen, scale) in enumerate(items, start=1):
            item_model.objects.create(
                checklist_version=version,
                key=key,
                order=order,
                section_fr=sfr,
                section_en=sen,
                question_fr=qfr,
                question_en=qen,
                scale=scale,
            )


class Migration(migrations.Migration):
    dependencies = [("governance", "0001_initial")]

    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
