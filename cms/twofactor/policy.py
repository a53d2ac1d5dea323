"""Who must pass the second factor, and what they have enrolled."""

from django_otp.plugins.otp_totp.models import TOTPDevice


def needs_second_factor(user):
    if not user.is_authenticated:
        return False
    return user.is_superuser or user.is_staff or user.has_perm("wagtailadmin.access_admin")


def has_authenticator(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()
