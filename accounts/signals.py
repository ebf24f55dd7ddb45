from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.core.management import CommandError
from django.db.models.signals import post_migrate, post_save
from django.dispatch import receiver

from accounts.models import User
from accounts.roles import group_name_for, sync_role_groups
from accounts.services import organisation_serve_defaults
from locations.signals import units_loaded


@receiver(post_save, sender=User)
def put_user_in_role_group(sender, instance, raw=False, **kwargs):
    """A user belongs to exactly the group of their role; the role is the source of truth."""
    if raw:
        return
    group, _created = Group.objects.get_or_create(name=group_name_for(instance.role))
    if list(instance.groups.values_list("pk", flat=True)) != [group.pk]:
        instance.groups.set([group])


def sync_groups_after_migrate(sender, **kwargs):
    """The role groups and their permissions, after every `migrate` (and `flush`). The one kind
    of reference data not written by a data migration: Django creates permissions on
    post_migrate, after the migrations, so only here does a group get those of a model a later
    migration added."""
    # post_migrate is sent once per app, in INSTALLED_APPS order, and each app's permissions are
    # created by its own signal; syncing after the last app sees every permission.
    with_models = [config for config in apps.get_app_configs() if config.models_module is not None]
    if sender.label == with_models[-1].label:
        # The last app's own permissions may not exist yet: auth's receiver runs after ours.
        create_permissions(sender, verbosity=0, using=kwargs.get("using", "default"))
        sync_role_groups(Group, Permission)


def connect_post_migrate():
    post_migrate.connect(sync_groups_after_migrate, dispatch_uid="sync-role-groups")


@receiver(units_loaded, dispatch_uid="serve-default-provinces")
def serve_default_provinces(sender, **kwargs):
    """Once `load_units` has loaded the units, a new installation serves SERVED_PROVINCES."""
    try:
        organisation_serve_defaults()
    except ValueError as error:
        raise CommandError(f"SERVED_PROVINCES: {error}") from error
