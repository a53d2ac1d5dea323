"""Issue a two-factor enrolment link from the server's shell.

For the operator when no administrator can sign in (the only superuser lost
their phone): `manage.py twofactor_link <username> [--reset]`. Recorded in
Wagtail's log like the admin screen's actions (cms/twofactor/views.py)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.log_actions import log

from cms.twofactor.models import EnrolmentGrant


class Command(BaseCommand):
    help = "Print a single-use two-factor enrolment link for a user (after --reset if they still have a device)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--reset", action="store_true", help="Remove the user's devices and recovery codes first.")

    def handle(self, username, reset=False, **options):
        user = get_user_model()._default_manager.filter(**{get_user_model().USERNAME_FIELD: username}).first()
        if user is None:
            raise CommandError(f"No user {username!r}.")
        with transaction.atomic():
            if reset:
                TOTPDevice.objects.filter(user=user).delete()
                StaticDevice.objects.filter(user=user).delete()
                EnrolmentGrant.revoke(user)
                log(instance=user, action="gongkai.twofactor.reset", data={"by": "manage.py twofactor_link"})
            elif TOTPDevice.objects.filter(user=user, confirmed=True).exists():
                raise CommandError("The user still has an authenticator: add --reset to remove it.")
            grant, token = EnrolmentGrant.issue_link(user)
            log(instance=user, action="gongkai.twofactor.link", data={"by": "manage.py twofactor_link"})
        url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("twofactor_enrol", args=[token])
        self.stdout.write(
            f"{url}\nValid once, while signed in as {username}, until {grant.expires_at:%Y-%m-%d %H:%M %Z}."
        )
