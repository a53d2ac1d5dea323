"""The security audit log (GB/T 22239 level 3; 网络安全法第二十一条: kept at
least six months).

Security-relevant events are written to Wagtail's own audit log
(`wagtail.models.ModelLogEntry`, shown in Reports → Site history) under
actions `gongkai.security.*`, and to the `gongkai.security` logger:

* sign-in success and failure (Django's `user_logged_in` / `user_login_failed`),
  sign-out;
* second-factor verification and failure (seen by `SecurityAuditMiddleware`:
  the session became verified during the request, or a code was refused);
  enrolment, recovery codes and resets are logged by cms/twofactor as
  `gongkai.twofactor.*`;
* permission changes: group membership of a user, a group's permissions, a
  user's own permissions, the superuser / staff / active flags;
* export downloads: any admin response sent as an attachment (CSV, Excel,
  PDF...), so every export view is covered without each one remembering;
* `manage.py backup` and `restore` (written after the restore, into the
  restored database).

Each entry carries the acting user (Wagtail's log context in the admin, the
request user elsewhere), the client address (cms.client_address) and what
changed. The web office (superusers and Site administrators) downloads the
log as CSV at /admin/security-audit/export/. Entries older than
AUDIT_RETENTION_DAYS (never less than 180) are deleted by a daily django-q2
schedule (`purge`); only these security actions are purged, never the
editorial history."""

import contextvars
import csv
import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models.signals import m2m_changed, post_save, pre_save
from django.http import StreamingHttpResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.log_actions import get_active_log_context
from wagtail.models import ModelLogEntry

from cms import roles
from cms.spreadsheet import safe_cell

logger = logging.getLogger("gongkai.security")
# The request being served (set by SecurityAuditMiddleware), for receivers
# that signals call without one: who changed a group, from where.
_current_request = contextvars.ContextVar("security_audit_request", default=None)

PREFIX = "gongkai.security."
PURGED_PREFIXES = (PREFIX, "gongkai.twofactor.")
MINIMUM_RETENTION_DAYS = 180
SCHEDULE_NAME = "Purge the security audit log"
SCHEDULE_FUNC = "cms.security_audit.purge"
FLAGS = ("is_superuser", "is_staff", "is_active")

LOGIN, LOGIN_FAILED, LOGOUT = PREFIX + "login", PREFIX + "login_failed", PREFIX + "logout"
VERIFIED, VERIFY_FAILED = PREFIX + "2fa_verified", PREFIX + "2fa_failed"
PERMISSIONS, EXPORT, BACKUP, RESTORE = PREFIX + "permissions", PREFIX + "export", PREFIX + "backup", PREFIX + "restore"

ACTIONS = {
    LOGIN: pgettext_lazy("security log", "Signed in"),
    LOGIN_FAILED: pgettext_lazy("security log", "Sign-in failed"),
    LOGOUT: pgettext_lazy("security log", "Signed out"),
    VERIFIED: pgettext_lazy("security log", "Second factor verified"),
    VERIFY_FAILED: pgettext_lazy("security log", "Second factor refused"),
    PERMISSIONS: pgettext_lazy("security log", "Permissions changed"),
    EXPORT: pgettext_lazy("security log", "Export downloaded"),
    BACKUP: pgettext_lazy("security log", "Backup written"),
    RESTORE: pgettext_lazy("security log", "Backup restored"),
}


def retention_days():
    return max(MINIMUM_RETENTION_DAYS, int(getattr(settings, "AUDIT_RETENTION_DAYS", MINIMUM_RETENTION_DAYS)))


def _address(request):
    if request is None:
        return ""
    from cms.client_address import client_ip

    return client_ip(request)


