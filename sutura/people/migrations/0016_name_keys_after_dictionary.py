"""The stored name keys after the variant dictionary gained Saikou (Sékou) and the Akan day names
with their Baoulé forms (Kwadwo / Kouadio, Kwaku / Kouakou, Adwoa / Adjoua, Afua / Affoué):
`matching.refresh_name_keys` recomputes the words whose phonetic key changed and the blocking
keys of the people carrying them (nothing on an empty database).

`DICTIONARY_DIGEST` is the dictionary this migration brings the keys to: a test fails when the
dictionary changes and no later migration records its new digest."""

from django.db import migrations

DICTIONARY_DIGEST = "22e0076b1257393c20870308f7a1e650072675ca01b8906008ee4a30e9b949ed"


def refresh(apps, schema_editor):
    from sutura.people.matching import refresh_name_keys

    refresh_name_keys(apps=apps)


class Migration(migrations.Migration):
    dependencies = [("people", "0015_drop_block_keys_gin")]

    operations = [migrations.RunPython(refresh, migrations.RunPython.noop, elidable=True)]
