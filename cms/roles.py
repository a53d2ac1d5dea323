"""The staff roles and the Django permissions each one starts with.

Page-tree permissions (GroupPagePermission) are granted where the tree
exists: by the demo loader, or by an administrator per department section."""

from django.utils.translation import gettext_lazy as _

EDITORS = "Editors"
DEPARTMENT_REVIEWERS = "Department reviewers"
CONFIDENTIALITY_REVIEWERS = "Confidentiality reviewers"
LEADERS = "Leaders"
COMMENT_MODERATORS = "Comment moderators"
CASE_HANDLERS = "Case handlers"
# The central office for letters and requests: triage, supervision (督办), every department.
CASE_SUPERVISORS = "Case supervisors"
SITE_ADMINISTRATORS = "Site administrators"

ROLE_LABELS = {
    EDITORS: _("Editors"),
    DEPARTMENT_REVIEWERS: _("Department reviewers"),
    CONFIDENTIALITY_REVIEWERS: _("Confidentiality reviewers"),
    LEADERS: _("Leaders"),
    COMMENT_MODERATORS: _("Comment moderators"),
    CASE_HANDLERS: _("Case handlers"),
    CASE_SUPERVISORS: _("Case supervisors"),
    SITE_ADMINISTRATORS: _("Site administrators"),
}

_MEDIA = [
    ("wagtailimages", "image", ["add", "change", "choose"]),
    ("wagtaildocs", "document", ["add", "change", "choose"]),
]
_READ_SNIPPETS = [
    ("cms", "department", ["view"]),
    ("cms", "topic", ["view"]),
]

_REVIEW_RECORDS = [("cms", "confidentialityreviewrecord", ["view"])]

# wagtail-localize's "Translate this page"; translations then pass review
# (cms/translation_review.py). Seeded after wagtail-localize made the permission.
_TRANSLATE = [("wagtail_localize", "translation", ["submit"])]
TRANSLATION_GRANTS = {EDITORS: _TRANSLATE, SITE_ADMINISTRATORS: _TRANSLATE}

# (app_label, model, [actions]) per role; "access_admin" is wagtailadmin's.
ROLE_MODEL_PERMISSIONS = {
    EDITORS: _MEDIA + _READ_SNIPPETS,
    DEPARTMENT_REVIEWERS: _MEDIA + _READ_SNIPPETS,
    CONFIDENTIALITY_REVIEWERS: _READ_SNIPPETS + _REVIEW_RECORDS,
    LEADERS: _READ_SNIPPETS + _REVIEW_RECORDS,
    COMMENT_MODERATORS: [],
    CASE_HANDLERS: [],
    CASE_SUPERVISORS: [],
    SITE_ADMINISTRATORS: _MEDIA
    + _REVIEW_RECORDS
    + [
        ("cms", "department", ["add", "change", "delete", "view"]),
        ("cms", "topic", ["add", "change", "delete", "view"]),
        ("cms", "siteidentity", ["add", "change", "view"]),
        ("cms", "sitesettings", ["change"]),
        ("cms", "reviewsettings", ["change"]),
        # The review workflow stays configurable in the admin.
        ("wagtailcore", "workflow", ["add", "change", "delete"]),
        ("wagtailcore", "task", ["add", "change", "delete"]),
    ],
}

# Page permissions granted on a section of the tree. Nobody but superusers
# holds publish_page: pages reach the public through the review workflow
# (cms/workflow), or a Leader's emergency fast track, which records a reason.
ROLE_PAGE_PERMISSIONS = {
    EDITORS: ["add_page", "change_page"],
    DEPARTMENT_REVIEWERS: ["add_page", "change_page"],
    CONFIDENTIALITY_REVIEWERS: ["change_page"],
    LEADERS: ["change_page"],
    SITE_ADMINISTRATORS: ["add_page", "change_page", "bulk_delete_page", "lock_page", "unlock_page"],
}

# Taken away from every role group by migration 0004 (granted by earlier versions).
WITHDRAWN_PAGE_PERMISSIONS = {LEADERS: ["publish_page"], SITE_ADMINISTRATORS: ["publish_page"]}


