"""The role groups are synced after every `migrate` instead (accounts.signals): permissions are
created by Django after the migrations, so a data migration could only give the groups those of
the models that existed when it ran. Kept, doing nothing, so the migration graph stays the same."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("locations", "0001_initial"),
    ]

    operations = [migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)]
