"""Rows accountability needs, created idempotently: the hourly monitoring
schedule, the alert recipients' group and the permissions of the role groups.
Run by migration 0002 and again from the registered seeders (cms/sections.register_seeder) after a flush."""

from cms import roles

from .tasks import MONITOR_GROUP, SCHEDULE_FUNC, SCHEDULE_NAME

_MONITOR = [("opinionalert", ["view", "change"])]
_ALL_DEPARTMENTS = [("departmentmembership", ["view_all_departments", "view_dashboard"])]

# group → [(model, [actions or full codenames])]
GROUP_PERMISSIONS = {
    MONITOR_GROUP: _MONITOR,
    roles.LEADERS: _MONITOR + _ALL_DEPARTMENTS,
    roles.SITE_ADMINISTRATORS: _MONITOR
    + _ALL_DEPARTMENTS
    + [
        ("departmentmembership", ["add", "change", "delete", "view"]),
        ("survey", ["add", "change", "delete", "view"]),
        ("monitoringsettings", ["change"]),
    ],
    roles.DEPARTMENT_REVIEWERS: [("departmentmembership", ["view_dashboard"])],
}


def _codename(action, model):
    return action if "_" in action else f"{action}_{model}"


def seed(apps):
    Schedule = apps.get_model("django_q", "Schedule")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Schedule.objects.get_or_create(
        name=SCHEDULE_NAME, defaults={"func": SCHEDULE_FUNC, "schedule_type": "H", "repeats": -1}
    )
    admin_ct, _created = ContentType.objects.get_or_create(app_label="wagtailadmin", model="admin")
    access_admin, _created = Permission.objects.get_or_create(
        content_type=admin_ct, codename="access_admin", defaults={"name": "Can access Wagtail admin"}
    )
    for group_name, model_perms in GROUP_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=group_name)
        group.permissions.add(access_admin)
        for model, actions in model_perms:
            ct, _created = ContentType.objects.get_or_create(app_label="accountability", model=model)
            for action in actions:
                codename = _codename(action, model)
                perm, _created = Permission.objects.get_or_create(
                    content_type=ct, codename=codename, defaults={"name": codename.replace("_", " ").capitalize()}
                )
                group.permissions.add(perm)


def unseed(apps):
    apps.get_model("django_q", "Schedule").objects.filter(name=SCHEDULE_NAME).delete()
    apps.get_model("auth", "Group").objects.filter(name=MONITOR_GROUP).delete()