def record(action, *, instance=None, label="", user=None, request=None, **data):
    """Write one entry. `instance` is what it is about (a user, a group);
    without one (a failed sign-in for an unknown name) the entry is filed
    under the user model with `label` only."""
    request = request or _current_request.get()
    if user is None:
        context = get_active_log_context()
        user = getattr(context, "user", None)
    if user is None and request is not None and getattr(request, "user", None) is not None:
        user = request.user if request.user.is_authenticated else None
    if request is not None:
        data["ip"] = _address(request)
    model = instance._meta.model if instance is not None else get_user_model()
    entry = ModelLogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(model, for_concrete_model=False),
        object_id=str(instance.pk) if instance is not None else "-",
        label=(label or (str(instance) if instance is not None else ""))[:255],
        action=action,
        data=data,
        timestamp=timezone.now(),
        user_id=getattr(user, "pk", None),
        uuid=getattr(get_active_log_context(), "uuid", None),
    )
    logger.info("%s user=%s label=%s data=%s", action, getattr(user, "pk", None), entry.label, data)
    return entry


# --- Signals ------------------------------------------------------------------------


def _logged_in(sender, request, user, **kwargs):
    record(LOGIN, instance=user, user=user, request=request)


def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        record(LOGOUT, instance=user, user=user, request=request)


def _login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get(get_user_model().USERNAME_FIELD) or credentials.get("username") or "")[:150]
    known = get_user_model()._default_manager.filter(**{get_user_model().USERNAME_FIELD: username}).first()
    record(LOGIN_FAILED, instance=known, label=username, user=None, request=request, username=username)


def _remember_flags(sender, instance, update_fields=None, **kwargs):
    if update_fields is not None and not set(update_fields) & set(FLAGS):
        return  # e.g. last_login on every sign-in
    if instance.pk:
        before = sender._default_manager.filter(pk=instance.pk).values(*FLAGS).first()
        instance._audit_flags = before


def _flags_saved(sender, instance, created, update_fields=None, **kwargs):
    if update_fields is not None and not set(update_fields) & set(FLAGS):
        return
    before = getattr(instance, "_audit_flags", None)
    now = {flag: getattr(instance, flag) for flag in FLAGS}
    if created:
        if now["is_superuser"] or now["is_staff"]:
            record(PERMISSIONS, instance=instance, change="created", **now)
        return
    if before and before != now:
        changed = {flag: [before[flag], now[flag]] for flag in FLAGS if before[flag] != now[flag]}
        record(PERMISSIONS, instance=instance, change="flags", flags=changed)
    instance._audit_flags = now


def _describe(model, pks):
    if model is Group:
        return sorted(Group.objects.filter(pk__in=pks).values_list("name", flat=True))
    return sorted(f"{p.content_type.app_label}.{p.codename}" for p in model.objects.filter(pk__in=pks))


def _m2m(change):
    def receiver(sender, instance, action, reverse, model, pk_set, **kwargs):
        if action not in {"post_add", "post_remove", "pre_clear"}:
            return
        if action == "pre_clear":
            field = {"groups": "groups", "user_permissions": "user_permissions", "permissions": "permissions"}[change]
            pk_set = set(getattr(instance, field).values_list("pk", flat=True)) if not reverse else set()
            action = "post_remove"
        if not pk_set:
            return
        verb = "added" if action == "post_add" else "removed"
        if reverse:
            # group.user_set.add(user): one entry per user changed.
            for target in model._default_manager.filter(pk__in=pk_set):
                record(PERMISSIONS, instance=target, change=change, **{verb: [str(instance)]})
        else:
            record(PERMISSIONS, instance=instance, change=change, **{verb: _describe(model, pk_set)})

    return receiver


_receivers = []


def connect():
    """Called from CmsConfig.ready()."""
    User = get_user_model()
    user_logged_in.connect(_logged_in, dispatch_uid="security_audit.login")
    user_logged_out.connect(_logged_out, dispatch_uid="security_audit.logout")
    user_login_failed.connect(_login_failed, dispatch_uid="security_audit.login_failed")
    pre_save.connect(_remember_flags, sender=User, dispatch_uid="security_audit.flags_before")
    post_save.connect(_flags_saved, sender=User, dispatch_uid="security_audit.flags_after")
    for through, change in (
        (User.groups.through, "groups"),
        (User.user_permissions.through, "user_permissions"),
        (Group.permissions.through, "permissions"),
    ):
        receiver = _m2m(change)
        _receivers.append(receiver)  # signals hold receivers weakly
        m2m_changed.connect(receiver, sender=through, dispatch_uid=f"security_audit.{change}")


