"""Enrol, verify and recover the second factor; the administrator's reset screen."""

import logging
from base64 import b32encode

import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.log_actions import log

from cms.security import on_this_site

from .models import SESSION_KEY, EnrolmentGrant, digest
from .policy import has_authenticator

logger = logging.getLogger("gongkai.security")

RECOVERY_CODES = 10
RECOVERY_DEVICE = "recovery codes"
FRESH_CODES_KEY = "gongkai_2fa_fresh_codes"


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Six-digit code from your authenticator app"),
        min_length=6,
        max_length=6,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )


class VerifyForm(forms.Form):
    token = forms.CharField(
        label=_("Six-digit code from your authenticator app, or a recovery code"),
        min_length=6,
        max_length=24,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
    )

    def clean_token(self):
        return "".join(self.cleaned_data["token"].split()).replace("-", "").lower()


def _next_url(request):
    default = reverse("wagtailadmin_home")
    target = request.POST.get("next") or request.GET.get("next") or default
    return target if on_this_site(request, target) else default


def base32_key(device):
    """The secret as authenticator apps expect it typed: Base32 (RFC 4648), in groups of four."""
    key = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def new_recovery_codes(user):
    """Replace the user's recovery codes; return the new ones (shown once)."""
    device, _created = StaticDevice.objects.get_or_create(user=user, name=RECOVERY_DEVICE, defaults={"confirmed": True})
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return [f"{code[:4]}-{code[4:]}" for code in codes]


def recovery_codes_left(user):
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


@never_cache
@login_required
def setup(request):
    """Show a fresh secret as a QR code; confirm the device with its first code.

    Only a session holding an enrolment grant may do this (cms/twofactor/models.py)."""
    if has_authenticator(request.user):
        return redirect("twofactor_verify" if not request.user.is_verified() else "twofactor_recovery")
    grant = EnrolmentGrant.for_session(request)
    if grant is None:
        return render(request, "cms/twofactor/no_enrolment.html", status=403)
    device, _created = TOTPDevice.objects.get_or_create(
        user=request.user, confirmed=False, defaults={"name": "authenticator"}
    )
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            with transaction.atomic():
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                EnrolmentGrant.objects.filter(pk=grant.pk).update(used_at=timezone.now())
                account = _account(request)
                log(
                    instance=account,
                    action="gongkai.twofactor.enrol",
                    user=account,
                    data={"grant": grant.kind},
                )
            request.session.pop(SESSION_KEY, None)
            otp_login(request, device)
            logger.info("2fa enrolled user=%s grant=%s", request.user.pk, grant.kind)
            # The codes are made on the next page, shown once (nothing secret kept in the session).
            request.session[FRESH_CODES_KEY] = True
            return redirect(reverse("twofactor_recovery") + "?" + urlencode({"next": _next_url(request)}))
        form.add_error("token", _("That code is not valid. Check the time on your phone and try again."))
    qr = segno.make(device.config_url, error="m")
    context = {
        "form": form,
        "qr_svg": mark_safe(qr.svg_inline(scale=4, title=str(_("Authenticator QR code")))),  # noqa: S308 - generated by segno
        "secret": base32_key(device),
        "next": _next_url(request),
    }
    return render(request, "cms/twofactor/setup.html", context)


@never_cache
@login_required
def enrol(request, token):
    """An administrator's enrolment link: binds its grant to this signed-in session, once."""
    grant = EnrolmentGrant.objects.open().filter(kind=EnrolmentGrant.LINK, token_hash=digest(token)).first()
    valid = grant is not None and grant.user_id == request.user.pk and grant.claimed_at is None
    if not valid or has_authenticator(request.user):
        logger.warning("2fa enrolment link refused user=%s", request.user.pk)
        return render(request, "cms/twofactor/link_invalid.html", status=404)
    EnrolmentGrant.objects.filter(pk=grant.pk).update(claimed_at=timezone.now())
    request.session[SESSION_KEY] = grant.pk
    return redirect("twofactor_setup")


def _account(request):
    """The signed-in user as a plain model instance (the audit log does not take lazy wrappers)."""
    return get_user_model()._default_manager.get(pk=request.user.pk)


def _match(user, token):
    """The confirmed device accepting `token`: six digits are an authenticator code, anything else a recovery code."""
    model = TOTPDevice if token.isdigit() and len(token) == 6 else StaticDevice
    with transaction.atomic():  # throttling counts and a used recovery code are kept
        for device in model.objects.devices_for_user(user, confirmed=True).select_for_update():
            if device.verify_token(token):
                return device
    return None


