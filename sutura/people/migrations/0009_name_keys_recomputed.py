"""The name keys again, after the normaliser changed (names.skeleton, names.phonetic and the
variant dictionary): each person's search key and name-index rows, and each vocabulary word's
phonetic key. People whose key did not change keep their rows."""

from django.db import migrations

from sutura.people.names import phonetic, search_key

CHUNK = 5000


def recompute(apps, schema_editor):
    Person = apps.get_model("people", "Person")
    PersonNameWord = apps.get_model("people", "PersonNameWord")
    NameWord = apps.get_model("people", "NameWord")
    people = Person.objects.only("organisation_id", "family_name", "given_names", "aliases", "search_key")
    changed = []

    def flush():
        if not changed:
            return
        Person.objects.bulk_update(changed, ["search_key"])
        PersonNameWord.objects.filter(person_id__in=[p.pk for p in changed]).delete()
        rows = [
            PersonNameWord(organisation_id=p.organisation_id, person_id=p.pk, word=w)
            for p in changed
            for w in p.search_key.split()
        ]
        PersonNameWord.objects.bulk_create(rows, batch_size=CHUNK)
        words = {r.word for r in rows}
        NameWord.objects.bulk_create([NameWord(word=w) for w in words], ignore_conflicts=True)
        changed.clear()

    for person in people.order_by("pk").iterator(chunk_size=CHUNK):
        key = search_key(person.family_name, person.given_names, *(person.aliases or []))
        if key != person.search_key:
            person.search_key = key
            changed.append(person)
            if len(changed) == CHUNK:
                flush()
    flush()
    batch = []
    for word in NameWord.objects.order_by("pk").iterator(chunk_size=CHUNK):
        sound = phonetic(word.word)
        if sound != word.phonetic:
            word.phonetic = sound
            batch.append(word)
            if len(batch) == CHUNK:
                NameWord.objects.bulk_update(batch, ["phonetic"])
                batch = []
    NameWord.objects.bulk_update(batch, ["phonetic"])


class Migration(migrations.Migration):
    dependencies = [("people", "0008_dedup_keys")]

    operations = [migrations.RunPython(recompute, migrations.RunPython.noop, elidable=True)]
