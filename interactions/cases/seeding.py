"""Rows this app needs in every database: the supervision schedule and the
permissions of the roles that manage categories and holiday schedules.
Called from migration 0002 and listed in the registered seeders (cms/sections.register_seeder)."""

SUPERVISION_SCHEDULE = "cases: supervision (督办)"
# Daily: requests whose correction (补正) is overdue are closed as withdrawn (条例第三十条).
CORRECTION_SCHEDULE = "cases: overdue corrections (逾期不补正)"

# (group, model, actions)
PERMISSIONS = [
    ("Site administrators", "holidayschedule", ["add", "change", "delete", "view"]),
    ("Site administrators", "category", ["add", "change", "delete", "view"]),
    ("Site administrators", "departmenthandler", ["add", "change", "delete", "view"]),
    ("Case handlers", "category", ["view"]),
    ("Case handlers", "holidayschedule", ["view"]),
    ("Case supervisors", "category", ["view"]),
    ("Case supervisors", "holidayschedule", ["view"]),
    ("Case supervisors", "departmenthandler", ["view"]),
]
# Groups that work in the admin (cms.roles seeds the others' access).
ADMIN_GROUPS = ["Case supervisors"]

CATEGORIES = [
    # name, English name, working days
    ("城乡建设", "Urban development", 15),
    ("教育", "Education", 15),
    ("医疗卫生", "Health", 15),
    ("交通出行", "Transport", 15),
    ("环境保护", "Environment", 15),
    ("咨询建议", "Questions and suggestions", 15),
    ("投诉举报", "Complaints", 10),
]


def seed_cases(apps):
    Schedule = apps.get_model("django_q", "Schedule")
    Schedule.objects.get_or_create(
        name=SUPERVISION_SCHEDULE,
        defaults={"func": "interactions.cases.services.supervise", "schedule_type": "H", "repeats": -1},
    )
    Schedule.objects.get_or_create(
        name=CORRECTION_SCHEDULE,
        defaults={"func": "interactions.cases.services.close_uncorrected", "schedule_type": "D", "repeats": -1},
    )
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    for group_name, model, actions in PERMISSIONS:
        group, _created = Group.objects.get_or_create(name=group_name)
        ct, _created = ContentType.objects.get_or_create(app_label="cases", model=model)
        for action in actions:
            perm, _created = Permission.objects.get_or_create(
                content_type=ct, codename=f"{action}_{model}", defaults={"name": f"Can {action} {model}"}
            )
            group.permissions.add(perm)
    admin_ct, _created = ContentType.objects.get_or_create(app_label="wagtailadmin", model="admin")
    access_admin, _created = Permission.objects.get_or_create(
        content_type=admin_ct, codename="access_admin", defaults={"name": "Can access Wagtail admin"}
    )
    for group_name in ADMIN_GROUPS:
        Group.objects.get_or_create(name=group_name)[0].permissions.add(access_admin)
    Category = apps.get_model("cases", "Category")
    if not Category.objects.exists():
        for order, (name, name_en, days) in enumerate(CATEGORIES):
            Category.objects.create(name=name, name_en=name_en, term_days=days, sort_order=order)


def unseed_cases(apps):
    apps.get_model("django_q", "Schedule").objects.filter(name__in=[SUPERVISION_SCHEDULE, CORRECTION_SCHEDULE]).delete()
