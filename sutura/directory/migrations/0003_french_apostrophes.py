"""The directory's French text written with the typographic apostrophe (’), as the catalogue
is: entries and pathways typed before (the demo's among them, whose seed now writes ’ and finds
its services by their French name). Searching is unchanged: `unaccent` reads ’ as '."""

from django.db import migrations

from sutura.core.text import curl_apostrophes_of


def curl(apps, schema_editor):
    curl_apostrophes_of(apps.get_model("directory", "Service"), "name_fr", "description_fr")
    curl_apostrophes_of(apps.get_model("directory", "Pathway"), "title_fr", "description_fr")
    curl_apostrophes_of(apps.get_model("directory", "PathwayStep"), "title_fr", "detail_fr")


class Migration(migrations.Migration):
    dependencies = [("directory", "0002_pathway_step_version")]

    operations = [migrations.RunPython(curl, migrations.RunPython.noop)]
