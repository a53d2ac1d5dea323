"""Who may enrol a first authenticator, and when.

A password alone never enrols a device. A staff account without a confirmed
authenticator enrols only inside one session holding an `EnrolmentGrant`:

* the first-login window: a grant made when the account is created, claimed
  by the account's first sign-in (one session) and valid for
  `GONGKAI_2FA_FIRST_LOGIN_HOURS`;
* an enrolment link an administrator issues from the user's two-factor screen
  (after a lost phone), single use, valid for `GONGKAI_2FA_LINK_HOURS`.

Link tokens are stored as SHA-256 digests; the link itself is shown once."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.db import models
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

SESSION_KEY = "gongkai_2fa_grant"


def _hours(name, default):
    return timedelta(hours=float(getattr(settings, name, default)))


def digest(token):
    return hashlib.sha256(token.encode()).hexdigest()


class EnrolmentGrantQuerySet(models.QuerySet):
    def open(self):
        return self.filter(used_at__isnull=True, expires_at__gt=timezone.now())


class EnrolmentGrant(models.Model):
    FIRST_LOGIN = "first_login"
    LINK = "link"
    KINDS = [
        (FIRST_LOGIN, pgettext_lazy("two-factor enrolment", "First-login window")),
        (LINK, pgettext_lazy("two-factor enrolment", "Enrolment link")),
    ]

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="twofactor_grants")
    kind = models.CharField(max_length=16, choices=KINDS)
    token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    expires_at = models.DateTimeField()
    # Bound to the one session that claimed it (first sign-in, or the session that opened the link).
    claimed_at = models.DateTimeField(null=True, blank=True)
    # A device was confirmed with it, or it was revoked.
    used_at = models.DateTimeField(null=True, blank=True)

    objects = EnrolmentGrantQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("two-factor enrolment grant")

    def __str__(self):
        return f"{self.get_kind_display()} · {self.user_id}"

    @classmethod
    def issue_link(cls, user, created_by=None):
        """Revoke the user's earlier links and return (grant, token) for a new one."""
        cls.revoke(user, kind=cls.LINK)
        token = secrets.token_urlsafe(32)
        grant = cls.objects.create(
            user=user,
            kind=cls.LINK,
            token_hash=digest(token),
            created_by=created_by,
            expires_at=timezone.now() + _hours("GONGKAI_2FA_LINK_HOURS", 72),
        )
        return grant, token

    @classmethod
    def revoke(cls, user, kind=None):
        grants = cls.objects.open().filter(user=user)
        if kind:
            grants = grants.filter(kind=kind)
        grants.update(used_at=timezone.now())

    @classmethod
    def for_session(cls, request):
        """The open grant this session holds for its user, if any."""
        pk = request.session.get(SESSION_KEY)
        if not pk:
            return None
        return cls.objects.open().filter(pk=pk, user_id=request.user.pk).first()


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="gongkai_2fa_first_login_window")
def _open_first_login_window(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        EnrolmentGrant.objects.create(
            user=instance,
            kind=EnrolmentGrant.FIRST_LOGIN,
            expires_at=timezone.now() + _hours("GONGKAI_2FA_FIRST_LOGIN_HOURS", 72),
        )


@receiver(user_logged_in, dispatch_uid="gongkai_2fa_claim_first_login")
def _claim_first_login(sender, request, user, **kwargs):
    """The first sign-in claims the first-login window for its session only."""
    from cms import session_policy

    if request is None or not hasattr(request, "session"):
        return
    session_policy.stamp_login(request)
    grant = EnrolmentGrant.objects.open().filter(user=user, kind=EnrolmentGrant.FIRST_LOGIN).first()
    if grant is None:
        return
    # A later sign-in finds it claimed: the window belongs to the first session only.
    if EnrolmentGrant.objects.filter(pk=grant.pk, claimed_at__isnull=True).update(claimed_at=timezone.now()):
        request.session[SESSION_KEY] = grant.pk