def withdraw_page_permissions(apps):
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    for group_name, codenames in WITHDRAWN_PAGE_PERMISSIONS.items():
        GroupPagePermission.objects.filter(group__name=group_name, permission__codename__in=codenames).delete()


def seed_groups(apps):
    """Create the role groups and their model permissions; safe to run again."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")

    admin_ct, _created = ContentType.objects.get_or_create(app_label="wagtailadmin", model="admin")
    access_admin, _created = Permission.objects.get_or_create(
        content_type=admin_ct, codename="access_admin", defaults={"name": "Can access Wagtail admin"}
    )
    for name, model_perms in ROLE_MODEL_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(access_admin)
        for app_label, model, actions in model_perms:
            ct, _created = ContentType.objects.get_or_create(app_label=app_label, model=model)
            for action in actions:
                perm, _created = Permission.objects.get_or_create(
                    content_type=ct, codename=f"{action}_{model}", defaults={"name": f"Can {action} {model}"}
                )
                group.permissions.add(perm)


def unseed_groups(apps):
    apps.get_model("auth", "Group").objects.filter(name__in=list(ROLE_MODEL_PERMISSIONS)).delete()


# --- Grants declared by the apps ----------------------------------------------------
# cms knows no feature app: each app declares what its models grant to the
# roles ({group name: [(app_label, model, [actions])]}, like
# ROLE_MODEL_PERMISSIONS) and seeds it from its own migration with grant().


def grant(apps, grants):
    """Give each group (created if missing) admin access and the listed model
    permissions; safe to run again."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    admin_ct, _created = ContentType.objects.get_or_create(app_label="wagtailadmin", model="admin")
    access_admin, _created = Permission.objects.get_or_create(
        content_type=admin_ct, codename="access_admin", defaults={"name": "Can access Wagtail admin"}
    )
    for name, model_perms in grants.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(access_admin)
        for app_label, model, actions in model_perms:
            ct, _created = ContentType.objects.get_or_create(app_label=app_label, model=model)
            for action in actions:
                perm, _created = Permission.objects.get_or_create(
                    content_type=ct, codename=f"{action}_{model}", defaults={"name": f"Can {action} {model}"}
                )
                group.permissions.add(perm)


def revoke(apps, grants):
    """Undo grant(): take the listed model permissions away from the groups."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, model_perms in grants.items():
        group = Group.objects.filter(name=name).first()
        if group is None:
            continue
        for app_label, model, actions in model_perms:
            codenames = [f"{action}_{model}" for action in actions]
            group.permissions.remove(
                *Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
            )


def seed_translation_grants(apps):
    grant(apps, TRANSLATION_GRANTS)


# Uploading and choosing images, documents and media is granted per
# collection in Wagtail: the roles that write pages get it on the root
# collection (and so on every collection under it). Without this a fresh
# installation's editors have no Upload tab in the choosers.
COLLECTION_GRANTS = {
    EDITORS: ["add", "change", "choose"],
    DEPARTMENT_REVIEWERS: ["add", "change", "choose"],
    SITE_ADMINISTRATORS: ["add", "change", "delete", "choose"],
}
_COLLECTION_MODELS = [("wagtailimages", "image"), ("wagtaildocs", "document"), ("wagtailmedia", "media")]


def seed_collection_permissions(apps):
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    root = Collection.objects.filter(depth=1).order_by("path").first()
    if root is None:
        return
    for name, actions in COLLECTION_GRANTS.items():
        group, _created = Group.objects.get_or_create(name=name)
        for app_label, model in _COLLECTION_MODELS:
            content_type, _created = ContentType.objects.get_or_create(app_label=app_label, model=model)
            for action in actions:
                permission, _created = Permission.objects.get_or_create(
                    content_type=content_type, codename=f"{action}_{model}", defaults={"name": f"Can {action} {model}"}
                )
                GroupCollectionPermission.objects.get_or_create(group=group, collection=root, permission=permission)
