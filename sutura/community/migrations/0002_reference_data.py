"""The reference data every installation starts with: the community selection criteria, the
safe-space safety checklist and the field-monitoring checklist (version 1 of each: a later
version is added by another data migration, keeping each item's `key`), and the meeting kind
"validation meeting" (the other community kinds come with `meetings`: community consultation,
community dialogue, awareness session, training)."""

from django.db import migrations

CRITERIA = [
    # code, French, English, weight
    ("migration_pressure", "Importance des flux migratoires (départs, retours, transit)", "Scale of migration flows (departures, returns, transit)", 3),
    ("protection_risks", "Gravité des risques de protection", "Severity of protection risks", 3),
    ("returnee_presence", "Présence de migrants de retour", "Presence of returnees", 2),
    ("service_gaps", "Manque de services de base et de protection", "Gaps in basic and protection services", 2),
    ("access_security", "Accès et sécurité pour les équipes", "Access and security for the teams", 2),
    ("community_engagement", "Volonté d’engagement de la communauté et des autorités", "Willingness of the community and authorities to engage", 2),
    ("partner_presence", "Présence de partenaires et d’organisations communautaires", "Presence of partners and community-based organisations", 1),
]

SAFETY = [
    # key, French, English
    ("entrance_controlled", "L’accès à l’espace est contrôlé (personnel à l’entrée, registre).", "Access to the space is controlled (staff at the entrance, register)."),
    ("lighting", "L’espace et ses abords sont éclairés.", "The space and its surroundings are lit."),
    ("latrines_separate", "Des latrines séparées, verrouillables de l’intérieur, sont disponibles.", "Separate latrines, lockable from inside, are available."),
    ("staff_trained", "Le personnel est formé à la PEAS et aux premiers secours psychologiques.", "Staff are trained in PSEA and psychological first aid."),
    ("code_of_conduct", "Le code de conduite est signé et affiché.", "The code of conduct is signed and displayed."),
    ("referral_info", "Les informations de référencement vers les services sont affichées.", "Referral information to services is displayed."),
    ("feedback_channel", "Un mécanisme de plainte et de retour d’information confidentiel existe.", "A confidential complaints and feedback mechanism exists."),
    ("accessible", "L’espace est accessible aux personnes handicapées.", "The space is accessible to people with disabilities."),
    ("first_aid_kit", "Une trousse de premiers secours est disponible.", "A first-aid kit is available."),
    ("fire_safety", "Les issues de secours sont dégagées et un extincteur est disponible.", "Emergency exits are clear and a fire extinguisher is available."),
]

MONITORING = [
    ("activities_as_planned", "Les activités se déroulent comme prévu dans le plan de travail.", "Activities take place as planned in the workplan."),
    ("participants_registered", "Les participants sont enregistrés (par sexe et âge).", "Participants are registered (by sex and age)."),
    ("community_involved", "La communauté est associée à la mise en œuvre.", "The community is involved in the implementation."),
    ("safety_respected", "Les principes de sécurité et de « ne pas nuire » sont respectés.", "Safety and do-no-harm principles are respected."),
    ("data_protected", "Les données des participants sont protégées.", "Participants' data are protected."),
    ("visibility_donor", "La visibilité des bailleurs est respectée.", "Donor visibility is respected."),
    ("previous_recommendations", "Les recommandations de la visite précédente ont été suivies.", "Recommendations of the previous visit were followed up."),
    ("supplies_available", "Le matériel et les fournitures nécessaires sont disponibles.", "Necessary equipment and supplies are available."),
]

CHECKLISTS = [
    ("safe-space-safety", "safety", "Sécurité des espaces sûrs", "Safe-space safety", SAFETY),
    ("field-monitoring", "monitoring", "Suivi de terrain", "Field monitoring", MONITORING),
]

KINDS = [
    # code, French, English, training, counted by default, order
    ("validation_meeting", "Réunion de validation", "Validation meeting", False, True, 75),
]


def add(apps, schema_editor):
    criterion_model = apps.get_model("community", "SelectionCriterion")
    for order, (code, fr, en, weight) in enumerate(CRITERIA, start=1):
        criterion_model.objects.update_or_create(
            code=code,
            defaults={"name_fr": fr, "name_en": en, "weight": weight, "order": order * 10},
        )
    checklist_model = apps.get_model("community", "Checklist")
    version_model = apps.get_model("community", "ChecklistVersion")
    item_model = apps.get_model("community", "ChecklistItem")
    for code, kind, title_fr, title_en, items in CHECKLISTS:
        checklist, _ = checklist_model.objects.get_or_create(
            code=code, defaults={"kind": kind, "title_fr": title_fr, "title_en": title_en}
        )
        version, created = version_model.objects.get_or_create(checklist=checklist, number=1)
        if not created:
            continue
        for order, (key, qfr, qen) in enumerate(items, start=1):
            item_model.objects.create(
                checklist_version=version, key=key, order=order, question_fr=qfr, question_en=qen
            )
    kind_model = apps.get_model("meetings", "MeetingKind")
    for code, fr, en, training, counted, order in KINDS:
        kind_model.objects.get_or_create(
            code=code,
            defaults={
                "name_fr": fr,
                "name_en": en,
                "is_training": training,
                "counts_by_default": counted,
                "order": order,
                "app": "community",
            },
        )


class Migration(migrations.Migration):
    dependencies = [("community", "0001_initial"), ("meetings", "0002_reference_data")]

    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
