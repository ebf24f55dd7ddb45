"""Who may do what, as two tables of data.

`ROLE_PERMISSIONS`: which models a role may view, add, change or delete — kept as Django
groups, one group per role, synced from the table. Permissions are given per app label, so
models that later issues add to an app inherit its role rules without a new migration.
`sync_role_groups` runs after every `migrate` (post_migrate, accounts.signals), once Django has
created the permissions of every model.

`ROLE_ACTIONS`: which steps and role rules a role may take — every workflow transition and
every rule that used to compare `user.role` inline. `accounts.policy.can(user, action)` asks it;
a workflow step asks both tables (the model permission and the action).
"""

from enum import StrEnum

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
        "core": ("view", "change"),  # the locked report periods (reopened with a reason)
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


# --- Actions -------------------------------------------------------------------------------
# Each workflow's transitions (their `rules.py`) name the action that says who may take them.

DOSSIER_STEPS = frozenset(
    {
        "dossier.send",
        "dossier.record_identified",
        "dossier.record_not_victim",
        "dossier.request_information",
        "dossier.close",
        "dossier.reopen",
    }
)
# Decisions on supports and on applications for them are the province's (Decree 09/2013 and
# Decree 162/2025 name the deciding body; DOMAIN.md "Re-integration supports").
SUPPORT_DECISIONS = frozenset(
    {"support.approve", "support.reject", "application.approve", "application.reject"}
)
# Steps any role that may change the records of its area takes.
FIELD_STEPS = frozenset(
    {
        "support.provide",
        "referral.accept",
        "referral.decline",
        "referral.complete",
        "referral.cancel",
        "followup.visit",
        "followup.lost_contact",
    }
)
# Need-to-know (issue 16 item 5): full ID and phone numbers are masked on every screen; the
# officers who enter dossiers (district) and verify them (province) reveal one on demand, each
# reveal logged (accounts.audit, AccessAction.REVEAL). Viewers and supervisors (who administer,
# not handle, the records) see the masked numbers only. Basis: the anti-trafficking laws
# (Law 66/2011, Law 53/2024) protect victims' identity and private information, and Law
# 91/2025/QH15 on personal data protection asks for no more data than the task needs
# (DOMAIN.md "Confidentiality"; which roles need the numbers is the department's choice).
IDENTIFIER_WORK = frozenset({"person.reveal_identifiers"})
# District officers record, forward and appraise the applications of their area.
APPLICATION_PROCESSING = frozenset(
    {"application.record", "application.forward", "application.appraise"}
)
# The department's own work: its directives, its provider directory, its reports.
DEPARTMENT_WORK = frozenset(
    {
        "directive.edit",
        "provider.edit",
        "referral.override_consent",  # refer without consent, with a logged reason
        "report.approve",
        "report.partner_export",
    }
)

ROLE_ACTIONS: dict[str, frozenset[str]] = {
    Role.SUPERVISOR: frozenset(
        {
            "admin.enter",
            "area.whole_installation",  # may have no jurisdiction, then sees everything
            "person.anonymise",
            "records.write",
            "reference.edit",  # in the admin, within the reach their jurisdiction covers
            "report.reopen_period",  # reopen a period locked by an approval, with a reason
            "report.see_small_counts",
            "user.move_to_successor",  # a user of a dissolved unit to its successor (1/7/2025)
            *DEPARTMENT_WORK,
            *FIELD_STEPS,
        }
    ),
    Role.PROVINCIAL_STAFF: frozenset(
        {
            "records.write",
            "report.see_small_counts",
            "dossier.submit",
            "closure.propose",
            "closure.approve",
            "closure.reject",
            "case.reopen",
            *IDENTIFIER_WORK,
            *DOSSIER_STEPS,
            *SUPPORT_DECISIONS,
            *APPLICATION_PROCESSING,
            *DEPARTMENT_WORK,
            *FIELD_STEPS,
        }
    ),
    Role.DISTRICT_OFFICER: frozenset(
        {
            "records.write",
            "report.see_small_counts",  # viewers see "<5" below the province
            "dossier.submit",
            "closure.propose",
            *IDENTIFIER_WORK,
            *APPLICATION_PROCESSING,
            *FIELD_STEPS,
        }
    ),
    Role.VIEWER: frozenset(),  # reads within their area (ROLE_PERMISSIONS), acts on nothing
}
# What a Django superuser may do whatever their role.
SUPERUSER_ACTIONS = frozenset(
    {
        "admin.enter",
        "reference.edit",
        "area.whole_installation",
        "person.anonymise",
        "directive.edit",
        "report.partner_export",
        "report.reopen_period",
    }
)
ACTIONS = frozenset().union(*ROLE_ACTIONS.values(), SUPERUSER_ACTIONS)


# --- Reach ---------------------------------------------------------------------------------
# How far a change reaches, and so who may make it (issue 18). The role is asked through the
# action below; the jurisdiction must hold everything the change affects
# (`accounts.policy.may_write`, with `accounts.access.covers_*`). Every ModelAdmin declares its
# reach (accounts.admin.GuardedAdminMixin); tests/security/test_admin_side_doors.py checks it.


class Reach(StrEnum):
    # Shared by every served province: reference lists (ethnic groups, countries, exploitation
    # forms, support types, target groups), deadlines, holidays, rates, scheduled jobs, the
    # administrative units and the served provinces. Changed only by a supervisor whose
    # jurisdiction holds every served province.
    INSTALLATION = "installation"
    # A province's own rows (its department profile, printed on its letters; its providers in
    # the directory): changed only by a supervisor — in the app, provincial staff too — whose
    # jurisdiction holds that whole province.
    PROVINCE = "province"
    # Records of an area (people, cases and their records, users, plans, activities, locks):
    # changed only by a supervisor whose jurisdiction holds every unit the record belongs to.
    AREA = "area"


REACH_ACTIONS: dict[Reach, str] = {
    Reach.INSTALLATION: "reference.edit",
    Reach.PROVINCE: "reference.edit",
    Reach.AREA: "records.write",
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
