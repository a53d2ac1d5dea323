"""Who sees and acts on which case.

* Superusers and members of **Case supervisors** (the central office that
  triages, supervises and answers for the whole government) see every case.
* Members of **Case handlers** see the cases of the departments they handle
  (Case settings → Department case handlers), in any of the department's
  translations, and nothing else: not the unassigned ones (those are triaged
  centrally) and not another department's.

Every admin view of a case goes through `visible_cases()`, so a case outside
the user's scope is a 404, as if it did not exist."""

from cms import roles

from .models import Case, DepartmentHandler


def _in_groups(user, *names):
    return user.groups.filter(name__in=names).exists()


def is_supervisor(user):
    return bool(user.is_active and (user.is_superuser or _in_groups(user, roles.CASE_SUPERVISORS)))


def is_handler(user):
    """May open the case list at all (handlers and supervisors)."""
    return bool(user.is_active and (user.is_superuser or _in_groups(user, roles.CASE_HANDLERS, roles.CASE_SUPERVISORS)))


def department_keys(user):
    """translation_keys of the departments the user handles cases for."""
    return set(DepartmentHandler.objects.filter(user=user).values_list("department__translation_key", flat=True))


def visible_cases(user, queryset=None):
    queryset = Case.objects.all() if queryset is None else queryset
    if not is_handler(user):
        return queryset.none()
    if is_supervisor(user):
        return queryset
    keys = department_keys(user)
    return queryset.filter(department__translation_key__in=keys) if keys else queryset.none()


def can_see(user, case):
    return visible_cases(user, Case.objects.filter(pk=case.pk)).exists()
