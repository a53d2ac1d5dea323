"""Departments as the dashboard counts them, and who may see which.

Department is a translatable snippet: its Chinese and English rows share a
`translation_key`. Every figure is attributed to that key, so an English
copy of a page or a case filed against the English row counts for the same
department. The row shown is the default-language (Chinese) one.

A staff user belongs to a department through `DepartmentMembership` (edited
under Settings → Department memberships) or, for case handlers, through the
cases app's `DepartmentHandler`. Superusers and holders of the
`accountability.view_all_departments` permission see every department."""

from django.conf import settings

from cms.models import Department


def department_keys():
    """{department pk: translation_key} for every locale's rows."""
    return dict(Department.objects.values_list("pk", "translation_key"))


def canonical_departments():
    """One Department per translation_key, preferring the default language."""
    chosen = {}
    for dept in Department.objects.select_related("locale").order_by("pk"):
        current = chosen.get(dept.translation_key)
        if current is None or (
            dept.locale.language_code == settings.LANGUAGE_CODE
            and current.locale.language_code != settings.LANGUAGE_CODE
        ):
            chosen[dept.translation_key] = dept
    return sorted(chosen.values(), key=lambda d: (d.name, d.pk))


def sees_all(user):
    return bool(user.is_active and (user.is_superuser or user.has_perm("accountability.view_all_departments")))


def member_keys(user):
    """translation_keys of the departments a user belongs to."""
    from interactions.cases.models import DepartmentHandler

    from .models import DepartmentMembership

    ids = set(DepartmentMembership.objects.filter(user=user).values_list("department_id", flat=True))
    ids |= set(DepartmentHandler.objects.filter(user=user).values_list("department_id", flat=True))
    return set(Department.objects.filter(pk__in=ids).values_list("translation_key", flat=True))


def visible_keys(user):
    """None when the user may see every department, else a set of keys."""
    if sees_all(user):
        return None
    return member_keys(user)


def can_open_dashboard(user):
    return bool(
        user.is_active and (sees_all(user) or user.has_perm("accountability.view_dashboard") or member_keys(user))
    )
