"""Rows the interactions app needs, created idempotently: from a data
migration and again after a test flush (the registered seeders, cms/sections.register_seeder)."""

from cms.roles import COMMENT_MODERATORS

DEFAULT_REJECT_REASONS = [
    ("违法违规内容", "Contains unlawful content"),
    ("与征求意见内容无关", "Not about the draft under consultation"),
    ("人身攻击或侮辱性言论", "Personal attacks or abusive language"),
    ("广告或垃圾信息", "Advertising or spam"),
    ("泄露他人个人信息", "Discloses another person's personal data"),
]

MODERATOR_PERMISSIONS = [
    ("comment", ["view", "change", "moderate", "export"]),
    ("rejectreason", ["view", "add", "change"]),
    ("sensitiveword", ["view", "add", "change", "delete"]),
]


def seed(apps):
    seed_reject_reasons(apps)
    seed_moderator_permissions(apps)
    seed_schedule(apps)


def seed_reject_reasons(apps):
    RejectReason = apps.get_model("interactions", "RejectReason")
    for order, (label, english) in enumerate(DEFAULT_REJECT_REASONS):
        RejectReason.objects.get_or_create(
            label=f"{label} / {english}", defaults={"sort_order": order, "public_explanation": f"{label}（{english}）"}
        )


def seed_moderator_permissions(apps):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    group, _created = Group.objects.get_or_create(name=COMMENT_MODERATORS)
    admin_ct, _created = ContentType.objects.get_or_create(app_label="wagtailadmin", model="admin")
    access_admin, _created = Permission.objects.get_or_create(
        content_type=admin_ct, codename="access_admin", defaults={"name": "Can access Wagtail admin"}
    )
    group.permissions.add(access_admin)
    for model, actions in MODERATOR_PERMISSIONS:
        ct, _created = ContentType.objects.get_or_create(app_label="interactions", model=model)
        for action in actions:
            perm, _created = Permission.objects.get_or_create(
                content_type=ct, codename=f"{action}_{model}", defaults={"name": f"Can {action} {model}"}
            )
            group.permissions.add(perm)


def seed_schedule(apps):
    from .tasks import SCHEDULE_FUNC, SCHEDULE_NAME

    Schedule = apps.get_model("django_q", "Schedule")
    Schedule.objects.get_or_create(
        name=SCHEDULE_NAME,
        defaults={"func": SCHEDULE_FUNC, "schedule_type": "I", "minutes": 1, "repeats": -1},
    )


def unseed(apps):
    from .tasks import SCHEDULE_NAME

    apps.get_model("django_q", "Schedule").objects.filter(name=SCHEDULE_NAME).delete()
