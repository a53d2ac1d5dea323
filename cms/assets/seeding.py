"""Permissions on public collections: site administrators only (superusers
have them anyway). Run by migration cms 0007 and after a flush (cms.bootstrap)."""

from cms import roles

ACTIONS = ["add", "change", "delete", "view"]


def seed_permissions(apps):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    group, _created = Group.objects.get_or_create(name=roles.SITE_ADMINISTRATORS)
    content_type, _created = ContentType.objects.get_or_create(app_label="cms", model="publiccollection")
    for action in ACTIONS:
        permission, _created = Permission.objects.get_or_create(
            content_type=content_type,
            codename=f"{action}_publiccollection",
            defaults={"name": f"Can {action} public collection"},
        )
        group.permissions.add(permission)


def unseed_permissions(apps):
    apps.get_model("auth", "Permission").objects.filter(
        content_type__app_label="cms", codename__endswith="_publiccollection"
    ).delete()
