"""The best-interests assessment form, version 1 (reference data; items keep their `key` in later
versions). Domains follow the UNHCR/ACE BIP guidelines (2021): safety, family situation, the
child's views, health, education, risks."""

from django.db import migrations

ITEMS = [
    # key, domain, French, English
    ("safety_current", "safety",
     "L’enfant est-il en sécurité là où il vit aujourd’hui ? Qui s’occupe de lui au quotidien ?",
     "Is the child safe where they live today? Who looks after them day to day?"),
    ("safety_harm", "safety",
     "L’enfant a-t-il subi des violences, une exploitation ou des abus (en route ou ici) ?",
     "Has the child suffered violence, exploitation or abuse (on the way or here)?"),
    ("family_members", "family",
     "Quels membres de la famille sont connus (parents, frères et sœurs, oncles, tantes) et où sont-ils ?",
     "Which family members are known (parents, siblings, uncles, aunts) and where are they?"),
    ("family_separation", "family",
     "Dans quelles circonstances l’enfant a-t-il été séparé de sa famille ?",
     "How was the child separated from their family?"),
    ("family_capacity", "family",
     "La famille est-elle en mesure et désireuse de prendre soin de l’enfant ?",
     "Is the family able and willing to care for the child?"),
    ("views_wishes", "views",
     "Que souhaite l’enfant pour son avenir (où vivre, avec qui) ?",
     "What does the child wish for their future (where to live, with whom)?"),
    ("views_maturity", "views",
     "Âge et maturité : comment l’enfant a-t-il été écouté et informé ?",
     "Age and maturity: how was the child heard and informed?"),
    ("health_physical", "health",
     "État de santé physique, besoins de soins ou de traitement.",
     "Physical health, care or treatment needs."),
    ("health_mental", "health",
     "Santé mentale et bien-être psychosocial.",
     "Mental health and psychosocial well-being."),
    ("education_level", "education",
     "Scolarité ou formation suivie, niveau atteint, possibilités d’accès.",
     "Schooling or training followed, level reached, access available."),
    ("risks_return", "risks",
     "Risques en cas de retour ou de réunification (violence, traite, recrutement, mariage précoce).",
     "Risks on return or reunification (violence, trafficking, recruitment, early marriage)."),
    ("risks_staying", "risks",
     "Risques si l’enfant reste dans sa prise en charge actuelle.",
     "Risks if the child stays in the current care."),
]


def add(apps, schema_editor):
    Form = apps.get_model("children", "AssessmentForm")
    Item = apps.get_model("children", "AssessmentItem")
    form, created = Form.objects.get_or_create(
        version=1,
        defaults={
            "is_current": True,
            "title_fr": "Évaluation de l’intérêt supérieur (EIS)",
            "title_en": "Best-interests assessment (BIA)",
        },
    )
    for order, (key, domain, text_fr, text_en) in enumerate(ITEMS, start=1):
        Item.objects.get_or_create(
            form=form,
            key=key,
            defaults={"domain": domain, "order": order, "text_fr": text_fr, "text_en": text_en},
        )


class Migration(migrations.Migration):
    dependencies = [("children", "0001_initial")]

    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
