"""The people's blocking keys as the duplicate model builds them (people.matching.block_keys:
an estimated birth date also keys the years either side)."""

from django.db import migrations

from sutura.people.matching import block_keys


def refill_block_keys(apps, schema_editor):
    Person = apps.get_model("people", "Person")
    batch = []
    people = Person.objects.only(
        "family_name", "given_names", "aliases", "birth_date", "birth_date_estimated"
    )
    for person in people.iterator(chunk_size=5000):
        person.block_keys = block_keys(person)
        batch.append(person)
        if len(batch) == 5000:
            Person.objects.bulk_update(batch, ["block_keys"])
            batch = []
    Person.objects.bulk_update(batch, ["block_keys"])


class Migration(migrations.Migration):
    dependencies = [("people", "0008_dedup_keys")]

    operations = [migrations.RunPython(refill_block_keys, migrations.RunPython.noop)]
