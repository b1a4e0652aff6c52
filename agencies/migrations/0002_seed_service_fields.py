from django.db import migrations

CODES = ["elderly", "disability", "children", "poverty", "health", "community", "other"]


def seed(apps, schema_editor):
    ServiceField = apps.get_model("agencies", "ServiceField")
    for code in CODES:
        ServiceField.objects.get_or_create(code=code)


class Migration(migrations.Migration):
    dependencies = [("agencies", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
