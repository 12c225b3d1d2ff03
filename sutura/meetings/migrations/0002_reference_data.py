"""The meeting kinds and training topics every installation starts with (other apps add their
own kinds in their own data migrations)."""

from django.db import migrations

KINDS = [
    # code, French, English, training, counted by default
    ("steering_committee", "Comité de pilotage", "Steering committee", False, False),
    ("working_group", "Groupe de travail", "Working group", False, False),
    ("coordination_meeting", "Réunion de coordination", "Coordination meeting", False, False),
    ("stakeholder_workshop", "Atelier des parties prenantes", "Stakeholder workshop", False, False),
    ("validation_workshop", "Atelier de validation", "Validation workshop", False, False),
    ("training", "Formation", "Training", True, False),
    ("community_consultation", "Consultation communautaire", "Community consultation", False, True),
    ("community_dialogue", "Dialogue communautaire", "Community dialogue", False, True),
    ("awareness_session", "Séance de sensibilisation", "Awareness session", False, True),
    ("peer_support_session", "Séance de groupe de soutien par les pairs", "Peer-support group session", False, False),
]

TOPICS = [
    ("psychological_first_aid", "Premiers secours psychologiques", "Psychological first aid"),
    ("psea", "Protection contre l’exploitation et les abus sexuels (PEAS)", "Protection from sexual exploitation and abuse (PSEA)"),
    ("protection_principles", "Principes de protection", "Protection principles"),
    ("case_management", "Normes de gestion de cas", "Case management standards"),
    ("nrm_sops", "Procédures opérationnelles du mécanisme de référencement", "Referral mechanism SOPs"),
    ("data_protection", "Protection des données", "Data protection"),
    ("counter_trafficking", "Lutte contre la traite des personnes", "Counter-trafficking"),
    ("child_protection", "Protection de l’enfance", "Child protection"),
    ("mhpss_basics", "Santé mentale et soutien psychosocial : notions de base", "Mental health and psychosocial support: basics"),
]


def add(apps, schema_editor):
    kind_model = apps.get_model("meetings", "MeetingKind")
    for order, (code, fr, en, training, counted) in enumerate(KINDS, start=1):
        kind_model.objects.update_or_create(
            code=code,
            defaults={
                "name_fr": fr,
                "name_en": en,
                "is_training": training,
                "counts_by_default": counted,
                "order": order * 10,
                "app": "meetings",
            },
        )
    topic_model = apps.get_model("meetings", "TrainingTopic")
    for order, (code, fr, en) in enumerate(TOPICS, start=1):
        topic_model.objects.update_or_create(
            code=code, defaults={"name_fr": fr, "name_en": en, "order": order * 10}
        )


class Migration(migrations.Migration):
    dependencies = [("meetings", "0001_initial")]

    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
