"""The identification checklist of trafficking indicators, version 1 (reference data; keys
stable across versions). Drawn from the indicator families of the ILO (operational indicators
of trafficking in human beings, 2009), UNODC (human trafficking indicators) and IOM (handbook
on direct assistance for victims of trafficking): deceptive recruitment, movement, exploitation
and the means of control. An indicator answered yes is a reason to look further, never proof."""

from django.db import migrations

SOURCE = (
    "ILO operational indicators of trafficking in human beings (2009); UNODC human trafficking "
    "indicators; IOM handbook on direct assistance for victims of trafficking"
)
ITEMS = [
    # key, group, French, English
    (
        "deceived_job",
        "recruitment",
        "A été trompée sur la nature du travail, le lieu ou l’employeur",
        "Was deceived about the nature of the work, the place or the employer",
    ),
    (
        "deceived_conditions",
        "recruitment",
        "A été trompée sur les conditions de travail, le salaire ou les papiers",
        "Was deceived about working conditions, wages or papers",
    ),
    (
        "recruitment_debt",
        "recruitment",
        "A contracté une dette pour le recrutement ou le voyage",
        "Took on a debt for the recruitment or the journey",
    ),
    (
        "recruited_by_force",
        "recruitment",
        "A été recrutée par la force, l’enlèvement ou la vente par un tiers",
        "Was recruited by force, abduction or sale by a third party",
    ),
    (
        "travel_arranged",
        "movement",
        "Le voyage et les documents ont été organisés par d’autres",
        "The journey and the documents were arranged by others",
    ),
    (
        "false_documents",
        "movement",
        "A voyagé avec de faux documents ou sans connaître sa destination",
        "Travelled on false documents or without knowing the destination",
    ),
    (
        "escorted_sold",
        "movement",
        "A été escortée, gardée ou vendue pendant le voyage",
        "Was escorted, guarded or sold during the journey",
    ),
    (
        "forced_work",
        "exploitation",
        "A été forcée à travailler ou à fournir des services",
        "Was forced to work or to provide services",
    ),
    (
        "sexual_exploitation",
        "exploitation",
        "A été contrainte à des actes sexuels ou à la prostitution",
        "Was forced into sexual acts or prostitution",
    ),
    (
        "unpaid_withheld",
        "exploitation",
        "N’a pas été payée, ou son salaire a été retenu",
        "Was not paid, or wages were withheld",
    ),
    (
        "excessive_hours",
        "exploitation",
        "Horaires excessifs, sans repos ni jours de congé",
        "Excessive hours, without rest or days off",
    ),
    (
        "documents_confiscated",
        "control",
        "Ses papiers d’identité ont été confisqués",
        "Identity documents were confiscated",
    ),
    (
        "restricted_movement",
        "control",
        "Ne pouvait pas sortir ni partir librement",
        "Could not go out or leave freely",
    ),
    (
        "violence_threats",
        "control",
        "A subi des violences ou des menaces (contre elle ou sa famille)",
        "Suffered violence or threats (against them or their family)",
    ),
    (
        "debt_bondage",
        "control",
        "Était tenue par une dette qui ne cessait d’augmenter",
        "Was held by a debt that kept growing",
    ),
    (
        "isolation",
        "control",
        "Était isolée : sans contact avec sa famille, sans connaître la langue ou le lieu",
        "Was isolated: no contact with family, not knowing the language or the place",
    ),
]


def add(apps, schema_editor):
    checklist_model = apps.get_model("trafficking", "IndicatorChecklist")
    item_model = apps.get_model("trafficking", "IndicatorItem")
    # get_or_create: a version edited in the administration keeps its edits.
    checklist, created = checklist_model.objects.get_or_create(
        version=1,
        defaults={"is_current": not checklist_model.objects.filter(is_current=True).exists()},
    )
    if created:
        checklist.source = SOURCE
        checklist.save(update_fields=["source"])
    for order, (key, group, french, english) in enumerate(ITEMS, start=1):
        item_model.objects.get_or_create(
            checklist=checklist,
            key=key,
            defaults={"group": group, "order": order * 10, "text_fr": french, "text_en": english},
        )


class Migration(migrations.Migration):
    dependencies = [("trafficking", "0001_initial")]
    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
