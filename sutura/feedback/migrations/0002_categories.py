"""The feedback categories (reference data: names, sensitivity and deadlines editable in the
administration; codes stable). Sexual exploitation and abuse and fraud are sensitive: only the
organisation's designated PSEA focal points see such items. Deadlines follow common practice
(IASC, CHS): SEA acknowledged within 24 hours."""

from django.db import migrations

CATEGORIES = [
    # code, French, English, public French, public English, sensitivity, ack hours, respond days,
    # on the public form
    (
        "information_request",
        "Demande d’information",
        "Information request",
        "Je veux une information",
        "I need information",
        "normal",
        72,
        7,
        True,
    ),
    (
        "service_quality",
        "Qualité des services",
        "Service quality",
        "Je ne suis pas satisfait(e) d’un service",
        "I am not satisfied with a service",
        "normal",
        72,
        14,
        True,
    ),
    (
        "assistance_complaint",
        "Plainte sur l’assistance",
        "Complaint about assistance",
        "Je me plains de l’aide reçue (ou pas reçue)",
        "I complain about the assistance (received or not)",
        "normal",
        48,
        14,
        True,
    ),
    (
        "positive_feedback",
        "Retour positif",
        "Positive feedback",
        "Je veux remercier ou féliciter",
        "I want to thank or congratulate",
        "normal",
        168,
        30,
        True,
    ),
    (
        "sea",
        "Exploitation et abus sexuels (EAS)",
        "Sexual exploitation and abuse (SEA)",
        "Quelqu’un m’a demandé ou imposé un acte sexuel (ou à une autre personne)",
        "Someone asked for or forced a sexual act (on me or someone else)",
        "sensitive",
        24,
        7,
        True,
    ),
    (
        "fraud",
        "Fraude ou corruption",
        "Fraud or corruption",
        "On m’a demandé de l’argent ou un service en échange de l’aide",
        "I was asked for money or a favour in exchange for help",
        "sensitive",
        48,
        14,
        True,
    ),
    (
        "safety",
        "Sûreté ou sécurité",
        "Safety or security",
        "Je ne me sens pas en sécurité",
        "I do not feel safe",
        "normal",
        24,
        7,
        True,
    ),
    (
        "misconduct",
        "Inconduite d’un agent ou d’un volontaire",
        "Staff or volunteer misconduct",
        "Un agent ou un volontaire s’est mal comporté",
        "A staff member or volunteer behaved badly",
        "normal",
        48,
        14,
        True,
    ),
    ("other", "Autre", "Other", "Autre chose", "Something else", "normal", 72, 14, True),
]


def add(apps, schema_editor):
    category = apps.get_model("feedback", "Category")
    for order, row in enumerate(CATEGORIES, start=1):
        code, fr, en, public_fr, public_en, sensitivity, hours, days, public = row
        # get_or_create: a category edited in the administration keeps its edits.
        category.objects.get_or_create(
            code=code,
            defaults={
                "name_fr": fr,
                "name_en": en,
                "public_fr": public_fr,
                "public_en": public_en,
                "sensitivity": sensitivity,
                "acknowledge_hours": hours,
                "respond_days": days,
                "on_public_form": public,
                "order": order * 10,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("feedback", "0001_initial")]
    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
