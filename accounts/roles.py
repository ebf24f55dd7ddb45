"""Role permissions, kept as Django groups: one group per role, synced from this table.

Permissions are given per app label, so models that later issues add to an app inherit its role
rules without a new migration. `sync_role_groups` runs after every `migrate` (post_migrate,
accounts.signals), once Django has created the permissions of every model.
"""

from accounts.models import Role

ALL_ACTIONS = ("view", "add", "change", "delete")
EDIT_ACTIONS = ("view", "add", "change")
VIEW_ONLY = ("view",)

OFFICER_APPS = ("victims", "verification", "support_services", "prevention")
DOMAIN_APPS = (*OFFICER_APPS, "reports")

ROLE_GROUP_NAMES = {
    Role.SUPERVISOR: "Quản trị hệ thống",
    Role.PROVINCIAL_STAFF: "Cán bộ cấp tỉnh",
    Role.DISTRICT_OFFICER: "Cán bộ cấp huyện/xã",
    Role.VIEWER: "Người xem",
}

ROLE_PERMISSIONS: dict[str, dict[str, tuple[str, ...]]] = {
    Role.SUPERVISOR: {
        "accounts": ALL_ACTIONS,
        "auth": ALL_ACTIONS,
        "locations": EDIT_ACTIONS,
        "admin": VIEW_ONLY,
        "django_celery_beat": ALL_ACTIONS,  # the schedule of background jobs
        **dict.fromkeys(DOMAIN_APPS, ALL_ACTIONS),
    },
    Role.PROVINCIAL_STAFF: {
        "locations": VIEW_ONLY,
        **dict.fromkeys(DOMAIN_APPS, EDIT_ACTIONS),
    },
    Role.DISTRICT_OFFICER: {
        "locations": VIEW_ONLY,
        **dict.fromkeys(OFFICER_APPS, EDIT_ACTIONS),
        "reports": VIEW_ONLY,
    },
    Role.VIEWER: {
        "locations": VIEW_ONLY,
        **dict.fromkeys(DOMAIN_APPS, VIEW_ONLY),
    },
}


def permissions_for_role(role: str, permissions) -> list:
    """The Permission rows of `permissions` (a queryset) that `role` is given."""
    rules = ROLE_PERMISSIONS[role]
    return [
        permission
        for permission in permissions
        if permission.codename.split("_", 1)[0] in rules.get(permission.content_type.app_label, ())
    ]


def sync_role_groups(group_model, permission_model) -> None:
    """Create the four role groups and give each exactly the permissions of its role."""
    permissions = list(permission_model.objects.select_related("content_type"))
    for role, group_name in ROLE_GROUP_NAMES.items():
        group, _created = group_model.objects.get_or_create(name=group_name)
        group.permissions.set(permissions_for_role(role, permissions))


def group_name_for(role: str) -> str:
    return ROLE_GROUP_NAMES[role]
