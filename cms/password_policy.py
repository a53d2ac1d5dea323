"""Password rules for staff accounts (GB/T 22239 level 3).

Configured in `AUTH_PASSWORD_VALIDATORS`, so they apply wherever Django and
Wagtail take a new password through a form: the admin's user create and edit
forms, "change password" and the password reset. Seeding code that calls
`set_password()` directly (load_demo, test fixtures) is not validated, on
purpose: the demo passwords are printed for trying the site out, and
production accounts are made through the admin.

* at least 12 characters (Django's MinimumLengthValidator, `min_length=12`);
* at least three of four classes: lower case, upper case, digits, other;
* none of the last five passwords of the account (PasswordHistory keeps their
  hashes, written by `password_changed()`, which Django calls on every save of
  a new password)."""

from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class PasswordHistory(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="password_history")
    password = models.CharField(max_length=128)  # a hash, exactly like auth_user.password
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = gettext_lazy("password history entry")
        verbose_name_plural = gettext_lazy("password history")

    def __str__(self):
        return f"{self.user_id} {self.created_at:%Y-%m-%d %H:%M}"


def _classes(password):
    return sum(
        [
            any(c.islower() for c in password),
            any(c.isupper() for c in password),
            any(c.isdigit() for c in password),
            any(not c.isalnum() for c in password),
        ]
    )


class CharacterClassesValidator:
    def __init__(self, min_classes=3):
        self.min_classes = min_classes

    def validate(self, password, user=None):
        if _classes(password) < self.min_classes:
            raise ValidationError(self.get_help_text(), code="password_too_simple")

    def get_help_text(self):
        return _(
            "Your password must mix at least %(count)d of: lower-case letters, capital letters, digits, other characters."
        ) % {"count": self.min_classes}


class PasswordHistoryValidator:
    def __init__(self, remember=5):
        self.remember = remember

    def _recent(self, user):
        return list(PasswordHistory.objects.filter(user=user).values_list("password", flat=True)[: self.remember])

    def validate(self, password, user=None):
        if user is None or not getattr(user, "pk", None):
            return
        hashes = self._recent(user)
        # The stored current hash too, for accounts older than the history.
        current = type(user).objects.filter(pk=user.pk).values_list("password", flat=True).first()
        if current:
            hashes.append(current)
        if any(check_password(password, encoded) for encoded in dict.fromkeys(hashes)):
            raise ValidationError(self.get_help_text(), code="password_reused")

    def password_changed(self, password, user=None):
        if user is None or not user.pk or not user.password:
            return
        PasswordHistory.objects.create(user=user, password=user.password)
        stale = PasswordHistory.objects.filter(user=user).values_list("pk", flat=True)[self.remember :]
        PasswordHistory.objects.filter(pk__in=list(stale)).delete()

    def get_help_text(self):
        return _("Your password must differ from your last %(count)d passwords.") % {"count": self.remember}
