"""French reference rows written with the typographic apostrophe (’), as the catalogue is:
rows made by `0002` (which now writes ’ itself) before that change, and rows edited since."""

from django.db import migrations

from sutura.core.text import curl_apostrophes_of


def curl(apps, schema_editor):
    curl_apostrophes_of(apps.get_model("feedback", "Category"), "name_fr", "public_fr")


class Migration(migrations.Migration):
    dependencies = [("feedback", "0005_implicated_kept_away")]

    operations = [migrations.RunPython(curl, migrations.RunPython.noop)]