@never_cache
@login_required
def verify(request):
    if not has_authenticator(request.user):
        return redirect("twofactor_setup")
    form = VerifyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = _match(request.user, form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            if isinstance(device, StaticDevice):
                left = recovery_codes_left(request.user)
                log(instance=_account(request), action="gongkai.twofactor.recovery_used", user=_account(request))
                logger.warning("2fa recovery code used user=%s left=%s", request.user.pk, left)
                messages.warning(
                    request,
                    ngettext(
                        "You signed in with a recovery code. %(count)s recovery code is left: make new ones.",
                        "You signed in with a recovery code. %(count)s recovery codes are left: make new ones.",
                        left,
                    )
                    % {"count": left},
                )
                return redirect("twofactor_recovery")
            return redirect(_next_url(request))
        logger.info("2fa verification failed user=%s", request.user.pk)
        form.add_error("token", _("That code is not valid. Check the time on your phone and try again."))
    return render(request, "cms/twofactor/verify.html", {"form": form, "next": _next_url(request)})


@never_cache
@login_required
def recovery(request):
    """Recovery codes of the signed-in user: how many are left, and new ones on request."""
    if getattr(settings, "GONGKAI_REQUIRE_2FA", True) and not request.user.is_verified():
        raise PermissionDenied
    if request.session.pop(FRESH_CODES_KEY, False):
        codes = new_recovery_codes(request.user)
        return render(
            request, "cms/twofactor/recovery_codes.html", {"codes": codes, "next": _next_url(request), "new": True}
        )
    if request.method == "POST":
        codes = new_recovery_codes(request.user)
        log(instance=_account(request), action="gongkai.twofactor.recovery_renewed", user=_account(request))
        return render(
            request, "cms/twofactor/recovery_codes.html", {"codes": codes, "next": reverse("wagtailadmin_home")}
        )
    return render(request, "cms/twofactor/recovery.html", {"left": recovery_codes_left(request.user)})


def can_manage_devices(admin, target):
    """Administrators manage others' devices; only a superuser touches a superuser's, nobody their own."""
    if not (
        admin.is_active and (admin.is_superuser or admin.has_perm(f"{get_user_model()._meta.app_label}.change_user"))
    ):
        return False
    if target.is_superuser and not admin.is_superuser:
        return False
    return target.pk != admin.pk


@never_cache
def manage_user(request, user_id):
    """An administrator's two-factor screen for one account: its devices, a reset and an enrolment link."""
    target = get_object_or_404(get_user_model(), pk=user_id)
    if not can_manage_devices(request.user, target):
        raise PermissionDenied
    return render(request, "cms/twofactor/manage_user.html", _manage_context(target))


def _manage_context(target, **extra):
    return {
        "target": target,
        "totp_devices": TOTPDevice.objects.filter(user=target, confirmed=True),
        "recovery_left": recovery_codes_left(target),
        "open_link": EnrolmentGrant.objects.open().filter(user=target, kind=EnrolmentGrant.LINK).first(),
        **extra,
    }


@never_cache
@require_POST
def reset_user(request, user_id):
    """Remove every device of the account (its verified sessions lose their second factor at once)."""
    target = get_object_or_404(get_user_model(), pk=user_id)
    if not can_manage_devices(request.user, target):
        raise PermissionDenied
    with transaction.atomic():
        removed = TOTPDevice.objects.filter(user=target).delete()[0]
        StaticDevice.objects.filter(user=target).delete()
        EnrolmentGrant.revoke(target)
        log(instance=target, action="gongkai.twofactor.reset", user=_account(request), data={"devices": removed})
    logger.warning("2fa reset user=%s by=%s", target.pk, request.user.pk)
    messages.success(request, _("The account's two-factor devices and recovery codes were removed."))
    return redirect("twofactor_manage_user", user_id=target.pk)


@never_cache
@require_POST
def issue_link(request, user_id):
    """A single-use enrolment link for an account without an authenticator, shown once."""
    target = get_object_or_404(get_user_model(), pk=user_id)
    if not can_manage_devices(request.user, target):
        raise PermissionDenied
    if has_authenticator(target):
        messages.error(request, _("This account still has an authenticator: reset it first."))
        return redirect("twofactor_manage_user", user_id=target.pk)
    with transaction.atomic():
        grant, token = EnrolmentGrant.issue_link(target, created_by=_account(request))
        log(
            instance=target,
            action="gongkai.twofactor.link",
            user=_account(request),
            data={"expires": grant.expires_at.isoformat()},
        )
    logger.warning("2fa enrolment link issued user=%s by=%s", target.pk, request.user.pk)
    link = request.build_absolute_uri(reverse("twofactor_enrol", args=[token]))
    return render(request, "cms/twofactor/manage_user.html", _manage_context(target, link=link, link_grant=grant))
