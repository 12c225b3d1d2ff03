"""Cameroon's Littoral region was seeded as "Litoral" (pycountry's French translation):
databases seeded before `geo.reference.NAME_CORRECTIONS` get the right name."""

from django.db import migrations


def correct_names(apps, schema_editor):
    Location = apps.get_model("geo", "Location")
    for row in Location.objects.filter(iso_code="CM-LT", name_fr="Litoral"):
        if not Location.objects.filter(parent_id=row.parent_id, name_fr="Littoral").exists():
            Location.objects.filter(pk=row.pk).update(name_fr="Littoral")


class Migration(migrations.Migration):
    dependencies = [("geo", "0001_initial")]

    operations = [migrations.RunPython(correct_names, migrations.RunPython.noop)]