# --- Second factor and exports, seen per request ---------------------------------------


def _verified(request):
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated and getattr(user, "is_verified", lambda: False)())


class SecurityAuditMiddleware:
    """After django-otp's middleware: logs the second factor being passed or
    refused, and every admin download sent as an attachment."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        was_verified = _verified(request)
        token = _current_request.set(request)
        try:
            response = self.get_response(request)
        finally:
            _current_request.reset(token)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            if not was_verified and _verified(request):
                record(VERIFIED, instance=user, user=user, request=request)
            elif (
                request.method == "POST"
                and request.path_info.rstrip("/").endswith("/2fa/verify")
                and not _verified(request)
            ):
                record(VERIFY_FAILED, instance=user, user=user, request=request)
            disposition = response.get("Content-Disposition", "")
            if disposition.startswith("attachment") and request.path_info.startswith("/admin/"):
                record(
                    EXPORT,
                    instance=user,
                    user=user,
                    request=request,
                    path=request.get_full_path()[:500],
                    content_type=response.get("Content-Type", ""),
                )
        return response


# --- Retention -------------------------------------------------------------------------


def purge(now=None):
    """Delete security entries older than the retention; return how many."""
    cutoff = (now or timezone.now()) - timedelta(days=retention_days())
    from django.db.models import Q

    query = Q()
    for prefix in PURGED_PREFIXES:
        query |= Q(action__startswith=prefix)
    deleted, _detail = ModelLogEntry.objects.filter(query, timestamp__lt=cutoff).delete()
    if deleted:
        logger.info("purged %s security log entries older than %s", deleted, cutoff.date())
    return deleted


def seed_schedule(apps):
    """The daily purge, run by the django-q2 cluster (idempotent)."""
    Schedule = apps.get_model("django_q", "Schedule")
    Schedule.objects.get_or_create(
        name=SCHEDULE_NAME,
        defaults={
            "func": SCHEDULE_FUNC,
            "schedule_type": "D",
            "repeats": -1,
            "next_run": timezone.now(),
        },
    )


# --- The web office's export -------------------------------------------------------------


def may_export(user):
    return user.is_active and (user.is_superuser or user.groups.filter(name=roles.SITE_ADMINISTRATORS).exists())


class _Echo:
    def write(self, value):
        return value


def export_csv(request):
    if not may_export(request.user):
        raise PermissionDenied
    query = ModelLogEntry.objects.filter(action__startswith="gongkai.").select_related("user").order_by("-timestamp")
    writer = csv.writer(_Echo())

    def rows():
        yield "\ufeff" + writer.writerow(["timestamp", "action", "label", "user", "ip", "object", "data"])
        for entry in query.iterator(chunk_size=500):
            data = dict(entry.data or {})
            ip = data.pop("ip", "")
            yield writer.writerow(
                [
                    safe_cell(timezone.localtime(entry.timestamp).isoformat()),
                    safe_cell(entry.action),
                    safe_cell(entry.label),
                    safe_cell(entry.user.get_username() if entry.user else ""),
                    safe_cell(ip),
                    safe_cell(f"{entry.content_type.app_label}.{entry.content_type.model}:{entry.object_id}"),
                    safe_cell(data),
                ]
            )

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="security-audit-{timezone.localdate():%Y%m%d}.csv"'
    response["Cache-Control"] = "no-store"
    return response


@hooks.register("register_admin_urls")
def _urls():
    return [path("security-audit/export/", export_csv, name="security_audit_export")]


@hooks.register("register_log_actions")
def _actions(actions):
    for action, label in ACTIONS.items():
        actions.register_action(action, label, label)


class _ExportMenuItem(MenuItem):
    def is_shown(self, request):
        return may_export(request.user)


@hooks.register("register_reports_menu_item")
def _menu_item():
    return _ExportMenuItem(_("Security log (CSV)"), reverse("security_audit_export"), icon_name="download", order=900)
