"""Honeypot and time trap for every public form, and the one rule for what a
suspect submission gets: never a receipt for nothing.

A person may paste a text and send it within a second, and a browser may
autofill the hidden field; a form must not pretend to accept what it drops.
So a suspect submission (see `suspicion`) is either

- **stored and held** for a moderator, marked with the reason
  (`SUSPECTED_AUTOMATION` labels it): comments, interview questions and
  comment reports, which a moderator reads anyway — the receipt is real; or
- **refused** with `refusal_message(reason)`, re-rendering the bound form so
  everything typed is still there: surveys and the case forms, which nobody
  moderates. The hidden field is rendered empty again and the time stamp is
  kept, so sending the same form again a moment later goes through.

Usage in a form::

    from cms import antispam

    class MyForm(antispam.TrapMixin, forms.Form):
        trap_salt = "myapp.my-form"          # signing namespace of its time stamp
        ...

    form = MyForm(request.POST)
    if form.is_valid():
        reason = form.suspicion()            # "", antispam.HONEYPOT or antispam.TOO_FAST
        if reason:                           # refuse…
            form.refuse(reason)              # …a non-field error; render the form again (400)
        # …or store it held: obj.suspected_automation = reason

Forms with their own token (the comment form's carries a submission key)
call `suspicion(data, started_at)` directly. Documented in docs/consultations.md."""

import time

from django import forms
from django.conf import settings
from django.core import signing
from django.utils.translation import gettext_lazy as _

HONEYPOT_FIELD = "website"
HONEYPOT, TOO_FAST = "honeypot", "too_fast"
SUSPECTED_AUTOMATION = [
    (HONEYPOT, _("Suspected automation: the hidden anti-spam field was filled in")),
    (TOO_FAST, _("Suspected automation: sent faster than a person fills in the form")),
]
TOKEN_MAX_AGE = 24 * 3600


def min_fill_seconds(setting="INTERACTIONS_MIN_FILL_SECONDS", default=3):
    return float(getattr(settings, setting, default))


def suspicion(data, started_at, min_seconds=None, *, field=HONEYPOT_FIELD):
    """Why `data` (a POST) looks automated, or "": the hidden field filled
    in, or sent less than `min_seconds` after the form was shown at
    `started_at` (a Unix time; None when unknown: not suspected for that)."""
    if (data.get(field) or "").strip():
        return HONEYPOT
    if min_seconds is None:
        min_seconds = min_fill_seconds()
    if started_at is not None and time.time() - float(started_at) < min_seconds:
        return TOO_FAST
    return ""


def refusal_message(reason):
    if reason == HONEYPOT:
        return _(
            "Your form could not be accepted: a field meant to stay empty (it is hidden from view) was filled in, "
            "perhaps by your browser's autofill. Nothing was stored. Everything you typed is still below: "
            "please check it and send it again."
        )
    return _(
        "Your form was sent within a few seconds of opening it, which is how automated submissions behave, "
        "so nothing was stored yet. Everything you typed is still below: please check it and send it again."
    )


def new_stamp(salt, **extra):
    """A signed time stamp (plus any `extra` values) for a hidden field."""
    return signing.dumps({"t": time.time(), **extra}, salt=salt)


def read_stamp(value, salt, max_age=TOKEN_MAX_AGE):
    """The dict signed by `new_stamp`, or None if missing, forged or expired."""
    try:
        data = signing.loads(value or "", salt=salt, max_age=max_age)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("t"), int | float):
        return None
    return data


def honeypot_field():
    return forms.CharField(
        required=False,
        label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )


class TrapMixin(forms.Form):
    """A hidden honeypot field and a signed time stamp (`started`). A forged
    or expired stamp makes the form invalid ("the form has expired", a
    non-field error), with a fresh stamp in the re-rendered form."""

    trap_salt = "cms.antispam"
    trap_min_seconds_setting = "INTERACTIONS_MIN_FILL_SECONDS"
    website = honeypot_field()
    started = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["started"] = new_stamp(self.trap_salt)

    def started_at(self):
        stamp = read_stamp(self.data.get("started"), self.trap_salt)
        return stamp["t"] if stamp else None

    def clean(self):
        cleaned = super().clean()
        if self.started_at() is None:
            self.data = self.data.copy()
            self.data["started"] = new_stamp(self.trap_salt)
            self.add_error(None, _("This form has expired. Please check it and send it again."))
        return cleaned

    def suspicion(self):
        return suspicion(self.data, self.started_at(), min_fill_seconds(self.trap_min_seconds_setting))

    def refuse(self, reason):
        """Turn the bound form into a refusal: a message, the honeypot emptied."""
        self.data = self.data.copy()
        self.data[HONEYPOT_FIELD] = ""
        self.add_error(None, refusal_message(reason))
