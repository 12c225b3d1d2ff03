"""What the app says about a move becomes a code (`cause`); the reasons it used to store,
translated for whoever acted, are blanked so each reader sees them in their own language."""

from django.db import migrations, models

# The texts as stored until now, in English and as the French catalogue gave them. Written out
# here because a migration must not change meaning when the catalogue does.
OPENED = ("Case opened", "Cas ouvert")
SCREENED = ("Screening recorded", "Évaluation de la vulnérabilité enregistrée")


def codes_for_system_reasons(apps, schema_editor):
    CaseTransition = apps.get_model("cases", "CaseTransition")
    opened = CaseTransition.objects.filter(from_status="")
    opened.filter(reason__in=OPENED).update(reason="")
    opened.update(cause="opened")
    CaseTransition.objects.filter(
        from_status="registered", to_status="screening", reason__in=SCREENED
    ).update(reason="", cause="screening")


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0002_search_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="casetransition",
            name="cause",
            field=models.CharField(
                blank=True,
                choices=[("opened", "Case opened"), ("screening", "Screening recorded")],
                max_length=20,
                verbose_name="cause",
            ),
        ),
        # Reversing keeps the rows as they are: the column goes, the blanked texts stay blank.
        migrations.RunPython(codes_for_system_reasons, migrations.RunPython.noop),
    ]
