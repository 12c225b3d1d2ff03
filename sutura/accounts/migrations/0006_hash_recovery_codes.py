"""Recovery codes stored before are replaced by their keyed hash (`twofactor.stored`)."""

from django.db import migrations

PLAIN_LENGTH = 8  # django-otp's StaticToken.random_token(); a stored hash has 16 characters


def hash_plain_codes(apps, schema_editor):
    from sutura.accounts.twofactor import stored

    token_model = apps.get_model("otp_static", "StaticToken")
    for token in token_model.objects.all():
        if len(token.token) == PLAIN_LENGTH:
            token.token = stored(token.token)
            token.save(update_fields=["token"])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_login_throttle_pair"),
        ("otp_static", "0003_add_timestamps"),
    ]

    operations = [migrations.RunPython(hash_plain_codes, migrations.RunPython.noop)]
